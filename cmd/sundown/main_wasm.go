//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/store"
	"github.com/remoteml/sundown/app/ui"
)

// In the browser the binary is the app: it opens the browser's storage and
// hands it to the pages.
func main() {
	// The runtime and every package's init have just run in one browser
	// task, the longest of a start; the app's own start and first render
	// would make it longer still. Ending the task here lets the browser
	// paint and answer input in between (a page that does not for 50 ms
	// feels stuck, and Lighthouse counts each such task against it).
	yieldToBrowser()
	env := &ui.Env{Now: ui.BrowserClock()}
	if kv, err := store.NewLocalStorage(); err != nil {
		env.StoreErr = err
	} else if env.Store, err = store.Open(kv); err != nil {
		env.StoreErr = err
	}
	if env.Store != nil {
		if err := env.StartSync(); err != nil {
			env.StoreErr = err
		}
	}
	ui.Routes(env)
	app.RunWhenOnBrowser()
}

// yieldToBrowser ends the browser task the Go code runs in and carries on
// in a new one: main waits for a zero-delay timer, Go's scheduler has nothing
// else to run, so it hands control back to the page until the timer fires.
func yieldToBrowser() {
	resumed := make(chan struct{})
	var resume js.Func
	resume = js.FuncOf(func(js.Value, []js.Value) any {
		resume.Release()
		close(resumed)
		return nil
	})
	js.Global().Call("setTimeout", resume, 0)
	<-resumed
}
