//go:build !(js && wasm)

package ui

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/server"
	"github.com/remoteml/sundown/app/server/sqlite"
	"github.com/remoteml/sundown/app/store"
)

// syncTestServer is a real sync server (SQLite in a temporary folder) with
// a user, and a way to make pairing codes for them.
func syncTestServer(t *testing.T) (url string, db *sqlite.DB, code func() string) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"wasm_exec.js", "app.wasm", "kdf.wasm", "calendar.wasm"} {
		os.WriteFile(filepath.Join(dir, f), []byte("built"), 0o644)
	}
	db, err := sqlite.Open(filepath.Join(dir, "sundown.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h, err := server.New(server.Config{Files: os.DirFS(dir), Sync: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	first := true
	code = func() string {
		c := server.NewPairingCode()
		hash, now := server.HashSecret(server.NormalizeCode(c)), time.Now()
		if first {
			err = db.AddUser(context.Background(), "ana", hash, now.Add(time.Hour), now)
		} else {
			err = db.AddCode(context.Background(), "ana", hash, now.Add(time.Hour))
		}
		first = false
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return srv.URL, db, code
}

// pumpUntil runs the app's UI goroutine (what the browser's event loop does
// for go-app) until done reports true.
func pumpUntil(t *testing.T, disp app.ClientDispatcher, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute) // a guard against a hang, not a budget
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: it never happened", what)
		}
		disp.Consume()
		time.Sleep(5 * time.Millisecond)
	}
}

// serverRecords counts the records the server holds for the user.
func serverRecords(t *testing.T, db *sqlite.DB, token string) int {
	t.Helper()
	_, page, err := db.Pull(context.Background(), server.HashSecret(token), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Records)
}

// Sync runs for the app, not for the page that turned it on: the set-up
// form is gone (the user went to History while the key was being made),
// and still the first sync finishes and the days reach the server; pages
// come and go and sync carries on; turned off and on, one engine runs.
func TestSyncOutlivesThePagesThatStartIt(t *testing.T) {
	url, db, newCode := syncTestServer(t)
	env, kv := testEnv(t)
	saveDay(t, env, "2026-11-24", func(d *ritual.Day) { d.AddWin("Written before sync", evening) })

	card := &syncCard{env: env}
	disp := app.NewClientTester(card)
	t.Cleanup(disp.Close)
	card.server, card.code, card.passphrase = url, newCode(), "correct horse battery"
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: card, Function: func(ctx app.Context) { card.turnOn(ctx) }})
	disp.Consume()
	disp.Mount(&historyPage{env: env}) // the card is unmounted before the set-up is done
	pumpUntil(t, disp, "the first sync", func() bool {
		return env.Syncer != nil && !env.Syncer.lastSynced.IsZero()
	})
	first := env.Syncer
	token := first.cfg.Token
	if n := serverRecords(t, db, token); n < 2 { // the account key and the day
		t.Fatalf("the server holds %d records after the first sync", n)
	}
	if status := first.Status(time.Now()); status != "Synced just now" {
		t.Fatalf("status %q", status)
	}

	// Another page, an edit, a sync: the Syncer still comes back.
	disp.Mount(&todayPage{env: env})
	disp.Consume()
	before := serverRecords(t, db, token)
	saveDay(t, env, "2026-11-25", func(d *ritual.Day) { d.AddWin("Written after navigating", evening) })
	synced := first.lastSynced
	first.Now()
	pumpUntil(t, disp, "the sync after navigating", func() bool { return first.lastSynced.After(synced) && !first.running })
	if n := serverRecords(t, db, token); n != before+1 {
		t.Fatalf("the server holds %d records, want %d: the edit made after navigating was not sent", n, before+1)
	}

	// Off and on again: the first engine is stopped for good.
	if err := env.turnOffSync(); err != nil {
		t.Fatal(err)
	}
	card = &syncCard{env: env}
	disp.Mount(card)
	disp.Consume()
	card.server, card.code, card.passphrase = url, newCode(), "correct horse battery"
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: card, Function: func(ctx app.Context) { card.turnOn(ctx) }})
	pumpUntil(t, disp, "the sync of the second pairing", func() bool {
		return env.Syncer != nil && env.Syncer != first && !env.Syncer.lastSynced.IsZero()
	})
	lastTry := first.lastTry
	saveDay(t, env, "2026-11-26", func(d *ritual.Day) { d.AddWin("Written after turning sync on again", evening) })
	first.Now() // a stale button or listener: a stopped Syncer does nothing
	second := env.Syncer
	synced = second.lastSynced
	second.Now()
	pumpUntil(t, disp, "the second engine's sync", func() bool { return second.lastSynced.After(synced) && !second.running })
	if !first.lastTry.Equal(lastTry) || first.running {
		t.Fatal("the Syncer turned off ran again")
	}
	if dirty, _ := second.records.Dirty(); len(dirty) != 0 {
		t.Fatalf("%d records still to send", len(dirty))
	}
	if html := app.HTMLString(card); !strings.Contains(html, "Synced just now") {
		t.Errorf("the card does not say it synced: %s", html)
	}
	second.Stop()

	// The app opened again: the first page starts the Syncer, and it
	// carries on once that page is gone.
	reopened, err := store.Open(kv)
	if err != nil {
		t.Fatal(err)
	}
	again := &Env{Store: reopened, Now: env.Now}
	if err := again.StartSync(); err != nil || again.Syncer == nil {
		t.Fatalf("sync is not set up after reopening: %v", err)
	}
	disp2 := app.NewClientTester(&todayPage{env: again})
	t.Cleanup(disp2.Close)
	pumpUntil(t, disp2, "the first sync after reopening", func() bool { return !again.Syncer.lastSynced.IsZero() && !again.Syncer.running })
	disp2.Mount(&historyPage{env: again})
	disp2.Consume()
	before = serverRecords(t, db, again.Syncer.cfg.Token)
	saveDay(t, again, "2026-11-27", func(d *ritual.Day) { d.AddWin("Written after reopening", evening) })
	synced = again.Syncer.lastSynced
	again.Syncer.Now()
	pumpUntil(t, disp2, "a sync once the first page is gone", func() bool { return again.Syncer.lastSynced.After(synced) && !again.Syncer.running })
	if n := serverRecords(t, db, again.Syncer.cfg.Token); n != before+1 {
		t.Fatalf("the server holds %d records, want %d", n, before+1)
	}
}
