package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/seal"
	"github.com/remoteml/sundown/app/store"
	"github.com/remoteml/sundown/app/syncengine"
)

// defaultDevice is the name a device gets unless the user types another.
const defaultDevice = "This browser"

// syncCard sets up sync on this device, shows how it is going, and turns it
// off. Set-up: the server's address, the pairing code printed by
// `sundown user add`, and the account's passphrase. The passphrase never
// leaves the device; only data sealed with keys derived from it does.
type syncCard struct {
	app.Compo
	env *Env

	origin                           string // the page's, the server the form suggests
	server, code, device, passphrase string
	paired                           *protocol.PairResponse // kept when the passphrase was wrong, so the code is not needed again
	busy                             string
	status                           string
	failed                           bool
}

func (c *syncCard) OnMount(ctx app.Context) {
	c.device = defaultDevice
	if app.IsClient {
		c.origin = app.Window().Get("location").Get("origin").String()
		c.server = c.origin
	}
	ctx.Handle(syncStatusAction, func(ctx app.Context, a app.Action) { c.Update() })
}

func (c *syncCard) Render() app.UI {
	body := c.setUpForm()
	if c.env.Syncer != nil {
		body = c.running()
	}
	return app.Section().ID("sync").Class("card").Aria("labelledby", "sync-title").Body(
		app.H2().ID("sync-title").Text("Sync"),
		body,
		statusLine(c.status, c.failed),
	)
}

func (c *syncCard) running() app.UI {
	cfg := c.env.Syncer.cfg
	return app.Div().Body(
		app.P().Text("This device, “"+cfg.Device+"”, syncs with "+cfg.Server+" as "+cfg.User+"."),
		app.P().Class("sync-status").Role("status").Aria("live", "polite").
			DataSet("synced-at", c.env.Syncer.lastSynced.UnixMilli()). // lets tests wait for the next sync
			Text(c.env.Syncer.Status(time.Now())),
		app.Range(c.env.Syncer.Notices()).Slice(func(i int) app.UI {
			return app.P().Class("notice notice-warning sync-notice").Text(c.env.Syncer.Notices()[i])
		}),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("secondary").Text("Sync now").
				OnClick(func(ctx app.Context, e app.Event) { c.env.Syncer.Now() }),
			app.Button().Type("button").Class("quiet").Text("Turn off sync on this device").OnClick(c.turnOff),
		),
	)
}

func (c *syncCard) setUpForm() app.UI {
	return app.Form().Class("stacked").OnSubmit(submitOnly(c.turnOn)).Body(
		hint("Share your days between your devices through your own Sundown server. Everything is encrypted here, with your passphrase, before it leaves this device."),
		// Hidden rather than left out once the device is paired: go-app
		// matches elements by position, and the passphrase field moving up
		// into the server field's place kept that field's input handler.
		app.Div().Hidden(c.paired != nil).Body(
			textField("sync-server", "Server address", c.origin, &c.server),
			textField("sync-code", "Pairing code", "", &c.code),
			textField("sync-device", "Device name", defaultDevice, &c.device),
		),
		app.Div().Class("field").Body(
			app.Label().For("sync-passphrase").Text("Passphrase"),
			app.Input().Type("password").ID("sync-passphrase").AutoComplete(false).OnInput(bindTo(&c.passphrase)),
		),
		hint("The first device chooses the passphrase; every other device needs the same one. There is no way to recover it."),
		app.Button().Type("submit").Class("primary").Text("Turn on sync").Disabled(c.busy != ""),
		app.If(c.busy != "", app.P().Class("hint").Role("status").Text(c.busy)),
	)
}

func (c *syncCard) turnOn(ctx app.Context) {
	if strings.TrimSpace(c.passphrase) == "" || (c.paired == nil && strings.TrimSpace(c.code) == "") {
		c.status, c.failed = "Type the pairing code and the passphrase.", true
		return
	}
	server, code, device, passphrase, paired := strings.TrimRight(c.server, "/"), c.code, c.device, c.passphrase, c.paired
	c.busy, c.status, c.failed = "Pairing this device…", "", false
	// The set-up outlives this card if the user goes to another page: it
	// comes back through the app's own context, and finishes there.
	ui := ctx.Dispatcher().Context()
	engine := &syncengine.Engine{Schema: storeSchema, DeriveKey: deriveInWorker}
	failed := func(err error) { ui.Dispatch(func(app.Context) { c.setUpFailed(err); c.Update() }) }
	go func() { // not ui.Async: this waits for the UI goroutine (see Syncer.run)
		bg, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if paired == nil {
			p, err := pairDevice(bg, server, code, device)
			if err != nil {
				failed(err)
				return
			}
			paired = &p
			account := server + " " + p.User
			done := make(chan error, 1)
			ui.Dispatch(func(ctx app.Context) { done <- syncengine.NewPairing(c.env.Store, account) })
			if err := <-done; err != nil {
				failed(err)
				return
			}
		}
		engine.Transport = newTransport(server, paired.Token)
		engine.Replica = &uiReplica{ui: ui, read: map[string][]byte{}, inner: &syncengine.StoreReplica{Store: c.env.Store,
			RecordID: func(typ, key string) string { return engine.Keys.RecordID(typ, key) }}} // Keys is set once the account is open
		progress := func(step string) {
			ui.Dispatch(func(ctx app.Context) { c.busy = step; c.Update() })
		}
		err := engine.OpenAccount(bg, paired.User, passphrase, progress)
		ui.Dispatch(func(ctx app.Context) {
			c.paired = paired
			if err != nil {
				c.setUpFailed(err)
			} else {
				c.finishSetUp(ctx, server, device, *paired, engine.Keys.DataKey())
			}
			c.Update()
		})
	}()
}

func (c *syncCard) setUpFailed(err error) {
	c.busy, c.failed = "", true
	switch {
	case errors.Is(err, seal.ErrWrongPassphrase):
		c.status = errText(err)
	case errors.Is(err, protocol.ErrUnauthorized):
		c.status = "The pairing code was not accepted (unknown, used or expired): print a new one with `sundown user code NAME` on the server."
	default:
		c.status = "Sync could not be turned on: " + errText(err) + ". Nothing here was changed."
	}
}

func (c *syncCard) finishSetUp(ctx app.Context, server, device string, p protocol.PairResponse, dataKey []byte) {
	cfg := store.SyncConfig{Server: server, Token: p.Token, User: p.User, DeviceID: p.DeviceID, Device: device, DataKey: dataKey}
	if err := c.env.turnOnSync(ctx, cfg); err != nil {
		c.setUpFailed(err)
		return
	}
	c.busy, c.passphrase, c.paired = "", "", nil
	c.status, c.failed = "Sync is on.", false
}

func (c *syncCard) turnOff(ctx app.Context, e app.Event) {
	if err := c.env.turnOffSync(); err != nil {
		c.status, c.failed = errText(err), true
		return
	}
	c.status, c.failed = "Sync is off on this device. Your days stay here.", false
}
