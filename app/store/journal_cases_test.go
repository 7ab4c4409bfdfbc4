package store

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/remoteml/sundown/app/ritual"
)

// cutEdit: sync on or off; a first edit of wed is written whole, a second is
// cut before the day's write. Returns the database and device as the page left them.
func cutEdit(t *testing.T, syncing bool) (db, dev *MemoryKV) {
	wed := date("2026-11-25")
	device := NewMemoryKV()
	kv := &cutKV{MemoryKV: NewMemoryKV(), device: device}
	s := openWith(t, kv, device)
	if syncing {
		if err := s.SaveSyncConfig(SyncConfig{Server: "https://sync.example", Token: "t", User: "u"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.EditDay(wed, winAdder("one")); err != nil {
		t.Fatal(err)
	}
	kv.cutKey = dayKey(wed)
	if _, err := s.EditDay(wed, winAdder("two")); err != nil {
		t.Fatal(err)
	}
	return kv.snapshot[0], kv.snapshot[1]
}

// A sync in another tab pushes the day as it was (content unchanged, Version 7,
// not dirty). The finished edit keeps that version, not the stale one it read.
func TestNoteFinishKeepsNewerSyncMeta(t *testing.T) {
	wed := date("2026-11-25")
	db, dev := cutEdit(t, true)
	other := openWith(t, db, NewMemoryKV())
	if err := other.UpdateDayRecord(wed, func(d ritual.Day, m *SyncMeta, _ bool) (ritual.Day, *SyncMeta, error) {
		plain, _ := json.Marshal(d)
		return d, &SyncMeta{Base: plain, Version: 7}, nil
	}); err != nil {
		t.Fatal(err)
	}
	again := openWith(t, db, dev)
	day, meta, _, _ := again.DayRecord(wed)
	if winTexts(day) != "one|two" {
		t.Fatalf("wins %q", winTexts(day))
	}
	if meta == nil || meta.Version != 7 || !meta.Dirty {
		t.Errorf("after finishing, sync meta %+v: want Version 7 (the server's) and Dirty", meta)
	}
}

// Sync off at the edit; another tab turns it on and pulls the day from the
// server (content changed, not dirty). The merged edit must be marked dirty,
// or the next pull of the day replaces it.
func TestNoteFinishMarksDirtyWhenSyncTurnedOn(t *testing.T) {
	wed := date("2026-11-25")
	db, dev := cutEdit(t, false)
	other := openWith(t, db, NewMemoryKV())
	if err := other.SaveSyncConfig(SyncConfig{Server: "https://sync.example", Token: "t", User: "u"}); err != nil {
		t.Fatal(err)
	}
	if err := other.UpdateDayRecord(wed, func(d ritual.Day, m *SyncMeta, _ bool) (ritual.Day, *SyncMeta, error) {
		if _, err := d.AddWin("from the server", now); err != nil {
			return d, nil, err
		}
		plain, _ := json.Marshal(d)
		return d, &SyncMeta{Base: plain, Version: 3}, nil
	}); err != nil {
		t.Fatal(err)
	}
	again := openWith(t, db, dev)
	day, meta, _, _ := again.DayRecord(wed)
	if !strings.Contains(winTexts(day), "two") {
		t.Errorf("the finished edit is not in the day: wins %q", winTexts(day))
	}
	if meta == nil || !meta.Dirty || len(again.DirtyDates()) != 1 {
		t.Errorf("the finished edit (win two) is not marked to sync: meta %+v, dirty %v", meta, again.DirtyDates())
	}
}

// Same, but the other tab only turned sync on (marked the day new); content unchanged.
func TestNoteFinishKeepsMarkAsNew(t *testing.T) {
	wed := date("2026-11-25")
	db, dev := cutEdit(t, false)
	other := openWith(t, db, NewMemoryKV())
	if err := other.SaveSyncConfig(SyncConfig{Server: "https://sync.example", Token: "t", User: "u"}); err != nil {
		t.Fatal(err)
	}
	again := openWith(t, db, dev)
	_, meta, _, _ := again.DayRecord(wed)
	if meta == nil || !meta.Dirty || len(again.DirtyDates()) != 1 {
		t.Errorf("day marked new by SaveSyncConfig is unmarked by finishing: meta %+v, dirty %v", meta, again.DirtyDates())
	}
}

// A note a newer Sundown left is kept by an older one.
func TestNoteNewerNoteIsKept(t *testing.T) {
	db, dev := cutEdit(t, false)
	keys, _ := dev.Keys()
	var key string
	for _, k := range keys {
		if strings.HasPrefix(k, editNotePrefix) {
			key = k
		}
	}
	raw, _, _ := dev.Get(key)
	var n editNote
	json.Unmarshal([]byte(raw), &n)
	n.Wrote = "4" + n.Wrote[1:] // schema 4: a newer Sundown's
	b, _ := json.Marshal(n)
	dev.Set(key, string(b))
	openWith(t, db, dev)
	if _, ok, _ := dev.Get(key); !ok {
		t.Errorf("a newer Sundown's note was deleted: its edit is lost")
	}
}

// hookKV runs hook once, before the first Swap of key, then snapshots.
type hookKV struct {
	*MemoryKV
	device   *MemoryKV
	key      string
	hook     func()
	snapshot [2]*MemoryKV
}

func (k *hookKV) Swap(key, old string, present bool, value string) (bool, error) {
	if key == k.key && k.hook != nil {
		h := k.hook
		k.hook = nil
		h()
		k.snapshot = [2]*MemoryKV{copyKV(k.MemoryKV), copyKV(k.device)}
	}
	return k.MemoryKV.Swap(key, old, present, value)
}

// Two tabs share localStorage: tab B edits the same day while tab A's
// edit is on its way, and tab A's page goes before its write. B's note
// must not have taken A's: the next start has both edits.
func TestNoteTwoTabsShareTheNote(t *testing.T) {
	wed := date("2026-11-25")
	device, db := NewMemoryKV(), NewMemoryKV()
	kv := &hookKV{MemoryKV: db, device: device, key: dayKey(wed)}
	a := openWith(t, kv, device)
	b := openWith(t, db, device)
	kv.hook = func() {
		if _, err := b.EditDay(wed, winAdder("from B")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.EditDay(wed, winAdder("from A")); err != nil {
		t.Fatal(err)
	}
	again := openWith(t, kv.snapshot[0], kv.snapshot[1])
	if got := winTexts(dayOf(t, again, wed)); got != "from B|from A" && got != "from A|from B" {
		t.Errorf("tab A's page went before its write; the next start has %q", got)
	}
}
