package ui

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/store"
	syncproto "github.com/remoteml/sundown/app/sync"
)

// Syncer runs the sync engine for the app: a few seconds after edits, every
// minute while open, when the browser comes back online, and on "Sync now";
// after a failure it waits longer each time (with jitter, so devices do not
// retry in step), up to five minutes.
type Syncer struct {
	env     *Env
	cfg     store.SyncConfig
	engine  *syncproto.Engine
	records *store.Replica // kept across runs: it knows which record is which day
	started bool
	running bool
	again   bool

	lastSynced time.Time
	lastTry    time.Time
	problem    string
	failures   int
	retryAt    time.Time
}

// syncStatusAction tells the pages that the sync status changed.
const syncStatusAction = "sundown-sync-status"

const (
	syncTick     = 5 * time.Second // how often it looks for edits to send
	syncPeriod   = time.Minute     // how often it pulls when nothing changed here
	maxSyncDelay = 5 * time.Minute
)

// newSyncer prepares sync for a device that is set up for it.
func newSyncer(env *Env, cfg store.SyncConfig) (*Syncer, error) {
	keys, err := syncproto.KeyringFromDataKey(cfg.User, cfg.DataKey)
	if err != nil {
		return nil, err
	}
	s := &Syncer{env: env, cfg: cfg}
	s.engine = &syncproto.Engine{Keys: keys, Schema: storeSchema,
		Transport: newTransport(cfg.Server, cfg.Token)}
	s.records = &store.Replica{Store: env.Store, RecordID: keys.RecordID}
	return s, nil
}

// storeSchema is sealed with each record: the version of the records'
// plaintext format (a day, the settings, the checklist as JSON).
const storeSchema = 3

// replica is the engine's storage for one run, bound to the UI goroutine.
func (s *Syncer) replica(ctx app.Context) syncproto.Replica {
	return &uiReplica{ctx: ctx, inner: s.records, read: map[string][]byte{}}
}

// Start begins syncing; later calls do nothing.
func (s *Syncer) Start(ctx app.Context) {
	if s == nil || s.started || !app.IsClient {
		return
	}
	s.started = true
	s.run(ctx)
	s.tick(ctx)
}

func (s *Syncer) tick(ctx app.Context) {
	time.AfterFunc(syncTick, func() {
		ctx.Dispatch(func(ctx app.Context) {
			if s.due() {
				s.run(ctx)
			}
			s.tick(ctx)
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
	return s.waiting() > 0 || now.Sub(s.lastTry) >= syncPeriod
}

// Now syncs at once, whatever the delay (the "Sync now" button, the browser
// coming back online).
func (s *Syncer) Now(ctx app.Context) {
	if s != nil {
		s.retryAt = time.Time{}
		s.run(ctx)
	}
}

func (s *Syncer) run(ctx app.Context) {
	if s.running {
		s.again = true
		return
	}
	s.running, s.lastTry = true, time.Now()
	replica := s.replica(ctx)
	engine := *s.engine
	engine.Replica = replica
	ctx.Async(func() {
		rc, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		rep, err := engine.Sync(rc)
		cancel()
		ctx.Dispatch(func(ctx app.Context) { s.finished(ctx, rep, err) })
	})
}

func (s *Syncer) finished(ctx app.Context, rep syncproto.Report, err error) {
	s.running = false
	if err != nil {
		s.failures++
		delay := min(maxSyncDelay, 5*time.Second<<min(s.failures-1, 6))
		delay += time.Duration(rand.Int64N(int64(delay / 2))) // jitter
		s.retryAt = time.Now().Add(delay)
		s.problem = syncProblem(err)
	} else {
		s.failures, s.problem, s.retryAt = 0, "", time.Time{}
		s.lastSynced = time.Now()
	}
	// The value says whether days changed here, so open pages reload them.
	ctx.NewActionWithValue(syncStatusAction, rep.Pulled > 0)
	if s.again && err == nil {
		s.again = false
		s.run(ctx)
	}
}

// syncProblem says what went wrong in words a user can act on.
func syncProblem(err error) string {
	var se *syncproto.ServerError
	switch {
	case errors.Is(err, syncproto.ErrUnauthorized):
		return "this device is no longer paired (it was revoked, or the server was restored from a backup older than the pairing): turn sync off and pair it again with a new code. Your days stay here"
	case errors.As(err, &se):
		return se.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return "the server took too long to answer"
	}
	return "the server cannot be reached"
}

// waiting counts the days with changes not yet sent.
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
		if waiting > 0 {
			line = fmt.Sprintf("Offline — %s waiting. ", plural(waiting, "change")) + line
		}
		return line
	case s.running:
		return "Syncing…"
	case s.lastSynced.IsZero():
		return "Not synced yet"
	case waiting > 0:
		return fmt.Sprintf("%s waiting to be sent", plural(waiting, "change"))
	}
	return "Synced " + ago(now.Sub(s.lastSynced))
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

// reloadAfterSync makes a page read its data again when a sync brought
// changes from another device.
func reloadAfterSync(ctx app.Context, reload func(app.Context)) {
	ctx.Handle(syncStatusAction, func(ctx app.Context, a app.Action) {
		if pulled, _ := a.Value.(bool); pulled {
			reload(ctx)
		}
	})
}
