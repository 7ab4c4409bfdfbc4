package store

import (
	"strings"
	"testing"

	"github.com/remoteml/sundown/app/ritual"
)

// cutKV is the browser's database of a page that goes away: before its
// write number cutAt (counted from 1), or its first write of cutKey,
// reaches the database, what the database and the device's storage hold is
// kept in the snapshot, as a page closed at that moment would leave them.
// at, when set, runs then too.
type cutKV struct {
	*MemoryKV
	device   *MemoryKV
	writes   int
	cutAt    int
	cutKey   string
	at       func()
	snapshot [2]*MemoryKV // the database, the device's storage
}

func (k *cutKV) cut(key string) {
	k.writes++
	if k.writes != k.cutAt && (k.cutKey != key || k.snapshot[0] != nil) {
		return
	}
	k.snapshot = [2]*MemoryKV{copyKV(k.MemoryKV), copyKV(k.device)}
	if k.at != nil {
		k.at()
	}
}

func (k *cutKV) Set(key, value string) error { k.cut(key); return k.MemoryKV.Set(key, value) }
func (k *cutKV) Delete(key string) error     { k.cut(key); return k.MemoryKV.Delete(key) }
func (k *cutKV) Swap(key, old string, present bool, value string) (bool, error) {
	k.cut(key)
	return k.MemoryKV.Swap(key, old, present, value)
}

func copyKV(kv *MemoryKV) *MemoryKV {
	out := NewMemoryKV()
	keys, _ := kv.Keys()
	for _, k := range keys {
		v, _, _ := kv.Get(k)
		out.Set(k, v)
	}
	return out
}

func openWith(t *testing.T, kv, device KV) *Store {
	t.Helper()
	s, err := OpenWith(kv, device)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func dayOf(t *testing.T, s *Store, d ritual.Date) ritual.Day {
	t.Helper()
	day, err := s.Day(d)
	if err != nil {
		t.Fatal(err)
	}
	return day
}

// TestAnEditCutShortIsFinishedAtTheNextStart: an edit reaches the database
// in several writes. Whichever one the page goes away before, the next
// start has the edit, whole, once, with the open loop found and the day
// marked to be synced; and no note is left behind.
func TestAnEditCutShortIsFinishedAtTheNextStart(t *testing.T) {
	wed := date("2026-11-25")
	for cutAt := 1; ; cutAt++ {
		device := NewMemoryKV()
		kv := &cutKV{MemoryKV: NewMemoryKV(), device: device}
		s := openWith(t, kv, device)
		if err := s.SaveSyncConfig(SyncConfig{Server: "https://sync.example", Token: "t", User: "u"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EditDay(wed, winAdder("Written before")); err != nil {
			t.Fatal(err)
		}
		kv.writes, kv.cutAt = 0, cutAt
		if _, err := s.EditDay(wed, func(d *ritual.Day) error {
			if err := winAdder("The words being saved")(d); err != nil {
				return err
			}
			return loopAdder("A loop with them")(d)
		}); err != nil {
			t.Fatal(err)
		}
		if kv.snapshot[0] == nil {
			if cutAt < 3 {
				t.Fatalf("the edit made only %d writes: the test cuts nothing", cutAt-1)
			}
			return // every write has been cut before
		}
		again := openWith(t, kv.snapshot[0], kv.snapshot[1])
		if got := winTexts(dayOf(t, again, wed)); got != "Written before|The words being saved" {
			t.Errorf("cut before write %d: the next start has the wins %q", cutAt, got)
		}
		if loops, err := again.OpenLoops(date("2026-11-26")); err != nil || len(loops) != 1 {
			t.Errorf("cut before write %d: the next start finds the open loops %v (%v)", cutAt, loops, err)
		}
		if dirty := again.DirtyDates(); len(dirty) != 1 || dirty[0] != wed {
			t.Errorf("cut before write %d: the days to sync are %v", cutAt, dirty)
		}
		if keys, _ := kv.snapshot[1].Keys(); hasPrefix(keys, editNotePrefix) {
			t.Errorf("cut before write %d: a note is left after the next start: %v", cutAt, keys)
		}
	}
}

func hasPrefix(keys []string, prefix string) bool {
	for _, k := range keys {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// TestAnEditCutShortKeepsWhatCameSince: after the page went away in the
// middle of an edit, another tab (or a sync) wrote the day before the next
// start. Both are kept.
func TestAnEditCutShortKeepsWhatCameSince(t *testing.T) {
	wed := date("2026-11-25")
	device := NewMemoryKV()
	kv := &cutKV{MemoryKV: NewMemoryKV(), device: device}
	s := openWith(t, kv, device)
	kv.cutKey = dayKey(wed)
	if _, err := s.EditDay(wed, winAdder("From the tab that closed")); err != nil {
		t.Fatal(err)
	}
	if got := winTexts(dayOf(t, open(t, kv.snapshot[0]), wed)); got != "" {
		t.Fatalf("the cut was not before the day's write: the database had %q", got)
	}
	other := openWith(t, kv.snapshot[0], NewMemoryKV()) // another tab: its own device storage holds no note
	if _, err := other.EditDay(wed, winAdder("From another tab")); err != nil {
		t.Fatal(err)
	}
	again := openWith(t, kv.snapshot[0], kv.snapshot[1])
	got := dayOf(t, again, wed)
	if texts := winTexts(got); !strings.Contains(texts, "From the tab that closed") || !strings.Contains(texts, "From another tab") || len(got.Wins) != 2 {
		t.Fatalf("the day after the next start has the wins %q", texts)
	}
}

// TestATabOpenedDuringAnEditDoesItOnce: a tab that starts while another is
// in the middle of an edit finishes that edit from its note; the first
// tab's own write then finds it done and does not make it a second time.
func TestATabOpenedDuringAnEditDoesItOnce(t *testing.T) {
	wed := date("2026-11-25")
	device := NewMemoryKV()
	kv := &cutKV{MemoryKV: NewMemoryKV(), device: device, cutKey: dayKey(wed)}
	s := openWith(t, kv, device)
	var second *Store
	kv.at = func() { second = openWith(t, kv.MemoryKV, device) }
	if _, err := s.EditDay(wed, winAdder("Added once")); err != nil {
		t.Fatal(err)
	}
	if second == nil {
		t.Fatal("the second tab never opened")
	}
	for name, st := range map[string]*Store{"the first tab": s, "the second tab": second, "a new one": openWith(t, kv.MemoryKV, device)} {
		if got := winTexts(dayOf(t, st, wed)); got != "Added once" {
			t.Errorf("%s reads the wins %q", name, got)
		}
	}
}

// TestNotesThatMeanNothingGo: a note no day can be made of is dropped,
// and the start goes on.
func TestNotesThatMeanNothingGo(t *testing.T) {
	device := NewMemoryKV()
	device.Set(editNotePrefix+"not-a-date", `{"wrote":"x"}`)
	device.Set(editNotePrefix+"2026-11-25", `not json`)
	device.Set(editNotePrefix+"2026-11-24", `{"wrote":"not a day"}`)
	openWith(t, NewMemoryKV(), device)
	if keys, _ := device.Keys(); hasPrefix(keys, editNotePrefix) {
		t.Fatalf("notes left: %v", keys)
	}
}

// TestAnEditCutShortKeepsTheSyncStateOfNow: after the page went away in
// the middle of an edit, a sync in another tab moved the day's sync state
// on (the server's version) without changing the day. The edit is written
// with the sync state of now, marked to be sent, not the one it read.
func TestAnEditCutShortKeepsTheSyncStateOfNow(t *testing.T) {
	wed := date("2026-11-25")
	device := NewMemoryKV()
	kv := &cutKV{MemoryKV: NewMemoryKV(), device: device}
	s := openWith(t, kv, device)
	if err := s.SaveSyncConfig(SyncConfig{Server: "https://sync.example", Token: "t", User: "u"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditDay(wed, winAdder("Synced before")); err != nil {
		t.Fatal(err)
	}
	kv.cutKey = dayKey(wed)
	if _, err := s.EditDay(wed, winAdder("From the tab that closed")); err != nil {
		t.Fatal(err)
	}
	other := openWith(t, kv.snapshot[0], NewMemoryKV())
	if err := other.UpdateDayRecord(wed, func(day ritual.Day, meta *SyncMeta, _ bool) (ritual.Day, *SyncMeta, error) {
		return day, &SyncMeta{Version: 7}, nil
	}); err != nil {
		t.Fatal(err)
	}
	again := openWith(t, kv.snapshot[0], kv.snapshot[1])
	stored, _, err := again.readDay(wed)
	if err != nil {
		t.Fatal(err)
	}
	if got := winTexts(stored.Day); got != "Synced before|From the tab that closed" {
		t.Errorf("the wins are %q", got)
	}
	if stored.Sync == nil || stored.Sync.Version != 7 || !stored.Sync.Dirty {
		t.Errorf("the sync state is %+v, not the version of now marked to be sent", stored.Sync)
	}
}
