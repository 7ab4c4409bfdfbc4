package ui

import (
	"fmt"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// historyPage lists past days, newest first. It reads only the days it
// shows, a page at a time, so ten years of history open as fast as a week.
type historyPage struct {
	app.Compo
	env *Env

	dates  []ritual.Date
	rows   []historyRow
	shown  int
	style  ritual.Style
	loaded bool
}

// historyRow is one line of the list: a day and what it holds.
type historyRow struct {
	date    ritual.Date
	day     ritual.DaySummary
	workday bool
	err     string
}

// historyPageSize is how many days one "Show more" adds.
const historyPageSize = 30

// catchUpWindow is how far back a workday with no record at all is still
// listed, so a missed day can be closed from History.
const catchUpWindow = 14

func (p *historyPage) OnMount(ctx app.Context) { reloadOnChanges(ctx, p.OnNav) }

func (p *historyPage) OnNav(ctx app.Context) {
	if !p.env.ready() {
		return
	}
	p.dates, p.style = p.listDates(), p.env.Style()
	p.rows, p.shown = nil, 0
	p.showMore()
	p.loaded = true
}

// listDates is every stored date up to today, plus recent workdays that
// were never opened, counted from the first day Sundown was used: a new user
// is not shown two weeks of days they could not have closed.
func (p *historyPage) listDates() []ritual.Date {
	today := p.env.Today()
	settings := p.env.Store.Settings()
	dates := slices.DeleteFunc(p.env.Store.Dates(), func(d ritual.Date) bool { return today.Before(d) })
	if len(dates) == 0 {
		return nil
	}
	// The store lists its dates newest first, so the days of the window are
	// among the first few, and only those need sorting when one is added.
	first, recent := dates[len(dates)-1], dates[:min(len(dates), catchUpWindow+1)]
	var missed []ritual.Date
	for i := 1; i <= catchUpWindow; i++ {
		d := today.AddDays(-i)
		if d.Before(first) {
			break
		}
		if settings.IsWorkday(d) && !slices.Contains(recent, d) {
			missed = append(missed, d)
		}
	}
	if len(missed) == 0 {
		return dates
	}
	// The missed days are all newer than the days after the window, so only
	// the window's part of the list is sorted: sorting ten years of dates
	// took WebKit longer than reading the page's days.
	head := slices.Concat(recent, missed)
	ritual.SortDatesNewestFirst(head)
	return append(head, dates[len(recent):]...)
}

func (p *historyPage) showMore() {
	settings := p.env.Store.Settings()
	end := min(p.shown+historyPageSize, len(p.dates))
	if end > p.shown { // p.dates runs newest first
		p.env.Store.PreloadDays(p.dates[end-1], p.dates[p.shown])
	}
	for _, d := range p.dates[p.shown:end] {
		day, err := p.env.Store.DaySummary(d)
		p.rows = append(p.rows, historyRow{date: d, day: day, workday: settings.IsWorkday(d), err: errText(err)})
	}
	p.shown = end
}

func (p *historyPage) Render() app.UI {
	return layout(p.env, PathHistory, p.loaded,
		app.H1().Text("History"),
		app.If(p.loaded && len(p.rows) == 0, hint("No days yet. Your first shutdown will appear here.")),
		app.Ul().Class("days").Body(app.Range(p.rows).Slice(func(i int) app.UI { return p.row(p.rows[i]) })),
		app.If(p.shown < len(p.dates), app.Button().Type("button").Class("secondary").Text("Show more").
			OnClick(func(ctx app.Context, e app.Event) { p.showMore() })),
	)
}

func (p *historyPage) row(r historyRow) app.UI {
	return app.Li().Class("day-row").Body(
		app.A().Href(dayPath(r.date)).Body(
			app.Span().Class("day-date").Text(p.style.Long(r.date)),
			app.Span().Class("day-status").Text(dayStatus(r, p.style)),
			app.Span().Class("day-counts").Text(dayCounts(r.day)),
		),
	)
}

func dayStatus(r historyRow, style ritual.Style) string {
	switch {
	case r.err != "":
		return "Could not be read"
	case r.day.Conflicts > 0:
		return "Edited on two devices: choose"
	case r.day.Off:
		return "Day off"
	case r.day.Closed:
		return "Closed at " + style.Clock(r.day.ClosedAt)
	case r.workday:
		return "Not closed"
	}
	return "Day off"
}

func dayCounts(d ritual.DaySummary) string {
	if d.IsEmpty() {
		return ""
	}
	return fmt.Sprintf("%s · %s · %s", plural(d.Wins, "win"), plural(d.Unseen, "unseen work"), plural(d.Loops, "open loop"))
}

// plural is the domain's way of counting: "1 win", "2 wins".
var plural = ritual.Plural
