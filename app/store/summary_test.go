package store

import (
	"encoding/json"
	"testing"

	"github.com/remoteml/sundown/app/ritual"
)

// TestDaySummaryIsTheDaysOwn: the summary decoded from storage is the one
// of the day read in full, for a year of days, days with conflicts, a day
// off, a day with sync state, one in an older format and a damaged one.
func TestDaySummaryIsTheDaysOwn(t *testing.T) {
	// The same storage twice: reading a damaged day sets it aside.
	summaries, days := NewMemoryKV(), NewMemoryKV()
	fillForSummaries(t, summaries)
	fillForSummaries(t, days)
	reader, full := open(t, summaries), open(t, days)   // fresh starts, nothing cached
	dates := append(reader.Dates(), date("2026-11-25")) // and a day never stored
	for _, d := range dates {
		sum, sumErr := reader.DaySummary(d)
		day, dayErr := full.Day(d)
		want := day.Summary()
		if sum != want || (sumErr == nil) != (dayErr == nil) {
			t.Fatalf("%s: summary %+v (%v), the day's %+v (%v)", d, sum, sumErr, want, dayErr)
		}
	}
	if sum, _ := reader.DaySummary(date("2026-11-23")); sum.Conflicts != 2 || !sum.Closed || sum.Wins != 2 {
		t.Fatalf("the conflicted day's summary is %+v", sum)
	}
	if sum, _ := reader.DaySummary(date("2026-03-02")); sum.Wins != 2 {
		t.Fatalf("the older day's summary is %+v", sum)
	}
}

// fillForSummaries stores a year of days, a day with conflicts and sync
// state, a day off, a day in an older format and a damaged one.
func fillForSummaries(t *testing.T, kv *MemoryKV) {
	t.Helper()
	s := open(t, kv)
	days := ritual.GenerateHistory(3, date("2026-11-20"), 1)
	for _, day := range days {
		if err := s.SaveDay(day); err != nil {
			t.Fatal(err)
		}
	}
	conflicted := ritual.NewDay(date("2026-11-23"))
	a, _ := conflicted.AddWin("Shipped it, as the laptop says", now)
	b, _ := conflicted.AddWin("Shipped it, as the phone says", now)
	conflicted.Wins[0].ConflictWith, conflicted.Wins[1].ConflictWith = b.ID, a.ID
	conflicted.SetFirstMove("Start with the review", now)
	conflicted.FirstMove.Other = "Start with the tests"
	conflicted.Complete(ritual.StampOf(now))
	off := ritual.NewDay(date("2026-11-24"))
	off.Off = true
	for _, day := range []ritual.Day{conflicted, off} {
		if err := s.SaveDay(day); err != nil {
			t.Fatal(err)
		}
	}
	base, _ := json.Marshal(conflicted)
	if err := s.PutDayRecord(conflicted, &SyncMeta{Base: base, Version: 7}); err != nil { // a day with its sync state beside it
		t.Fatal(err)
	}
	kv.Set("sundown/day/2026-03-02", `{"schema":1,"data":{"date":"2026-03-02","wins":["Wrote the spec","Paired with Sam"]}}`)
	kv.Set("sundown/day/2026-03-03", `3:{"day":{"date":"2026-03-03","wins":[{"id":`)
}
