package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// syncDriver starts the syncer on the first page shown and syncs at once
// when the browser comes back online. It renders nothing.
type syncDriver struct {
	app.Compo
	Env *Env
}

func (d *syncDriver) OnMount(ctx app.Context) {
	if d.Env == nil {
		return
	}
	d.Env.Syncer.Start(ctx)
	if !onlineListening {
		onlineListening = true
		env := d.Env // the listener outlives this component: it reads the Env's Syncer of the moment
		app.Window().AddEventListener("online", func(ctx app.Context, e app.Event) { env.Syncer.Now() })
	}
}

// onlineListening keeps one listener for the whole app.
var onlineListening bool

func (d *syncDriver) Render() app.UI { return app.Span().Hidden(true) }
