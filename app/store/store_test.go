package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

var now = time.Date(2026, time.November, 25, 18, 4, 0, 0, time.UTC)

func open(t *testing.T, kv KV) *Store {
	t.Helper()
	s, err := Open(kv)
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

func TestDaysSurviveReopening(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("Shipped it", now)
	day.Complete(ritual.StampOf(now))
	if err := s.SaveDay(day); err != nil {
		t.Fatal(err)
	}
	older := ritual.NewDay(date("2026-11-20"))
	older.SetNote("quiet day", now)
	if err := s.SaveDay(older); err != nil {
		t.Fatal(err)
	}

	again := open(t, kv)
	got, err := again.Day(day.Date)
	if err != nil || len(got.Wins) != 1 || got.Wins[0].Text != "Shipped it" || !got.IsClosed() {
		t.Fatalf("reopened day = %+v, %v", got, err)
	}
	if dates := again.Dates(); len(dates) != 2 || dates[0] != day.Date || dates[1] != older.Date {
		t.Fatalf("dates = %v, want newest first", dates)
	}
	empty, err := again.Day(date("2026-11-24"))
	if err != nil || !empty.IsEmpty() || empty.Date != date("2026-11-24") {
		t.Fatalf("a day never saved = %+v, %v", empty, err)
	}
}

func TestSavingWritesOnlyTheDay(t *testing.T) {
	kv := &countingKV{KV: NewMemoryKV()}
	s := open(t, kv)
	for i := range 30 {
		d := ritual.NewDay(date("2026-10-01").AddDays(i))
		d.AddWin("w", now)
		s.SaveDay(d)
	}
	kv.writes = nil
	d, _ := s.Day(date("2026-10-05"))
	d.AddWin("another", now)
	if err := s.SaveDay(d); err != nil {
		t.Fatal(err)
	}
	if len(kv.writes) != 1 || kv.writes[0] != "sundown/day/2026-10-05" {
		t.Fatalf("an edit wrote %v; want only the day's key", kv.writes)
	}
}

type countingKV struct {
	KV
	writes []string
}

func (c *countingKV) Set(k, v string) error {
	c.writes = append(c.writes, k)
	return c.KV.Set(k, v)
}

func TestCorruptDayIsQuarantinedAndOthersWork(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	for _, d := range []string{"2026-11-23", "2026-11-24"} {
		day := ritual.NewDay(date(d))
		day.AddWin("win on "+d, now)
		s.SaveDay(day)
	}
	kv.Set("sundown/day/2026-11-24", `{"schema":2,"data":{"date":"2026-11-24","wins":[{"id":`)

	s = open(t, kv)
	_, err := s.Day(date("2026-11-24"))
	if err == nil || !strings.Contains(err.Error(), "Tuesday 24 November 2026") {
		t.Fatalf("error = %v, want one naming the day", err)
	}
	kept, _, _ := kv.Get("sundown/quarantine/day/2026-11-24")
	if !strings.HasPrefix(kept, `{"schema":2,"data":{"date":"2026-11-24"`) {
		t.Fatalf("raw value not kept aside: %q", kept)
	}
	if _, ok, _ := kv.Get("sundown/day/2026-11-24"); ok {
		t.Fatal("the corrupt value is still under its key")
	}
	other, err := s.Day(date("2026-11-23"))
	if err != nil || other.Wins[0].Text != "win on 2026-11-23" {
		t.Fatalf("other day = %+v, %v", other, err)
	}
	// The next start still names the problem, and the value can be looked at.
	s = open(t, kv)
	ps := s.Problems()
	if len(ps) != 1 || ps[0].Date != date("2026-11-24") || !strings.Contains(ps[0].Message(), "kept aside") {
		t.Fatalf("problems after restart = %+v", ps)
	}
	if raw, _ := s.QuarantinedValue(ps[0].KeptAs); raw != kept {
		t.Fatal("quarantined value not readable")
	}
	if dates := s.Dates(); len(dates) != 1 {
		t.Fatalf("dates = %v", dates)
	}
}

func TestWrongShapeAndBadContentAreQuarantined(t *testing.T) {
	for name, raw := range map[string]string{
		"not json":          "hello",
		"no schema":         `{"date":"2026-11-24"}`,
		"wrong types":       `{"schema":2,"data":{"date":"2026-11-24","energy":"high"}}`,
		"impossible date":   `{"schema":2,"data":{"date":"2026-02-30"}}`,
		"other date inside": `{"schema":2,"data":{"date":"2026-11-20"}}`,
		"duplicate ids":     `{"schema":2,"data":{"date":"2026-11-24","wins":[{"id":"a","text":"x"},{"id":"a","text":"y"}]}}`,
	} {
		kv := NewMemoryKV()
		kv.Set("sundown/day/2026-11-24", raw)
		s := open(t, kv)
		if _, err := s.Day(date("2026-11-24")); err == nil {
			t.Errorf("%s: read without error", name)
		}
		if kept, _, _ := kv.Get("sundown/quarantine/day/2026-11-24"); kept != raw {
			t.Errorf("%s: kept %q", name, kept)
		}
	}
}

func TestNewerSchemaIsLeftInPlace(t *testing.T) {
	kv := NewMemoryKV()
	raw := `{"schema":99,"data":{"date":"2026-11-24"}}`
	kv.Set("sundown/day/2026-11-24", raw)
	s := open(t, kv)
	_, err := s.Day(date("2026-11-24"))
	if err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("err = %v", err)
	}
	if v, _, _ := kv.Get("sundown/day/2026-11-24"); v != raw {
		t.Fatal("a newer value was moved or changed")
	}
}

func TestMigratesDayFromSchema1(t *testing.T) {
	kv := NewMemoryKV()
	kv.Set("sundown/day/2026-03-02", `{"schema":1,"data":{"date":"2026-03-02","wins":["Wrote the spec","Paired with Sam"],"first_move":"Open the spec","energy":3}}`)
	s := open(t, kv)
	day, err := s.Day(date("2026-03-02"))
	if err != nil {
		t.Fatal(err)
	}
	if len(day.Wins) != 2 || day.Wins[1].Text != "Paired with Sam" || day.Wins[0].ID == "" || day.Wins[0].ID == day.Wins[1].ID {
		t.Fatalf("wins = %+v", day.Wins)
	}
	if day.FirstMove == nil || day.FirstMove.Text != "Open the spec" || day.Energy != 3 {
		t.Fatalf("first move = %+v energy = %d", day.FirstMove, day.Energy)
	}
	again, _ := open(t, kv).Day(date("2026-03-02"))
	if again.Wins[0].ID != day.Wins[0].ID {
		t.Fatal("migration is not deterministic")
	}
}

func TestFullStorageKeepsThePreviousValue(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("first", now)
	if err := s.SaveDay(day); err != nil {
		t.Fatal(err)
	}
	kv.Limit = kv.size() + 10
	day.AddWin(strings.Repeat("x", 500), now)
	err := s.SaveDay(day)
	if !errors.Is(err, ErrFull) || !strings.Contains(err.Error(), "not saved") {
		t.Fatalf("err = %v", err)
	}
	got, _ := open(t, kv).Day(day.Date)
	if len(got.Wins) != 1 || got.Wins[0].Text != "first" {
		t.Fatalf("after a failed save the day is %+v", got.Wins)
	}
}

func TestOpenLoopsComeBackUntilClosed(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	mon := ritual.NewDay(date("2026-11-23"))
	a, _ := mon.AddLoop(ritual.LoopInput{Text: "Reply to Ana", When: ritual.When{Kind: ritual.WhenTomorrow}}, now)
	mon.AddLoop(ritual.LoopInput{Text: "Book dentist", When: ritual.When{Kind: ritual.WhenSomeday}}, now)
	s.SaveDay(mon)
	tue := ritual.NewDay(date("2026-11-24"))
	tue.AddLoop(ritual.LoopInput{Text: "Review PR 42", When: ritual.When{Kind: ritual.WhenTomorrow}}, now)
	s.SaveDay(tue)

	refs, _ := open(t, kv).OpenLoops(date("2026-11-25"))
	if texts(refs) != "Reply to Ana|Book dentist|Review PR 42" {
		t.Fatalf("open loops = %s", texts(refs))
	}
	if refs, _ := s.OpenLoops(date("2026-11-24")); texts(refs) != "Reply to Ana|Book dentist" {
		t.Fatalf("loops before Tuesday = %s", texts(refs))
	}
	mon.SetLoopClosed(a.ID, true, now)
	s.SaveDay(mon)
	if refs, _ := open(t, kv).OpenLoops(date("2026-11-25")); texts(refs) != "Book dentist|Review PR 42" {
		t.Fatalf("after closing = %s", texts(refs))
	}
}

func TestLoopIndexIsRebuiltWhenDamaged(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	mon := ritual.NewDay(date("2026-11-23"))
	mon.AddLoop(ritual.LoopInput{Text: "Reply to Ana", When: ritual.When{Kind: ritual.WhenTomorrow}}, now)
	s.SaveDay(mon)
	kv.Set(openLoopsKey, "garbage")
	refs, err := open(t, kv).OpenLoops(date("2026-11-25"))
	if err != nil || texts(refs) != "Reply to Ana" {
		t.Fatalf("refs = %s, %v", texts(refs), err)
	}
}

func texts(refs []ritual.LoopRef) string {
	var t []string
	for _, r := range refs {
		t = append(t, r.Loop.Text)
	}
	return strings.Join(t, "|")
}

func TestSettingsAndChecklist(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	if s.Settings().ClosingPhrase != "Shutdown complete" || len(s.Checklist().Steps) != 8 {
		t.Fatal("defaults not returned")
	}
	settings := s.Settings()
	settings.ClosingPhrase = "Done for today"
	settings.TargetEnd = 17*60 + 30
	if err := s.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	c := s.Checklist()
	c.Remove("energy")
	if err := s.SaveChecklist(c); err != nil {
		t.Fatal(err)
	}
	s = open(t, kv)
	if got := s.Settings(); got.ClosingPhrase != "Done for today" || got.TargetEnd.String() != "17:30" {
		t.Fatalf("settings = %+v", got)
	}
	if len(s.Checklist().Steps) != 7 {
		t.Fatal("checklist not saved")
	}
	settings.ClosingPhrase = ""
	if err := s.SaveSettings(settings); !errors.Is(err, ritual.ErrInvalid) {
		t.Fatalf("invalid settings saved: %v", err)
	}
	kv.Set(settingsKey, `{"schema":1,"data":{"target_end":"99:99"}}`)
	s = open(t, kv)
	if s.Settings().TargetEnd.String() != "18:00" || len(s.Problems()) != 1 || s.Problems()[0].What() != "your settings" {
		t.Fatalf("damaged settings: %+v %+v", s.Settings(), s.Problems())
	}
}

// Values start with their schema version, not with JSON, so that go-app's
// scan of localStorage for its own expired states rejects them at once.
func TestStoredValuesStartWithTheirSchema(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("w", now)
	s.SaveDay(day)
	raw, _, _ := kv.Get("sundown/day/2026-11-25")
	if !strings.HasPrefix(raw, `3:{"day":{"date":"2026-11-25"`) {
		t.Fatalf("stored as %q", raw)
	}
	var probe struct{ Value json.RawMessage }
	if err := json.Unmarshal([]byte(raw), &probe); err == nil {
		t.Fatal("a stored day decodes as JSON: go-app would parse it in full")
	}
	kv.Set("sundown/day/2026-11-24", raw[:len(raw)/2])
	if _, err := open(t, kv).Day(date("2026-11-24")); err == nil || !strings.Contains(err.Error(), "cut off or damaged") {
		t.Fatalf("a truncated value: %v", err)
	}
}

// A day too large for one sync record is refused with the domain's
// message, and what was saved before stays.
func TestATooLargeDayIsRefusedAndTheSavedOneKept(t *testing.T) {
	s := open(t, NewMemoryKV())
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("Kept", now)
	if err := s.SaveDay(day); err != nil {
		t.Fatal(err)
	}
	for day.CheckSize() == nil {
		day.AddWin(strings.Repeat("long ", ritual.MaxTextLength/5), now)
	}
	if err := s.SaveDay(day); !errors.Is(err, ritual.ErrInvalid) || !strings.Contains(err.Error(), "shorten") {
		t.Fatalf("saving an oversized day: %v", err)
	}
	if got, _ := s.Day(day.Date); len(got.Wins) != 1 {
		t.Fatalf("the saved day has %d wins, want the one saved before", len(got.Wins))
	}
}

// TestEditDayKeepsWhatAnotherTabSaved: two stores on one storage are two
// tabs. Each changes the day it read earlier; neither undoes the other.
func TestEditDayKeepsWhatAnotherTabSaved(t *testing.T) {
	kv := NewMemoryKV()
	first, second := open(t, kv), open(t, kv)
	d := date("2026-11-25")
	if _, err := first.EditDay(d, winAdder("from the first tab")); err != nil {
		t.Fatal(err)
	}
	saved, err := second.EditDay(d, winAdder("from the second tab"))
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Wins) != 2 {
		t.Fatalf("the second tab saved %d wins: %+v", len(saved.Wins), saved.Wins)
	}
	got, _ := open(t, kv).Day(d)
	if len(got.Wins) != 2 || got.Wins[0].Text != "from the first tab" || got.Wins[1].Text != "from the second tab" {
		t.Fatalf("stored wins = %+v", got.Wins)
	}
	// A change the day refuses saves nothing.
	if _, err := first.EditDay(d, func(*ritual.Day) error { return errors.New("refused") }); err == nil {
		t.Fatal("a refused change was saved")
	}
	if again, _ := open(t, kv).Day(d); len(again.Wins) != 2 {
		t.Fatalf("a refused change left %d wins", len(again.Wins))
	}
}

// TestEditDayStartsAfreshFromADamagedDay: the damaged value is set aside
// (kept) and the change is made to an empty day.
func TestEditDayStartsAfreshFromADamagedDay(t *testing.T) {
	kv := NewMemoryKV()
	kv.Set("sundown/day/2026-11-24", "{not json")
	s := open(t, kv)
	day, err := s.EditDay(date("2026-11-24"), func(d *ritual.Day) error { _, err := d.AddWin("written after", now); return err })
	if err != nil || len(day.Wins) != 1 {
		t.Fatalf("day = %+v, err = %v", day, err)
	}
	if kept, _, _ := kv.Get("sundown/quarantine/day/2026-11-24"); kept != "{not json" {
		t.Fatalf("the damaged value was not kept: %q", kept)
	}
}

// TestNewerDayIsNotOverwritten: a day a newer Sundown wrote is neither
// edited nor replaced by this version.
func TestNewerDayIsNotOverwritten(t *testing.T) {
	kv := NewMemoryKV()
	raw := `{"schema":99,"data":{"date":"2026-11-24"}}`
	kv.Set("sundown/day/2026-11-24", raw)
	s := open(t, kv)
	_, err := s.EditDay(date("2026-11-24"), func(d *ritual.Day) error { _, err := d.AddWin("older app", now); return err })
	if err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("edit: err = %v", err)
	}
	day := ritual.NewDay(date("2026-11-24"))
	day.AddWin("older app", now)
	if err := s.SaveDay(day); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("save: err = %v", err)
	}
	if v, _, _ := kv.Get("sundown/day/2026-11-24"); v != raw {
		t.Fatalf("the newer day was changed: %q", v)
	}
}

// TestNewerSettingsAreNotOverwritten: settings and a checklist a newer
// Sundown wrote are neither changed nor replaced by this version.
func TestNewerSettingsAreNotOverwritten(t *testing.T) {
	kv := NewMemoryKV()
	settings, checklist := `{"schema":99,"data":{"value":{}}}`, `{"schema":98,"data":{"value":{}}}`
	kv.Set("sundown/settings", settings)
	kv.Set("sundown/checklist", checklist)
	s := open(t, kv)
	if err := s.SaveSettings(ritual.DefaultSettings()); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("settings: err = %v", err)
	}
	if err := s.SaveChecklist(ritual.DefaultChecklist()); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("checklist: err = %v", err)
	}
	err := s.UpdateSettingsRecord(func(v ritual.Settings, meta *SyncMeta, found bool) (ritual.Settings, *SyncMeta, error) {
		return v, meta, nil
	})
	if err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("sync: err = %v", err)
	}
	if v, _, _ := kv.Get("sundown/settings"); v != settings {
		t.Fatalf("the newer settings were changed: %q", v)
	}
	if v, _, _ := kv.Get("sundown/checklist"); v != checklist {
		t.Fatalf("the newer checklist was changed: %q", v)
	}
}
