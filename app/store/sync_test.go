package store

import (
	"encoding/json"
	"testing"

	"github.com/remoteml/sundown/app/ritual"
	syncproto "github.com/remoteml/sundown/app/sync"
)

func TestSavesAreMarkedForSyncInTheSameWrite(t *testing.T) {
	kv := &countingKV{KV: NewMemoryKV()}
	s := open(t, kv)
	s.SetSyncing(true)
	r := &Replica{Store: s, RecordID: func(typ, key string) string { return "id-" + key }}
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("w", now)
	kv.writes = nil
	if err := s.SaveDay(day); err != nil {
		t.Fatal(err)
	}
	// The first save of a day also adds it to the index of days to send.
	if len(kv.writes) != 2 || kv.writes[0] != dirtyKey || kv.writes[1] != "sundown/day/2026-11-25" {
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
	again := &Replica{Store: open(t, kv), RecordID: r.RecordID}
	got, ok, _ := again.Get("id-2026-11-25")
	if !ok || got.Version != 7 || got.Dirty {
		t.Fatalf("after reopening: %+v %v", got, ok)
	}
	// A later edit is marked again, keeping the base it was made from.
	s.SaveDay(day)
	if got, _, _ := r.Get("id-2026-11-25"); !got.Dirty || got.Version != 7 || string(got.Base) != string(l.Plain) {
		t.Fatalf("after an edit: %+v", got)
	}
	st := syncproto.DeviceState{NextMID: 3, Cursor: 9}
	r.SaveState(st)
	if back, _ := again.State(); back.NextMID != 3 || back.Cursor != 9 {
		t.Fatalf("state = %+v", back)
	}
}

func TestWithoutSyncNothingIsMarked(t *testing.T) {
	kv := &countingKV{KV: NewMemoryKV()}
	s := open(t, kv)
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("w", now)
	kv.writes = nil
	s.SaveDay(day)
	if len(kv.writes) != 1 {
		t.Fatalf("writes = %v: only the day's key", kv.writes)
	}
}

func TestSettingsAndChecklistAreRecords(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	r := &Replica{Store: s, RecordID: func(typ, key string) string { return typ + "-" + key }}
	settings := s.Settings()
	settings.TargetEnd = 17 * 60
	if err := s.SaveSettings(settings); err != nil { // saved before sync was on
		t.Fatal(err)
	}
	if dirty, _ := r.Dirty(); len(dirty) != 0 {
		t.Fatalf("dirty without sync: %+v", dirty)
	}
	if err := s.SaveSyncConfig(SyncConfig{Token: "t"}); err != nil {
		t.Fatal(err)
	}
	// The saved settings go out once; the checklist, never changed, does not:
	// its defaults must not undo another device's checklist.
	dirty, _ := r.Dirty()
	if len(dirty) != 1 || dirty[0].Type != syncproto.TypeSettings || dirty[0].ID != "settings-settings" {
		t.Fatalf("dirty = %+v", dirty)
	}
	// The checklist record exists all the same, so a pulled one is opened as a checklist.
	l, ok, err := r.Get("checklist-checklist")
	if !ok || err != nil || l.Type != syncproto.TypeChecklist || l.Dirty {
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
	if got := open(t, kv).Checklist(); len(got.Steps) != len(pulled.Steps) {
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

func TestSettingsOfSchemaOneAreMigrated(t *testing.T) {
	kv := NewMemoryKV()
	kv.Set(settingsKey, `1:{"target_end":"17:30","workdays":[1,2],"closing_phrase":"Bye","review_day":5}`)
	got := open(t, kv).Settings()
	if got.TargetEnd != 17*60+30 || got.ClosingPhrase != "Bye" || len(got.Workdays) != 2 {
		t.Fatalf("settings = %+v", got)
	}
}

func TestNewPairingStartsTheNumbersAgainAndForgetsAnotherAccount(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	s.SetSyncing(true)
	r := &Replica{Store: s, RecordID: func(typ, key string) string { return "id-" + key }}
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("w", now)
	s.SaveDay(day)
	dirty, _ := r.Dirty()
	l := dirty[0]
	l.Base, l.Version, l.Dirty = l.Plain, 7, false
	r.Put(l)
	r.SaveState(syncproto.DeviceState{Account: "srv ana", NextMID: 12, Cursor: 9,
		Sent: []syncproto.Mutation{{MID: 12, RecordID: "id-x"}}, SentIDs: []syncproto.SentRef{{RecordID: "id-x"}}})

	// Paired again with the same account: the cursor and versions stay.
	if err := s.NewPairing("srv ana"); err != nil {
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
	if err := s.NewPairing("srv bob"); err != nil {
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
