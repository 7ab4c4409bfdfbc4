package store

import (
	"testing"

	"github.com/remoteml/sundown/app/ritual"
	syncproto "github.com/remoteml/sundown/app/sync"
)

func TestSavesAreMarkedForSyncInTheSameWrite(t *testing.T) {
	kv := &countingKV{KV: NewMemoryKV()}
	s := open(t, kv)
	s.SetSyncing(true)
	r := &Replica{Store: s, RecordID: func(d ritual.Date) string { return "id-" + d.String() }}
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
