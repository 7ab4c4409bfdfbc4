//go:build !(js && wasm)

package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

// At 00:30, before the day ends (04:00 by default), the evening is not
// over: Today, the ritual and the reminder are still the day before's.
func TestTheSmallHoursBelongToTheEvening(t *testing.T) {
	env, _ := testEnv(t)
	smallHours := time.Date(2026, time.November, 26, 0, 30, 0, 0, time.UTC) // Thursday 00:30
	env.Now = func() time.Time { return smallHours }

	mustContain(t, mount(t, &todayPage{env: env}, "/"), "Wednesday 25 November 2026", "Start shutdown")
	mustContain(t, mount(t, &ritualPage{env: env}, "/ritual"), "Step 1 of 8", "00:30")
	day, _ := env.Store.Day(ritual.Date{Year: 2026, Month: time.November, Day: 25})
	if day.Started == nil {
		t.Fatal("the ritual at 00:30 did not open Wednesday's shutdown")
	}
	if thursday, _ := env.Store.Day(ritual.Date{Year: 2026, Month: time.November, Day: 26}); thursday.Started != nil {
		t.Fatal("the ritual at 00:30 opened Thursday")
	}
	banner := &reminderBanner{Env: env}
	if html := mount(t, banner, "/"); !strings.Contains(html, "Time to shut down. It is 00:30.") {
		t.Errorf("no reminder at 00:30 for the evening left open:\n%s", html)
	}

	// Once the day has ended, it is Thursday.
	env.Now = func() time.Time { return smallHours.Add(4 * time.Hour) } // 04:30
	mustContain(t, mount(t, &todayPage{env: env}, "/"), "Thursday 26 November 2026")

	// With the day ending at midnight, 00:30 is Thursday already.
	settings := env.Store.Settings()
	settings.DayEnds = 0
	if err := env.Store.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	env.Now = func() time.Time { return smallHours }
	mustContain(t, mount(t, &todayPage{env: env}, "/"), "Thursday 26 November 2026")
}

func TestSettingsSaveTheDayEnd(t *testing.T) {
	env, _ := testEnv(t)
	page := &settingsPage{env: env}
	mustContain(t, mount(t, page, "/settings"), `id="day-ends"`, `value="04:00"`, "counts for the evening before")
	page.dayEndText = "05:30"
	page.save(nil)
	if got := env.Store.Settings().DayEnds; got != 5*60+30 {
		t.Fatalf("day ends at %s after saving 05:30", got)
	}
	page.dayEndText = "13:00"
	page.save(nil)
	if !page.failed || !strings.Contains(page.status, "Day ends at") || env.Store.Settings().DayEnds != 5*60+30 {
		t.Fatalf("13:00 saved or not refused plainly: %q, %s", page.status, env.Store.Settings().DayEnds)
	}
}

// A browser in the United States writes 6:04 PM, the month first, and
// starts its weeks on Sunday; a choice in Settings wins over it.
func TestPagesWriteTimesAndDatesAsTheBrowserDoes(t *testing.T) {
	env, _ := testEnv(t)
	env.Locale = &ritual.Style{Hour12: true, MonthFirst: true, WeekStart: time.Sunday}
	weekShown := func() ritual.Date {
		page := &reviewPage{env: env}
		mount(t, page, "/review")
		return page.week
	}
	mustContain(t, mount(t, &todayPage{env: env}, "/"), "Wednesday, November 25, 2026", "end at 6:00 PM")
	if got := weekShown(); got != (ritual.Date{Year: 2026, Month: time.November, Day: 22}) {
		t.Errorf("the review shows the week of %s, want Sunday 22 November", got)
	}
	mustContain(t, mount(t, &settingsPage{env: env}, "/settings"), "As this browser writes it (6:04 PM)", "As this browser counts them (Sunday)")

	settings := env.Store.Settings()
	settings.TimeFormat, settings.WeekStart = ritual.Clock24, "monday"
	if err := env.Store.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	mustContain(t, mount(t, &todayPage{env: env}, "/"), "Wednesday, November 25, 2026", "end at 18:00")
	if got := weekShown(); got != (ritual.Date{Year: 2026, Month: time.November, Day: 23}) {
		t.Errorf("the review shows the week of %s, want Monday 23 November", got)
	}
	mustContain(t, mount(t, &ritualPage{env: env}, "/ritual"), ">18:04<")
}
