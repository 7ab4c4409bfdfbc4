package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/store"
)

// settingsPage holds the user's few choices: when the day should end, which
// days are workdays, the closing phrase, the checklist itself, and what to
// do with any stored data that could not be read.
type settingsPage struct {
	app.Compo
	env *Env

	settings   ritual.Settings // as edited in the form
	saved      ritual.Settings // as stored
	checklist  ritual.Checklist
	endText    string
	dayEndText string
	status     string
	failed     bool
	loaded     bool
}

func (p *settingsPage) OnNav(ctx app.Context) {
	if !p.env.ready() {
		return
	}
	p.settings, p.checklist = p.env.Store.Settings(), p.env.Store.Checklist()
	p.saved = p.settings
	p.endText = p.settings.TargetEnd.String()
	p.dayEndText = p.settings.DayEnds.String()
	p.loaded = true
}

func (p *settingsPage) OnMount(ctx app.Context) { reloadOnChanges(ctx, p.changesArrived) }

// changesArrived shows what another device or tab changed: the checklist at
// once (it is saved with every change), the settings unless the form holds
// changes not saved yet, which a reload would throw away.
func (p *settingsPage) changesArrived(ctx app.Context) {
	if !p.loaded {
		return
	}
	p.checklist = p.env.Store.Checklist()
	if p.settings.Equal(p.saved) && p.endText == p.saved.TargetEnd.String() && p.dayEndText == p.saved.DayEnds.String() {
		p.OnNav(ctx)
	}
}

func (p *settingsPage) Render() app.UI {
	if !p.loaded {
		return layout(p.env, PathSettings, false, app.H1().Text("Settings"))
	}
	return layout(p.env, PathSettings, true,
		app.H1().Text("Settings"),
		app.Form().Class("settings card").OnSubmit(submitOnly(p.save)).Body(
			app.Div().Class("field").Body(
				app.Label().For("target-end").Text("Target end time"),
				app.Input().Type("time").ID("target-end").Value(p.endText).OnChange(p.ValueTo(&p.endText)),
			),
			app.Div().Class("field").Body(
				app.Label().For("day-ends").Text("Day ends at"),
				app.Input().Type("time").ID("day-ends").Aria("describedby", "day-ends-hint").Value(p.dayEndText).OnChange(p.ValueTo(&p.dayEndText)),
				app.P().ID("day-ends-hint").Class("hint").Text("Work after midnight, until this time, counts for the evening before: the ritual, Today and Insights all go by it."),
			),
			p.formats(),
			p.workdays(),
			textField("closing-phrase", "Closing phrase", p.saved.ClosingPhrase, &p.settings.ClosingPhrase),
			p.reviewDay(),
			checkbox("hide-consistency", "Hide the count of closed workdays", p.settings.HideConsistency,
				func(_ app.Context, on bool) { p.settings.HideConsistency = on }),
			checkbox("reminders", "Remind me at the end time", p.settings.Reminders, p.setReminders),
			app.Button().Type("submit").Class("primary").Text("Save settings"),
			statusLine(p.status, p.failed),
		),
		&calendarCard{env: p.env},
		&appearanceCard{env: p.env},
		&syncCard{env: p.env},
		&sharesCard{env: p.env},
		&backupCard{env: p.env},
		&storageCard{env: p.env},
		app.Section().Class("card").Aria("labelledby", "checklist-title").Body(
			app.H2().ID("checklist-title").Text("Checklist"),
			hint("The steps of your shutdown, in order. The close always comes last."),
			&checklistEditor{Checklist: p.checklist, Save: p.saveChecklist},
		),
		p.unreadable(),
		&aboutCard{},
	)
}

func (p *settingsPage) workdays() app.UI {
	days := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	return app.FieldSet().Class("workdays").Body(
		app.Legend().Text("Workdays"),
		app.Range(days).Slice(func(i int) app.UI {
			day := days[i]
			id := "workday-" + day.String()
			on := p.settings.IsWorkdayOf(day)
			return checkbox(id, day.String(), on, func(_ app.Context, on bool) { p.settings.SetWorkday(day, on) })
		}),
	)
}

func (p *settingsPage) save(ctx app.Context) {
	next := p.settings
	end, err := ritual.ParseClock(p.endText)
	if err == nil {
		next.TargetEnd = end
		next.DayEnds, err = ritual.ParseClock(p.dayEndText)
	}
	if err == nil {
		// What this page changed goes over the settings as stored now:
		// another tab or a sync may have changed others since it read them.
		changed := next
		next, err = p.env.Store.EditSettings(func(stored ritual.Settings) ritual.Settings {
			return ritual.MergeSettings(p.saved, changed, stored)
		})
	}
	if err == nil {
		p.settings, p.saved = next, next
		p.endText, p.dayEndText = next.TargetEnd.String(), next.DayEnds.String()
	}
	p.status, p.failed = "Saved", false
	if err != nil {
		p.status, p.failed = err.Error(), true
	}
}

// saveChecklist saves the editor's change over the checklist as stored now
// (see save).
func (p *settingsPage) saveChecklist(c ritual.Checklist) error {
	saved, err := p.env.Store.EditChecklist(func(stored ritual.Checklist) ritual.Checklist {
		return ritual.MergeChecklists(p.checklist, c, stored)
	})
	if err != nil {
		return err
	}
	p.checklist = saved
	p.Update()
	return nil
}

// unreadable lists the values kept aside, with their raw text to copy, and
// lets the user discard each one once they no longer want it.
func (p *settingsPage) unreadable() app.UI {
	var kept []store.Problem
	for _, pr := range p.env.Store.Problems() {
		if pr.KeptAs != "" {
			kept = append(kept, pr)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return app.Section().ID("unreadable").Class("card").Aria("labelledby", "unreadable-title").Body(
		app.H2().ID("unreadable-title").Text("Unreadable data"),
		hint("These values could not be read. They are kept here unchanged: copy the text if you want to keep it, then discard it."),
		app.Range(kept).Slice(func(i int) app.UI {
			pr := kept[i]
			raw, _ := p.env.Store.QuarantinedValue(pr.KeptAs)
			id := "kept-" + pr.KeptAs
			return app.Div().Class("field").Body(
				app.Label().For(id).Text("Saved data for "+pr.What()),
				app.Textarea().ID(id).ReadOnly(true).Rows(4).Text(raw),
				app.Button().Type("button").Class("secondary").Text("Discard").Aria("label", "Discard the saved data for "+pr.What()).
					OnClick(func(ctx app.Context, e app.Event) { p.env.Store.DiscardQuarantined(pr.KeptAs) }),
			)
		}),
	)
}

func (p *settingsPage) reviewDay() app.UI {
	days := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	return app.Div().Class("field").Body(
		app.Label().For("review-day").Text("Weekly review on"),
		app.Select().ID("review-day").OnChange(func(ctx app.Context, e app.Event) {
			p.settings.ReviewDay = parseWeekday(ctx.JSSrc().Get("value").String())
		}).Body(app.Range(days).Slice(func(i int) app.UI {
			return app.Option().Value(days[i].String()).Selected(days[i] == p.settings.ReviewDay).Text(days[i].String())
		})),
	)
}

// choice is one option of a select: the value stored and what it says.
type choice struct{ value, label string }

// formats are the time format and the week's first day, each following the
// browser's locale unless chosen; the browser's own is shown as an example.
func (p *settingsPage) formats() app.UI {
	locale := p.env.locale()
	example := ritual.ClockTime(18*60 + 4)
	times := []choice{
		{ritual.Follow, "As this browser writes it (" + locale.Clock(example) + ")"},
		{ritual.Clock24, "24-hour (18:04)"},
		{ritual.Clock12, "12-hour (6:04 PM)"},
	}
	weeks := []choice{
		{ritual.Follow, "As this browser counts them (" + locale.WeekStart.String() + ")"},
		{"monday", "Monday"}, {"sunday", "Sunday"}, {"saturday", "Saturday"},
	}
	return app.Div().Body(
		selectField("time-format", "Time format", times, p.settings.TimeFormat, func(v string) { p.settings.TimeFormat = v }),
		selectField("week-start", "Weeks start on", weeks, p.settings.WeekStart, func(v string) { p.settings.WeekStart = v }),
	)
}

// selectField is a labelled select of choices; set gets the chosen value.
func selectField(id, label string, choices []choice, current string, set func(string)) app.UI {
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) { set(ctx.JSSrc().Get("value").String()) }).
			Body(app.Range(choices).Slice(func(i int) app.UI {
				return app.Option().Value(choices[i].value).Selected(choices[i].value == current).Text(choices[i].label)
			})),
	)
}

func parseWeekday(name string) time.Weekday {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if d.String() == name {
			return d
		}
	}
	return time.Friday
}

// checkbox is a labelled check box that reports its state to set.
func checkbox(id, label string, on bool, set func(ctx app.Context, on bool)) app.UI {
	return app.Div().Class("check").Body(
		app.Input().Type("checkbox").ID(id).Checked(on).
			OnChange(func(ctx app.Context, e app.Event) { set(ctx, ctx.JSSrc().Get("checked").Bool()) }),
		app.Label().For(id).Text(label),
	)
}

// remindersStatus says what turning reminders on did, once the browser has
// answered: the settings may have been saved while it was being asked.
func remindersStatus(granted, saved bool) string {
	switch {
	case granted && saved:
		return "Saved: reminders on."
	case granted:
		return "Reminders on: save settings to keep them."
	case saved:
		return "Saved. The browser will not show notifications for Sundown, so the reminder will appear inside the app only."
	}
	return "The browser will not show notifications for Sundown, so the reminder will appear inside the app only. Save settings to keep it."
}

// setReminders turns reminders on or off. Turning them on asks the browser
// for permission to notify, only now that the user has asked for reminders;
// without it the reminder still shows inside Sundown.
func (p *settingsPage) setReminders(ctx app.Context, on bool) {
	p.settings.Reminders = on
	if !on || !app.IsClient {
		return
	}
	p.status, p.failed = "Asking the browser for permission to notify…", false
	ctx.Async(func() {
		permission := ctx.Notifications().RequestPermission()
		ctx.Dispatch(func(ctx app.Context) {
			p.status = remindersStatus(permission == app.NotificationGranted, p.saved.Reminders == p.settings.Reminders)
		})
	})
}
