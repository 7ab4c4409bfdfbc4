package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// dayPage shows one past day with everything written on it, all editable,
// and lets a workday that was never shut down be closed now.
type dayPage struct {
	app.Compo
	env *Env

	state    dayState
	settings ritual.Settings
	style    ritual.Style
	today    ritual.Date
	loaded   bool
	loadErr  string
}

func (p *dayPage) OnMount(ctx app.Context) { reloadOnChanges(ctx, p.OnNav) }

func (p *dayPage) OnNav(ctx app.Context) {
	if !p.env.ready() {
		return
	}
	date, err := ritual.ParseDate(strings.TrimPrefix(ctx.Page().URL().Path, PathHistory+"/"))
	if err != nil {
		p.loadErr, p.loaded = err.Error(), true
		return
	}
	p.settings = p.env.Store.Settings()
	p.style = p.env.styleFor(p.settings)
	p.today = p.env.Today()
	day, err := p.env.Store.Day(date)
	p.state = dayState{day: day}
	if err != nil {
		p.state.status, p.state.failed = err.Error(), true
	}
	p.loaded = true
}

func (p *dayPage) edit(change dayChange) error {
	err := p.state.apply(p.env, change)
	p.Update()
	return err
}

func (p *dayPage) Render() app.UI {
	if !p.loaded || p.loadErr != "" {
		return layout(p.env, PathHistory, p.loaded, app.H1().Text("Day"), app.If(p.loadErr != "", app.P().Class("notice notice-error").Text(p.loadErr)))
	}
	day := p.state.day
	return layout(p.env, PathHistory, true,
		app.P().Class("week-nav").Body(
			app.A().Href(PathHistory).Text("← History"),
			app.A().Href(reviewPath(p.style.Week(day.Date))).Text("Review this week"),
		),
		app.H1().Text(p.style.Long(day.Date)),
		p.closeLine(),
		app.If(day.ConflictCount() > 0, app.P().Class("notice notice-warning").Role("status").
			Text(fmt.Sprintf("%d %s edited on two devices at once. Both versions are kept below: choose what to keep.", day.ConflictCount(), pluralWord(day.ConflictCount(), "entry was", "entries were")))),
		statusLine(p.state.status, p.state.failed),
		section("wins-title", "Wins", &winsEditor{Wins: day.Wins, Edit: p.edit, Drafts: draftsOf(p.env, day.Date)}),
		section("unseen-title", "Unseen work", &unseenEditor{Unseen: day.Unseen, Edit: p.edit, Drafts: draftsOf(p.env, day.Date)}),
		section("loops-title", "Open loops", &loopsEditor{Loops: day.Loops, Edit: p.edit, Style: p.style, Drafts: draftsOf(p.env, day.Date)}),
		section("first-move-title", "Tomorrow's first move", &lineEditor{ID: "first-move", Label: "Tomorrow's first move", Text: lineText(day.FirstMove), Save: firstMoveSaver(p.edit),
			Other: otherText(day.FirstMove), Resolve: lineResolver(p.edit, func(d *ritual.Day) *ritual.Line { return d.FirstMove })}),
		section("energy-title", "Energy", &energyPicker{Level: day.Energy, Save: energySaver(p.edit)}),
		section("note-title", "Note", &lineEditor{ID: "note", Label: "Note", Multiline: true, Text: lineText(day.Note), Save: noteSaver(p.edit),
			Other: otherText(day.Note), Resolve: lineResolver(p.edit, func(d *ritual.Day) *ritual.Line { return d.Note })}),
	)
}

// closeLine says whether and when the day was closed, and offers to close it
// now when it was not: a missed day is caught up, not counted against anyone.
func (p *dayPage) closeLine() app.UI {
	day := p.state.day
	switch {
	case day.IsClosed():
		text := "Closed at " + p.style.Clock(day.Completed.Clock)
		if _, stopped := day.StopMinutes(p.settings.DayEnds); !stopped {
			text = "Closed later, on " + p.style.Short(day.Completed.Date)
		}
		return app.P().Class("day-status").Text(text)
	case day.Date == p.today:
		return app.P().Class("day-status").Body(
			app.Text("Not closed yet. "),
			app.A().Href(PathRitual).Text("Start shutdown"),
		)
	case p.today.Before(day.Date):
		return app.P().Class("day-status").Text("This day has not come yet.")
	}
	if day.Off {
		return app.Div().Class("card").Body(
			app.P().Text("A day off: not counted, not blamed."),
			app.Button().Type("button").Class("quiet").Text("It was a workday").OnClick(p.setOff(false)),
		)
	}
	return app.Div().Class("card").Body(
		app.P().Text("This day was never shut down. Close it now and it counts as closed."),
		app.Button().Type("button").Class("primary").Text("Close this day").OnClick(p.closeDay),
		app.Button().Type("button").Class("quiet").Text("Mark as a day off").OnClick(p.setOff(true)),
	)
}

func (p *dayPage) setOff(off bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.edit(func(d *ritual.Day, _ time.Time) error { d.Off = off; return nil })
	}
}

func (p *dayPage) closeDay(ctx app.Context, e app.Event) {
	p.edit(func(d *ritual.Day, now time.Time) error { d.Complete(ritual.StampOf(now)); return nil })
}

// section is a titled part of a page.
func section(id, title string, body app.UI) app.UI {
	return app.Section().Class("day-section").Aria("labelledby", id).Body(app.H2().ID(id).Text(title), body)
}

func otherText(l *ritual.Line) string {
	if l == nil {
		return ""
	}
	return l.Other
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
