package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// stepBody is what one step asks of the user. Each kind renders a different
// component, so go-app never reuses one step's fields for the next.
func (p *ritualPage) stepBody(step ritual.Step) app.UI {
	day := p.state.day
	switch step.Kind {
	case ritual.StepMarkStop:
		return p.markStop()
	case ritual.StepSweep:
		return hint("Scan mail, chat and calendar for what tomorrow needs. Capture it, as an open loop in a moment or wherever you keep tasks; don't answer it now.")
	case ritual.StepWins:
		return app.Div().Body(
			hint("What shipped, got done or moved forward today? Small things count."),
			&winsEditor{Wins: day.Wins, Edit: p.edit, Drafts: draftsOf(p.env, day.Date)},
		)
	case ritual.StepUnseen:
		return app.Div().Body(
			hint("What took your time but left nothing to show? Reading, debugging, waiting, helping someone. Note what you now know because of it."),
			&meetingSuggestions{Env: p.env, Date: day.Date, Unseen: day.Unseen, Edit: p.edit},
			&unseenEditor{Unseen: day.Unseen, Edit: p.edit, Drafts: draftsOf(p.env, day.Date)},
		)
	case ritual.StepLoops:
		return app.Div().Body(
			hint("What is still on your mind? Give each one a next step and a when, so you can let it go tonight."),
			&loopsEditor{Loops: day.Loops, Earlier: p.earlier, Edit: p.edit, CloseEarlier: p.closeEarlier, Style: p.style, Drafts: draftsOf(p.env, day.Date)},
		)
	case ritual.StepFirstMove:
		return app.Div().Body(
			hint("The first thing you will do tomorrow. Sundown shows it when you open it next."),
			&lineEditor{ID: "first-move", Label: "Tomorrow's first move", Text: lineText(day.FirstMove), Save: firstMoveSaver(p.edit)},
		)
	case ritual.StepEnergy:
		return app.Div().Body(
			hint("How much energy is left? Optional, and only for you."),
			&energyPicker{Level: day.Energy, Save: energySaver(p.edit)},
		)
	case ritual.StepWeeklyReview:
		return app.Div().Body(
			hint("The week in one look. Close what is done, re-plan what is not, and let the week end too."),
			&weekReview{Env: p.env, Week: p.style.Week(day.Date)},
		)
	case ritual.StepClose:
		return app.Div().Body(
			hint("Anything else to leave here before you go? Then press Finish to close the day."),
			&lineEditor{ID: "note", Label: "Note", Multiline: true, Text: lineText(day.Note), Save: noteSaver(p.edit)},
		)
	}
	return hint("Do this now, then press Next.")
}

func (p *ritualPage) markStop() app.UI {
	clock := ritual.ClockOf(p.env.Now())
	if started := p.state.day.Started; started != nil {
		if _, thatEvening := started.MinutesInto(p.state.day.Date, p.settings.DayEnds); thatEvening {
			clock = started.Clock // not a catch-up opened later
		}
	}
	return app.Div().Class("mark-stop").Body(
		app.P().Class("big-time").Text(p.style.Clock(clock)),
		app.P().Text(p.settings.StopLine(clock, p.style)),
	)
}

// closeEarlier closes a loop that lives in an earlier day's record.
func (p *ritualPage) closeEarlier(ref ritual.LoopRef) error {
	st, now := p.env.Store, p.env.Now()
	_, err := st.EditDay(ref.Date, func(d *ritual.Day) error { return d.SetLoopClosed(ref.Loop.ID, true, now) })
	if err == nil {
		p.earlier, err = st.OpenLoops(p.state.day.Date)
	}
	p.state.status, p.state.failed = "Saved", false
	if err != nil {
		p.state.status, p.state.failed = errText(err), true
	}
	p.Update()
	return err
}

func hint(text string) app.UI { return app.P().Class("hint").Text(text) }

func lineText(l *ritual.Line) string {
	if l == nil {
		return ""
	}
	return l.Text
}
