//go:build js && wasm

package main

import (
	"fmt"

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
	ui.KeepFormsInThePage()
	env := &ui.Env{Now: ui.BrowserClock(), Locale: ui.BrowserLocale()}
	env.Store, env.StoreErr = openStorage()
	if env.Store != nil {
		if err := env.StartSync(); err != nil {
			env.StoreErr = err
		}
	}
	ui.Routes(env)
	app.RunWhenOnBrowser()
}

// openStorage opens the days in IndexedDB, moving them there from
// localStorage the first time (earlier versions kept them there). If the
// move cannot be made, the data stays in localStorage, the app works from
// there and says so, and the next start tries again.
func openStorage() (*store.Store, error) {
	local, err := store.NewLocalStorage()
	if err != nil {
		return nil, err
	}
	db, err := store.OpenIndexedDB()
	if err == nil {
		_, err = store.Move(local, db)
	}
	if err != nil {
		s, openErr := store.OpenWith(local, local)
		if openErr != nil {
			return nil, openErr
		}
		return s, fmt.Errorf("%w (%v). Your days are safe where they were, in the browser's older storage, and Sundown works from there; it tries again at the next start", store.ErrMoveFailed, err)
	}
	s, err := store.OpenWith(db, local)
	return s, err
}
