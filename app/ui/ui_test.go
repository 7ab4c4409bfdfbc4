//go:build !(js && wasm)

package ui

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/store"
)

// evening is the fixed "now" of these tests: a Wednesday, 18:04.
var evening = time.Date(2026, time.November, 25, 18, 4, 0, 0, time.UTC)

// testEnv is a fresh browser whose storage holds raw (key, value) pairs, as
// left by an earlier session, when the app starts.
func testEnv(t *testing.T, raw ...string) (*Env, *store.MemoryKV) {
	t.Helper()
	kv := store.NewMemoryKV()
	for i := 0; i+1 < len(raw); i += 2 {
		kv.Set(raw[i], raw[i+1])
	}
	st, err := store.Open(kv)
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Store: st, Now: func() time.Time { return evening }}, kv
}

// mount mounts a page as the browser would, navigates to path and returns
// what it shows.
func mount(t *testing.T, page app.Composer, path string) string {
	t.Helper()
	disp := app.NewClientTester(page)
	t.Cleanup(disp.Close)
	u, _ := url.Parse(path)
	disp.Nav(u)
	disp.Consume()
	dispatchers[page] = disp
	return app.HTMLString(page)
}

var dispatchers = map[app.Composer]app.ClientDispatcher{}

// rerender returns what a mounted page shows once rendered again, as it is
// after a handler ran in the browser.
func rerender(page app.Composer) string {
	dispatchers[page].Dispatch(app.Dispatch{Mode: app.Update, Source: page, Function: func(app.Context) { page.Update() }})
	dispatchers[page].Consume()
	return app.HTMLString(page)
}

func mustContain(t *testing.T, html string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(html, want) {
			t.Errorf("page does not show %q", want)
		}
	}
}

func saveDay(t *testing.T, env *Env, date string, edit func(*ritual.Day)) {
	t.Helper()
	d, _ := ritual.ParseDate(date)
	day, _ := env.Store.Day(d)
	edit(&day)
	if err := env.Store.SaveDay(day); err != nil {
		t.Fatal(err)
	}
}

func TestTodayOffersTheShutdown(t *testing.T) {
	env, _ := testEnv(t)
	html := mount(t, &todayPage{env: env}, "/")
	mustContain(t, html, "Start shutdown", "Wednesday 25 November 2026", "end at 18:00")
	if strings.Contains(html, `data-ready="false"`) {
		t.Error("the page is not marked ready after loading")
	}
	if strings.Contains(html, "Your first move") {
		t.Error("a first move is shown though none was planned")
	}
}

func TestTodayShowsYesterdaysFirstMoveAndTheClose(t *testing.T) {
	env, _ := testEnv(t)
	saveDay(t, env, "2026-11-24", func(d *ritual.Day) { d.SetFirstMove("Call the bank", evening) })
	saveDay(t, env, "2026-11-25", func(d *ritual.Day) {
		d.AddWin("Shipped", evening)
		d.Complete(ritual.StampOf(evening))
	})
	html := mount(t, &todayPage{env: env}, "/")
	mustContain(t, html, "Your first move", "Call the bank", "Shutdown complete — 18:04", "Review today")
	if strings.Contains(html, "Start shutdown") {
		t.Error("Start shutdown offered on a closed day")
	}
}

func TestRitualStartsAndResumes(t *testing.T) {
	env, _ := testEnv(t)
	page := &ritualPage{env: env}
	html := mount(t, page, "/ritual")
	mustContain(t, html, "Step 1 of 8", "Mark the stop", "18:04")
	day, _ := env.Store.Day(ritual.DateOf(evening))
	if day.Started == nil || day.Started.Clock.String() != "18:04" {
		t.Fatalf("opening the ritual did not mark the stop: %+v", day.Started)
	}

	saveDay(t, env, "2026-11-25", func(d *ritual.Day) {
		d.MarkStep("mark-stop", ritual.StepDone)
		d.MarkStep("sweep", ritual.StepSkipped)
	})
	html = mount(t, &ritualPage{env: env}, "/ritual")
	mustContain(t, html, "Step 3 of 8", ">Wins<", `for="win-text"`)
}

func TestRitualSaysKindlyWhenItIsLate(t *testing.T) {
	env, _ := testEnv(t)
	env.Now = func() time.Time { return evening.Add(75 * time.Minute) }
	mustContain(t, mount(t, &ritualPage{env: env}, "/ritual"), "19:19", "later than your 18:00 target", "Thank you for stopping now")
	early, _ := testEnv(t)
	early.Now = func() time.Time { return evening.Add(-30 * time.Minute) }
	html := mount(t, &ritualPage{env: early}, "/ritual")
	mustContain(t, html, "17:34", "A good time to stop")
	if strings.Contains(html, "later than") {
		t.Error("an early stop is called late")
	}
}

func TestRitualForAPastDayAndABadDate(t *testing.T) {
	env, _ := testEnv(t)
	mustContain(t, mount(t, &ritualPage{env: env}, "/ritual?date=2026-11-23"), "Closing Monday 23 November 2026")
	mustContain(t, mount(t, &ritualPage{env: env}, "/ritual?date=2026-02-30"), "This day cannot be opened", "YYYY-MM-DD")
}

func TestEditsAreSavedBeforeTheyAreShown(t *testing.T) {
	env, kv := testEnv(t)
	page := &ritualPage{env: env}
	mount(t, page, "/ritual")
	if err := page.edit(func(d *ritual.Day, now time.Time) error { _, err := d.AddWin("Saved win", now); return err }); err != nil {
		t.Fatal(err)
	}
	if day, _ := env.Store.Day(ritual.DateOf(evening)); len(day.Wins) != 1 || page.state.status != "Saved" {
		t.Fatalf("stored wins = %v, status %q", day.Wins, page.state.status)
	}

	kv.Limit = 1 // the browser's storage is now full
	err := page.edit(func(d *ritual.Day, now time.Time) error { _, err := d.AddWin("Lost win", now); return err })
	if err == nil || !page.state.failed || !strings.Contains(page.state.status, "not saved") {
		t.Fatalf("a failed save is not reported: %v %q", err, page.state.status)
	}
	if len(page.state.day.Wins) != 1 {
		t.Fatalf("the page shows a win that was not saved: %v", page.state.day.Wins)
	}
	if err := page.edit(func(d *ritual.Day, now time.Time) error { _, err := d.AddWin("", now); return err }); err == nil {
		t.Fatal("an empty win was accepted")
	}
}

func TestHistoryListsDaysNewestFirstWithCatchUp(t *testing.T) {
	env, _ := testEnv(t)
	saveDay(t, env, "2026-11-20", func(d *ritual.Day) { d.AddWin("Old win", evening) })
	saveDay(t, env, "2026-11-24", func(d *ritual.Day) {
		d.AddWin("A", evening)
		d.AddWin("B", evening)
		d.Complete(ritual.StampOf(evening))
	})
	html := mount(t, &historyPage{env: env}, "/history")
	mustContain(t, html, "Closed at 18:04", "2 wins · 0 unseen work · 0 open loops", "Monday 23 November 2026", "Not closed")
	if i, j := strings.Index(html, "Tuesday 24"), strings.Index(html, "Friday 20"); i < 0 || j < 0 || i > j {
		t.Error("days are not newest first")
	}
	if strings.Contains(html, "Thursday 19 November") || strings.Contains(html, "Saturday 21 November") {
		t.Error("History lists a day before Sundown was first used, or a weekend")
	}
}

// A long history with gaps in its last two weeks: the missed workdays are
// listed among the stored days, the whole list newest first, each day once.
func TestHistoryPutsMissedDaysInPlaceInALongHistory(t *testing.T) {
	env, _ := testEnv(t)
	today := env.Today()
	stored := map[ritual.Date]bool{}
	for i := 1; i <= 60; i++ {
		d := today.AddDays(-i)
		if i%3 != 0 { // every third day missed
			saveDay(t, env, d.String(), func(day *ritual.Day) { day.AddWin("A win", evening) })
			stored[d] = true
		}
	}
	page := &historyPage{env: env}
	mount(t, page, "/history")
	settings := env.Store.Settings()
	var want []ritual.Date
	for i := 0; i <= 60; i++ {
		d := today.AddDays(-i)
		if stored[d] || (i >= 1 && i <= catchUpWindow && settings.IsWorkday(d)) {
			want = append(want, d)
		}
	}
	if !slices.Equal(page.dates, want) {
		t.Fatalf("History lists\n%v\nwant\n%v", page.dates, want)
	}
}

func TestHistoryIsEmptyForANewUser(t *testing.T) {
	env, _ := testEnv(t)
	mustContain(t, mount(t, &historyPage{env: env}, "/history"), "No days yet")
}

func TestDayPageOffersToCloseAMissedDay(t *testing.T) {
	env, _ := testEnv(t)
	saveDay(t, env, "2026-11-23", func(d *ritual.Day) { d.AddWin("Monday win", evening) })
	page := &dayPage{env: env}
	html := mount(t, page, "/history/2026-11-23")
	mustContain(t, html, "Monday 23 November 2026", "Monday win", "Close this day")
	page.closeDay(nil, app.Event{})
	d, _ := ritual.ParseDate("2026-11-23")
	if day, _ := env.Store.Day(d); !day.IsClosed() || day.Completed.Date.String() != "2026-11-25" {
		t.Fatalf("the missed day was not closed: %+v", day.Completed)
	}
	mustContain(t, rerender(page), "Closed later, on Wed 25 Nov")
}

func TestUnreadableDayIsNamedOnEveryPage(t *testing.T) {
	env, _ := testEnv(t, "sundown/day/2026-11-24", "{oops")
	html := mount(t, &historyPage{env: env}, "/history")
	mustContain(t, html, "The saved data for the day Tuesday 24 November 2026 could not be read", "Could not be read")
	mustContain(t, mount(t, &settingsPage{env: env}, "/settings"), "Unreadable data", "{oops", "Discard")
}

func TestSettingsSaveAndChecklistEditing(t *testing.T) {
	env, _ := testEnv(t)
	page := &settingsPage{env: env}
	mustContain(t, mount(t, page, "/settings"), "Target end time", "Closing phrase", "Mark the stop", "Restore defaults")
	page.endText = "17:30"
	page.settings.ClosingPhrase = "Done for today"
	page.save(nil)
	if s := env.Store.Settings(); s.TargetEnd.String() != "17:30" || s.ClosingPhrase != "Done for today" || page.status != "Saved" {
		t.Fatalf("settings = %+v, status %q", s, page.status)
	}
	page.endText = "25:99"
	page.save(nil)
	if !page.failed || env.Store.Settings().TargetEnd.String() != "17:30" {
		t.Fatal("a bad time was saved or not reported")
	}
	c := env.Store.Checklist()
	c.Remove("sweep")
	if err := page.saveChecklist(c); err != nil {
		t.Fatal(err)
	}
	mustContain(t, mount(t, &ritualPage{env: env}, "/ritual"), "Step 1 of 7")
}

func TestServerPrerenderShowsTheOutlineOnly(t *testing.T) {
	for _, page := range []app.Composer{&todayPage{env: &Env{}}, &ritualPage{env: &Env{}}, &historyPage{env: &Env{}}, &settingsPage{env: &Env{}}, &dayPage{env: &Env{}}} {
		html := app.HTMLString(page)
		if !strings.Contains(html, `data-ready="false"`) || !strings.Contains(html, "Today") {
			t.Errorf("%T prerender: %s", page, html)
		}
	}
}

func TestInsightsPageShowsTheFigures(t *testing.T) {
	env, _ := testEnv(t)
	for _, d := range []struct{ date, stop string }{{"2026-11-23", "19:30"}, {"2026-11-24", "17:40"}} {
		saveDay(t, env, d.date, func(day *ritual.Day) {
			day.AddWin("w", evening)
			date, _ := ritual.ParseDate(d.date)
			c, _ := ritual.ParseClock(d.stop)
			day.Complete(ritual.StampOf(time.Date(date.Year, date.Month, date.Day, int(c)/60, int(c)%60, 0, 0, time.UTC)))
		})
	}
	html := mount(t, &insightsPage{env: env}, "/insights")
	mustContain(t, html, "When you stop", "18:35", "1 of 2", "2 of 2 workdays closed this week", `<svg class="chart"`, "Show the numbers", "Proof of work")

	settings := env.Store.Settings()
	settings.HideConsistency = true
	env.Store.SaveSettings(settings)
	if strings.Contains(mount(t, &insightsPage{env: env}, "/insights"), "workdays closed this week") {
		t.Error("consistency shown though hidden in Settings")
	}
}

func TestExportCardRanges(t *testing.T) {
	env, _ := testEnv(t)
	c := &exportCard{env: env}
	c.OnInit()
	for preset, want := range map[string]string{"this-week": "2026-11-23..2026-11-25", "last-week": "2026-11-16..2026-11-22", "last-90": "2026-08-28..2026-11-25"} {
		c.preset = preset
		r, err := c.chosenRange()
		if err != nil || r.From.String()+".."+r.To.String() != want {
			t.Errorf("%s = %v..%v, %v", preset, r.From, r.To, err)
		}
	}
	c.preset, c.from, c.to = "custom", "2026-11-20", "2026-11-10"
	if _, err := c.chosenRange(); err == nil || !strings.Contains(err.Error(), "swap") {
		t.Errorf("a backwards range: %v", err)
	}
	saveDay(t, env, "2026-11-24", func(d *ritual.Day) { d.AddWin("Exported win", evening) })
	c.preset = "this-week"
	c.exportMarkdown(nil, app.Event{})
	if lastDownload.name != "sundown-2026-11-23-to-2026-11-25.md" || !strings.Contains(lastDownload.content, "- Exported win (Tue 24 Nov)") {
		t.Fatalf("download = %q\n%s", lastDownload.name, lastDownload.content)
	}
}

func TestBackupCardRefusesBadFilesAndChangesNothing(t *testing.T) {
	env, kv := testEnv(t)
	saveDay(t, env, "2026-11-24", func(d *ritual.Day) { d.AddWin("Kept", evening) })
	keys, _ := kv.Keys()
	c := &backupCard{env: env}
	c.check(`{"app":"sundown","schema":1,"days":[`, 40, nil)
	if c.plan != nil || !c.failed || !strings.Contains(c.status, "Nothing was imported") || !strings.Contains(c.status, "ends too early") {
		t.Fatalf("status = %q", c.status)
	}
	c.check("", 30<<20, nil)
	if !strings.Contains(c.status, "30.0 MB") {
		t.Fatalf("status = %q", c.status)
	}
	after, _ := kv.Keys()
	if len(after) != len(keys) {
		t.Fatal("a refused import wrote something")
	}
}

func TestTodayOffersACatchUpAndADayOff(t *testing.T) {
	env, _ := testEnv(t)
	saveDay(t, env, "2026-11-20", func(d *ritual.Day) { d.Complete(ritual.StampOf(evening)) })
	saveDay(t, env, "2026-11-24", func(d *ritual.Day) { d.AddWin("Unclosed", evening) })
	page := &todayPage{env: env}
	mustContain(t, mount(t, page, "/"), "Yesterday was not closed — close it now?", "Take today off")
	page.closeMissed(nil, app.Event{})
	if d, _ := env.Store.Day(ritual.Date{Year: 2026, Month: time.November, Day: 24}); !d.IsClosed() {
		t.Fatal("the missed day was not closed")
	}
	page.setOff(true)(nil, app.Event{})
	html := rerender(page)
	mustContain(t, html, "Today is a day off")
	if strings.Contains(html, "close it now") {
		t.Error("the catch-up is still offered")
	}
}

func TestReminderBannerAtTheEndTime(t *testing.T) {
	env, _ := testEnv(t) // Wednesday 18:04, target 18:00, not closed
	b := &reminderBanner{Env: env}
	mustContain(t, mount(t, b, "/"), "Time to shut down. It is 18:04.")
	early, _ := testEnv(t)
	early.Now = func() time.Time { return evening.Add(-10 * time.Minute) }
	if html := mount(t, &reminderBanner{Env: early}, "/"); strings.Contains(html, "Time to shut down") {
		t.Error("reminder before the end time")
	}
	saturday, _ := testEnv(t)
	saturday.Now = func() time.Time { return evening.AddDate(0, 0, 3) }
	if html := mount(t, &reminderBanner{Env: saturday}, "/"); strings.Contains(html, "Time to shut down") {
		t.Error("reminder on a day that is not a workday")
	}
}

func TestConflictsAreShownAndResolved(t *testing.T) {
	env, _ := testEnv(t)
	date, _ := ritual.ParseDate("2026-11-24")
	base := ritual.NewDay(date)
	w, _ := base.AddWin("Shipped", evening)
	base.SetFirstMove("Docs", evening)
	a, b := base.Clone(), base.Clone()
	a.EditWin(w.ID, "Shipped to staging", evening.Add(time.Minute))
	b.EditWin(w.ID, "Shipped, finally", evening.Add(2*time.Minute))
	a.SetFirstMove("Write docs", evening.Add(time.Minute))
	b.SetFirstMove("Call Ana", evening.Add(2*time.Minute))
	if err := env.Store.SaveDay(ritual.MergeDays(base, a, b)); err != nil {
		t.Fatal(err)
	}
	page := &dayPage{env: env}
	html := mount(t, page, "/history/2026-11-24")
	mustContain(t, html, "2 entries were edited on two devices at once", "Edited on two devices — keep one or both.",
		"Keep both versions of win: Shipped to staging", "The other one wrote: Write docs", "Use the other")
	mustContain(t, mount(t, &historyPage{env: env}, "/history"), "Edited on two devices: choose")

	if err := page.edit(func(d *ritual.Day, _ time.Time) error { return d.KeepVersion(w.ID) }); err != nil {
		t.Fatal(err)
	}
	if err := lineResolver(page.edit, func(d *ritual.Day) *ritual.Line { return d.FirstMove })(ritual.TakeOther); err != nil {
		t.Fatal(err)
	}
	day, _ := env.Store.Day(date)
	if day.ConflictCount() != 0 || len(day.Wins) != 1 || day.Wins[0].Text != "Shipped, finally" || day.FirstMove.Text != "Write docs" {
		t.Fatalf("after resolving: %+v %q", day.Wins, day.FirstMove.Text)
	}
	if strings.Contains(rerender(page), "Edited on two devices") {
		t.Error("the conflict is still shown")
	}
}

// TestRemindersStatusAfterAQuickSave: settings saved while the browser was
// still being asked for permission are not said to be unsaved.
func TestRemindersStatusAfterAQuickSave(t *testing.T) {
	for _, c := range []struct {
		granted, saved bool
		want, not      string
	}{
		{true, true, "Saved", "save settings"},
		{false, true, "Saved", "Save settings"},
		{true, false, "save settings to keep them", "Saved"},
		{false, false, "Save settings to keep it", "Saved"},
	} {
		got := remindersStatus(c.granted, c.saved)
		if !strings.Contains(got, c.want) || strings.Contains(got, c.not) {
			t.Errorf("granted %v, saved %v: %q", c.granted, c.saved, got)
		}
	}
}
