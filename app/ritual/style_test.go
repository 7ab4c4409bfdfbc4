package ritual

import (
	"testing"
	"time"
)

func TestStyleWritesTimesAndDatesAsTheReaderDoes(t *testing.T) {
	us := Style{Hour12: true, MonthFirst: true, WeekStart: time.Sunday}
	for clock, want := range map[ClockTime]string{0: "12:00 AM", 30: "12:30 AM", 9*60 + 5: "9:05 AM", 12 * 60: "12:00 PM", 18*60 + 4: "6:04 PM", 23*60 + 59: "11:59 PM"} {
		if got := us.Clock(clock); got != want {
			t.Errorf("12-hour %s = %q, want %q", clock, got, want)
		}
		if got := DefaultStyle.Clock(clock); got != clock.String() {
			t.Errorf("24-hour %s = %q", clock, got)
		}
	}
	if got := us.Minutes(24*60 + 30); got != "12:30 AM" {
		t.Errorf("a stop after midnight = %q", got)
	}
	tuesday := Date{2026, time.December, 1}
	if got := us.Long(tuesday); got != "Tuesday, December 1, 2026" {
		t.Errorf("month first: %q", got)
	}
	if got := DefaultStyle.Long(tuesday); got != "Tuesday 1 December 2026" {
		t.Errorf("day first: %q", got)
	}
	if got := us.Short(tuesday); got != "Tue, Dec 1" {
		t.Errorf("short, month first: %q", got)
	}
	week := Range{Date{2026, time.November, 29}, Date{2026, time.December, 5}}
	if got := us.Range(week); got != "Sun, Nov 29 – Sat, Dec 5, 2026" {
		t.Errorf("a range, month first: %q", got)
	}
	if got := DefaultStyle.Range(week); got != "Sun 29 Nov – Sat 5 Dec 2026" {
		t.Errorf("a range, day first: %q", got)
	}
}

func TestWeeksStartOnTheStylesDay(t *testing.T) {
	tuesday := Date{2026, time.December, 1}
	for start, want := range map[time.Weekday]Date{
		time.Monday:   {2026, time.November, 30},
		time.Sunday:   {2026, time.November, 29},
		time.Saturday: {2026, time.November, 28},
	} {
		s := Style{WeekStart: start}
		if got := s.Week(tuesday); got != want {
			t.Errorf("weeks from %s: %s is in the week of %s, want %s", start, tuesday, got, want)
		}
		if got := s.Week(want); got != want {
			t.Errorf("weeks from %s: the first day %s is in the week of %s", start, want, got)
		}
		if got := s.LastWeek(tuesday); got.From != want.AddDays(-7) || got.To != want.AddDays(-1) {
			t.Errorf("weeks from %s: last week = %v", start, got)
		}
	}
}

func TestSettingsChooseOverTheLocale(t *testing.T) {
	locale := Style{Hour12: true, MonthFirst: true, WeekStart: time.Sunday}
	s := DefaultSettings()
	if got := StyleFor(s, locale); got != locale {
		t.Errorf("following the browser: %+v", got)
	}
	s.TimeFormat, s.WeekStart = Clock24, "monday"
	if got := StyleFor(s, locale); got.Hour12 || got.WeekStart != time.Monday || !got.MonthFirst {
		t.Errorf("24-hour, Monday: %+v", got)
	}
	s.TimeFormat, s.WeekStart = "a newer version's", "tuesday"
	if err := s.Validate(); err != nil {
		t.Errorf("a choice of a newer version refused: %v", err)
	}
	if got := StyleFor(s, locale); got != locale {
		t.Errorf("a choice this version does not know must follow the browser: %+v", got)
	}
}

func TestMeetingTimes(t *testing.T) {
	for m, want := range map[int]string{0: "0 min", 45: "45 min", 60: "1 h", 90: "1 h 30 min", 390: "6 h 30 min"} {
		if got := Duration(m); got != want {
			t.Errorf("Duration(%d) = %q, want %q", m, got, want)
		}
	}
	monday := Date{2026, time.November, 23}
	at := func(d Date, minutes int) Meeting {
		return Meeting{Title: "x", Start: time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, time.UTC), Minutes: minutes}
	}
	byDay := map[Date][]Meeting{
		monday:             {at(monday, 15), at(monday, 45)},
		monday.AddDays(6):  {at(monday.AddDays(6), 30)}, // Sunday: the same week
		monday.AddDays(7):  {at(monday.AddDays(7), 60)}, // the next Monday
		monday.AddDays(-1): {at(monday.AddDays(-1), 120)},
	}
	got := MeetingMinutes([]Date{monday, monday.AddDays(7)}, byDay)
	if len(got) != 2 || got[0] != 90 || got[1] != 60 {
		t.Fatalf("minutes per week = %v, want [90 60]", got)
	}
	m := at(monday, 45)
	m.Title = "Design review"
	if m.Entry() != "Design review, 45 min" {
		t.Errorf("entry = %q", m.Entry())
	}
	m.Minutes = 120
	if m.Entry() != "Design review, 2 hours" {
		t.Errorf("entry = %q", m.Entry())
	}
}
