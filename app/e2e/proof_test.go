//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/ritual"
)

// zone is the user's time zone in these tests: UTC+1, like Berlin in winter.
var zone = time.FixedZone("", 3600)

// setClock starts the app's clock at a fixed moment (a testing aid the app
// reads at start) and reloads.
func (s *session) setClock(at time.Time) {
	s.t.Helper()
	eval[chromedp.Void](s, `localStorage.setItem("sundown/test-clock", "`+at.Format(time.RFC3339)+`")`)
	s.reload()
}

// allowDownloads saves downloads into a fresh folder and returns it.
func (s *session) allowDownloads() string {
	s.t.Helper()
	dir := s.t.TempDir()
	if _, err := chromedp.CallBrowser(s.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		s.t.Fatal(err)
	}
	return dir
}

// downloaded waits for a finished download called name and returns it.
func (s *session) downloaded(dir, name string) []byte {
	s.t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil && len(data) > 0 {
			return data
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	s.t.Fatalf("no download %s (the folder holds %v)", name, entries)
	return nil
}

// importFile chooses path in the "Import backup" field and confirms.
func (s *session) importFile(path, wantSummary string) {
	s.t.Helper()
	s.run("choosing the backup", chromedp.SetUploadFiles(chromedp.CSS("#backup-file"), []string{path}))
	s.waitContains(wantSummary)
	s.click("Import")
	s.waitContains("Imported: " + wantSummary)
}

// fixedHistory is two weeks of a person who sometimes works late, as a
// backup file.
func fixedHistory(t *testing.T) string {
	stamp := func(date, clock string) ritual.Stamp {
		d, _ := ritual.ParseDate(date)
		c, _ := ritual.ParseClock(clock)
		return ritual.StampOf(time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, zone))
	}
	day := func(date, stop string, edit func(d *ritual.Day, at time.Time)) ritual.Day {
		d, _ := ritual.ParseDate(date)
		out := ritual.NewDay(d)
		st := stamp(date, stop)
		edit(&out, st.At)
		out.Complete(st)
		return out
	}
	days := []ritual.Day{
		day("2026-11-16", "19:00", func(d *ritual.Day, at time.Time) {
			d.AddWin("Shipped the CSV importer", at)
			d.AddUnseen(ritual.UnseenInput{Kind: ritual.KindDebugged, Text: "Chased a flaky test", Learned: "The clock drifts under load"}, at)
			d.SetEnergy(2)
		}),
		day("2026-11-17", "17:30", func(d *ritual.Day, at time.Time) {
			d.AddUnseen(ritual.UnseenInput{Kind: ritual.KindHelped, Text: "Unblocked Sam on the deploy"}, at)
			d.AddLoop(ritual.LoopInput{Text: "Answer Ana about the roadmap", NextStep: "Draft three bullets", When: ritual.When{Kind: ritual.WhenTomorrow}}, at)
		}),
		day("2026-11-23", "18:10", func(d *ritual.Day, at time.Time) {
			d.AddWin("Closed the release checklist", at)
			d.AddWin("Paired on the cache bug", at)
		}),
		day("2026-11-24", "17:50", func(d *ritual.Day, at time.Time) {
			d.AddUnseen(ritual.UnseenInput{Kind: ritual.KindRead, Text: "Read the payments RFC"}, at)
			d.SetEnergy(4)
		}),
	}
	data, err := ritual.NewBackup(ritual.DefaultSettings(), ritual.DefaultChecklist(), days, time.Now()).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "history.json")
	os.WriteFile(path, data, 0o644)
	return path
}

// TestInsightsExportsAndBackup loads a fixed history and checks what a user
// sees and gets out of it: the figures, the Markdown record, the backup.
func TestInsightsExportsAndBackup(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	s.setClock(time.Date(2026, time.November, 25, 19, 0, 0, 0, zone)) // Wednesday evening
	downloads := s.allowDownloads()

	s.open("/settings")
	s.importFile(fixedHistory(t), "4 new days, 0 updated, 0 unchanged.")

	s.open("/insights")
	s.waitContains("When you stop")
	figures := eval[[]string](s, `[...document.querySelectorAll(".figure dd")].map(e => e.textContent)`)
	// Stops 19:00, 17:30, 18:10, 17:50: the 28-day median is 18:00 (between
	// 17:50 and 18:10), so is the 7-day one (18:10 and 17:50); two are late.
	if strings.Join(figures, "|") != "18:00|18:00|2 of 4" {
		t.Fatalf("figures = %v, want median 18:00 for 7 and 28 days, 2 of 4 days late", figures)
	}
	if dots := eval[int](s, `document.querySelectorAll("svg.chart circle.chart-dot").length`); dots < 4 {
		t.Fatalf("%d dots on the charts", dots)
	}
	if late := eval[int](s, `document.querySelectorAll("svg.chart circle.chart-dot-late").length`); late != 2 {
		t.Fatalf("%d late dots, want 2", late)
	}
	s.waitContains("2 of 2 workdays closed this week")
	s.click("12 weeks")
	s.run("waiting for twelve weeks of bars", chromedp.Poll[chromedp.Void](
		`document.querySelectorAll("svg.chart rect.chart-bar").length === 12`, chromedp.WithPollingTimeout(patience)))
	if first := eval[string](s, `[...document.querySelectorAll("details.numbers table")].find(t => t.caption.textContent === "Wins and unseen work per week").querySelector("tbody td").textContent`); first != "Week of Mon 7 Sep" {
		t.Fatalf("the 12-week window starts on %q, want Mon 7 Sep", first)
	}
	s.shot("insights")

	s.choose("Range", "last-week")
	s.click("Export Markdown")
	md := string(s.downloaded(downloads, "sundown-2026-11-16-to-2026-11-22.md"))
	for _, want := range []string{"# Work record: Mon 16 Nov – Sun 22 Nov 2026", "2 days closed, median stop 18:15.", "- Shipped the CSV importer (Mon 16 Nov)",
		"### Debugged", "Now I know: The clock drifts under load", "- Answer Ana about the roadmap: next, Draft three bullets, tomorrow (Tue 17 Nov)"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown export lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Closed the release checklist") {
		t.Error("the export holds a win from outside the range")
	}

	// Copy for standup: yesterday's summary (today has nothing yet).
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(s.ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted, Origin: s.origin}); err != nil {
			t.Fatal(err)
		}
	}
	s.click("Copy for standup")
	s.waitContains("Copied the summary of Tuesday 24 November 2026.")
	copied := get(s, "reading the clipboard", chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if copied != "Tuesday 24 November 2026\nAlso:\n- Read the payments RFC (read)\n" {
		t.Fatalf("clipboard = %q", copied)
	}

	// Backup round trip: export, clear the browser, import, export again.
	s.open("/settings")
	s.click("Export backup")
	first := s.downloaded(downloads, "sundown-backup-2026-11-25.json")
	os.Rename(filepath.Join(downloads, "sundown-backup-2026-11-25.json"), filepath.Join(downloads, "first.json"))
	// The days are in the browser's database, none in localStorage (which
	// go-app scans at start and every minute).
	if len(s.storedKeys("sundown/day/")) != 4 || eval[bool](s, `Object.keys(localStorage).some(k => k.startsWith("sundown/day/"))`) {
		t.Fatalf("the days are not where they belong: %v in the database", s.storedKeys("sundown/day/"))
	}
	s.changeDatabase(`store => { store.delete(IDBKeyRange.bound("sundown/day/", "sundown/day/\uffff")); return store.delete("sundown/open-loops"); }`)
	s.open("/history")
	s.waitContains("No days yet")
	s.open("/settings")
	s.importFile(filepath.Join(downloads, "first.json"), "4 new days, 0 updated, 0 unchanged.")
	s.click("Export backup")
	second := s.downloaded(downloads, "sundown-backup-2026-11-25.json")
	a, errA := ritual.ParseBackup(first)
	b, errB := ritual.ParseBackup(second)
	if errA != nil || errB != nil || len(a.Days) != 4 || len(b.Days) != 4 {
		t.Fatalf("backups: %v %v", errA, errB)
	}
	for i := range a.Days {
		if !ritual.SameDay(a.Days[i], b.Days[i]) {
			t.Fatalf("day %s differs after the round trip", a.Days[i].Date)
		}
	}
	s.assertClean()
}

// TestBadBackupChangesNothing imports a damaged file: the app names the
// problem and the data stays as it was.
func TestBadBackupChangesNothing(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/settings")
	s.importFile(fixedHistory(t), "4 new days")
	good, _ := os.ReadFile(fixedHistory(t))
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(strings.Replace(string(good), `"energy": 2`, `"energy": "two"`, 1)), 0o644)
	s.run("choosing the damaged backup", chromedp.SetUploadFiles(chromedp.CSS("#backup-file"), []string{bad}))
	s.waitContains(`Nothing was imported. Backup: day 1 (2026-11-16): field "energy" should be a number`)
	s.open("/history/2026-11-16")
	s.waitContains("Energy: 2 – Low") // unchanged by the failed import
	s.assertClean()
}

// TestWeeklyReviewAndReminder opens the app on a Friday after the end time.
func TestWeeklyReviewAndReminder(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/settings")
	s.importFile(fixedHistory(t), "4 new days")
	s.setClock(time.Date(2026, time.November, 27, 18, 5, 0, 0, zone)) // Friday, after 18:00

	s.open("/")
	s.waitContains("Time to shut down. It is 18:05.")
	s.shot("reminder")
	s.click("Start shutdown")
	s.waitText(".progress-text", "Step 1 of 9")
	for step := 2; step <= 8; step++ {
		s.click("Skip")
		s.waitText(".progress-text", fmt.Sprintf("Step %d of 9", step))
	}
	s.waitText("#step-title", "Weekly review")
	s.waitContains("Closed the release checklist")
	s.waitContains("Median stop this week: 18:00 (the week before: 18:15).")
	s.wantEntries("Open loops to review", "Answer Ana about the roadmap")
	s.shot("weekly-review")
	s.click("Close loop: Answer Ana about the roadmap")
	s.waitContains("Nothing left open.")
	s.click("Next")
	s.waitText("#step-title", "Close")
	s.click("Finish")
	s.waitContains("Shutdown complete — 18:0")
	s.open("/")
	if eval[bool](s, `document.body.innerText.includes("Time to shut down")`) {
		t.Fatal("the reminder still shows after the day was closed")
	}
	s.assertClean()
}
