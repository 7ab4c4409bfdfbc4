package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// reviewPage shows the roll-up of any week (?week=YYYY-MM-DD, any day of it;
// this week by default).
type reviewPage struct {
	app.Compo
	env *Env

	week    ritual.Date
	loadErr string
	loaded  bool
}

func (p *reviewPage) OnNav(ctx app.Context) {
	if !p.env.ready() {
		return
	}
	style := p.env.Style()
	p.week, p.loadErr = style.Week(p.env.Today()), ""
	if param := ctx.Page().URL().Query().Get("week"); param != "" {
		d, err := ritual.ParseDate(param)
		if err != nil {
			p.loadErr = errText(err)
		}
		p.week = style.Week(d)
	}
	p.loaded = true
}

func (p *reviewPage) Render() app.UI {
	if !p.loaded || p.loadErr != "" {
		return layout(p.env, PathInsights, p.loaded, app.H1().Text("Weekly review"),
			app.If(p.loadErr != "", app.P().Class("notice notice-error").Text(p.loadErr)))
	}
	return layout(p.env, PathInsights, true,
		app.H1().Text("Weekly review"),
		app.P().Class("week-nav").Body(
			app.A().Href(reviewPath(p.week.AddDays(-7))).Text("← Week before"),
			app.If(p.week.Before(p.env.Style().Week(p.env.Today())),
				app.A().Href(reviewPath(p.week.AddDays(7))).Text("Week after →")),
		),
		&weekReview{Env: p.env, Week: p.week},
	)
}
