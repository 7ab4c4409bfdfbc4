//go:build js && wasm

package ui

import (
	"context"
	"errors"
	"syscall/js"
	"time"
)

// syncLock names the browser lock (Web Locks) a tab holds while it syncs.
const syncLock = "sundown-sync"

// errLockWait is a sync that waited its whole time for another tab's.
var errLockWait = errors.New("another window of Sundown was syncing all this time; this one tries again later")

// oneTabAtATime runs sync while this tab holds the browser's lock of
// Sundown's sync, waiting while another tab (or the installed app) holds
// it. Each tab runs its own Syncer, and all of them are the same device to
// the server: two syncs at once would give the same mutation numbers to
// different changes, and the server would answer one tab with the other's
// results. Where the browser has no Web Locks, sync runs at once.
func oneTabAtATime(ctx context.Context, sync func()) error {
	locks := js.Global().Get("navigator").Get("locks")
	if !locks.Truthy() {
		sync()
		return nil
	}
	granted := make(chan js.Value, 1) // releases the lock when called
	abandoned := false
	held := js.FuncOf(func(js.Value, []js.Value) any {
		if abandoned {
			return nil // given up waiting: the lock goes at once
		}
		var hold js.Func
		hold = js.FuncOf(func(_ js.Value, args []js.Value) any {
			granted <- args[0]
			hold.Release()
			return nil
		})
		return js.Global().Get("Promise").New(hold)
	})
	waiting := js.Global().Get("AbortController").New()
	request := locks.Call("request", syncLock, map[string]any{"signal": waiting.Get("signal")}, held)
	go func() { // the callback may be called until the request settles
		awaitPromise(request)
		held.Release()
	}()
	// Chromium (headless, on a busy machine) has been seen to grant the lock
	// to a tab that waited for it and not call that tab back until the tab
	// next used the lock API: the sync went on waiting, and held the lock
	// from every other tab, until its time ran out. Asking for the locks'
	// state now and then while waiting makes the browser deliver the grant.
	nudge := time.NewTicker(lockNudge)
	defer nudge.Stop()
	for {
		select {
		case release := <-granted:
			defer release.Invoke()
			sync()
			return nil
		case <-nudge.C:
			locks.Call("query")
		case <-ctx.Done():
			abandoned = true
			waiting.Call("abort")
			select {
			case release := <-granted: // granted just as the wait ended
				release.Invoke()
			default:
			}
			return errLockWait
		}
	}
}

// lockNudge is how often a sync that waits for the lock asks for the
// locks' state (see oneTabAtATime).
const lockNudge = 2 * time.Second
