package ui

import (
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// loopsEditor turns what is still on the mind into plans: each open loop
// gets a next step and a when. In the ritual it also shows the loops still
// open from earlier days, so they can be closed instead of carried forever.
type loopsEditor struct {
	app.Compo
	Loops        []ritual.OpenLoop
	Earlier      []ritual.LoopRef
	Edit         editFunc
	CloseEarlier func(ritual.LoopRef) error
	Style        ritual.Style // how dates are written
	Drafts       drafts       // what is typed in the add form, kept until it is added

	draft     ritual.LoopInput
	draftDate string
	shown     ritual.LoopInput // the draft the add form was rendered with
	draftsFor ritual.Date      // the day whose drafts draft and shown are
	err       string
	editingID string
	editFrom  ritual.LoopInput // what the edit began with, what the fields show
	editing   ritual.LoopInput
	editDate  string
}

func (l *loopsEditor) OnInit() { l.loadDrafts() }

func (l *loopsEditor) OnUpdate(ctx app.Context) {
	if l.draftsFor != l.Drafts.date {
		l.loadDrafts()
		showDraft("loop-text", l.draft.Text)
		showDraft("loop-next", l.draft.NextStep)
		showDraft("loop-when", string(l.draft.When.Kind))
	}
}

// loopWhens are the plans a loop can have, in the order offered.
var loopWhens = []ritual.WhenKind{ritual.WhenTomorrow, ritual.WhenThisWeek, ritual.WhenSomeday, ritual.WhenOnDate}

// loadDrafts reads the add form's drafts: the loop, its next step and its
// plan (tomorrow unless another was chosen).
func (l *loopsEditor) loadDrafts() {
	l.draftsFor = l.Drafts.date
	when := ritual.WhenKind(l.Drafts.get("loop-when"))
	if !slices.Contains(loopWhens, when) {
		when = ritual.WhenTomorrow
	}
	l.draft = ritual.LoopInput{Text: l.Drafts.get("loop-text"), NextStep: l.Drafts.get("loop-next"), When: ritual.When{Kind: when}}
	l.draftDate = l.Drafts.get("loop-date")
	l.shown = l.draft
}

func (l *loopsEditor) Render() app.UI {
	return app.Div().Class("editor").Body(
		app.If(len(l.Earlier) > 0, l.earlier()),
		app.Form().Class("add-form stacked").OnSubmit(submitOnly(l.add)).Body(
			l.fields("loop", l.shown, &l.draft, &l.draftDate, l.Drafts),
			app.Button().Type("submit").Text("Add"),
			fieldError("loop-error", l.err),
		),
		app.Ul().Class("entries").Aria("label", "Open loops").Body(
			app.Range(l.Loops).Slice(func(i int) app.UI { return l.row(l.Loops[i]) }),
		),
	)
}

func (l *loopsEditor) earlier() app.UI {
	return app.Section().Class("earlier").Aria("labelledby", "earlier-title").Body(
		app.H3().ID("earlier-title").Text("Still open from earlier days"),
		app.Ul().Class("entries").Body(app.Range(l.Earlier).Slice(func(i int) app.UI {
			ref := l.Earlier[i]
			return app.Li().Class("entry").Body(
				app.Div().Class("entry-text").Body(
					app.Span().Text(ref.Loop.Text),
					app.Span().Class("entry-details").Text(planText(ref.Loop)+" · from "+l.Style.Short(ref.Date)),
				),
				app.Button().Type("button").Class("quiet").Text("Close").Aria("label", "Close loop: "+ref.Loop.Text).
					OnClick(func(ctx app.Context, e app.Event) { l.err = fieldText(l.CloseEarlier(ref)) }),
			)
		})),
	)
}

// fields renders the loop's text, next step and when, showing shown's
// texts, bound to in and kept in kept; the date picker appears only for a
// plan on a specific day.
func (l *loopsEditor) fields(prefix string, shown ritual.LoopInput, in *ritual.LoopInput, date *string, kept drafts) app.UI {
	return app.Div().Class("fields").Body(
		keptField(prefix+"-text", "Open loop", shown.Text, &in.Text, kept),
		keptField(prefix+"-next", "Next step", shown.NextStep, &in.NextStep, kept),
		app.Div().Class("field").Body(
			app.Label().For(prefix+"-when").Text("When"),
			app.Select().ID(prefix+"-when").OnChange(kept.keeping(prefix+"-when", l.ValueTo(&in.When.Kind))).Body(
				app.Range(loopWhens).Slice(func(i int) app.UI {
					return app.Option().Value(string(loopWhens[i])).Selected(loopWhens[i] == in.When.Kind).
						Text(ritual.When{Kind: loopWhens[i]}.KindLabel())
				}),
			),
		),
		app.If(in.When.Kind == ritual.WhenOnDate, app.Div().Class("field").Body(
			app.Label().For(prefix+"-date").Text("Date"),
			app.Input().Type("date").ID(prefix+"-date").Value(*date).OnChange(kept.keeping(prefix+"-date", l.ValueTo(date))),
		)),
	)
}

func (l *loopsEditor) row(loop ritual.OpenLoop) app.UI {
	if loop.ID == l.editingID {
		return app.Li().Class("entry editing").Body(
			app.Form().Class("edit-form stacked").OnSubmit(submitOnly(l.save)).Body(
				l.fields("loop-edit", l.editFrom, &l.editing, &l.editDate, drafts{}),
				app.Button().Type("submit").Text("Save"),
				app.Button().Type("button").Class("quiet").Text("Cancel").OnClick(l.cancel),
			),
		)
	}
	closeLabel := "Close"
	if !loop.IsOpen() {
		closeLabel = "Reopen"
	}
	var conflict app.UI
	if loop.ConflictWith != "" {
		conflict = conflictNote("open loop", loop.ID, loop.Text, l.Edit, func(err error) { l.err = fieldText(err) })
	}
	details := app.Span().Class("entry-details").Body(
		conflict,
		app.Span().Text(planText(loop)),
		app.Button().Type("button").Class("quiet").Text(closeLabel).Aria("label", closeLabel+" loop: "+loop.Text).
			OnClick(func(ctx app.Context, e app.Event) {
				l.err = fieldText(l.Edit(func(d *ritual.Day, now time.Time) error { return d.SetLoopClosed(loop.ID, loop.IsOpen(), now) }))
			}),
	)
	return entryRow("open loop", loop.Text, details,
		func(ctx app.Context, e app.Event) {
			l.editingID, l.err = loop.ID, ""
			l.editFrom = ritual.LoopInput{Text: loop.Text, NextStep: loop.NextStep, When: loop.When}
			l.editing = l.editFrom
			l.editDate = loop.When.Date.String()
		},
		func(ctx app.Context, e app.Event) {
			l.err = fieldText(l.Edit(func(d *ritual.Day, _ time.Time) error { return d.RemoveLoop(loop.ID) }))
		})
}

// planText says what happens next with a loop, in a few words.
func planText(loop ritual.OpenLoop) string {
	text := loop.When.Label()
	if loop.NextStep != "" {
		text = "Next: " + loop.NextStep + " · " + text
	}
	if !loop.IsOpen() {
		text = "Closed · " + text
	}
	return text
}

// withDate completes a plan with the date typed in the date picker.
func withDate(in ritual.LoopInput, date string) (ritual.LoopInput, error) {
	if in.When.Kind != ritual.WhenOnDate {
		in.When.Date = ritual.Date{}
		return in, nil
	}
	var err error
	in.When.Date, err = ritual.ParseDate(date)
	return in, err
}

func (l *loopsEditor) add(ctx app.Context) {
	in, err := withDate(l.draft, l.draftDate)
	if err == nil {
		err = l.Edit(func(d *ritual.Day, now time.Time) error { _, err := d.AddLoop(in, now); return err })
	}
	l.err = fieldText(err)
	if err == nil {
		l.draft.Text, l.draft.NextStep = clearSaved("loop-text", in.Text), clearSaved("loop-next", in.NextStep)
		l.Drafts.keep("loop-text", l.draft.Text)
		l.Drafts.keep("loop-next", l.draft.NextStep)
	}
}

func (l *loopsEditor) save(ctx app.Context) {
	id := l.editingID
	in, err := withDate(l.editing, l.editDate)
	if err == nil {
		err = l.Edit(func(d *ritual.Day, now time.Time) error { return d.EditLoop(id, in, now) })
	}
	l.err = fieldText(err)
	if err == nil {
		l.editingID = ""
	}
}

func (l *loopsEditor) cancel(ctx app.Context, e app.Event) { l.editingID, l.err = "", "" }
