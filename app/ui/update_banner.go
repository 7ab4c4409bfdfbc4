package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// updateBanner offers to reload when a new version of Sundown has been
// downloaded by the service worker. Nothing is lost by waiting: every edit is
// already saved, so the reload is the user's choice.
type updateBanner struct {
	app.Compo
	available bool
}

func (b *updateBanner) OnMount(ctx app.Context) { b.available = ctx.AppUpdateAvailable() }

func (b *updateBanner) OnAppUpdate(ctx app.Context) { b.available = ctx.AppUpdateAvailable() }

func (b *updateBanner) Render() app.UI {
	if !b.available {
		return app.Div().Hidden(true)
	}
	return app.Div().Class("banner").Role("status").Body(
		app.Span().Text("Update available"),
		app.Button().Type("button").Text("Reload").OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
	)
}
