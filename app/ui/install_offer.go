package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// installOffer offers, once, to install Sundown as an app: with the
// browser's own prompt where it has one, and where it has none (Safari,
// Firefox) with the steps of that browser on that system. Installed,
// Sundown opens in a window of its own at Today, like any app, and Safari
// no longer deletes its data after seven days without a visit.
type installOffer struct {
	app.Compo
	Env *Env

	installable bool
	steps       string // how to install where there is no prompt
	offered     bool   // already, on this device
}

func (o *installOffer) OnMount(ctx app.Context) {
	o.offered = o.Env.Store == nil || o.Env.Store.InstallOffered()
	o.installable = ctx.IsAppInstallable()
	if !installed() {
		o.steps = installSteps(platform())
	}
}

// installed reports whether Sundown runs as an installed app (go-app's
// script asks display-mode and navigator.standalone).
func installed() bool {
	w := app.Window()
	return w.Get("goappIsAppInstalled").Truthy() && w.Call("goappIsAppInstalled").Truthy() // undefined when not installed
}

func (o *installOffer) OnAppInstallChange(ctx app.Context) { o.installable = ctx.IsAppInstallable() }

func (o *installOffer) Render() app.UI {
	if o.offered || (!o.installable && o.steps == "") {
		return app.Div().Class("install-offer-none")
	}
	if !o.installable {
		return app.Section().Class("card install-offer").Aria("labelledby", "install-title").Body(
			app.H2().ID("install-title").Text("Keep Sundown at hand"),
			hint(o.steps),
			app.Div().Class("install-actions").Body(
				app.Button().Type("button").Class("quiet").Text("Got it").OnClick(o.dismiss),
			),
		)
	}
	return app.Section().Class("card install-offer").Aria("labelledby", "install-title").Body(
		app.H2().ID("install-title").Text("Keep Sundown at hand"),
		hint("Install it as an app: it opens in its own window, from your dock or home screen, and works offline."),
		app.Div().Class("install-actions").Body(
			app.Button().Type("button").Class("primary").Text("Install Sundown").OnClick(o.install),
			app.Button().Type("button").Class("quiet").Text("Not now").OnClick(o.dismiss),
		),
	)
}

func (o *installOffer) install(ctx app.Context, e app.Event) {
	o.dismiss(ctx, e)
	ctx.ShowAppInstallPrompt()
}

// dismiss makes the offer the only one: it is not shown again.
func (o *installOffer) dismiss(ctx app.Context, e app.Event) {
	o.Env.Store.SetInstallOffered() // a failure to note it only means one more offer
	o.offered = true
}
