package store

import (
	"slices"
	"testing"

	"github.com/remoteml/sundown/app/ritual"
)

// tabKV is one tab's view of a storage shared by several: every write it
// makes is told to the other tabs, as the browser's database tells them on
// its BroadcastChannel (IndexedDB.OnOtherTab).
type tabKV struct {
	*MemoryKV
	tabs  *[]*tabKV
	heard func(key string, present bool)
}

func newTabs(n int) []*tabKV {
	shared, tabs := NewMemoryKV(), &[]*tabKV{}
	for range n {
		*tabs = append(*tabs, &tabKV{MemoryKV: shared, tabs: tabs})
	}
	return *tabs
}

func (k *tabKV) OnOtherTab(fn func(key string, present bool)) { k.heard = fn }

func (k *tabKV) tell(key string, present bool) {
	for _, other := range *k.tabs {
		if other != k && other.heard != nil {
			other.heard(key, present)
		}
	}
}

func (k *tabKV) Set(key, value string) error {
	err := k.MemoryKV.Set(key, value)
	if err == nil {
		k.tell(key, true)
	}
	return err
}

func (k *tabKV) Delete(key string) error {
	err := k.MemoryKV.Delete(key)
	if err == nil {
		k.tell(key, false)
	}
	return err
}

// openTab opens a store on a tab's storage that follows the other tabs.
func openTab(t *testing.T, kv *tabKV) *Store {
	s := open(t, kv)
	s.WatchOtherTabs(func(fn func()) { fn() }, func() {})
	return s
}

// TestIndexesKeepWhatAnotherTabAdded: each tab keeps the open-loop and
// unsynced-day indexes in memory. Written back from memory after another
// tab changed them, they would drop that tab's entries: its loop would no
// longer come back, its day would never be sent.
func TestIndexesKeepWhatAnotherTabAdded(t *testing.T) {
	tabs := newTabs(2)
	first, second := openTab(t, tabs[0]), openTab(t, tabs[1])
	mon, tue, wed := date("2026-11-23"), date("2026-11-24"), date("2026-11-25")
	addLoop := func(text string) func(*ritual.Day) error {
		return func(d *ritual.Day) error {
			_, err := d.AddLoop(ritual.LoopInput{Text: text, When: ritual.When{Kind: ritual.WhenTomorrow}}, now)
			return err
		}
	}
	addWin := func(d *ritual.Day) error { _, err := d.AddWin("a win", now); return err }

	// The second tab has both indexes in memory before the first writes.
	if _, err := second.EditDay(tue, addLoop("From the second tab")); err != nil {
		t.Fatal(err)
	}
	second.DirtyDates()
	if err := first.SaveSyncConfig(SyncConfig{Server: "https://sync.example", Token: "t", User: "u"}); err != nil {
		t.Fatal(err)
	}
	if _, err := first.EditDay(mon, addLoop("From the first tab")); err != nil {
		t.Fatal(err)
	}
	if _, err := second.EditDay(tue, addLoop("Again from the second tab")); err != nil {
		t.Fatal(err)
	}
	if _, err := first.EditDay(wed, addWin); err != nil {
		t.Fatal(err)
	}

	fresh := open(t, tabs[0].MemoryKV) // the storage as a tab opened now reads it
	refs, err := fresh.OpenLoops(wed)
	if err != nil || texts(refs) != "From the first tab|From the second tab|Again from the second tab" {
		t.Fatalf("open loops before Wednesday: %s, %v", texts(refs), err)
	}
	// Every day was marked to be sent when sync was turned on, Tuesday's
	// second loop was added in the tab that had not turned it on,
	// Wednesday's win last.
	want := []ritual.Date{mon, tue, wed}
	if got := fresh.DirtyDates(); !sameDates(got, want) {
		t.Fatalf("days to send: %v, want %v", got, want)
	}
	if got := second.DirtyDates(); !sameDates(got, want) {
		t.Fatalf("the second tab's days to send: %v, want %v", got, want)
	}
}

// TestProblemsFollowAnotherTab: a value one tab set aside, or let go of, is
// in the other's list of problems, or gone from it.
func TestProblemsFollowAnotherTab(t *testing.T) {
	tabs := newTabs(2)
	tabs[0].MemoryKV.Set("sundown/day/2026-11-24", "{not json")
	first, second := openTab(t, tabs[0]), openTab(t, tabs[1])
	if _, err := first.Day(date("2026-11-24")); err == nil {
		t.Fatal("the damaged day was read")
	}
	problems := second.Problems()
	if len(problems) != 1 || problems[0].KeptAs != "sundown/quarantine/day/2026-11-24" {
		t.Fatalf("the second tab's problems: %+v", problems)
	}
	if err := first.DiscardQuarantined(problems[0].KeptAs); err != nil {
		t.Fatal(err)
	}
	if got := second.Problems(); len(got) != 0 {
		t.Fatalf("the second tab still lists %+v", got)
	}
}

func sameDates(a, b []ritual.Date) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, ritual.Date.Compare)
	slices.SortFunc(b, ritual.Date.Compare)
	return slices.Equal(a, b)
}
