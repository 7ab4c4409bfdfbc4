package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

// tabKV is one tab's view of a storage shared by several: every write it
// makes is told to the other tabs, as the browser's database tells them on
// its BroadcastChannel (IndexedDB.OnOtherTab), and, as that database does,
// it keeps the values it read or wrote until it hears of a change. With
// unheard set, its writes are not told yet: the moment before the
// broadcast arrives.
type tabKV struct {
	*MemoryKV
	tabs    *[]*tabKV
	heard   func(key string, present bool)
	kept    map[string]string
	unheard bool
}

func newTabs(n int) []*tabKV {
	shared, tabs := NewMemoryKV(), &[]*tabKV{}
	for range n {
		*tabs = append(*tabs, &tabKV{MemoryKV: shared, tabs: tabs, kept: map[string]string{}})
	}
	return *tabs
}

func (k *tabKV) OnOtherTab(fn func(key string, present bool)) { k.heard = fn }

func (k *tabKV) tell(key string, present bool) {
	if k.unheard {
		return
	}
	for _, other := range *k.tabs {
		if other != k {
			delete(other.kept, key)
			if other.heard != nil {
				other.heard(key, present)
			}
		}
	}
}

func (k *tabKV) Get(key string) (string, bool, error) {
	if v, ok := k.kept[key]; ok {
		return v, true, nil
	}
	v, ok, err := k.MemoryKV.Get(key)
	if ok {
		k.kept[key] = v
	}
	return v, ok, err
}

func (k *tabKV) Set(key, value string) error {
	err := k.MemoryKV.Set(key, value)
	if err == nil {
		k.kept[key] = value
		k.tell(key, true)
	}
	return err
}

func (k *tabKV) Swap(key, old string, present bool, value string) (bool, error) {
	swapped, err := k.MemoryKV.Swap(key, old, present, value)
	delete(k.kept, key) // what the database holds now is read again
	if swapped {
		k.tell(key, true)
	}
	return swapped, err
}

func (k *tabKV) Delete(key string) error {
	err := k.MemoryKV.Delete(key)
	if err == nil {
		delete(k.kept, key)
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

	// The second tab has both indexes in memory before the first writes.
	if _, err := second.EditDay(tue, loopAdder("From the second tab")); err != nil {
		t.Fatal(err)
	}
	second.DirtyDates()
	if err := first.SaveSyncConfig(SyncConfig{Server: "https://sync.example", Token: "t", User: "u"}); err != nil {
		t.Fatal(err)
	}
	if _, err := first.EditDay(mon, loopAdder("From the first tab")); err != nil {
		t.Fatal(err)
	}
	if _, err := second.EditDay(tue, loopAdder("Again from the second tab")); err != nil {
		t.Fatal(err)
	}
	if _, err := first.EditDay(wed, winAdder("a win")); err != nil {
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

// TestAnEditKeepsAWriteNotHeardOf: a tab edits the day as it kept it
// from its last read; another tab wrote the day since, and its word of it
// has not arrived. The edit is made again to what that tab wrote.
func TestAnEditKeepsAWriteNotHeardOf(t *testing.T) {
	tabs := newTabs(2)
	first, second := openTab(t, tabs[0]), openTab(t, tabs[1])
	tue := date("2026-11-24")
	if _, err := first.EditDay(tue, winAdder("First, in the first tab")); err != nil {
		t.Fatal(err)
	}
	if _, err := second.Day(tue); err != nil { // the second tab keeps the day as it is now
		t.Fatal(err)
	}
	tabs[0].unheard = true
	if _, err := first.EditDay(tue, winAdder("Then in the first tab")); err != nil {
		t.Fatal(err)
	}
	saved, err := second.EditDay(tue, winAdder("From the second tab"))
	if err != nil {
		t.Fatal(err)
	}
	want := "First, in the first tab|Then in the first tab|From the second tab"
	if got := winTexts(saved); got != want {
		t.Fatalf("the second tab saved %s, want %s", got, want)
	}
	stored, err := open(t, tabs[0].MemoryKV).Day(tue)
	if err != nil || winTexts(stored) != want {
		t.Fatalf("stored: %s, %v; want %s", winTexts(stored), err, want)
	}
}

// TestASyncWriteKeepsAWriteNotHeardOf: what a sync stores of a day is
// made again to what another tab wrote in the moment before this one heard
// of it, as an edit is.
func TestASyncWriteKeepsAWriteNotHeardOf(t *testing.T) {
	tabs := newTabs(2)
	first, second := openTab(t, tabs[0]), openTab(t, tabs[1])
	tue := date("2026-11-24")
	if _, err := first.EditDay(tue, func(d *ritual.Day) error { _, err := d.AddWin("Synced", now); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := second.Day(tue); err != nil { // the second tab keeps the day as it is now
		t.Fatal(err)
	}
	tabs[0].unheard = true
	if _, err := first.EditDay(tue, func(d *ritual.Day) error { _, err := d.AddWin("Edited meanwhile", now); return err }); err != nil {
		t.Fatal(err)
	}
	var seen []string
	err := second.UpdateDayRecord(tue, func(day ritual.Day, meta *SyncMeta, found bool) (ritual.Day, *SyncMeta, error) {
		seen = append(seen, winTexts(day))
		return day, &SyncMeta{Version: 7}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Synced", "Synced|Edited meanwhile"}; !slices.Equal(seen, want) {
		t.Fatalf("the update was made to %q, want %q", seen, want)
	}
	day, meta, found, err := open(t, tabs[0].MemoryKV).DayRecord(tue)
	if err != nil || !found || winTexts(day) != "Synced|Edited meanwhile" || meta == nil || meta.Version != 7 {
		t.Fatalf("stored: %s %+v %v %v", winTexts(day), meta, found, err)
	}
}

// winAdder is an edit that adds a win with text.
func winAdder(text string) func(*ritual.Day) error {
	return func(d *ritual.Day) error { _, err := d.AddWin(text, now); return err }
}

func winTexts(d ritual.Day) string {
	var texts []string
	for _, w := range d.Wins {
		texts = append(texts, w.Text)
	}
	return strings.Join(texts, "|")
}

func sameDates(a, b []ritual.Date) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, ritual.Date.Compare)
	slices.SortFunc(b, ritual.Date.Compare)
	return slices.Equal(a, b)
}

// TestSettingsEditsKeepAWriteNotHeardOf: the settings and the checklist
// are changed, by a page and by a sync, over what another tab wrote in the
// moment before this one heard of it, as a day is.
func TestSettingsEditsKeepAWriteNotHeardOf(t *testing.T) {
	tabs := newTabs(2)
	first, second := openTab(t, tabs[0]), openTab(t, tabs[1])
	if err := first.SaveSettings(ritual.DefaultSettings()); err != nil {
		t.Fatal(err)
	}
	if err := first.SaveChecklist(ritual.DefaultChecklist()); err != nil {
		t.Fatal(err)
	}
	_ = second.Settings() // the second tab keeps them as they are now
	_ = second.Checklist()
	tabs[0].unheard = true
	if _, err := first.EditSettings(func(s ritual.Settings) ritual.Settings { s.ClosingPhrase = "Done for today"; return s }); err != nil {
		t.Fatal(err)
	}
	if _, err := first.EditChecklist(func(c ritual.Checklist) ritual.Checklist {
		c.Add(ritual.Step{ID: "water", Kind: ritual.StepCustom, Title: "Water the plants"})
		return c
	}); err != nil {
		t.Fatal(err)
	}
	saved, err := second.EditSettings(func(s ritual.Settings) ritual.Settings { s.ReviewDay = time.Thursday; return s })
	if err != nil {
		t.Fatal(err)
	}
	if saved.ClosingPhrase != "Done for today" || saved.ReviewDay != time.Thursday {
		t.Fatalf("the second tab saved %q on %s, want both tabs' changes", saved.ClosingPhrase, saved.ReviewDay)
	}
	var seen []int
	err = second.UpdateChecklistRecord(func(c ritual.Checklist, meta *SyncMeta, found bool) (ritual.Checklist, *SyncMeta, error) {
		seen = append(seen, len(c.Steps))
		return c, &SyncMeta{Version: 3}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defaults := len(ritual.DefaultChecklist().Steps)
	if want := []int{defaults, defaults + 1}; !slices.Equal(seen, want) {
		t.Fatalf("the sync's update was made to checklists of %v steps, want %v", seen, want)
	}
	again := open(t, tabs[0].MemoryKV)
	if got := again.Settings(); got.ClosingPhrase != "Done for today" || got.ReviewDay != time.Thursday {
		t.Fatalf("stored %q on %s", got.ClosingPhrase, got.ReviewDay)
	}
	if c, meta, _ := again.ChecklistRecord(); len(c.Steps) != defaults+1 || meta == nil || meta.Version != 3 {
		t.Fatalf("stored a checklist of %d steps, %+v", len(c.Steps), meta)
	}
}

// TestMarkingAsNewKeepsAWriteNotHeardOf: turning sync on marks every
// record to be sent; a day or settings another tab changed in the moment
// before this one heard of it are marked as changed, not put back as they
// were.
func TestMarkingAsNewKeepsAWriteNotHeardOf(t *testing.T) {
	tabs := newTabs(2)
	first, second := openTab(t, tabs[0]), openTab(t, tabs[1])
	tue := date("2026-11-24")
	if _, err := first.EditDay(tue, winAdder("Before")); err != nil {
		t.Fatal(err)
	}
	if err := first.SaveSettings(ritual.DefaultSettings()); err != nil {
		t.Fatal(err)
	}
	if _, err := second.Day(tue); err != nil { // the second tab keeps them as they are now
		t.Fatal(err)
	}
	_ = second.Settings()
	tabs[0].unheard = true
	if _, err := first.EditDay(tue, winAdder("Meanwhile")); err != nil {
		t.Fatal(err)
	}
	if _, err := first.EditSettings(func(s ritual.Settings) ritual.Settings { s.ClosingPhrase = "Done for today"; return s }); err != nil {
		t.Fatal(err)
	}
	if err := second.MarkAsNew(true); err != nil {
		t.Fatal(err)
	}
	again := open(t, tabs[0].MemoryKV)
	day, meta, _, err := again.DayRecord(tue)
	if err != nil || winTexts(day) != "Before|Meanwhile" || meta == nil || !meta.Dirty {
		t.Fatalf("stored the day with %s, %+v, %v; want both wins, to be sent", winTexts(day), meta, err)
	}
	settings, smeta, _ := again.SettingsRecord()
	if settings.ClosingPhrase != "Done for today" || smeta == nil || !smeta.Dirty {
		t.Fatalf("stored the settings with %q, %+v; want the other tab's change, to be sent", settings.ClosingPhrase, smeta)
	}
}

// TestIndexesKeepAWriteNotHeardOf: the open-loop and unsynced-day indexes
// are changed over what another tab wrote in the moment before this one
// heard of it: that tab's loop still comes back, its day is still sent.
func TestIndexesKeepAWriteNotHeardOf(t *testing.T) {
	tabs := newTabs(2)
	first, second := openTab(t, tabs[0]), openTab(t, tabs[1])
	if err := first.SaveSyncConfig(SyncConfig{Server: "https://sync.example", Token: "t", User: "u"}); err != nil {
		t.Fatal(err)
	}
	mon, tue, wed, thu := date("2026-11-23"), date("2026-11-24"), date("2026-11-25"), date("2026-11-26")
	if _, err := second.EditDay(mon, loopAdder("Already there")); err != nil { // the second tab keeps both indexes
		t.Fatal(err)
	}
	tabs[0].unheard = true
	if _, err := first.EditDay(tue, loopAdder("From the first tab")); err != nil {
		t.Fatal(err)
	}
	if _, err := second.EditDay(wed, loopAdder("From the second tab")); err != nil {
		t.Fatal(err)
	}
	fresh := open(t, tabs[0].MemoryKV)
	refs, err := fresh.OpenLoops(thu)
	if want := "Already there|From the first tab|From the second tab"; err != nil || texts(refs) != want {
		t.Fatalf("open loops before Thursday: %s, %v; want %s", texts(refs), err, want)
	}
	if got, want := fresh.DirtyDates(), []ritual.Date{mon, tue, wed}; !sameDates(got, want) {
		t.Fatalf("days to send: %v, want %v", got, want)
	}
}

// TestDeviceListsKeepAWriteNotHeardOf: the meetings dismissed and the
// share links kept on this device are changed over what another tab wrote
// in the moment before this one heard of it.
func TestDeviceListsKeepAWriteNotHeardOf(t *testing.T) {
	tabs := newTabs(2)
	first, second := openTab(t, tabs[0]), openTab(t, tabs[1])
	wed := date("2026-11-25")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(second.DismissMeeting(wed, "standup")) // the second tab keeps both lists
	must(second.SaveShareLink("a", "https://sync.example/shared/a#key-a"))
	must(second.SaveShareLink("b", "https://sync.example/shared/b#key-b"))
	tabs[0].unheard = true
	must(first.DismissMeeting(wed, "review"))
	must(first.SaveShareLink("c", "https://sync.example/shared/c#key-c"))
	must(second.DismissMeeting(wed, "retro"))
	must(second.ForgetShareLinks("a"))

	fresh := open(t, tabs[0].MemoryKV)
	if got, want := fresh.DismissedMeetings(wed), []string{"standup", "review", "retro"}; !slices.Equal(got, want) {
		t.Fatalf("dismissed: %q, want %q", got, want)
	}
	links := fresh.ShareLinks()
	if len(links) != 2 || links["b"] == "" || links["c"] == "" {
		t.Fatalf("share links: %v, want b and c", links)
	}
}

// loopAdder is an edit that adds a loop for tomorrow with text.
func loopAdder(text string) func(*ritual.Day) error {
	return func(d *ritual.Day) error {
		_, err := d.AddLoop(ritual.LoopInput{Text: text, When: ritual.When{Kind: ritual.WhenTomorrow}}, now)
		return err
	}
}
