//go:build js && wasm

package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/store"
	"github.com/remoteml/sundown/app/ui"
)

// In the browser the binary is the app: it opens the browser's storage and
// hands it to the pages. It goes straight on to the first page: yielding to
// the browser first would split the start into two shorter tasks (less
// Total Blocking Time for Lighthouse) at the cost of a frame before the
// first screen, and the first screen is what people wait for.
func main() {
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
