package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// winsEditor adds, edits and removes the day's wins.
type winsEditor struct {
	app.Compo
	Wins   []ritual.Win
	Edit   editFunc
	Drafts drafts // what is typed in the add form, kept until it is added

	draft     string
	shown     string      // the draft the add form was rendered with
	draftsFor ritual.Date // the day whose drafts draft and shown are
	err       string
	editingID string
	editFrom  string // the text the edit began with, what the field shows
	editText  string
}

// winDraft is the add form's field, and its draft's name.
const winDraft = "win-text"

func (w *winsEditor) OnInit() { w.loadDrafts() }

func (w *winsEditor) OnUpdate(ctx app.Context) {
	if w.draftsFor != w.Drafts.date {
		w.loadDrafts()
		showDraft(winDraft, w.draft)
	}
}

func (w *winsEditor) loadDrafts() {
	w.draftsFor = w.Drafts.date
	w.draft = w.Drafts.get(winDraft)
	w.shown = w.draft
}

func (w *winsEditor) Render() app.UI {
	return app.Div().Class("editor").Body(
		app.Form().Class("add-form").OnSubmit(submitOnly(w.add)).Body(
			keptField(winDraft, "Win", w.shown, &w.draft, w.Drafts),
			app.Button().Type("submit").Text("Add"),
			fieldError("win-error", w.err),
		),
		app.Ul().Class("entries").Aria("label", "Wins").Body(
			app.Range(w.Wins).Slice(func(i int) app.UI { return w.row(w.Wins[i]) }),
		),
	)
}

func (w *winsEditor) row(win ritual.Win) app.UI {
	if win.ID == w.editingID {
		return app.Li().Class("entry editing").Body(
			app.Form().Class("edit-form").OnSubmit(submitOnly(w.save)).Body(
				textField("win-edit", "Edit win", w.editFrom, &w.editText),
				app.Button().Type("submit").Text("Save"),
				app.Button().Type("button").Class("quiet").Text("Cancel").OnClick(w.cancel),
			),
		)
	}
	var details app.UI
	if win.ConflictWith != "" {
		details = conflictNote("win", win.ID, win.Text, w.Edit, func(err error) { w.err = fieldText(err) })
	}
	return entryRow("win", win.Text, details,
		func(ctx app.Context, e app.Event) {
			w.editingID, w.editFrom, w.editText, w.err = win.ID, win.Text, win.Text, ""
		},
		func(ctx app.Context, e app.Event) {
			w.err = fieldText(w.Edit(func(d *ritual.Day, _ time.Time) error { return d.RemoveWin(win.ID) }))
		})
}

func (w *winsEditor) add(ctx app.Context) {
	text := w.draft
	err := w.Edit(func(d *ritual.Day, now time.Time) error { _, err := d.AddWin(text, now); return err })
	w.err = fieldText(err)
	if err == nil {
		w.draft = clearSaved(winDraft, text)
		w.Drafts.keep(winDraft, w.draft)
	}
}

func (w *winsEditor) save(ctx app.Context) {
	id, text := w.editingID, w.editText
	err := w.Edit(func(d *ritual.Day, now time.Time) error { return d.EditWin(id, text, now) })
	w.err = fieldText(err)
	if err == nil {
		w.editingID = ""
	}
}

func (w *winsEditor) cancel(ctx app.Context, e app.Event) { w.editingID, w.err = "", "" }
