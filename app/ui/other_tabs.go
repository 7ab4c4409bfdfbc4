package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// otherTabAction tells the pages that another tab of the app (or the
// installed app beside a browser tab) changed what is stored.
const otherTabAction = "sundown-other-tab"

// otherTabsQuiet is how long the other tabs' changes must pause before the
// pages read again: an import in another tab writes thousands of days,
// which should make one reload, not thousands.
const otherTabsQuiet = 250 * time.Millisecond

// watchOtherTabs makes the pages show what other tabs save, as they do what
// a sync brings (reloadOnChanges). ctx is the app's first context: it
// outlives the page it came from.
func watchOtherTabs(ctx app.Context, env *Env) {
	if env.Store == nil {
		return
	}
	var quiet *time.Timer // each change starts the pause again
	reload := func() { ctx.Dispatch(func(ctx app.Context) { ctx.NewAction(otherTabAction) }) }
	env.Store.WatchOtherTabs(
		func(fn func()) { ctx.Dispatch(func(app.Context) { fn() }) },
		func() {
			if quiet == nil {
				quiet = time.AfterFunc(otherTabsQuiet, reload)
			} else {
				quiet.Reset(otherTabsQuiet)
			}
		})
}
