package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// syncDriver starts the app's background work on the first page shown:
// the syncer, a sync at once when the browser comes back online, the pages
// read again when another tab saves, and the field being typed in saved as
// the page is hidden or goes away. It renders nothing.
type syncDriver struct {
	app.Compo
	Env *Env
}

func (d *syncDriver) OnMount(ctx app.Context) {
	if d.Env == nil {
		return
	}
	d.Env.Syncer.Start(ctx)
	if !listening {
		listening = true
		env := d.Env // the listener outlives this component: it reads the Env's Syncer of the moment
		app.Window().AddEventListener("online", func(ctx app.Context, e app.Event) { env.Syncer.Now() })
		watchOtherTabs(ctx, env)
		app.Window().AddEventListener("pagehide", leaveTheField)
		app.Window().AddEventListener("visibilitychange", leaveTheFieldWhileHidden)
	}
}

// leaveTheField saves the words being typed as the page goes away (the tab
// closed or reloaded, another site opened): the browser leaves the field
// without the change event that saves a line. Leaving it fires that event,
// whose save begins at once; the store notes the edit in the device's
// storage before writing it to the database, and the next start finishes
// it should the page be gone before the database has it.
func leaveTheField(ctx app.Context, e app.Event) {
	if field := focusedField(); field != nil {
		field.Call("blur")
	}
}

// leaveTheFieldWhileHidden leaves the field being typed in as the page is
// hidden (another tab, another app, the phone locked), so its words are
// saved: a phone may drop a hidden page later with no pagehide at all. The
// field has its focus back when the page is shown again.
func leaveTheFieldWhileHidden(ctx app.Context, e app.Event) {
	if app.Window().Get("document").Get("visibilityState").String() == "hidden" {
		leftWhileHidden = focusedField()
		leaveTheField(ctx, e)
		return
	}
	field := leftWhileHidden
	leftWhileHidden = nil
	if field != nil && field.Get("isConnected").Bool() && focusedField() == nil {
		field.Call("focus")
	}
}

// leftWhileHidden is the field left as the page was hidden.
var leftWhileHidden app.Value

// focusedField is the element that has the focus, nil when none has.
func focusedField() app.Value {
	doc := app.Window().Get("document")
	field := doc.Get("activeElement")
	if !field.Truthy() || field.Equal(doc.Get("body")) {
		return nil
	}
	return field
}

// listening keeps one of each listener for the whole app.
var listening bool

func (d *syncDriver) Render() app.UI { return app.Span().Hidden(true) }
