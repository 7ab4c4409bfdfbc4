package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// syncDriver starts the app's background work on the first page shown:
// the syncer, a sync at once when the browser comes back online, the pages
// read again when another tab saves, and the field being typed in saved as
// the page goes away. It renders nothing.
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
	}
}

// leaveTheField saves the words being typed as the page goes away (the tab
// closed or reloaded, another site opened): the browser leaves the field
// without the change event that saves a line. Leaving it fires that event,
// whose save begins at once; the store notes the edit in the device's
// storage before writing it to the database, and the next start finishes
// it should the page be gone before the database has it.
func leaveTheField(ctx app.Context, e app.Event) {
	if field := app.Window().Get("document").Get("activeElement"); field.Truthy() {
		field.Call("blur")
	}
}

// listening keeps one of each listener for the whole app.
var listening bool

func (d *syncDriver) Render() app.UI { return app.Span().Hidden(true) }
