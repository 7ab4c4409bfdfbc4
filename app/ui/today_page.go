package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// todayPage is where Sundown opens: the way into tonight's shutdown, or the
// quiet confirmation that it is done, and the first move planned yesterday.
type todayPage struct {
	app.Compo
	env *Env

	today     ritual.Day
	settings  ritual.Settings
	style     ritual.Style
	missed    *ritual.Day  // the last workday, when it was never closed
	firstMove *ritual.Line // from the most recent earlier day
	firstFrom ritual.Date
	loaded    bool
	err       string
}

func (p *todayPage) OnMount(ctx app.Context) { reloadOnChanges(ctx, p.OnNav) }

// OnInit loads the day before the page is first rendered, so the first
// render already shows it instead of an empty page that a second render
// then fills (OnNav, right after, reads it again: a navigation back to
// Today must show what changed elsewhere).
func (p *todayPage) OnInit() { p.load() }

func (p *todayPage) OnNav(ctx app.Context) { p.load() }

func (p *todayPage) load() {
	if !p.env.ready() {
		return
	}
	st := p.env.Store
	date := p.env.Today()
	p.settings = st.Settings()
	p.style = p.env.styleFor(p.settings)
	var err error
	p.today, err = st.Day(date)
	p.err = errText(err)
	p.firstMove, p.firstFrom = previousFirstMove(p.env, date)
	p.missed = missedWorkday(p.env, p.settings, date)
	p.loaded = true
}

// missedWorkday is the last workday before date when it was neither closed
// nor taken off, counting only from the first day Sundown was used. It is
// offered as a catch-up, never held against anyone.
func missedWorkday(env *Env, s ritual.Settings, date ritual.Date) *ritual.Day {
	dates := env.Store.Dates()
	if len(dates) == 0 || len(s.Workdays) == 0 {
		return nil
	}
	first := dates[len(dates)-1]
	d := date.AddDays(-1)
	for !s.IsWorkday(d) {
		d = d.AddDays(-1)
	}
	if d.Before(first) {
		return nil
	}
	day, err := env.Store.Day(d)
	if err != nil || day.IsClosed() || day.Off {
		return nil
	}
	return &day
}

// previousFirstMove reads only the most recent day before date: the first
// move is a note from the last shutdown to the next morning.
func previousFirstMove(env *Env, date ritual.Date) (*ritual.Line, ritual.Date) {
	for _, d := range env.Store.Dates() {
		if !d.Before(date) {
			continue
		}
		day, err := env.Store.Day(d)
		if err != nil || day.FirstMove == nil {
			return nil, ritual.Date{}
		}
		return day.FirstMove, d
	}
	return nil, ritual.Date{}
}

func (p *todayPage) Render() app.UI {
	return layout(p.env, PathToday, p.loaded,
		app.H1().Text("Today"),
		app.If(p.loaded, app.P().Class("date").Text(p.style.Long(p.today.Date))),
		app.If(p.err != "", app.P().Class("notice notice-error").Text(p.err)),
		app.If(p.firstMove != nil, app.Section().Class("card first-move").Aria("labelledby", "first-move-title").Body(
			app.H2().ID("first-move-title").Text("Your first move"),
			app.P().Class("first-move-text").Text(lineText(p.firstMove)),
			app.P().Class("hint").Text("Planned at your last shutdown, "+p.style.Short(p.firstFrom)+"."),
		)),
		app.If(p.loaded, p.shutdownCard()),
		p.catchUp(),
		&installOffer{Env: p.env},
	)
}

// catchUp offers to close the last workday if it was missed.
func (p *todayPage) catchUp() app.UI {
	if p.missed == nil {
		return nil
	}
	name := p.missed.Date.Weekday().String()
	if p.missed.Date == p.today.Date.AddDays(-1) {
		name = "Yesterday"
	}
	return app.Section().Class("card catch-up").Body(
		app.P().Text(name+" was not closed — close it now?"),
		app.Button().Type("button").Class("secondary").Text("Close it now").OnClick(p.closeMissed),
		app.A().Class("button quiet").Href(dayPath(p.missed.Date)).Text("Look at it first"),
	)
}

func (p *todayPage) closeMissed(ctx app.Context, e app.Event) {
	now := p.env.Now()
	if _, err := p.env.Store.EditDay(p.missed.Date, func(d *ritual.Day) error { d.Complete(ritual.StampOf(now)); return nil }); err != nil {
		p.err = errText(err)
		return
	}
	p.missed = nil
}

// setOff marks today as a day off, or takes the mark back.
func (p *todayPage) setOff(off bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		day, err := p.env.Store.EditDay(p.today.Date, func(d *ritual.Day) error { d.Off = off; return nil })
		if err != nil {
			p.err = errText(err)
			return
		}
		p.today = day
	}
}

func (p *todayPage) shutdownCard() app.UI {
	day := p.today
	switch {
	case day.IsClosed():
		return app.Section().Class("card done-card").Body(
			app.P().Class("done-line").Text(fmt.Sprintf("%s — %s", p.settings.ClosingPhrase, p.style.Clock(day.Completed.Clock))),
			app.P().Class("hint").Text(fmt.Sprintf("%s, %s, %s written down.", plural(len(day.Wins), "win"), plural(len(day.Unseen), "unseen work"), plural(day.OpenLoopCount(), "open loop"))),
			app.A().Class("button secondary").Href(dayPath(day.Date)).Text("Review today"),
		)
	case day.Off:
		return app.Section().Class("card").Body(
			app.P().Text("Today is a day off. Enjoy it: nothing here counts it."),
			app.Button().Type("button").Class("quiet").Text("It is a workday after all").OnClick(p.setOff(false)),
		)
	case day.Started != nil:
		return app.Section().Class("card").Body(
			app.P().Text("Your shutdown is under way."),
			p.startButton("Continue shutdown"),
		)
	}
	return app.Section().Class("card").Body(
		app.P().Text(fmt.Sprintf("Your day is set to end at %s. When you are ready, end it on purpose.", p.style.Clock(p.settings.TargetEnd))),
		p.startButton("Start shutdown"),
		app.Button().Type("button").Class("quiet").Text("Take today off").OnClick(p.setOff(true)),
	)
}

func (p *todayPage) startButton(label string) app.UI {
	return app.Button().Type("button").Class("primary big").Text(label).
		OnClick(func(ctx app.Context, e app.Event) { ctx.Navigate(PathRitual) })
}
