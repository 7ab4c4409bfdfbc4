package syncengine

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/store"
)

var now = time.Date(2026, time.November, 25, 18, 4, 0, 0, time.UTC)

func openStore(t *testing.T, kv store.KV) *store.Store {
	t.Helper()
	s, err := store.Open(kv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func date(s string) ritual.Date {
	d, err := ritual.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// countingKV records the keys written.
type countingKV struct {
	store.KV
	writes []string
}

func (c *countingKV) Set(k, v string) error {
	c.writes = append(c.writes, k)
	return c.KV.Set(k, v)
}

func TestReplicaKeepsADayAndItsSyncStateTogether(t *testing.T) {
	kv := &countingKV{KV: store.NewMemoryKV()}
	s := openStore(t, kv)
	s.SetSyncing(true)
	r := &StoreReplica{Store: s, RecordID: func(typ, key string) string { return "id-" + key }}
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("w", now)
	kv.writes = nil
	if err := s.SaveDay(day); err != nil {
		t.Fatal(err)
	}
	// The first save of a day also adds it to the index of days to send.
	if len(kv.writes) != 2 || kv.writes[0] != "sundown/sync/dirty" || kv.writes[1] != "sundown/day/2026-11-25" {
		t.Fatalf("writes = %v", kv.writes)
	}
	dirty, _ := r.Dirty()
	if len(dirty) != 1 || dirty[0].ID != "id-2026-11-25" || dirty[0].Version != 0 {
		t.Fatalf("dirty = %+v", dirty)
	}
	// Settled by a sync: the day and its state change in one write, then
	// the index forgets it.
	l := dirty[0]
	l.Base, l.Version, l.Dirty = l.Plain, 7, false
	if err := r.Put(l); err != nil {
		t.Fatal(err)
	}
	if dirty, _ := r.Dirty(); len(dirty) != 0 {
		t.Fatalf("still dirty: %+v", dirty)
	}
	// A reopened store finds the sync state where it was left.
	again := &StoreReplica{Store: openStore(t, kv), RecordID: r.RecordID}
	got, ok, _ := again.Get("id-2026-11-25")
	if !ok || got.Version != 7 || got.Dirty {
		t.Fatalf("after reopening: %+v %v", got, ok)
	}
	// A later edit is marked again, keeping the base it was made from.
	s.SaveDay(day)
	if got, _, _ := r.Get("id-2026-11-25"); !got.Dirty || got.Version != 7 || string(got.Base) != string(l.Plain) {
		t.Fatalf("after an edit: %+v", got)
	}
	st := DeviceState{NextMID: 3, Cursor: 9}
	r.SaveState(st)
	if back, _ := again.State(); back.NextMID != 3 || back.Cursor != 9 {
		t.Fatalf("state = %+v", back)
	}
}

// TestUpdateWritesOverTheRecordAsItIsNow: Update shows its function the
// record as stored, or none for a day new here, and stores what it makes.
func TestUpdateWritesOverTheRecordAsItIsNow(t *testing.T) {
	s := openStore(t, store.NewMemoryKV())
	s.SetSyncing(true)
	r := &StoreReplica{Store: s, RecordID: func(typ, key string) string { return "id-" + key }}
	pulled := ritual.NewDay(date("2026-11-24"))
	pulled.AddWin("Pulled", now)
	plain, _ := json.Marshal(pulled)
	err := r.Update("id-2026-11-24", func(current Local, ok bool) (Local, error) {
		if ok {
			t.Fatalf("a day new here was found: %+v", current)
		}
		return Local{ID: "id-2026-11-24", Type: TypeDay, Plain: plain, Base: plain, Version: 3}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditDay(pulled.Date, func(d *ritual.Day) error { _, err := d.AddWin("Edited here", now); return err }); err != nil {
		t.Fatal(err)
	}
	err = r.Update("id-2026-11-24", func(current Local, ok bool) (Local, error) {
		var day ritual.Day
		if err := json.Unmarshal(current.Plain, &day); err != nil || !ok || len(day.Wins) != 2 || current.Version != 3 {
			t.Fatalf("the update was shown %+v (%v), want the day with the edit made here", current, ok)
		}
		current.Version = 4
		return current, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok, _ := r.Get("id-2026-11-24"); !ok || got.Version != 4 || !got.Dirty {
		t.Fatalf("stored: %+v %v", got, ok)
	}
}

// TestADayNewHereKeepsAnotherTabsWrite: a day pulled that this device did
// not have, written while another tab writes that day for the first time,
// is made over what that tab wrote.
func TestADayNewHereKeepsAnotherTabsWrite(t *testing.T) {
	kv := store.NewMemoryKV()
	s, other := openStore(t, kv), openStore(t, kv)
	s.SetSyncing(true)
	r := &StoreReplica{Store: s, RecordID: func(typ, key string) string { return "id-" + key }}
	tue := date("2026-11-24")
	var shown []bool
	err := r.Update("id-2026-11-24", func(current Local, ok bool) (Local, error) {
		shown = append(shown, ok)
		day := ritual.NewDay(tue)
		if ok {
			if err := json.Unmarshal(current.Plain, &day); err != nil {
				return Local{}, err
			}
		} else if len(shown) == 1 { // the other tab's first win, in the moment after this read
			if _, err := other.EditDay(tue, func(d *ritual.Day) error { _, err := d.AddWin("Typed in another tab", now); return err }); err != nil {
				t.Fatal(err)
			}
		}
		day.AddWin("Pulled", now)
		plain, _ := json.Marshal(day)
		return Local{ID: "id-2026-11-24", Type: TypeDay, Plain: plain, Base: plain, Version: 3}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []bool{false, true}; !slices.Equal(shown, want) {
		t.Fatalf("the update was shown a stored day: %v, want %v", shown, want)
	}
	day, err := openStore(t, kv).Day(tue)
	if err != nil || len(day.Wins) != 2 || day.Wins[0].Text != "Typed in another tab" {
		t.Fatalf("stored %+v (%v), want the other tab's win and the pulled one", day.Wins, err)
	}
	if got, ok, _ := r.Get("id-2026-11-24"); !ok || got.Version != 3 {
		t.Fatalf("the replica does not know the day: %+v %v", got, ok)
	}
}

func TestSettingsAndChecklistAreRecords(t *testing.T) {
	kv := store.NewMemoryKV()
	s := openStore(t, kv)
	r := &StoreReplica{Store: s, RecordID: func(typ, key string) string { return typ + "-" + key }}
	settings := s.Settings()
	settings.TargetEnd = 17 * 60
	if err := s.SaveSettings(settings); err != nil { // saved before sync was on
		t.Fatal(err)
	}
	if dirty, _ := r.Dirty(); len(dirty) != 0 {
		t.Fatalf("dirty without sync: %+v", dirty)
	}
	if err := s.SaveSyncConfig(store.SyncConfig{Token: "t"}); err != nil {
		t.Fatal(err)
	}
	// The saved settings go out once; the checklist, never changed, does not:
	// its defaults must not undo another device's checklist.
	dirty, _ := r.Dirty()
	if len(dirty) != 1 || dirty[0].Type != TypeSettings || dirty[0].ID != "settings-settings" {
		t.Fatalf("dirty = %+v", dirty)
	}
	// The checklist record exists all the same, so a pulled one is opened as a checklist.
	l, ok, err := r.Get("checklist-checklist")
	if !ok || err != nil || l.Type != TypeChecklist || l.Dirty {
		t.Fatalf("checklist record = %+v %v %v", l, ok, err)
	}
	// A pulled checklist is stored with its sync state.
	pulled := ritual.DefaultChecklist()
	pulled.Remove("sweep")
	l.Plain, _ = json.Marshal(pulled)
	l.Base, l.Version, l.Dirty = l.Plain, 4, false
	if err := r.Put(l); err != nil {
		t.Fatal(err)
	}
	if got := openStore(t, kv).Checklist(); len(got.Steps) != len(pulled.Steps) {
		t.Fatalf("checklist after a pull = %+v", got)
	}
	if l, _, _ := r.Get("checklist-checklist"); l.Version != 4 || l.Dirty {
		t.Fatalf("checklist sync state = %+v", l)
	}
	// An invalid record is refused, and the stored checklist is kept.
	l.Plain = []byte(`{"steps":[]}`)
	if err := r.Put(l); err == nil {
		t.Fatal("an empty checklist was stored")
	}
}

func TestNewPairingStartsTheNumbersAgainAndForgetsAnotherAccount(t *testing.T) {
	kv := store.NewMemoryKV()
	s := openStore(t, kv)
	s.SetSyncing(true)
	r := &StoreReplica{Store: s, RecordID: func(typ, key string) string { return "id-" + key }}
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("w", now)
	s.SaveDay(day)
	dirty, _ := r.Dirty()
	l := dirty[0]
	l.Base, l.Version, l.Dirty = l.Plain, 7, false
	r.Put(l)
	r.SaveState(DeviceState{Account: "srv ana", NextMID: 12, Cursor: 9,
		Sent: []protocol.Mutation{{MID: 12, RecordID: "id-x"}}, SentIDs: []SentRef{{RecordID: "id-x"}}})

	// Paired again with the same account: the cursor and versions stay.
	if err := NewPairing(s, "srv ana"); err != nil {
		t.Fatal(err)
	}
	st, _ := r.State()
	if st.NextMID != 0 || len(st.Sent) != 0 || st.Cursor != 9 || st.Account != "srv ana" {
		t.Fatalf("same account: state = %+v", st)
	}
	if got, _, _ := r.Get("id-2026-11-25"); got.Version != 7 || got.Dirty {
		t.Fatalf("same account: day = %+v", got)
	}

	// Paired with another account: everything goes there as new.
	if err := NewPairing(s, "srv bob"); err != nil {
		t.Fatal(err)
	}
	st, _ = r.State()
	if st.Cursor != 0 || st.Account != "srv bob" {
		t.Fatalf("another account: state = %+v", st)
	}
	if got, _, _ := r.Get("id-2026-11-25"); got.Version != 0 || !got.Dirty || got.Base != nil {
		t.Fatalf("another account: day = %+v", got)
	}
	if dirty, _ := r.Dirty(); len(dirty) != 1 {
		t.Fatalf("another account: %d records to send, want the day", len(dirty))
	}
}
