package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// lineEditor is one labelled line (tomorrow's first move, the day's note)
// that saves when the field is left or Enter is pressed. It keeps no draft of
// its own: the text on screen is the saved text or what is being typed, so
// nothing typed can be shown against the wrong step.
type lineEditor struct {
	app.Compo
	ID        string
	Label     string
	Text      string
	Multiline bool
	Save      func(text string) error
	// Other is the text another device wrote at the same time, and Resolve
	// settles it; both are empty when there is nothing to choose.
	Other   string
	Resolve func(ritual.LineChoice) error

	err string
}

func (l *lineEditor) Render() app.UI {
	var input app.UI
	if l.Multiline {
		input = app.Textarea().ID(l.ID).Rows(3).MaxLength(2000).Text(l.Text).OnChange(l.changed)
	} else {
		input = app.Input().Type("text").ID(l.ID).Value(l.Text).MaxLength(2000).AutoComplete(false).OnChange(l.changed)
	}
	return app.Form().Class("editor line-editor").OnSubmit(submitOnly(func(app.Context) {})).Body(
		app.Div().Class("field").Body(app.Label().For(l.ID).Text(l.Label), input),
		l.conflict(),
		fieldError(l.ID+"-error", l.err),
	)
}

// conflict shows what another device wrote at the same time, and the choice.
func (l *lineEditor) conflict() app.UI {
	if l.Other == "" || l.Resolve == nil {
		return nil
	}
	choose := func(label string, c ritual.LineChoice) app.UI {
		return app.Button().Type("button").Class("quiet").Text(label).
			OnClick(func(ctx app.Context, e app.Event) { l.err = fieldText(l.Resolve(c)) })
	}
	return app.Div().Class("conflict").Role("note").Body(
		app.P().Text("Edited on two devices. The other one wrote: "+l.Other),
		choose("Keep this", ritual.KeepThis), choose("Use the other", ritual.TakeOther), choose("Keep both", ritual.JoinBoth),
	)
}

func (l *lineEditor) changed(ctx app.Context, e app.Event) {
	l.err = fieldText(l.Save(ctx.JSSrc().Get("value").String()))
}
