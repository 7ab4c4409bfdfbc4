package ui

import (
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// unseenEditor adds, edits and removes the day's unseen work: what took the
// time, what kind of work it was, and what the person now knows because of it.
type unseenEditor struct {
	app.Compo
	Unseen []ritual.Unseen
	Edit   editFunc
	Drafts drafts // what is typed in the add form, kept until it is added

	draft     ritual.UnseenInput
	shown     ritual.UnseenInput // the draft the add form was rendered with
	draftsFor ritual.Date        // the day whose drafts draft and shown are
	err       string
	editingID string
	editFrom  ritual.UnseenInput // what the edit began with, what the fields show
	editing   ritual.UnseenInput
}

func (u *unseenEditor) OnInit() { u.loadDrafts() }

func (u *unseenEditor) OnUpdate(ctx app.Context) {
	if u.draftsFor != u.Drafts.date {
		u.loadDrafts()
		showDraft("unseen-kind", string(u.draft.Kind))
		showDraft("unseen-text", u.draft.Text)
		showDraft("unseen-learned", u.draft.Learned)
	}
}

// loadDrafts reads the add form's drafts: its kind (Read unless another
// was chosen), its text and what was learned.
func (u *unseenEditor) loadDrafts() {
	u.draftsFor = u.Drafts.date
	kind := ritual.UnseenKind(u.Drafts.get("unseen-kind"))
	if !slices.Contains(ritual.UnseenKinds(), kind) {
		kind = ritual.KindRead
	}
	u.draft = ritual.UnseenInput{Kind: kind, Text: u.Drafts.get("unseen-text"), Learned: u.Drafts.get("unseen-learned")}
	u.shown = u.draft
}

func (u *unseenEditor) Render() app.UI {
	return app.Div().Class("editor").Body(
		app.Form().Class("add-form stacked").OnSubmit(submitOnly(u.add)).Body(
			u.fields("unseen", u.shown, &u.draft, u.Drafts),
			app.Button().Type("submit").Text("Add"),
			fieldError("unseen-error", u.err),
		),
		app.Ul().Class("entries").Aria("label", "Unseen work").Body(
			app.Range(u.Unseen).Slice(func(i int) app.UI { return u.row(u.Unseen[i]) }),
		),
	)
}

// fields renders the kind, the text and "what I now know", showing shown,
// bound to in and kept in kept.
func (u *unseenEditor) fields(prefix string, shown ritual.UnseenInput, in *ritual.UnseenInput, kept drafts) app.UI {
	kinds := ritual.UnseenKinds()
	return app.Div().Class("fields").Body(
		app.Div().Class("field").Body(
			app.Label().For(prefix+"-kind").Text("Kind"),
			app.Select().ID(prefix+"-kind").OnChange(kept.keeping(prefix+"-kind", u.ValueTo(&in.Kind))).Body(
				app.Range(kinds).Slice(func(i int) app.UI {
					return app.Option().Value(string(kinds[i])).Selected(kinds[i] == in.Kind).Text(kinds[i].Label())
				}),
			),
		),
		keptField(prefix+"-text", "Unseen work", shown.Text, &in.Text, kept),
		keptField(prefix+"-learned", "What I now know", shown.Learned, &in.Learned, kept),
	)
}

func (u *unseenEditor) row(item ritual.Unseen) app.UI {
	if item.ID == u.editingID {
		return app.Li().Class("entry editing").Body(
			app.Form().Class("edit-form stacked").OnSubmit(submitOnly(u.save)).Body(
				u.fields("unseen-edit", u.editFrom, &u.editing, drafts{}),
				app.Button().Type("submit").Text("Save"),
				app.Button().Type("button").Class("quiet").Text("Cancel").OnClick(u.cancel),
			),
		)
	}
	details := app.Span().Class("entry-details").Body(
		app.Span().Class("tag").Text(item.Kind.Label()),
		app.If(item.Learned != "", app.Span().Class("learned").Text("Now I know: "+item.Learned)),
		u.conflict(item),
	)
	return entryRow("unseen work", item.Text, details,
		func(ctx app.Context, e app.Event) {
			u.editingID, u.err = item.ID, ""
			u.editFrom = ritual.UnseenInput{Kind: item.Kind, Text: item.Text, Learned: item.Learned}
			u.editing = u.editFrom
		},
		func(ctx app.Context, e app.Event) {
			u.err = fieldText(u.Edit(func(d *ritual.Day, _ time.Time) error { return d.RemoveUnseen(item.ID) }))
		})
}

func (u *unseenEditor) add(ctx app.Context) {
	in := u.draft
	err := u.Edit(func(d *ritual.Day, now time.Time) error { _, err := d.AddUnseen(in, now); return err })
	u.err = fieldText(err)
	if err == nil {
		u.draft.Text, u.draft.Learned = clearSaved("unseen-text", in.Text), clearSaved("unseen-learned", in.Learned)
		u.Drafts.keep("unseen-text", u.draft.Text)
		u.Drafts.keep("unseen-learned", u.draft.Learned)
	}
}

func (u *unseenEditor) save(ctx app.Context) {
	id, in := u.editingID, u.editing
	err := u.Edit(func(d *ritual.Day, now time.Time) error { return d.EditUnseen(id, in, now) })
	u.err = fieldText(err)
	if err == nil {
		u.editingID = ""
	}
}

func (u *unseenEditor) cancel(ctx app.Context, e app.Event) { u.editingID, u.err = "", "" }

func (u *unseenEditor) conflict(item ritual.Unseen) app.UI {
	if item.ConflictWith == "" {
		return nil
	}
	return conflictNote("unseen work", item.ID, item.Text, u.Edit, func(err error) { u.err = fieldText(err) })
}
