package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// installOffer offers, once, to install Sundown as an app, where the
// browser can (it has said so with its install prompt). Installed, Sundown
// opens in a window of its own at Today, like any app.
type installOffer struct {
	app.Compo
	Env *Env

	installable bool
	offered     bool // already, on this device
}

func (o *installOffer) OnMount(ctx app.Context) {
	o.offered = o.Env.Store == nil || o.Env.Store.InstallOffered()
	o.installable = ctx.IsAppInstallable()
}

func (o *installOffer) OnAppInstallChange(ctx app.Context) { o.installable = ctx.IsAppInstallable() }

func (o *installOffer) Render() app.UI {
	if !o.installable || o.offered {
		return app.Div().Class("install-offer-none")
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
