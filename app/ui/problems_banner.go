package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/store"
)

// problemsBanner names stored values that could not be read. It says that
// they were kept aside and that the rest works, and points to Settings,
// where each one can be copied or let go.
type problemsBanner struct {
	app.Compo
	Problems []store.Problem
}

func (b *problemsBanner) Render() app.UI {
	if len(b.Problems) == 0 {
		return app.Div().Hidden(true)
	}
	return app.Div().Class("notice notice-warning").Role("alert").Body(
		app.Range(b.Problems).Slice(func(i int) app.UI { return app.P().Text(b.Problems[i].Message()) }),
		app.P().Body(app.A().Href(PathSettings+"#unreadable").Text("See the unreadable data in Settings")),
	)
}
