package ui

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/seal"
	"github.com/remoteml/sundown/app/store"
	"github.com/remoteml/sundown/app/syncengine"
)

// Syncer runs the sync engine for the app: a few seconds after edits, every
// minute while open, when the browser comes back online, and on "Sync now";
// after a failure it waits longer each time (with jitter, so devices do not
// retry in step), up to five minutes.
//
// There is one for the app, not for a page: it lives from Start to Stop,
// whatever pages come and go. It comes back onto the UI goroutine through
// the app's own context (go-app's body, which is never unmounted): a page's
// or a form's context stops delivering once that component is gone, which
// would leave a sync in flight waiting forever.
type Syncer struct {
	env     *Env
	cfg     store.SyncConfig
	engine  syncengine.Engine
	records *syncengine.StoreReplica // kept for the app's life: it knows which record is which day

	ui      app.Context // the app's own context, from Start on
	started bool
	stopped bool
	cancel  context.CancelFunc // of the sync in flight
	running bool
	again   bool

	lastSynced time.Time
	lastTry    time.Time
	problem    string
	offline    bool // the last failure was the network's
	failures   int
	retryAt    time.Time
	tooLarge   int
	aside      []syncengine.SetAside
}

// syncStatusAction tells the pages that the sync status changed.
const syncStatusAction = "sundown-sync-status"

const (
	syncTick     = 5 * time.Second // how often it looks for edits to send
	syncPeriod   = time.Minute     // how often it pulls when nothing changed here
	maxSyncDelay = 5 * time.Minute
	syncTimeout  = 5 * time.Minute // a whole sync, years of history included
)

// newSyncer prepares sync for a device that is set up for it.
func newSyncer(env *Env, cfg store.SyncConfig) (*Syncer, error) {
	keys, err := seal.KeyringFromDataKey(cfg.User, cfg.DataKey)
	if err != nil {
		return nil, err
	}
	s := &Syncer{env: env, cfg: cfg}
	s.engine = syncengine.Engine{Keys: keys, Schema: storeSchema, Transport: newTransport(cfg.Server, cfg.Token)}
	s.records = &syncengine.StoreReplica{Store: env.Store, RecordID: keys.RecordID}
	return s, nil
}

// storeSchema is sealed with each record: the version of the records'
// plaintext format (a day, the settings, the checklist as JSON).
const storeSchema = 3

// errStopped is what the engine of a stopped Syncer gets from its replica.
var errStopped = errors.New("sync was turned off on this device")

// Start begins syncing; later calls do nothing. ctx may be any component's:
// the Syncer keeps only the app's own context.
func (s *Syncer) Start(ctx app.Context) {
	if s == nil || s.started || s.stopped {
		return
	}
	s.started, s.ui = true, ctx.Dispatcher().Context()
	s.aside, _ = s.records.SetAsideRecords()
	s.run()
	s.tick()
}

// Stop ends syncing for good: the sync in flight is cancelled, and from
// now on its engine can neither read nor write this device's data, so a
// Syncer started after this one (sync turned on again, another pairing)
// is the only one that does. Call it on the UI goroutine.
func (s *Syncer) Stop() {
	if s == nil {
		return
	}
	s.stopped = true
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *Syncer) tick() {
	time.AfterFunc(syncTick, func() {
		s.ui.Dispatch(func(app.Context) {
			if s.stopped {
				return
			}
			if s.due() {
				s.run()
			}
			s.tick()
		})
	})
}

// due reports whether a sync should start now: edits are waiting or the
// period has passed, and no retry delay is running.
func (s *Syncer) due() bool {
	now := time.Now()
	if s.running || now.Before(s.retryAt) {
		return false
	}
	return s.waiting() > s.tooLarge || now.Sub(s.lastTry) >= syncPeriod
}

// Now syncs at once, whatever the delay (the "Sync now" button, the browser
// coming back online).
func (s *Syncer) Now() {
	if s != nil && s.started && !s.stopped {
		s.retryAt = time.Time{}
		s.run()
	}
}

func (s *Syncer) run() {
	if s.running {
		s.again = true
		return
	}
	s.running, s.lastTry = true, time.Now()
	engine := s.engine
	replica := &uiReplica{ui: s.ui, inner: s.records, read: map[string][]byte{}, stopped: &s.stopped}
	engine.Replica = replica
	rc, cancel := context.WithTimeout(context.Background(), syncTimeout)
	s.cancel = cancel
	s.post()
	// A goroutine of its own, not ctx.Async: Async is work a page's
	// prerender waits for, and this work waits for the UI goroutine itself
	// (every replica call is dispatched onto it).
	go func() {
		var rep syncengine.Report
		var err error
		locked := oneTabAtATime(rc, func() {
			// The tab that synced last may have written what this one
			// has not heard of yet: its state, its days.
			if err = replica.onUI(func() error { s.env.Store.ReadAfresh(); return nil }); err == nil {
				rep, err = engine.Sync(rc)
			}
		})
		cancel()
		if err == nil {
			err = locked
		}
		s.ui.Dispatch(func(app.Context) { s.finished(rep, err) })
	}()
}

func (s *Syncer) finished(rep syncengine.Report, err error) {
	s.running, s.cancel = false, nil
	if s.stopped {
		return
	}
	if err != nil {
		s.failures++
		delay := min(maxSyncDelay, 5*time.Second<<min(s.failures-1, 6))
		delay += time.Duration(rand.Int64N(int64(delay / 2))) // jitter
		s.retryAt = time.Now().Add(delay)
		s.problem, s.offline = syncProblem(err), errors.Is(err, protocol.ErrUnreachable)
	} else {
		s.failures, s.problem, s.offline, s.retryAt = 0, "", false, time.Time{}
		s.lastSynced, s.tooLarge = time.Now(), rep.TooLarge
	}
	s.aside, _ = s.records.SetAsideRecords()
	// The value says whether days changed here, so open pages reload them.
	s.ui.NewActionWithValue(syncStatusAction, rep.Pulled > 0)
	if s.again && err == nil {
		s.again = false
		s.run()
	}
}

// post tells the pages the status changed, with nothing to reload.
func (s *Syncer) post() { s.ui.NewActionWithValue(syncStatusAction, false) }

// syncProblem says what went wrong in words a user can act on: the
// network, the server's answer, or this device, never one for another.
func syncProblem(err error) string {
	var se *protocol.ServerError
	switch {
	case errors.Is(err, protocol.ErrUnauthorized):
		return "this device is no longer paired (it was revoked, or the server was restored from a backup older than the pairing): turn sync off and pair it again with a new code. Your days stay here"
	case errors.As(err, &se):
		return "the server refused: " + se.Error()
	case errors.Is(err, protocol.ErrUnreachable):
		return "the server cannot be reached"
	case errors.Is(err, context.DeadlineExceeded):
		return "the server took too long to answer"
	case errors.Is(err, store.ErrFull):
		return "this device's storage is full, so what the server sent could not be saved; everything here is intact. Free some space (other sites' data in the browser's settings), or export a backup"
	}
	return "something went wrong on this device (" + err.Error() + "); your days here are intact"
}

// waiting counts the records with changes not yet sent.
func (s *Syncer) waiting() int {
	dirty, _ := s.records.Dirty()
	return len(dirty)
}

// Status is the sync status line, e.g. "Synced 2 minutes ago".
func (s *Syncer) Status(now time.Time) string {
	waiting := s.waiting()
	switch {
	case s.problem != "" && s.failures > 0:
		wait := max(0, s.retryAt.Sub(now).Round(time.Second))
		line := "Sync problem: " + s.problem + fmt.Sprintf(" — retrying in %s", wait)
		if s.offline && waiting > 0 {
			line = fmt.Sprintf("Offline — %s waiting. ", plural(waiting, "change")) + line
		}
		return line
	case s.running:
		return "Syncing…"
	case s.lastSynced.IsZero():
		return "Not synced yet"
	case waiting > s.tooLarge:
		return fmt.Sprintf("%s waiting to be sent", plural(waiting-s.tooLarge, "change"))
	}
	return "Synced " + ago(now.Sub(s.lastSynced))
}

// Notices are what sync could not do and the user should know: records of
// other devices set aside, records here too large to send.
func (s *Syncer) Notices() []string {
	var out []string
	if n := len(s.aside); n > 0 {
		newer := false
		for _, a := range s.aside {
			newer = newer || a.Newer
		}
		line := fmt.Sprintf("%s from another device could not be read", plural(n, "record"))
		if newer {
			line += ": it may come from a newer version of Sundown — update this device (reload the page)"
		} else {
			line += " (" + s.aside[0].Reason + ")"
		}
		line += fmt.Sprintf(". %s kept aside, unchanged, and tried again when this device is updated", map[bool]string{true: "It is", false: "They are"}[n == 1])
		out = append(out, line+".")
	}
	if s.tooLarge > 0 {
		out = append(out, fmt.Sprintf("%s too large to sync: shorten or remove some of its entries, and it will be sent.", plural(s.tooLarge, "day")+" "+isAre(s.tooLarge)))
	}
	return out
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// ago says a duration the way people do: "just now", "2 minutes ago".
func ago(d time.Duration) string {
	switch m := int(d.Minutes()); {
	case m < 1:
		return "just now"
	case m == 1:
		return "a minute ago"
	case m < 60:
		return fmt.Sprintf("%d minutes ago", m)
	}
	return fmt.Sprintf("at %s", time.Now().Add(-d).Format("15:04"))
}

// reloadOnChanges makes a page read its data again when a sync brought
// changes from another device, or another tab saved some.
func reloadOnChanges(ctx app.Context, reload func(app.Context)) {
	ctx.Handle(syncStatusAction, func(ctx app.Context, a app.Action) {
		if pulled, _ := a.Value.(bool); pulled {
			reload(ctx)
		}
	})
	ctx.Handle(otherTabAction, func(ctx app.Context, a app.Action) { reload(ctx) })
}
