package store

import (
	"testing"

	"github.com/remoteml/sundown/app/ritual"
)

// With sync on, a save marks the day in the same write; the records the
// engine reads and writes (package syncengine) are tested there.
func TestSavesAreMarkedForSyncInTheSameWrite(t *testing.T) {
	kv := &countingKV{KV: NewMemoryKV()}
	s := open(t, kv)
	s.SetSyncing(true)
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
	if _, meta, found, _ := s.DayRecord(day.Date); !found || meta == nil || !meta.Dirty {
		t.Fatalf("the saved day is not marked: %+v", meta)
	}
	// Settled by a sync: the day and its state change in one write, then
	// the index forgets it.
	kv.writes = nil
	if err := s.PutDayRecord(day, &SyncMeta{Version: 7}); err != nil {
		t.Fatal(err)
	}
	if len(s.DirtyDates()) != 0 || kv.writes[0] != "sundown/day/2026-11-25" {
		t.Fatalf("still dirty: %v (writes %v)", s.DirtyDates(), kv.writes)
	}
}

// DatesVersion changes when a day is added, not when one is saved again.
func TestDatesVersionFollowsNewDays(t *testing.T) {
	s := open(t, NewMemoryKV())
	v := s.DatesVersion()
	day := ritual.NewDay(date("2026-11-25"))
	day.AddWin("w", now)
	s.SaveDay(day)
	added := s.DatesVersion()
	s.SaveDay(day)
	if added == v || s.DatesVersion() != added {
		t.Fatalf("versions %d, %d, %d", v, added, s.DatesVersion())
	}
}

// Records set aside by sync are kept as they came and listed by id.
func TestSetAsideRecordsAreKept(t *testing.T) {
	kv := NewMemoryKV()
	s := open(t, kv)
	if err := s.SetAside("rec-1", []byte(`{"as":"it came"}`)); err != nil {
		t.Fatal(err)
	}
	got, err := open(t, kv).SetAsideRecords()
	if err != nil || len(got) != 1 || string(got["rec-1"]) != `{"as":"it came"}` {
		t.Fatalf("set aside: %v %v", got, err)
	}
	if len(open(t, kv).Dates()) != 0 {
		t.Fatal("a record set aside is taken for a day")
	}
	s.DropSetAside("rec-1")
	if got, _ := s.SetAsideRecords(); len(got) != 0 {
		t.Fatalf("after dropping: %v", got)
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

func TestSettingsOfSchemaOneAreMigrated(t *testing.T) {
	kv := NewMemoryKV()
	kv.Set(settingsKey, `1:{"target_end":"17:30","workdays":[1,2],"closing_phrase":"Bye","review_day":5}`)
	got := open(t, kv).Settings()
	if got.TargetEnd != 17*60+30 || got.ClosingPhrase != "Bye" || len(got.Workdays) != 2 {
		t.Fatalf("settings = %+v", got)
	}
}

// TestTurningSyncOnSkipsADamagedDay: a day that cannot be read is never
// sent, and does not keep sync from being turned on or the other days from
// being marked to be sent.
func TestTurningSyncOnSkipsADamagedDay(t *testing.T) {
	kv := NewMemoryKV()
	first := open(t, kv)
	good, damaged := date("2026-11-24"), date("2026-11-25")
	for _, d := range []ritual.Date{good, damaged} {
		if _, err := first.EditDay(d, func(day *ritual.Day) error { _, err := day.AddWin("a win", now); return err }); err != nil {
			t.Fatal(err)
		}
	}
	kv.Set(dayKey(damaged), "garbage")
	s := open(t, kv)
	if err := s.SaveSyncConfig(SyncConfig{Server: "https://sync.example", Token: "t", User: "u"}); err != nil {
		t.Fatalf("turning sync on: %v", err)
	}
	if _, meta, _, err := s.DayRecord(good); err != nil || meta == nil || !meta.Dirty {
		t.Fatalf("the readable day: %+v, %v; want it marked to be sent", meta, err)
	}
	if _, meta, found, _ := s.DayRecord(damaged); found && meta != nil {
		t.Fatalf("the damaged day was marked to be sent: %+v", meta)
	}
	if len(s.Problems()) == 0 {
		t.Fatal("the damaged day is not reported")
	}
}
