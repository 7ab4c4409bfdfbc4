package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// checklistEditor lets the user shape the ritual: rename, reorder and
// remove steps, add their own, put back a built-in one, or start over from
// the defaults. Every change is saved at once.
type checklistEditor struct {
	app.Compo
	Checklist ritual.Checklist
	Save      func(ritual.Checklist) error

	newStep string
	err     string
}

func (c *checklistEditor) Render() app.UI {
	steps := c.Checklist.Steps
	missing := c.Checklist.Missing()
	return app.Div().Class("editor checklist").Body(
		app.Ol().Class("steps").Body(app.Range(steps).Slice(func(i int) app.UI { return c.row(i, steps[i]) })),
		app.Form().Class("add-form").OnSubmit(submitOnly(c.add)).Body(
			textField("new-step", "New step", "", &c.newStep),
			app.Button().Type("submit").Text("Add step"),
		),
		app.If(len(missing) > 0, app.P().Class("restore").Body(
			app.Span().Text("Put back: "),
			app.Range(missing).Slice(func(i int) app.UI {
				step := missing[i]
				return app.Button().Type("button").Class("quiet").Text(step.Title).Aria("label", "Put back "+step.Title).
					OnClick(c.change(func(cl *ritual.Checklist) error { return cl.Add(step) }))
			}),
		)),
		app.Button().Type("button").Class("secondary").Text("Restore defaults").
			OnClick(c.change(func(cl *ritual.Checklist) error { *cl = ritual.DefaultChecklist(); return nil })),
		fieldError("checklist-error", c.err),
	)
}

func (c *checklistEditor) row(i int, step ritual.Step) app.UI {
	id := "step-" + step.ID
	closing := step.Kind == ritual.StepClose
	return app.Li().Class("step-row").Body(
		app.Label().For(id).Class("visually-hidden").Text(fmt.Sprintf("Step %d title", i+1)),
		app.Input().Type("text").ID(id).Value(step.Title).MaxLength(80).
			OnChange(func(ctx app.Context, e app.Event) {
				title := ctx.JSSrc().Get("value").String()
				c.change(func(cl *ritual.Checklist) error { return cl.Rename(step.ID, title) })(ctx, e)
			}),
		app.If(!closing,
			app.Button().Type("button").Class("quiet").Text("Up").Aria("label", "Move up: "+step.Title).Disabled(i == 0).
				OnClick(c.change(func(cl *ritual.Checklist) error { return cl.Move(step.ID, -1) })),
			app.Button().Type("button").Class("quiet").Text("Down").Aria("label", "Move down: "+step.Title).
				Disabled(i >= len(c.Checklist.Steps)-2).
				OnClick(c.change(func(cl *ritual.Checklist) error { return cl.Move(step.ID, +1) })),
			app.Button().Type("button").Class("quiet").Text("Remove").Aria("label", "Remove step: "+step.Title).
				OnClick(c.change(func(cl *ritual.Checklist) error { return cl.Remove(step.ID) })),
		),
	)
}

func (c *checklistEditor) add(ctx app.Context) {
	title := c.newStep
	c.change(func(cl *ritual.Checklist) error { return cl.Add(ritual.Step{Kind: ritual.StepCustom, Title: title}) })(ctx, app.Event{})
	if c.err == "" {
		c.newStep = clearSaved("new-step", title)
	}
}

// change applies fn to a copy of the checklist and saves it; the copy is
// dropped if the change or the save fails.
func (c *checklistEditor) change(fn func(*ritual.Checklist) error) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		next := ritual.Checklist{Steps: append([]ritual.Step(nil), c.Checklist.Steps...)}
		err := fn(&next)
		if err == nil {
			err = c.Save(next)
		}
		c.err = errText(err)
	}
}
