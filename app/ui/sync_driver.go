package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// syncDriver starts the app's background work on the first page shown:
// the syncer, a sync at once when the browser comes back online, and the
// pages read again when another tab saves. It renders nothing.
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
	}
}

// listening keeps one of each listener for the whole app.
var listening bool

func (d *syncDriver) Render() app.UI { return app.Span().Hidden(true) }
