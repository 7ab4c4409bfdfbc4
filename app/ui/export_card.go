package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// exportCard turns the record into proof: a Markdown brag document for any
// range of days, and a short standup summary to paste into a team channel.
type exportCard struct {
	app.Compo
	env *Env

	preset   string
	from, to string // custom range, YYYY-MM-DD
	status   string
	failed   bool
	standup  string
}

var presets = []struct{ id, label string }{
	{"this-week", "This week"}, {"last-week", "Last week"}, {"this-month", "This month"},
	{"last-90", "Last 90 days"}, {"custom", "Custom range"},
}

func (c *exportCard) OnInit() { c.preset = "this-week" }

func (c *exportCard) Render() app.UI {
	return app.Section().Class("card").Aria("labelledby", "proof-title").Body(
		app.H2().ID("proof-title").Text("Proof of work"),
		hint("A record of what you did, for a manager, a review or yourself. It is made here, in your browser."),
		app.Div().Class("field").Body(
			app.Label().For("export-range").Text("Range"),
			app.Select().ID("export-range").OnChange(c.ValueTo(&c.preset)).Body(
				app.Range(presets).Slice(func(i int) app.UI {
					return app.Option().Value(presets[i].id).Selected(presets[i].id == c.preset).Text(presets[i].label)
				}),
			),
		),
		app.If(c.preset == "custom", app.Div().Class("add-form").Body(
			dateField("export-from", "From", &c.from),
			dateField("export-to", "To", &c.to),
		)),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("export-markdown").Class("primary").Text("Export Markdown").OnClick(rendered(c.exportMarkdown)),
			app.Button().Type("button").Class("secondary").Text("Copy for standup").OnClick(rendered(c.copyStandup)),
		),
		statusLine(c.status, c.failed),
		app.If(c.standup != "", app.Div().Class("field").Body(
			app.Label().For("standup-text").Text("Standup summary"),
			app.Textarea().ID("standup-text").ReadOnly(true).Rows(8).Text(c.standup),
		)),
		&shareForm{env: c.env, chosen: c.chosenRange},
	)
}

func dateField(id, label string, bound *string) app.UI {
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		app.Input().Type("date").ID(id).Value(*bound).OnChange(bindTo(bound)),
	)
}

// chosenRange is the range the user picked, or an error that says what to fix.
func (c *exportCard) chosenRange() (ritual.Range, error) {
	today, style := c.env.Today(), c.env.Style()
	switch c.preset {
	case "last-week":
		return style.LastWeek(today), nil
	case "this-month":
		return ritual.ThisMonth(today), nil
	case "last-90":
		return ritual.Last90Days(today), nil
	case "custom":
		from, err := ritual.ParseDate(c.from)
		if err != nil {
			return ritual.Range{}, fmt.Errorf("From: %w", err)
		}
		to, err := ritual.ParseDate(c.to)
		if err != nil {
			return ritual.Range{}, fmt.Errorf("To: %w", err)
		}
		if to.Before(from) {
			return ritual.Range{}, fmt.Errorf("the range ends before it starts: swap From and To")
		}
		return ritual.Range{From: from, To: to}, nil
	}
	return style.ThisWeek(today), nil
}

func (c *exportCard) exportMarkdown(ctx app.Context, e app.Event) {
	r, err := c.chosenRange()
	if err != nil {
		c.status, c.failed = errText(err), true
		return
	}
	name := fmt.Sprintf("sundown-%s-to-%s.md", r.From, r.To)
	mark("sundown-export-start")
	downloadFile(name, "text/markdown;charset=utf-8", ritual.ExportMarkdown(c.env.Store.DaysIn(r), r, c.env.Store.Settings().DayEnds, c.env.Style()))
	mark("sundown-export-done")
	c.status, c.failed = "Downloaded "+name, false
}

// copyStandup summarises today once it has anything in it, else the most
// recent day before.
func (c *exportCard) copyStandup(ctx app.Context, e app.Event) {
	day := c.standupDay()
	c.standup = ritual.Standup(day)
	copyThen(ctx, c.standup, func(err error) {
		c.status, c.failed = "Copied the summary of "+c.env.Style().Long(day.Date)+".", false
		if err != nil {
			c.status, c.failed = "Could not copy ("+err.Error()+"). The text is below: select it and copy.", true
		}
	})
}

func (c *exportCard) standupDay() ritual.Day {
	today := c.env.Today()
	st := c.env.Store
	if day, err := st.Day(today); err == nil && len(day.Wins)+len(day.Unseen)+len(day.Loops) > 0 {
		return day
	}
	for _, d := range st.Dates() {
		if d.Before(today) {
			if day, err := st.Day(d); err == nil {
				return day
			}
		}
	}
	day, _ := st.Day(today)
	return day
}
