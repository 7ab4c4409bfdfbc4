package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// lineEditor is one labelled line (tomorrow's first move, the day's note)
// that saves when the field is left or Enter is pressed. It keeps no draft of
// its own: the text on screen is the saved text or what is being typed, so
// nothing typed can be shown against the wrong step.
//
// While the user types, the field's value is not rendered anew: go-app
// writes a value into the field whenever it differs from the one rendered
// last, so a sync or another tab changing this line while someone types in
// it would replace the words not yet saved. The field shows the saved text
// again once it has been left (and saved).
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
	// typingIn is the ID of the field typed in since it last saved, and held
	// the text it showed when the typing began, rendered while it lasts.
	typingIn string
	held     string
}

func (l *lineEditor) Render() app.UI {
	if l.typingIn != l.ID {
		l.held = l.Text
	}
	var input app.UI
	if l.Multiline {
		input = app.Textarea().ID(l.ID).Rows(3).MaxLength(2000).Text(l.held).OnInput(l.typing).OnChange(rendered(l.changed))
	} else {
		input = app.Input().Type("text").ID(l.ID).Value(l.held).MaxLength(2000).AutoComplete(false).OnInput(l.typing).OnChange(rendered(l.changed))
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

// typing notes that the field holds words not saved yet; it renders nothing.
func (l *lineEditor) typing(ctx app.Context, e app.Event) {
	l.typingIn = l.ID
	ctx.PreventUpdate()
}

// changed saves the field. A refused save keeps the typed words on screen.
func (l *lineEditor) changed(ctx app.Context, e app.Event) {
	err := l.Save(ctx.JSSrc().Get("value").String())
	if err == nil {
		l.typingIn = ""
	}
	l.err = fieldText(err)
}
