package ui

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// weekReview rolls up one week: its wins and unseen work, the loops still
// open (each can be closed or re-planned here), and whether the week's stops
// were earlier or later than the week before. The ritual shows it on the
// review day; History and Insights open it for any week.
type weekReview struct {
	app.Compo
	Env  *Env
	Week ritual.Date // its first day

	loadedWeek ritual.Date
	days       []ritual.Day
	prevDays   []ritual.Day
	dayEnds    ritual.ClockTime // the settings' DayEnds
	style      ritual.Style
	open       []ritual.LoopRef
	err        string
}

func (w *weekReview) OnMount(ctx app.Context)  { w.load() }
func (w *weekReview) OnUpdate(ctx app.Context) { w.load() }

func (w *weekReview) load() {
	if !w.Env.ready() || w.loadedWeek == w.Week {
		return
	}
	st := w.Env.Store
	end := w.Week.AddDays(6)
	w.days = st.DaysIn(ritual.Range{From: w.Week, To: end})
	w.prevDays = st.DaysIn(ritual.Range{From: w.Week.AddDays(-7), To: w.Week.AddDays(-1)})
	w.open, _ = st.OpenLoops(end.AddDays(1))
	settings := st.Settings()
	w.dayEnds, w.style = settings.DayEnds, w.Env.styleFor(settings)
	w.loadedWeek = w.Week
}

func (w *weekReview) Render() app.UI {
	var wins, unseen []app.UI
	for _, d := range w.days {
		for _, win := range d.Wins {
			wins = append(wins, app.Li().Body(app.Text(win.Text), app.Span().Class("entry-details").Text(" · "+w.style.Short(d.Date))))
		}
		for _, u := range d.Unseen {
			unseen = append(unseen, app.Li().Body(app.Text(u.Text), app.Span().Class("entry-details").Text(" · "+u.Kind.Label()+" · "+w.style.Short(d.Date))))
		}
	}
	return app.Div().Class("week-review").Body(
		app.P().Class("week-summary").Text(fmt.Sprintf("Week of %s: %s.", w.style.Long(w.Week), ritual.Summary(w.days, w.dayEnds, w.style))),
		app.P().Class("trend").Text(w.stopTrend()),
		app.H2().Text("Wins"),
		app.If(len(wins) == 0, hint("No wins written down this week.")).Else(app.Ul().Class("plain").Body(wins...)),
		app.H2().Text("Unseen work"),
		app.If(len(unseen) == 0, hint("No unseen work written down this week.")).Else(app.Ul().Class("plain").Body(unseen...)),
		app.H2().Text("Open loops still open"),
		app.If(len(w.open) == 0, hint("Nothing left open. Well done.")).
			Else(app.Ul().Class("entries").Aria("label", "Open loops to review").Body(app.Range(w.open).Slice(func(i int) app.UI { return w.loopRow(w.open[i]) }))),
		fieldError("review-error", w.err),
	)
}

// stopTrend compares the week's median stop with the week before's.
func (w *weekReview) stopTrend() string {
	now, okNow := ritual.MedianStop(w.days, w.dayEnds)
	before, okBefore := ritual.MedianStop(w.prevDays, w.dayEnds)
	switch {
	case !okNow:
		return "No stop times this week."
	case !okBefore:
		return "Median stop this week: " + w.style.Minutes(now) + "."
	}
	return fmt.Sprintf("Median stop this week: %s (the week before: %s).", w.style.Minutes(now), w.style.Minutes(before))
}

func (w *weekReview) loopRow(ref ritual.LoopRef) app.UI {
	loop := ref.Loop
	id := "replan-" + loop.ID
	whens := []ritual.WhenKind{ritual.WhenTomorrow, ritual.WhenThisWeek, ritual.WhenSomeday}
	return app.Li().Class("entry").Body(
		app.Div().Class("entry-text").Body(
			app.Span().Text(loop.Text),
			app.Span().Class("entry-details").Text(planText(loop)+" · from "+w.style.Short(ref.Date)),
		),
		app.Div().Class("entry-actions").Body(
			app.Label().For(id).Class("visually-hidden").Text("Plan for: "+loop.Text),
			app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) {
				w.replan(ref, ritual.WhenKind(ctx.JSSrc().Get("value").String()))
			}).Body(
				app.Option().Value("").Text("Re-plan…"),
				app.Range(whens).Slice(func(i int) app.UI {
					return app.Option().Value(string(whens[i])).Text(ritual.When{Kind: whens[i]}.KindLabel())
				}),
			),
			app.Button().Type("button").Class("quiet").Text("Close").Aria("label", "Close loop: "+loop.Text).
				OnClick(func(ctx app.Context, e app.Event) {
					w.changeLoop(ref, func(d *ritual.Day, now time.Time) error { return d.SetLoopClosed(ref.Loop.ID, true, now) })
				}),
		),
	)
}

func (w *weekReview) replan(ref ritual.LoopRef, kind ritual.WhenKind) {
	if kind == "" {
		return
	}
	w.changeLoop(ref, func(d *ritual.Day, now time.Time) error {
		l := ref.Loop
		return d.EditLoop(l.ID, ritual.LoopInput{Text: l.Text, NextStep: l.NextStep, When: ritual.When{Kind: kind}}, now)
	})
}

// changeLoop edits a loop in the day it lives in, saves, and reloads.
func (w *weekReview) changeLoop(ref ritual.LoopRef, change dayChange) {
	now := w.Env.Now()
	_, err := w.Env.Store.EditDay(ref.Date, func(d *ritual.Day) error { return change(d, now) })
	w.err = errText(err)
	w.loadedWeek = ritual.Date{}
	w.load()
}
