package ui

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// ritualPage walks through the checklist one step per screen and ends with
// the close. It shows today's ritual, or a past day's when the URL names one
// (?date=2026-11-24), so a missed day can still be closed.
type ritualPage struct {
	app.Compo
	env *Env

	state    dayState
	steps    []ritual.Step // the checklist, with the weekly review on the review day
	settings ritual.Settings
	style    ritual.Style
	earlier  []ritual.LoopRef
	step     int
	loaded   bool
	loadErr  string

	stopShortcut func() // ends listening for Ctrl+Enter
}

// OnMount listens for the shortcut to the next step, Ctrl+Enter, from
// anywhere on the page, a text field included, and for what a sync or
// another tab changes.
func (p *ritualPage) OnMount(ctx app.Context) {
	p.stopShortcut = onCtrlEnter(func() { ctx.Dispatch(p.shortcutPressed) })
	reloadOnChanges(ctx, p.refresh)
}

// refresh shows what a sync or another tab changed in the day, on the step
// the user is at. Words being typed stay in their fields (see lineEditor).
func (p *ritualPage) refresh(ctx app.Context) {
	if !p.loaded || p.loadErr != "" {
		return
	}
	day, err := p.env.Store.Day(p.state.day.Date)
	if err != nil {
		return // the copy on screen stays; an edit goes to the day as stored anyway
	}
	p.state.day = day
	p.earlier, _ = p.env.Store.OpenLoops(day.Date)
}

func (p *ritualPage) OnDismount() {
	if p.stopShortcut != nil {
		p.stopShortcut()
		p.stopShortcut = nil
	}
}

// shortcutPressed does what Next does, or Finish on the last step.
func (p *ritualPage) shortcutPressed(ctx app.Context) {
	if !p.loaded || p.loadErr != "" || p.state.day.IsClosed() {
		return
	}
	if p.step == len(p.steps)-1 {
		p.finish(ctx, app.Event{})
	} else {
		p.next(ctx, app.Event{})
	}
}

func (p *ritualPage) OnNav(ctx app.Context) {
	if !p.env.ready() {
		return
	}
	p.load(ctx.Page().URL().Query().Get("date"))
}

func (p *ritualPage) load(dateParam string) {
	date := p.env.Today()
	if dateParam != "" {
		d, err := ritual.ParseDate(dateParam)
		if err != nil {
			p.loadErr = err.Error()
			return
		}
		date = d
	}
	st := p.env.Store
	p.settings = st.Settings()
	p.style = p.env.styleFor(p.settings)
	p.steps = st.Checklist().StepsFor(date, p.settings)
	day, err := st.Day(date)
	p.state = dayState{day: day}
	if err != nil {
		p.state.status, p.state.failed = err.Error(), true
	}
	p.earlier, _ = st.OpenLoops(date)
	p.step = p.resumeStep()
	if !p.state.day.IsClosed() && p.state.day.Started == nil {
		p.edit(func(d *ritual.Day, now time.Time) error { d.Start(ritual.StampOf(now)); return nil })
	}
	p.loaded = true
}

// resumeStep is the first step not yet done or skipped, so a ritual left
// half-way continues where it stopped.
func (p *ritualPage) resumeStep() int {
	for i, s := range p.steps {
		if _, seen := p.state.day.Steps[s.ID]; !seen {
			return i
		}
	}
	return len(p.steps) - 1
}

func (p *ritualPage) edit(change dayChange) error {
	err := p.state.apply(p.env, change)
	p.Update()
	return err
}

func (p *ritualPage) Render() app.UI {
	switch {
	case p.loadErr != "":
		return layout(p.env, "", true, app.H1().Text("This day cannot be opened"), app.P().Class("notice notice-error").Text(p.loadErr))
	case !p.loaded:
		return layout(p.env, "", false, app.H1().Text("Shutdown"), app.P().Class("hint").Text("Loading your day…"))
	case p.state.day.IsClosed():
		return layout(p.env, "", true, p.doneScreen())
	}
	steps := p.steps
	step := steps[p.step]
	last := p.step == len(steps)-1
	return layout(p.env, "", true,
		app.Section().Class("ritual").Aria("labelledby", "step-title").Body(
			p.dateLine(),
			app.P().Class("progress-text").Text(fmt.Sprintf("Step %d of %d", p.step+1, len(steps))),
			app.Progress().Class("progress").Max(len(steps)).Value(p.step+1).Aria("hidden", true),
			app.H1().ID("step-title").TabIndex(-1).Text(step.Title),
			p.stepBody(step),
			statusLine(p.state.status, p.state.failed),
			app.Div().Class("ritual-nav").Body(
				app.Button().Type("button").Class("secondary").Text("Back").Disabled(p.step == 0).OnClick(p.back),
				app.If(!last, app.Button().Type("button").Class("secondary").Text("Skip").OnClick(p.skip)),
				app.If(!last, app.Button().Type("button").Class("primary").Text("Next").OnClick(p.next)).
					Else(app.Button().Type("button").Class("primary").Text("Finish").OnClick(p.finish)),
			),
			app.P().Class("hint shortcut").Body(
				app.Kbd().Text("Ctrl"), app.Text(" + "), app.Kbd().Text("Enter"),
				app.Text(" (on a Mac "), app.Kbd().Text("⌘"), app.Text(" + "), app.Kbd().Text("Enter"), app.Text(")"),
				app.If(last, app.Text(" closes the day.")).Else(app.Text(" goes to the next step.")),
			),
		),
	)
}

// dateLine names the day when it is not today, so a catch-up is never
// mistaken for tonight's shutdown.
func (p *ritualPage) dateLine() app.UI {
	if p.state.day.Date == p.env.Today() {
		return nil
	}
	return app.P().Class("notice").Text("Closing " + p.style.Long(p.state.day.Date))
}

func (p *ritualPage) doneScreen() app.UI {
	day := p.state.day
	return app.Section().Class("done").Aria("labelledby", "done-title").Body(
		app.H1().ID("done-title").TabIndex(-1).Text(fmt.Sprintf("%s — %s", p.settings.ClosingPhrase, p.style.Clock(day.Completed.Clock))),
		app.P().Class("done-date").Text(p.style.Long(day.Date)),
		app.If(day.FirstMove != nil, app.P().Class("first-move").Text("Tomorrow starts with: "+lineText(day.FirstMove))),
		app.P().Class("hint").Text("The day is closed. Whatever is left is written down and will keep."),
		app.Div().Class("done-links").Body(
			app.A().Class("button secondary").Href(PathToday).Text("Back to Today"),
			app.A().Class("button secondary").Href(dayPath(day.Date)).Text("See this day in History"),
		),
	)
}

func (p *ritualPage) mark(ctx app.Context, status ritual.StepStatus) error {
	id := p.steps[p.step].ID
	return p.edit(func(d *ritual.Day, _ time.Time) error { d.MarkStep(id, status); return nil })
}

func (p *ritualPage) next(ctx app.Context, e app.Event) {
	if p.mark(ctx, ritual.StepDone) == nil {
		p.moveTo(ctx, p.step+1)
	}
}

func (p *ritualPage) skip(ctx app.Context, e app.Event) {
	if p.mark(ctx, ritual.StepSkipped) == nil {
		p.moveTo(ctx, p.step+1)
	}
}

func (p *ritualPage) back(ctx app.Context, e app.Event) { p.moveTo(ctx, p.step-1) }

func (p *ritualPage) finish(ctx app.Context, e app.Event) {
	id := p.steps[p.step].ID
	err := p.edit(func(d *ritual.Day, now time.Time) error {
		d.MarkStep(id, ritual.StepDone)
		d.Complete(ritual.StampOf(now))
		return nil
	})
	if err == nil {
		focusLater(ctx, "done-title")
		keepStorage(p.env)
	}
}

// keepStorage asks the browser, once on this device and after the first
// closed day, to keep Sundown's storage for good: the moment its worth is
// plain. The answer shows in Settings → Storage, with what to do without it.
func keepStorage(env *Env) {
	if env.Store.PersistAsked() {
		return
	}
	env.Store.SetPersistAsked() // a failure to note it only means asking again
	go askPersistentStorage()   // it waits on the browser (which may ask the user)
}

// moveTo shows another step and moves the keyboard focus to its title, so a
// screen reader announces the new step.
func (p *ritualPage) moveTo(ctx app.Context, step int) {
	if step < 0 || step >= len(p.steps) {
		return
	}
	p.step = step
	p.state.status = ""
	focusLater(ctx, "step-title")
}

// focusLater focuses the element with id once the coming render is done.
func focusLater(ctx app.Context, id string) {
	if !app.IsClient {
		return
	}
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}
