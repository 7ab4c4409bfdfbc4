package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/store"
)

// appearanceCard lets this device follow the system's light or dark
// appearance, or keep one whatever the system says.
type appearanceCard struct {
	app.Compo
	env *Env

	status string
	failed bool
}

var themeChoices = []struct{ value, label string }{
	{store.ThemeSystem, "Match the system"},
	{store.ThemeLight, "Light"},
	{store.ThemeDark, "Dark"},
}

func (c *appearanceCard) Render() app.UI {
	current := c.env.Store.Theme()
	return app.Section().Class("card").Aria("labelledby", "appearance-title").Body(
		app.H2().ID("appearance-title").Text("Appearance"),
		app.Div().Class("field").Body(
			app.Label().For("theme").Text("Theme"),
			app.Select().ID("theme").OnChange(c.choose).Body(
				app.Range(themeChoices).Slice(func(i int) app.UI {
					t := themeChoices[i]
					return app.Option().Value(t.value).Selected(t.value == current).Text(t.label)
				}),
			),
		),
		hint("For this device only: a phone can be dark while a laptop stays light."),
		statusLine(c.status, c.failed),
	)
}

func (c *appearanceCard) choose(ctx app.Context, e app.Event) {
	theme := ctx.JSSrc().Get("value").String()
	if err := c.env.Store.SaveTheme(theme); err != nil {
		c.status, c.failed = errText(err), true
		return
	}
	applyTheme(theme)
	c.status, c.failed = "Saved", false
}

// applyTheme shows the page in theme at once, as web/theme.js does at start.
func applyTheme(theme string) {
	if !app.IsClient {
		return
	}
	root := app.Window().Get("document").Get("documentElement")
	if theme == store.ThemeSystem {
		root.Get("dataset").Delete("theme")
		return
	}
	root.Get("dataset").Set("theme", theme)
}
