//go:build !(js && wasm)

package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/seal"
	"github.com/remoteml/sundown/app/server/sqlite"
	"github.com/remoteml/sundown/app/server/tables"
	"github.com/remoteml/sundown/app/store"
	"github.com/remoteml/sundown/app/syncengine"
)

// browserDevice is a device as the app will run it: its days in the store
// (in memory here, localStorage in the browser), synced by the engine
// through the store's Replica.
type browserDevice struct {
	kv     *store.MemoryKV
	store  *store.Store
	engine *syncengine.Engine
	token  string
}

func newBrowserDevice(t *testing.T, s *syncServer, user string, keys *seal.Keyring) *browserDevice {
	kv := store.NewMemoryKV()
	st, err := store.Open(kv)
	if err != nil {
		t.Fatal(err)
	}
	st.SetSyncing(true)
	engine := &syncengine.Engine{Keys: keys, Schema: 3, DeriveKey: seal.DeriveHere}
	engine.Replica = &syncengine.StoreReplica{Store: st, RecordID: func(typ, key string) string { return engine.Keys.RecordID(typ, key) }}
	token := s.pair(user)
	engine.Transport = &protocol.Client{BaseURL: s.srv.URL, Token: token, HTTP: http.DefaultClient}
	return &browserDevice{kv: kv, store: st, engine: engine, token: token}
}

func (d *browserDevice) sync(t *testing.T) syncengine.Report {
	t.Helper()
	rep, err := d.engine.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestTwoBrowsersShareADay(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6})
		keys, _ := seal.NewKeyring("ana")
		laptop, phone := newBrowserDevice(t, s, "ana", keys), newBrowserDevice(t, s, "ana", keys)
		date, _ := ritual.ParseDate("2026-11-25")
		at := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)

		day, _ := laptop.store.Day(date)
		day.AddWin("Written on the laptop", at)
		if err := laptop.store.SaveDay(day); err != nil {
			t.Fatal(err)
		}
		if rep := laptop.sync(t); rep.Pushed != 1 {
			t.Fatalf("laptop pushed %d", rep.Pushed)
		}
		if rep := phone.sync(t); rep.Pulled != 1 {
			t.Fatalf("phone pulled %d", rep.Pulled)
		}
		onPhone, _ := phone.store.Day(date)
		if len(onPhone.Wins) != 1 || onPhone.Wins[0].Text != "Written on the laptop" {
			t.Fatalf("the phone has %+v", onPhone.Wins)
		}
		// Both edit the same day before syncing again: both edits survive.
		onPhone.SetNote("Written on the phone", at.Add(time.Minute))
		phone.store.SaveDay(onPhone)
		day, _ = laptop.store.Day(date)
		day.AddWin("Second laptop win", at.Add(2*time.Minute))
		laptop.store.SaveDay(day)
		phone.sync(t)
		laptop.sync(t)
		phone.sync(t)
		for name, d := range map[string]*browserDevice{"laptop": laptop, "phone": phone} {
			got, _ := d.store.Day(date)
			if len(got.Wins) != 2 || got.Note == nil || got.Note.Text != "Written on the phone" {
				t.Fatalf("%s: wins %d, note %+v", name, len(got.Wins), got.Note)
			}
			if dirty, _ := d.engine.Replica.Dirty(); len(dirty) != 0 {
				t.Fatalf("%s still has %d days to send", name, len(dirty))
			}
		}
	})
}

// TestSecondDeviceOpensTheAccountWithThePassphrase sets up sync as a user
// would: the first device makes the key, the second needs the passphrase.
func TestSecondDeviceOpensTheAccountWithThePassphrase(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6})
		ctx := context.Background()
		var steps []string
		progress := func(step string) { steps = append(steps, step) }
		first := newBrowserDevice(t, s, "ana", nil)
		if err := first.engine.OpenAccount(ctx, "ana", "correct horse", progress); err != nil {
			t.Fatal(err)
		}
		if first.engine.Keys == nil || len(steps) != 4 || steps[1] != "Making this account's key…" || steps[3] != "Opening the key with your passphrase…" {
			t.Fatalf("first device: keys %v, steps %v", first.engine.Keys != nil, steps)
		}
		second := newBrowserDevice(t, s, "ana", nil)
		// A day written before sync was set up waits, unsealed, until the account is open.
		early, _ := ritual.ParseDate("2026-11-24")
		earlyDay, _ := second.store.Day(early)
		earlyDay.AddWin("Written before setting up sync", time.Now())
		second.store.SaveDay(earlyDay)
		if err := second.engine.OpenAccount(ctx, "ana", "wrong horse", progress); !errors.Is(err, seal.ErrWrongPassphrase) || second.engine.Keys != nil {
			t.Fatalf("a wrong passphrase: %v", err)
		}
		if err := second.engine.OpenAccount(ctx, "ana", "correct horse", progress); err != nil {
			t.Fatal(err)
		}
		// Both now seal and open each other's days, and the key record is not a day.
		date, _ := ritual.ParseDate("2026-11-25")
		day, _ := first.store.Day(date)
		day.AddWin("From the first device", time.Now())
		first.store.SaveDay(day)
		first.sync(t)
		if rep := second.sync(t); rep.Pulled != 1 || rep.Pushed != 1 {
			t.Fatalf("the second device pulled %d and pushed %d, want the one day each way (not the key)", rep.Pulled, rep.Pushed)
		}
		got, _ := second.store.Day(date)
		if len(got.Wins) != 1 {
			t.Fatal("the second device cannot read the first one's day")
		}
		first.sync(t)
		if got, _ := first.store.Day(early); len(got.Wins) != 1 {
			t.Fatal("the day written before setting up sync did not reach the first device")
		}
	})
}

// TestSettingsAndChecklistFollowTheAccount: choices made on one device reach
// the others, a device that joins later keeps them rather than sending its
// defaults, and choices made on both sides merge.
func TestSettingsAndChecklistFollowTheAccount(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6})
		keys, _ := seal.NewKeyring("ana")
		laptop := newBrowserDevice(t, s, "ana", keys)

		settings := laptop.store.Settings()
		settings.TargetEnd = 17 * 60
		if err := laptop.store.SaveSettings(settings); err != nil {
			t.Fatal(err)
		}
		checklist := laptop.store.Checklist()
		if err := checklist.Add(ritual.Step{Kind: ritual.StepCustom, Title: "Water the plants"}); err != nil {
			t.Fatal(err)
		}
		if err := laptop.store.SaveChecklist(checklist); err != nil {
			t.Fatal(err)
		}
		if rep := laptop.sync(t); rep.Pushed != 2 {
			t.Fatalf("laptop pushed %d records, want the settings and the checklist", rep.Pushed)
		}

		phone := newBrowserDevice(t, s, "ana", keys) // joins later, with defaults
		if rep := phone.sync(t); rep.Pushed != 0 || rep.Pulled != 2 {
			t.Fatalf("the new phone pushed %d and pulled %d", rep.Pushed, rep.Pulled)
		}
		if got := phone.store.Settings(); got.TargetEnd != 17*60 {
			t.Fatalf("the phone's target end is %v", got.TargetEnd)
		}
		if got := phone.store.Checklist(); len(got.Steps) != len(checklist.Steps) {
			t.Fatalf("the phone's checklist has %d steps, want %d", len(got.Steps), len(checklist.Steps))
		}

		// Both change different choices before syncing again: both stay.
		onPhone := phone.store.Settings()
		onPhone.ClosingPhrase = "Laptop lid down"
		phone.store.SaveSettings(onPhone)
		onLaptop := laptop.store.Settings()
		onLaptop.Reminders = true
		laptop.store.SaveSettings(onLaptop)
		phone.sync(t)
		laptop.sync(t)
		phone.sync(t)
		for name, d := range map[string]*browserDevice{"laptop": laptop, "phone": phone} {
			got := d.store.Settings()
			if got.ClosingPhrase != "Laptop lid down" || !got.Reminders || got.TargetEnd != 17*60 {
				t.Fatalf("%s: settings %+v", name, got)
			}
		}
	})
}

// TestDeviceRecoversFromARestoredServer: the server is restored from a
// backup older than the device's last syncs. Its mutation numbers and its
// cursor are now ahead of the server's; it renumbers, sends its whole state
// again, and nothing it wrote is lost.
func TestDeviceRecoversFromARestoredServer(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		limits := RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6}
		s := newSyncServerOn(t, open(t), limits)
		keys, _ := seal.NewKeyring("ana")
		laptop := newBrowserDevice(t, s, "ana", keys)
		at := time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)
		write := func(d *browserDevice, date string, win string) {
			t.Helper()
			day, _ := d.store.Day(mustDate(date))
			day.AddWin(win, at)
			if err := d.store.SaveDay(day); err != nil {
				t.Fatal(err)
			}
		}

		write(laptop, "2026-11-20", "Before the backup")
		laptop.sync(t)
		backup := backUp(t, s.db)
		write(laptop, "2026-11-21", "After the backup")
		write(laptop, "2026-11-22", "Also after it")
		laptop.sync(t)

		restored := restore(t, backup, open, limits)
		laptop.engine.Transport = &protocol.Client{BaseURL: restored.srv.URL, Token: laptop.token, HTTP: http.DefaultClient}
		write(laptop, "2026-11-23", "After the restore")
		laptop.sync(t)
		if dirty, _ := laptop.engine.Replica.Dirty(); len(dirty) != 0 {
			t.Fatalf("after the restore the laptop still has %d records to send", len(dirty))
		}

		phone := newBrowserDevice(t, restored, "ana", keys)
		phone.sync(t)
		for date, win := range map[string]string{"2026-11-20": "Before the backup", "2026-11-21": "After the backup",
			"2026-11-22": "Also after it", "2026-11-23": "After the restore"} {
			got, _ := phone.store.Day(mustDate(date))
			if len(got.Wins) != 1 || got.Wins[0].Text != win {
				t.Errorf("%s on the phone: %+v, want %q", date, got.Wins, win)
			}
		}
	})
}

// failingPulls passes pushes through and fails the next pulls it is told to.
type failingPulls struct {
	syncengine.Transport
	fail int
}

func (f *failingPulls) Pull(ctx context.Context, since int64, limit int) (protocol.PullResponse, error) {
	if f.fail > 0 {
		f.fail--
		return protocol.PullResponse{}, protocol.ErrUnreachable
	}
	return f.Transport.Pull(ctx, since, limit)
}

// The edit that was lost: one replica for as long as the app is open, as
// the UI keeps it; a day created after the first sync; its push applied,
// the pull after it failed (offline for a moment); a second win; sync
// again. Both wins must reach the server and the other device.
func TestAnEditAfterAFailedPullIsKept(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6})
		keys, _ := seal.NewKeyring("ana")
		laptop, phone := newBrowserDevice(t, s, "ana", keys), newBrowserDevice(t, s, "ana", keys)
		earlier, _ := ritual.ParseDate("2026-11-25")
		onPhone := ritual.NewDay(earlier)
		onPhone.AddWin("Written on the phone", time.Now())
		phone.store.SaveDay(onPhone)
		phone.sync(t)
		laptop.sync(t) // the first sync since the app was opened: it brings the phone's day
		faulty := &failingPulls{Transport: laptop.engine.Transport}
		laptop.engine.Transport = faulty
		date, _ := ritual.ParseDate("2026-11-26")
		at := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
		day, _ := laptop.store.Day(date)
		day.AddWin("First win", at)
		laptop.store.SaveDay(day)
		faulty.fail = 1
		if rep, err := laptop.engine.Sync(context.Background()); !errors.Is(err, protocol.ErrUnreachable) || rep.Pushed != 1 {
			t.Fatalf("the push then the failed pull: %+v %v", rep, err)
		}
		day, _ = laptop.store.Day(date)
		day.AddWin("Second win", at.Add(time.Minute))
		laptop.store.SaveDay(day)
		laptop.sync(t)
		if got, _ := laptop.store.Day(date); len(got.Wins) != 2 {
			t.Fatalf("the laptop has %d wins, want both", len(got.Wins))
		}
		if dirty, _ := laptop.engine.Replica.Dirty(); len(dirty) != 0 {
			t.Fatalf("the laptop still has %d records to send", len(dirty))
		}
		phone.sync(t)
		if got, _ := phone.store.Day(date); len(got.Wins) != 2 {
			t.Fatalf("the phone has %d wins, want both", len(got.Wins))
		}
	})
}

// A first sync of years of history, written a few sentences an entry, goes
// out in batches the server accepts (bounded by bytes, not only by count),
// and the second device gets every day.
func TestAFirstSyncOfALongHistoryIsNeverTooLarge(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6})
		keys, _ := seal.NewKeyring("ana")
		laptop, phone := newBrowserDevice(t, s, "ana", keys), newBrowserDevice(t, s, "ana", keys)
		words := strings.Repeat("A few sentences about what happened and why it mattered. ", 6)
		first, _ := ritual.ParseDate("2025-01-01")
		at := time.Date(2025, 1, 1, 18, 0, 0, 0, time.UTC)
		const days = 600
		for i := range days {
			day := ritual.NewDay(first.AddDays(i))
			for j := range 4 {
				day.AddWin(fmt.Sprintf("%d.%d %s", i, j, words), at)
			}
			if err := laptop.store.SaveDay(day); err != nil {
				t.Fatal(err)
			}
		}
		if rep := laptop.sync(t); rep.Pushed != days {
			t.Fatalf("pushed %d of %d days", rep.Pushed, days)
		}
		phone.sync(t)
		if got := len(phone.store.Dates()); got != days {
			t.Fatalf("the phone has %d of %d days", got, days)
		}
	})
}

// A record from a newer version of the app is set aside, kept as it came,
// and read once the device is updated to that version.
func TestARecordSetAsideIsReadAfterAnUpdate(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6})
		keys, _ := seal.NewKeyring("ana")
		device := newBrowserDevice(t, s, "ana", keys)
		id := keys.RecordID(syncengine.TypeDay, "2026-11-30")
		sealed, _ := keys.Seal(id, syncengine.TypeDay, 4, []byte(`{"date":"2026-11-30","wins":[{"id":"w","created":"2026-11-30T18:00:00Z","updated":"2026-11-30T18:00:00Z","text":"From the next version"}]}`))
		if status := s.call("POST", "/api/push", s.pair("ana"), pushBody(protocol.Mutation{MID: 1, RecordID: id, Ciphertext: sealed}), nil); status != 200 {
			t.Fatalf("planting: %d", status)
		}
		if rep := device.sync(t); rep.SetAside != 1 || rep.Pulled != 0 {
			t.Fatalf("the older app: %+v", rep)
		}
		aside, _ := device.engine.Replica.SetAsideRecords()
		if len(aside) != 1 || !aside[0].Newer || !bytes.Equal(aside[0].Record.Ciphertext, sealed) {
			t.Fatalf("kept aside: %+v", aside)
		}
		device.engine.Schema = 4 // the device is updated
		if rep := device.sync(t); rep.Pulled != 1 {
			t.Fatalf("the updated app: %+v", rep)
		}
		date, _ := ritual.ParseDate("2026-11-30")
		if day, _ := device.store.Day(date); len(day.Wins) != 1 || day.Wins[0].Text != "From the next version" {
			t.Fatalf("the day after the update: %+v", day)
		}
		if aside, _ := device.engine.Replica.SetAsideRecords(); len(aside) != 0 {
			t.Fatalf("still aside: %+v", aside)
		}
	})
}

// backUp writes a backup of db as sundown backup does: a SQLite file,
// SQLite's own copy or, from PostgreSQL, one snapshot copied and checked.
func backUp(t *testing.T, db Storage) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "backup.db")
	if file, ok := db.(*sqlite.DB); ok {
		if err := file.Backup(context.Background(), path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	copyDB, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	if _, err := tables.Copy(context.Background(), db, copyDB); err != nil {
		t.Fatal(err)
	}
	return path
}

// restore serves a backup as its engine's owner would: the SQLite file in
// place of the database, or, for PostgreSQL, migrated into a new database.
func restore(t *testing.T, backup string, open opener, limits RateLimits) *syncServer {
	t.Helper()
	target := open(t)
	if _, ok := target.(*sqlite.DB); ok {
		return newSyncServerAt(t, backup, limits)
	}
	source, err := sqlite.Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	defer source.Close()
	if _, err := tables.Copy(context.Background(), source, target); err != nil {
		t.Fatal(err)
	}
	return newSyncServerOn(t, target, limits)
}
