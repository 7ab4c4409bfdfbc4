package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// insightsPage answers the two questions Sundown exists for: do I stop too
// late, and what did I actually do? It reads only the days of its window.
type insightsPage struct {
	app.Compo
	env *Env

	weeks    int
	settings ritual.Settings
	in       ritual.Insights
	loaded   bool
}

func (p *insightsPage) OnMount(ctx app.Context) { reloadOnChanges(ctx, p.OnNav) }

func (p *insightsPage) OnNav(ctx app.Context) {
	if !p.env.ready() {
		return
	}
	if p.weeks == 0 {
		p.weeks = 4
	}
	p.load()
}

func (p *insightsPage) load() {
	p.settings = p.env.Store.Settings()
	today, style := p.settings.Workday(p.env.Now()), p.env.styleFor(p.settings)
	from := style.Week(today).AddDays(-7 * (p.weeks - 1))
	days := p.env.Store.DaysIn(ritual.Range{From: from, To: today})
	p.in = ritual.ComputeInsights(days, p.settings, style, today, p.weeks)
	p.loaded = true
}

func (p *insightsPage) Render() app.UI {
	if !p.loaded {
		return layout(p.env, PathInsights, false, app.H1().Text("Insights"))
	}
	return layout(p.env, PathInsights, true,
		app.H1().Text("Insights"),
		p.windowPicker(),
		p.stopSection(),
		p.didSection(),
		app.If(!p.settings.HideConsistency, p.consistencySection()),
		p.reviewSection(),
		&exportCard{env: p.env},
	)
}

func (p *insightsPage) windowPicker() app.UI {
	option := func(weeks int) app.UI {
		return app.Button().Type("button").Class("secondary").Aria("pressed", p.weeks == weeks).
			Text(fmt.Sprintf("%d weeks", weeks)).
			OnClick(func(ctx app.Context, e app.Event) { p.weeks = weeks; p.load() })
	}
	return app.Div().Class("segmented").Role("group").Aria("label", "Period").Body(option(4), option(12))
}

func (p *insightsPage) stopSection() app.UI {
	in := p.in
	return app.Section().Class("card").Aria("labelledby", "stop-title").Body(
		app.H2().ID("stop-title").Text("When you stop"),
		app.Dl().Class("figures").Body(
			figure("Median stop, last 7 days", medianText(in.Median7, in.Has7, in.Style)),
			figure("Median stop, last 28 days", medianText(in.Median28, in.Has28, in.Style)),
			figure("Days past "+in.Target.String(), fmt.Sprintf("%d of %d", in.LateDays, len(in.Stops))),
		),
		app.If(in.Trend != "", app.P().Class("trend").Text(in.Trend)),
		app.If(len(in.Stops) == 0, hint("No shutdowns in this period yet. Each one you finish adds a point here.")).
			Else(
				app.Figure().Body(app.Raw(stopChart(in)), app.FigCaption().Class("hint").Text("Each dot is a day's stop; the dashed line is your target. Days without a shutdown are left blank.")),
				numbers("The stop times", []string{"Day", "Stop", "Past target"}, stopRows(in)),
			),
	)
}

func stopRows(in ritual.Insights) [][]string {
	var rows [][]string
	for _, s := range in.Stops {
		late := "no"
		if s.Late {
			late = "yes"
		}
		rows = append(rows, []string{in.Style.Short(s.Date), in.Style.Minutes(s.Minutes), late})
	}
	return rows
}

func (p *insightsPage) didSection() app.UI {
	in := p.in
	var weekRows, energyRows, kindRows [][]string
	hasEnergy := false
	for _, w := range in.Weeks {
		weekRows = append(weekRows, []string{"Week of " + in.Style.Short(w.Start), fmt.Sprint(w.Wins), fmt.Sprint(w.Unseen)})
		energy := "—"
		if w.Energy > 0 {
			energy, hasEnergy = fmt.Sprintf("%.1f", w.Energy), true
		}
		energyRows = append(energyRows, []string{"Week of " + in.Style.Short(w.Start), energy})
	}
	for _, k := range in.Kinds {
		kindRows = append(kindRows, []string{k.Kind.Label(), fmt.Sprint(k.Count)})
	}
	return app.Section().Class("card").Aria("labelledby", "did-title").Body(
		app.H2().ID("did-title").Text("What you did"),
		app.H3().Text("Wins and unseen work per week"),
		app.Figure().Body(app.Raw(weekBars(in.Weeks, in.Style)), app.FigCaption().Class("legend").Body(
			app.Span().Class("key key-bar").Text("Wins"), app.Span().Class("key key-bar-alt").Text("Unseen work"))),
		numbers("Wins and unseen work per week", []string{"Week", "Wins", "Unseen work"}, weekRows),
		&meetingTime{Env: p.env, Weeks: in.Weeks, To: in.To, Style: in.Style},
		app.H3().Text("Unseen work by kind"),
		app.If(len(in.Kinds) == 0, hint("No unseen work recorded in this period.")).
			Else(app.Figure().Body(app.Raw(kindBars(in.Kinds))), numbers("Unseen work by kind", []string{"Kind", "Count"}, kindRows)),
		app.If(hasEnergy,
			app.H3().Text("Energy"),
			app.Figure().Body(app.Raw(energyLine(in.Weeks, in.Style))),
			numbers("Average energy per week", []string{"Week", "Energy (1–5)"}, energyRows),
		),
	)
}

func (p *insightsPage) consistencySection() app.UI {
	return app.Section().Class("card").Aria("labelledby", "consistency-title").Body(
		app.H2().ID("consistency-title").Text("Consistency"),
		app.P().Class("consistency").Text(p.in.Consistency.Sentence()),
		hint("Only workdays count, and days off are neither counted nor blamed. You can hide this in Settings."),
	)
}

func (p *insightsPage) reviewSection() app.UI {
	this := p.in.Style.Week(p.in.To)
	return app.Section().Class("card").Aria("labelledby", "review-title").Body(
		app.H2().ID("review-title").Text("Weekly review"),
		app.P().Body(
			app.A().Href(reviewPath(this)).Text("Review this week"), app.Text(" · "),
			app.A().Href(reviewPath(this.AddDays(-7))).Text("Review last week"),
		),
	)
}

// figure is one labelled number of a summary.
func figure(label, value string) app.UI {
	return app.Div().Class("figure").Body(app.Dt().Text(label), app.Dd().Text(value))
}

func medianText(m int, ok bool, style ritual.Style) string {
	if !ok {
		return "—"
	}
	return style.Minutes(m)
}

// numbers is a chart's text alternative: the same figures as a table, folded away.
func numbers(caption string, head []string, rows [][]string) app.UI {
	return app.Details().Class("numbers").Body(
		app.Summary().Text("Show the numbers"),
		app.Table().Body(
			app.Caption().Text(caption),
			app.THead().Body(app.Tr().Body(app.Range(head).Slice(func(i int) app.UI { return app.Th().Scope("col").Text(head[i]) }))),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
				row := rows[i]
				return app.Tr().Body(app.Range(row).Slice(func(j int) app.UI { return app.Td().Text(row[j]) }))
			})),
		),
	)
}
