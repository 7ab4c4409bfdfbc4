package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// energyPicker records how the day left the person, from 1 to 5. Choosing the
// chosen level again clears it: the step is optional and so is the answer.
type energyPicker struct {
	app.Compo
	Level int
	Save  func(level int) error

	err string
}

var energyWords = []string{"", "Drained", "Low", "Okay", "Good", "Full of energy"}

func (p *energyPicker) Render() app.UI {
	return app.Div().Class("editor").Body(
		app.Div().Class("energy").Role("group").Aria("label", "Energy from 1 to 5").Body(
			app.Range(energyWords[1:]).Slice(func(i int) app.UI {
				level := i + 1
				return app.Button().Type("button").Class("energy-level").
					Aria("pressed", level == p.Level).
					Aria("label", strconv.Itoa(level)+" – "+energyWords[level]).
					Title(energyWords[level]).
					Text(level).
					OnClick(func(ctx app.Context, e app.Event) { p.pick(level) })
			}),
		),
		app.P().Class("hint").Text(p.describe()),
		fieldError("energy-error", p.err),
	)
}

func (p *energyPicker) describe() string {
	if p.Level == 0 {
		return "Not recorded. It is optional."
	}
	return "Energy: " + strconv.Itoa(p.Level) + " – " + energyWords[p.Level]
}

func (p *energyPicker) pick(level int) {
	if level == p.Level {
		level = 0
	}
	p.err = fieldText(p.Save(level))
}
