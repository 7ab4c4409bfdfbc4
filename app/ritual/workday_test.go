package ritual

import (
	"encoding/json"
	"testing"
	"time"
)

func TestWorkdayEndsAtTheDayEndHour(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings() // the day ends at 04:00
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, berlin) }
	cases := []struct {
		name string
		t    time.Time
		want Date
	}{
		{"evening", at(2026, 12, 1, 22, 0), Date{2026, 12, 1}},
		{"last minute of the calendar day", at(2026, 12, 1, 23, 59), Date{2026, 12, 1}},
		{"midnight", at(2026, 12, 2, 0, 0), Date{2026, 12, 1}},
		{"half past midnight", at(2026, 12, 2, 0, 30), Date{2026, 12, 1}},
		{"a minute before the day ends", at(2026, 12, 2, 3, 59), Date{2026, 12, 1}},
		{"the day-end hour itself", at(2026, 12, 2, 4, 0), Date{2026, 12, 2}},
		{"morning", at(2026, 12, 2, 9, 0), Date{2026, 12, 2}},
		{"across a month and a year", at(2027, 1, 1, 1, 0), Date{2026, 12, 31}},
		// Summer time starts on 29 March 2026 at 02:00 (clocks jump to 03:00):
		// the small hours are an hour shorter, and still the evening's.
		{"spring forward, before the jump", at(2026, 3, 29, 1, 59), Date{2026, 3, 28}},
		{"spring forward, after the jump", at(2026, 3, 29, 3, 30), Date{2026, 3, 28}},
		{"spring forward, the day-end hour", at(2026, 3, 29, 4, 0), Date{2026, 3, 29}},
		// Summer time ends on 25 October 2026 at 03:00 (back to 02:00): both
		// 02:30s belong to the 24th.
		{"fall back, first 02:30", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC).In(berlin), Date{2026, 10, 24}},
		{"fall back, second 02:30", time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC).In(berlin), Date{2026, 10, 24}},
		{"fall back, the day-end hour", at(2026, 10, 25, 4, 0), Date{2026, 10, 25}},
	}
	for _, c := range cases {
		if got := s.Workday(c.t); got != c.want {
			t.Errorf("%s (%s): workday %s, want %s", c.name, c.t.Format(time.RFC3339), got, c.want)
		}
	}

	s.DayEnds = 0 // the day ends at midnight: the calendar day
	if got := s.Workday(at(2026, 12, 2, 0, 30)); got != (Date{2026, 12, 2}) {
		t.Errorf("with the day ending at midnight, 00:30 is in %s", got)
	}
}

func TestAStopBeforeTheDayEndsCountsForTheEvening(t *testing.T) {
	day := NewDay(Date{2026, 12, 1})
	closeAt := func(d Date, clock ClockTime) {
		day.Completed = &Stamp{Date: d, Clock: clock}
	}
	closeAt(Date{2026, 12, 2}, 3*60+59)
	if m, ok := day.StopMinutes(DefaultDayEnds); !ok || m != 27*60+59 {
		t.Errorf("closed at 03:59 the next morning: stop %d, %v; want 27:59 after the day's midnight", m, ok)
	}
	closeAt(Date{2026, 12, 2}, 4*60)
	if _, ok := day.StopMinutes(DefaultDayEnds); ok {
		t.Error("closed at 04:00 the next morning, the day-end hour: that is a catch-up, with no stop time")
	}
	if m, ok := day.StopMinutes(5 * 60); !ok || m != 28*60 {
		t.Errorf("with the day ending at 05:00, closing at 04:00 is a stop at 28:00: got %d, %v", m, ok)
	}
}

func TestSettingsFromBeforeTheDayEndHourReadAsTheDefault(t *testing.T) {
	old := `{"target_end":"18:00","workdays":[1,2,3,4,5],"closing_phrase":"Done","review_day":5}`
	var s Settings
	if err := json.Unmarshal([]byte(old), &s); err != nil {
		t.Fatal(err)
	}
	if s.DayEnds != DefaultDayEnds || s.ClosingPhrase != "Done" || !s.IsWorkdayOf(time.Monday) || s.IsWorkdayOf(time.Saturday) {
		t.Fatalf("read %+v: want the stored choices and the default day end", s)
	}
	s.DayEnds = 0
	data, _ := json.Marshal(s)
	var back Settings
	if err := json.Unmarshal(data, &back); err != nil || back.DayEnds != 0 {
		t.Fatalf("a day ending at midnight read back as %v (%v)", back.DayEnds, err)
	}
	var none Settings
	if err := json.Unmarshal([]byte(`{"workdays":[]}`), &none); err != nil || len(none.Workdays) != 0 {
		t.Fatalf("no workdays read back as %v (%v)", none.Workdays, err)
	}
}

func TestDayEndsIsChecked(t *testing.T) {
	s := DefaultSettings()
	for _, ok := range []ClockTime{0, 4 * 60, 12 * 60} {
		s.DayEnds = ok
		if err := s.Validate(); err != nil {
			t.Errorf("day ends at %s: %v", ok, err)
		}
	}
	for _, bad := range []ClockTime{-1, 12*60 + 1, 18 * 60} {
		s.DayEnds = bad
		if err := s.Validate(); err == nil {
			t.Errorf("day ends at %d minutes accepted", bad)
		}
	}
}

func TestMergeSettingsCarriesTheDayEnd(t *testing.T) {
	base := DefaultSettings()
	local, remote := base, base
	remote.DayEnds = 6 * 60
	if m := MergeSettings(base, local, remote); m.DayEnds != 6*60 {
		t.Fatalf("day ends at %s after the merge, want the remote change to 06:00", m.DayEnds)
	}
}
