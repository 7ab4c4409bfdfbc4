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

	settings  ritual.Settings
	checklist ritual.Checklist
	endText   string
	status    string
	failed    bool
	loaded    bool
}

func (p *settingsPage) OnNav(ctx app.Context) {
	if !p.env.ready() {
		return
	}
	p.settings, p.checklist = p.env.Store.Settings(), p.env.Store.Checklist()
	p.endText = p.settings.TargetEnd.String()
	p.loaded = true
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
			p.workdays(),
			textField("closing-phrase", "Closing phrase", &p.settings.ClosingPhrase),
			app.Button().Type("submit").Class("primary").Text("Save settings"),
			statusLine(p.status, p.failed),
		),
		app.Section().Class("card").Aria("labelledby", "checklist-title").Body(
			app.H2().ID("checklist-title").Text("Checklist"),
			hint("The steps of your shutdown, in order. The close always comes last."),
			&checklistEditor{Checklist: p.checklist, Save: p.saveChecklist},
		),
		p.unreadable(),
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
			return app.Div().Class("check").Body(
				app.Input().Type("checkbox").ID(id).Checked(on).
					OnChange(func(ctx app.Context, e app.Event) { p.settings.SetWorkday(day, ctx.JSSrc().Get("checked").Bool()) }),
				app.Label().For(id).Text(day.String()),
			)
		}),
	)
}

func (p *settingsPage) save(ctx app.Context) {
	next := p.settings
	end, err := ritual.ParseClock(p.endText)
	if err == nil {
		next.TargetEnd = end
		err = p.env.Store.SaveSettings(next)
	}
	p.status, p.failed = "Saved", false
	if err != nil {
		p.status, p.failed = err.Error(), true
	}
}

func (p *settingsPage) saveChecklist(c ritual.Checklist) error {
	if err := p.env.Store.SaveChecklist(c); err != nil {
		return err
	}
	p.checklist = c
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
