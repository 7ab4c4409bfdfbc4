package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/store"
)

// drafts keeps what is typed into a day's add forms on this device as it is
// typed, until it is added (see store.Store.Draft): words typed and never
// added are there again when the day is opened next, after the tab was
// closed or the page reloaded. The zero drafts keeps nothing (an edit form,
// a page rendered on the server).
type drafts struct {
	store *store.Store
	date  ritual.Date
}

// draftsOf keeps the drafts of date's add forms.
func draftsOf(env *Env, date ritual.Date) drafts {
	if !env.ready() {
		return drafts{}
	}
	return drafts{store: env.Store, date: date}
}

// get is what was kept for the field id.
func (d drafts) get(id string) string {
	if d.store == nil {
		return ""
	}
	return d.store.Draft(d.date, id)
}

// keep keeps text as what the field id holds. A refusal keeps nothing: the
// words are still in the field, as they were before drafts.
func (d drafts) keep(id, text string) {
	if d.store != nil {
		_ = d.store.KeepDraft(d.date, id, text)
	}
}

// keeping is handler, after which the field's value is kept as the draft
// of id.
func (d drafts) keeping(id string, handler app.EventHandler) app.EventHandler {
	if d.store == nil {
		return handler
	}
	return func(ctx app.Context, e app.Event) {
		handler(ctx, e)
		d.keep(id, ctx.JSSrc().Get("value").String())
	}
}

// showDraft puts the draft text into the field id when the form stays on screen
// for another day (go-app writes a field's value only when it differs from
// the one it rendered last, which is not what the field holds after typing).
func showDraft(id, text string) {
	if !app.IsClient {
		return
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Set("value", text)
	}
}
