package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// storageCard says how much room Sundown takes and has in this browser,
// and whether the browser keeps it for good (persistent storage) or may
// delete it when space runs low, with what to do about it.
type storageCard struct {
	app.Compo
	env *Env

	state  storageState
	asking bool
}

// storageChangedAction says that much was written, or refused for want of
// room: the card asks the browser again.
const storageChangedAction = "sundown-storage-changed"

func (c *storageCard) OnMount(ctx app.Context) {
	c.refresh(ctx)
	ctx.Handle(storageChangedAction, func(ctx app.Context, a app.Action) { c.refresh(ctx) })
}

// refresh asks the browser, off the UI goroutine, and shows its answer.
func (c *storageCard) refresh(ctx app.Context) {
	ctx.Async(func() {
		state := readStorageState()
		ctx.Dispatch(func(app.Context) { c.state, c.asking = state, false })
	})
}

func (c *storageCard) Render() app.UI {
	return app.Section().ID("storage").Class("card").Aria("labelledby", "storage-title").Body(
		app.H2().ID("storage-title").Text("Storage"),
		app.P().Class("storage-use").Text(c.useText()),
		app.P().Class("storage-persistence").Text(c.persistenceText()),
		app.If(c.state.known && !c.state.persistent, app.Button().Type("button").Class("secondary").
			Text("Ask the browser to keep it").Disabled(c.asking).OnClick(c.ask)),
	)
}

func (c *storageCard) useText() string {
	if !c.state.known {
		return "This browser does not say how much room Sundown has."
	}
	return fmt.Sprintf("Sundown and its offline copy take %s of the %s this browser gives it.", sizeText(c.state.used), sizeText(c.state.available))
}

func (c *storageCard) persistenceText() string {
	switch {
	case !c.state.known:
		return ""
	case c.state.persistent:
		return "The browser keeps this storage for good: it does not delete it when space runs low."
	}
	return "The browser may delete this storage when space runs low (Safari also does after seven days without a visit, unless Sundown is installed). Keep a copy: export a backup now and then, or turn on sync."
}

func (c *storageCard) ask(ctx app.Context, e app.Event) {
	c.asking = true
	ctx.Async(func() {
		askPersistentStorage()
		c.env.Store.SetPersistAsked()
		state := readStorageState()
		ctx.Dispatch(func(app.Context) { c.state, c.asking = state, false })
	})
}

// sizeText writes a number of bytes the way people read them.
func sizeText(b float64) string {
	switch {
	case b >= 1e9:
		return fmt.Sprintf("%.1f GB", b/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.1f MB", b/1e6)
	case b >= 1e3:
		return fmt.Sprintf("%.0f KB", b/1e3)
	}
	return fmt.Sprintf("%.0f bytes", b)
}
