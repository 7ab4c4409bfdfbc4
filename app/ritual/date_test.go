package ritual

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestParseDateRefusesImpossibleDays(t *testing.T) {
	for _, s := range []string{"2026-02-30", "2026-13-01", "25/11/2026", "", "2026-11-5"} {
		if _, err := ParseDate(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDate(%q) error = %v, want an invalid-input error", s, err)
		}
	}
	d, err := ParseDate("2028-02-29")
	if err != nil || d != (Date{2028, time.February, 29}) {
		t.Fatalf("ParseDate(leap day) = %v, %v", d, err)
	}
}

func TestDateArithmeticIgnoresSummerTime(t *testing.T) {
	// 29 March 2026 is the day Europe moves its clocks forward: 23 hours long locally.
	d := Date{2026, time.March, 28}
	if got := d.AddDays(1).AddDays(1); got != (Date{2026, time.March, 30}) {
		t.Fatalf("AddDays across the clock change = %v", got)
	}
	if n := d.DaysUntil(Date{2026, time.November, 1}); n != 218 {
		t.Fatalf("DaysUntil = %d, want 218", n)
	}
	if !d.Before(d.AddDays(1)) || d.AddDays(1).Before(d) {
		t.Fatal("Before is wrong")
	}
}

func TestStampKeepsLocalClockAcrossZones(t *testing.T) {
	berlin := time.FixedZone("CEST", 2*3600)
	at := time.Date(2026, time.June, 30, 23, 30, 0, 0, berlin)
	s := StampOf(at)
	if s.Date != (Date{2026, time.June, 30}) || s.Clock.String() != "23:30" || s.OffsetMinutes != 120 {
		t.Fatalf("StampOf = %+v", s)
	}
	if s.At.Location() != time.UTC || s.At.Day() != 30 || s.At.Hour() != 21 {
		t.Fatalf("instant not stored in UTC: %v", s.At)
	}
	b, _ := json.Marshal(s)
	var back Stamp
	if err := json.Unmarshal(b, &back); err != nil || back != s {
		t.Fatalf("round trip: %s -> %+v, %v", b, back, err)
	}
}

func TestClockParsing(t *testing.T) {
	c, err := ParseClock("18:05")
	if err != nil || c != 18*60+5 || c.String() != "18:05" {
		t.Fatalf("ParseClock = %v, %v", c, err)
	}
	for _, s := range []string{"25:00", "6pm", ""} {
		if _, err := ParseClock(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseClock(%q) error = %v", s, err)
		}
	}
}

func TestParseDateEdges(t *testing.T) {
	for s, ok := range map[string]bool{"2026-02-28": true, "2026-02-29": false, "2024-02-29": true, "2100-02-29": false, "2026-04-31": false, "2026-12-31": true, "2026-00-10": false, "2026-01-00": false, "+026-01-01": false, "2026-1-01x": false} {
		_, err := ParseDate(s)
		if (err == nil) != ok {
			t.Errorf("ParseDate(%q) error = %v", s, err)
		}
	}
	a, b := Date{2026, time.March, 9}, Date{2026, time.March, 10}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 || !a.Before(b) || (Date{2025, time.December, 31}).Compare(a) != -1 {
		t.Fatal("Compare is wrong")
	}
}
