package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

func filledStore(t *testing.T) (*Store, *MemoryKV) {
	t.Helper()
	kv := NewMemoryKV()
	s := open(t, kv)
	for _, day := range ritual.GenerateHistory(7, date("2026-11-25"), 1)[:40] {
		if err := s.SaveDay(day); err != nil {
			t.Fatal(err)
		}
	}
	settings := s.Settings()
	settings.ClosingPhrase = "Laptop closed"
	s.SaveSettings(settings)
	c := s.Checklist()
	c.Remove("energy")
	s.SaveChecklist(c)
	return s, kv
}

func TestBackupRestoresIntoAnEmptyBrowserExactly(t *testing.T) {
	s, _ := filledStore(t)
	b, err := s.Backup(now)
	if err != nil {
		t.Fatal(err)
	}
	file, _ := b.Marshal()
	parsed, err := ritual.ParseBackup(file)
	if err != nil {
		t.Fatal(err)
	}
	empty := open(t, NewMemoryKV())
	plan, err := empty.PlanImport(parsed)
	if err != nil || plan.New != 40 || plan.Updated+plan.Unchanged != 0 || !plan.TakeSettings || !plan.TakeChecklist {
		t.Fatalf("plan = %q, %v", plan.Summary(), err)
	}
	if plan.Summary() != "40 new days, 0 updated, 0 unchanged." {
		t.Fatalf("summary = %q", plan.Summary())
	}
	if err := empty.ApplyImport(plan); err != nil {
		t.Fatal(err)
	}
	restored, _ := empty.Backup(now)
	again, _ := restored.Marshal()
	if string(again) != string(file) {
		t.Fatal("the restored data differs from the backup")
	}
	// Importing the same file again changes nothing.
	plan, _ = empty.PlanImport(parsed)
	if plan.Unchanged != 40 || plan.New+plan.Updated != 0 || plan.TakeSettings {
		t.Fatalf("second import plan = %q", plan.Summary())
	}
}

func TestImportMergesAndNeverDeletes(t *testing.T) {
	s, _ := filledStore(t)
	b, _ := s.Backup(now)
	day := b.Days[0]
	local, _ := s.Day(day.Date)
	local.AddWin("Written here after the backup", now.Add(time.Hour))
	s.SaveDay(local)
	local2, _ := s.Day(b.Days[1].Date)
	local2.Wins = nil // removed here; the backup still has them
	s.SaveDay(local2)
	settings := b.Settings
	settings.ClosingPhrase = "From the backup"
	b.Settings = settings

	plan, err := s.PlanImport(b)
	// Day 0 only gained a win here, so the backup adds nothing to it.
	if err != nil || plan.Summary() != "0 new days, 1 updated, 39 unchanged." || plan.TakeSettings {
		t.Fatalf("plan = %q, take settings %v, %v", plan.Summary(), plan.TakeSettings, err)
	}
	if err := s.ApplyImport(plan); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Day(day.Date)
	if len(got.Wins) != len(day.Wins)+1 {
		t.Fatalf("wins after import = %d, want the backup's %d plus the local one", len(got.Wins), len(day.Wins))
	}
	if got2, _ := s.Day(b.Days[1].Date); len(got2.Wins) != len(b.Days[1].Wins) {
		t.Fatal("entries only in the backup were not brought back")
	}
	if s.Settings().ClosingPhrase != "Laptop closed" {
		t.Fatal("the import overwrote local settings")
	}
}

// TestImportKeepsWhatWasWrittenWhileThePlanWasRead: a day changed between
// the plan and its import (another tab, a sync) keeps that change.
func TestImportKeepsWhatWasWrittenWhileThePlanWasRead(t *testing.T) {
	s, kv := filledStore(t)
	b, _ := s.Backup(now)
	d := b.Days[1].Date
	emptied, _ := s.Day(d)
	emptied.Wins = nil // removed here: the backup brings them back
	s.SaveDay(emptied)
	plan, err := s.PlanImport(b)
	if err != nil || plan.Updated != 1 {
		t.Fatalf("plan = %q, %v", plan.Summary(), err)
	}
	otherTab := open(t, kv)
	if _, err := otherTab.EditDay(d, func(day *ritual.Day) error {
		_, err := day.AddWin("Written in another tab meanwhile", now.Add(time.Hour))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.ApplyImport(plan); err != nil {
		t.Fatal(err)
	}
	got, _ := open(t, kv).Day(d)
	kept := slices.ContainsFunc(got.Wins, func(w ritual.Win) bool { return w.Text == "Written in another tab meanwhile" })
	if len(got.Wins) != len(b.Days[1].Wins)+1 || !kept {
		t.Fatalf("wins after the import = %+v", got.Wins)
	}
}

func TestFailedImportChangesNothing(t *testing.T) {
	s, kv := filledStore(t)
	b, _ := s.Backup(now)
	for i := range b.Days {
		b.Days[i].AddWin(strings.Repeat("new ", 100), now.Add(time.Hour))
	}
	older := ritual.GenerateHistory(8, date("2025-06-30"), 1)[:20] // days this browser has never had
	b.Days = append(b.Days, older...)
	before, dates := snapshot(kv), s.Dates()
	plan, _ := s.PlanImport(b)
	kv.Limit = kv.size() + 2000 // room for a few days, not for all
	err := s.ApplyImport(plan)
	if !errors.Is(err, ErrFull) {
		t.Fatalf("err = %v", err)
	}
	if after := snapshot(kv); after != before {
		t.Fatal("a failed import left changes behind")
	}
	if !slices.Equal(s.Dates(), dates) {
		t.Fatalf("after a failed import the store lists %d days; %d are stored", len(s.Dates()), len(dates))
	}
	if _, _, found, _ := s.DayRecord(older[0].Date); found {
		t.Fatal("a day of the failed import can be read")
	}
	if refs, _ := s.OpenLoops(date("2026-11-26")); len(refs) != len(mustOpenLoops(t, kv)) {
		t.Fatal("the open-loop index no longer matches after the rollback")
	}
}

func mustOpenLoops(t *testing.T, kv KV) []ritual.LoopRef {
	refs, err := open(t, kv).OpenLoops(date("2026-11-26"))
	if err != nil {
		t.Fatal(err)
	}
	return refs
}

func snapshot(kv *MemoryKV) string {
	keys, _ := kv.Keys()
	var b strings.Builder
	for _, k := range keys {
		v, _, _ := kv.Get(k)
		b.WriteString(k + "=" + v + "\n")
	}
	return b.String()
}

func TestDaysInReadsOnlyTheRange(t *testing.T) {
	s, _ := filledStore(t)
	r := ritual.Range{From: s.Dates()[9], To: s.Dates()[0]}
	days := s.DaysIn(r)
	if len(days) != 10 || days[0].Date != r.From || days[9].Date != r.To {
		t.Fatalf("%d days from %v", len(days), days[0].Date)
	}
}
