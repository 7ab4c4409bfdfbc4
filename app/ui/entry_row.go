package ui

import (
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// entryRow shows one entry of a list with its Edit and Remove buttons. The
// buttons' accessible names include the entry, so a screen reader hears
// "Remove win: Shipped the importer", not ten identical "Remove"s.
func entryRow(noun, text string, details app.UI, onEdit, onRemove app.EventHandler) app.UI {
	return app.Li().Class("entry").Body(
		app.Div().Class("entry-text").Body(app.Span().Text(text), details),
		app.Div().Class("entry-actions").Body(
			app.Button().Type("button").Class("quiet").Text("Edit").Aria("label", "Edit "+noun+": "+text).OnClick(onEdit),
			app.Button().Type("button").Class("quiet").Text("Remove").Aria("label", "Remove "+noun+": "+text).OnClick(onRemove),
		),
	)
}

// textField is a labelled single-line input that starts with shown and keeps
// *typed equal to its text. shown must stay the same while the field is on
// screen (an add form's "", the text an edit began with): go-app writes the
// value whenever it differs from the one it last rendered, and a render that
// comes between a keystroke and its input handler would write back the text
// of a moment ago, dropping the key.
func textField(id, label, shown string, typed *string) app.UI {
	return keptField(id, label, shown, typed, drafts{})
}

// keptField is a textField whose text is kept in kept as it is typed.
func keptField(id, label, shown string, typed *string, kept drafts) app.UI {
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		app.Input().Type("text").ID(id).Name(id).Value(shown).AutoComplete(false).MaxLength(2000).OnInput(kept.keeping(id, bindTo(typed))),
	)
}

// bindTo keeps *field equal to what the user types, without re-rendering at
// each keystroke.
func bindTo(field *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*field = ctx.JSSrc().Get("value").String()
		ctx.PreventUpdate()
	}
}

// clearSaved takes the text just saved out of its field and returns what
// the field holds then, for its bound string: "" or, when the user typed
// on while the save waited for the storage, the words typed since, which
// stay (after the saved text, they were typed as the next entry). The page
// may not have rendered the typed text, so rendering the new value would
// change nothing on screen: the field is set here.
func clearSaved(id, saved string) string {
	if !app.IsClient {
		return ""
	}
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return ""
	}
	left := el.Get("value").String()
	if rest, ok := strings.CutPrefix(left, saved); ok {
		left = strings.TrimLeft(rest, " ")
	}
	el.Set("value", left)
	return left
}

// submitOnly turns a form's submit event (a click on its button, or Enter
// in one of its fields) into a call of fn, without reloading the page.
func submitOnly(fn func(ctx app.Context)) app.EventHandler {
	return rendered(func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		fn(ctx)
	})
}

// rendered makes sure the component shows what handler did. go-app's
// PreventUpdate (see bindTo) is sticky: it marks the component as not to
// be updated, and every later event of that component is then dropped from
// rendering too, until something dispatches an update. Without this, "Save"
// pressed right after typing saved the settings but never said "Saved".
func rendered(handler app.EventHandler) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		handler(ctx, e)
		ctx.Dispatch(func(app.Context) {})
	}
}

// conflictNote marks an entry edited on two devices at once and offers the
// choice: keep this version (dropping the other) or keep both.
func conflictNote(noun, id, text string, edit editFunc, setErr func(error)) app.UI {
	return app.Span().Class("conflict").Role("note").Body(
		app.Span().Text("Edited on two devices — keep one or both."),
		app.Button().Type("button").Class("quiet").Text("Keep this one").Aria("label", "Keep this "+noun+": "+text).
			OnClick(func(ctx app.Context, e app.Event) {
				setErr(edit(func(d *ritual.Day, _ time.Time) error { return d.KeepVersion(id) }))
			}),
		app.Button().Type("button").Class("quiet").Text("Keep both").Aria("label", "Keep both versions of "+noun+": "+text).
			OnClick(func(ctx app.Context, e app.Event) {
				setErr(edit(func(d *ritual.Day, _ time.Time) error { return d.KeepBoth(id) }))
			}),
	)
}
