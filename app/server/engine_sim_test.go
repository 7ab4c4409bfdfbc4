//go:build !(js && wasm)

package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ritual"
	syncproto "github.com/remoteml/sundown/app/sync"
)

// The engine simulation: devices of one account edit the same few days
// and their settings, encrypt, sync through a faulty network against the
// real server, and merge. Whatever the schedule, they must end with the
// same days and settings, and no entry that was written and never removed
// may be missing.

// memReplica is a device's storage in memory; each Put is one atomic write.
type memReplica struct {
	records map[string]syncproto.Local
	state   syncproto.DeviceState
}

func (m *memReplica) All() ([]syncproto.Local, error) {
	var all []syncproto.Local
	for _, l := range m.records {
		all = append(all, l)
	}
	return all, nil
}

func (m *memReplica) Dirty() ([]syncproto.Local, error) {
	var dirty []syncproto.Local
	for _, l := range m.records {
		if l.Dirty {
			dirty = append(dirty, l)
		}
	}
	return dirty, nil
}

func (m *memReplica) Get(id string) (syncproto.Local, bool, error) {
	l, ok := m.records[id]
	return l, ok, nil
}

func (m *memReplica) Put(l syncproto.Local) error { m.records[l.ID] = l; return nil }

func (m *memReplica) State() (syncproto.DeviceState, error) {
	b, _ := json.Marshal(m.state) // a copy, as if read from storage
	var s syncproto.DeviceState
	json.Unmarshal(b, &s)
	return s, nil
}

func (m *memReplica) SaveState(s syncproto.DeviceState) error { m.state = s; return nil }

type engineDevice struct {
	engine  *syncproto.Engine
	replica *memReplica
	faults  *faultyTransport
}

var simDates = []string{"2026-11-23", "2026-11-24", "2026-11-25"}

// edit changes one day as the app would: the new plaintext is stored with
// the record marked dirty, in one write.
func (d *engineDevice) edit(keys *syncproto.Keyring, rng *rand.Rand, seq int, created, removed map[string]bool) {
	date := simDates[rng.IntN(len(simDates))]
	id := keys.RecordID(syncproto.TypeDay, date)
	l, ok := d.replica.records[id]
	day := ritual.NewDay(mustDate(date))
	if ok && l.Plain != nil {
		json.Unmarshal(l.Plain, &day)
	} else if !ok {
		l = syncproto.Local{ID: id, Type: syncproto.TypeDay}
	}
	at := time.Date(2026, 11, 25, 18, 0, seq, 0, time.UTC)
	switch n := len(day.Wins); {
	case n == 0 || rng.IntN(3) == 0:
		w, _ := day.AddWin(fmt.Sprintf("win %d", seq), at)
		created[w.ID] = true
	case rng.IntN(3) == 0:
		w := day.Wins[rng.IntN(n)]
		day.RemoveWin(w.ID)
		removed[w.ID] = true
	default:
		day.EditWin(day.Wins[rng.IntN(n)].ID, fmt.Sprintf("edited %d", seq), at)
	}
	l.Plain, _ = json.Marshal(day)
	l.Dirty = true
	d.replica.Put(l)
}

// editSettings changes one of the settings, as the Settings page would.
// Settings merge choice by choice: both devices' changes to different
// choices stay, and on the same choice the devices must still agree.
func (d *engineDevice) editSettings(keys *syncproto.Keyring, rng *rand.Rand, seq int) {
	l := d.replica.records[settingsID(keys)]
	var settings ritual.Settings
	json.Unmarshal(l.Plain, &settings)
	switch rng.IntN(3) {
	case 0:
		settings.TargetEnd = ritual.ClockTime(16*60 + rng.IntN(180))
	case 1:
		settings.ClosingPhrase = fmt.Sprintf("Done %d", seq)
	default:
		settings.Reminders = !settings.Reminders
	}
	l.Plain, _ = json.Marshal(settings)
	l.Dirty = true
	d.replica.Put(l)
}

func settingsID(keys *syncproto.Keyring) string {
	return keys.RecordID(syncproto.TypeSettings, syncproto.TypeSettings)
}

func mustDate(s string) ritual.Date {
	d, err := ritual.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func simulateEngines(t *testing.T, s *syncServer, seed uint64) (conflicts int) {
	rng := rand.New(rand.NewPCG(seed, 11))
	user := fmt.Sprintf("engine-%d", seed)
	first, _ := syncproto.NewKeyring(user)
	wrapped, _ := first.Wrap("a passphrase", quickKDF())
	var devices []*engineDevice
	for range 3 {
		keys, err := syncproto.Unwrap(user, "a passphrase", wrapped) // each device opens the account's key
		if err != nil {
			t.Fatal(err)
		}
		faults := &faultyTransport{rng: rand.New(rand.NewPCG(seed, rng.Uint64()))}
		replica := &memReplica{records: map[string]syncproto.Local{}}
		// Like the store's replica, a device always has its settings: the
		// defaults until changed, never sent until changed.
		defaults, _ := json.Marshal(ritual.DefaultSettings())
		replica.Put(syncproto.Local{ID: settingsID(keys), Type: syncproto.TypeSettings, Plain: defaults})
		devices = append(devices, &engineDevice{
			engine:  &syncproto.Engine{Keys: keys, Replica: replica, Schema: 2, Transport: &syncproto.Client{BaseURL: s.srv.URL, Token: s.pair(user), HTTP: &http.Client{Transport: faults}}},
			replica: replica, faults: faults,
		})
	}
	created, removed := map[string]bool{}, map[string]bool{}
	ctx := context.Background()
	for step := range 30 {
		d := devices[rng.IntN(len(devices))]
		switch rng.IntN(6) {
		case 0:
			d.editSettings(first, rng, step)
		case 1, 2:
			d.edit(first, rng, step, created, removed)
		default:
			d.engine.Sync(ctx) // failures are expected; the next sync carries on
		}
	}
	for _, d := range devices {
		d.faults.off = true
	}
	for round := 0; ; round++ { // everyone syncs until a whole round moves nothing
		moved := false
		for i, d := range devices {
			rep, err := d.engine.Sync(ctx)
			if err != nil {
				t.Fatalf("seed %d: device %d: final sync: %v (SUNDOWN_SEED=%d)", seed, i, err, seed)
			}
			moved = moved || rep.Pushed+rep.Conflicts > 0
		}
		if !moved {
			break
		}
		if round == 10 {
			t.Fatalf("seed %d: the devices keep pushing after ten rounds (SUNDOWN_SEED=%d)", seed, seed)
		}
	}
	reference := devices[0].replica.records
	for i, d := range devices {
		if len(d.replica.records) != len(reference) {
			t.Fatalf("seed %d: device %d has %d days, device 0 has %d", seed, i, len(d.replica.records), len(reference))
		}
		for id, l := range d.replica.records {
			if !bytes.Equal(l.Plain, reference[id].Plain) || l.Dirty {
				t.Fatalf("seed %d: device %d differs on a day (dirty %v):\n%s\n%s (SUNDOWN_SEED=%d)", seed, i, l.Dirty, l.Plain, reference[id].Plain, seed)
			}
		}
	}
	present := map[string]bool{}
	for id, l := range reference {
		if id == settingsID(first) {
			var settings ritual.Settings
			if err := json.Unmarshal(l.Plain, &settings); err != nil || settings.Validate() != nil {
				t.Fatalf("seed %d: the merged settings are not valid: %s (SUNDOWN_SEED=%d)", seed, l.Plain, seed)
			}
			continue
		}
		var day ritual.Day
		json.Unmarshal(l.Plain, &day)
		conflicts += day.ConflictCount()
		for _, w := range day.Wins {
			present[w.ID] = true
		}
	}
	for id := range created {
		if !removed[id] && !present[id] {
			t.Fatalf("seed %d: a win written on a device and never removed is gone (SUNDOWN_SEED=%d)", seed, seed)
		}
	}
	return conflicts
}

func TestSyncEngineSimulation(t *testing.T) {
	s := newSyncServer(t, RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6})
	if seed, err := strconv.ParseUint(os.Getenv("SUNDOWN_SEED"), 10, 64); err == nil {
		simulateEngines(t, s, seed)
		return
	}
	seeds := 100
	if n, err := strconv.Atoi(os.Getenv("SUNDOWN_SEEDS")); err == nil {
		seeds = n / 3
	}
	conflicts := 0
	for seed := range uint64(seeds) {
		conflicts += simulateEngines(t, s, seed+1)
	}
	t.Logf("%d seeds, %d conflicts kept for the user to resolve", seeds, conflicts)
	// The server holds ciphertext only: no text of any win is in its files.
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(s.path + suffix)
		if err != nil && suffix == "" {
			t.Fatal(err)
		}
		for _, marker := range []string{"win 1", "edited 2"} { // texts the devices wrote
			if bytes.Contains(data, []byte(marker)) {
				t.Fatalf("the server's database%s holds the plaintext %q", suffix, marker)
			}
		}
	}
	if conflicts == 0 {
		t.Error("no run produced a conflict: the simulation does not exercise merging")
	}
}

func quickKDF() syncproto.KDFParams {
	p := syncproto.NewKDFParams()
	p.MemoryKiB, p.Time = 1024, 1
	return p
}
