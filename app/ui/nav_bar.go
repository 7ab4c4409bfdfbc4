package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// navBar is the row of links to the main pages.
type navBar struct {
	app.Compo
	Current string
}

func (n *navBar) Render() app.UI {
	links := []struct{ path, label string }{
		{PathToday, "Today"}, {PathHistory, "History"}, {PathInsights, "Insights"}, {PathSettings, "Settings"},
	}
	return app.Header().Class("top").Body(
		app.A().Class("brand").Href(PathToday).Body(
			app.Img().Src("/web/icon.svg").Alt("").Width(28).Height(28),
			app.Span().Text("Sundown"),
		),
		app.Nav().Aria("label", "Main").Body(
			app.Ul().Body(app.Range(links).Slice(func(i int) app.UI {
				a := app.A().Href(links[i].path).Text(links[i].label)
				if links[i].path == n.Current {
					a = a.Aria("current", "page")
				}
				return app.Li().Body(a)
			})),
		),
	)
}
