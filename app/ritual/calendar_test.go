package ritual

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

func TestShutdownCalendarParsesBack(t *testing.T) {
	s := DefaultSettings()
	s.TargetEnd = 17*60 + 30
	text, err := ShutdownCalendar(s, Date{2026, time.November, 28}, now) // a Saturday
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "\r\n") {
		t.Fatal("lines must end with CRLF (RFC 5545)")
	}
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("parsing back: %v\n%s", err, text)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	e := events[0]
	prop := func(p ics.ComponentProperty) string {
		if v := e.GetProperty(p); v != nil {
			return v.Value
		}
		return ""
	}
	if got := prop(ics.ComponentPropertyDtStart); got != "20261130T173000" {
		t.Errorf("DTSTART = %s, want the first workday (Monday 30 November) at 17:30, floating", got)
	}
	if got := prop(ics.ComponentPropertyDtEnd); got != "20261130T174500" {
		t.Errorf("DTEND = %s", got)
	}
	if got := prop(ics.ComponentPropertyRrule); got != "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" {
		t.Errorf("RRULE = %s", got)
	}
	if prop(ics.ComponentPropertyUniqueId) == "" || prop(ics.ComponentPropertyDtstamp) == "" || prop(ics.ComponentPropertySummary) != "Shutdown ritual" {
		t.Errorf("UID, DTSTAMP or SUMMARY missing:\n%s", text)
	}
	if got := prop(ics.ComponentPropertyDescription); got != "Time to end the workday on purpose: open Sundown and start your shutdown." {
		t.Errorf("DESCRIPTION = %q: a folded line did not unfold", got)
	}
	for _, line := range strings.Split(text, "\r\n") {
		if len(line) > 75 {
			t.Errorf("a line longer than 75 octets (RFC 5545 folds them): %q", line)
		}
	}
	if len(e.Alarms()) != 1 {
		t.Error("no reminder alarm")
	}
}

func TestShutdownCalendarNeedsWorkdays(t *testing.T) {
	s := DefaultSettings()
	s.Workdays = nil
	if _, err := ShutdownCalendar(s, Date{2026, time.November, 28}, now); err == nil {
		t.Fatal("a calendar without workdays")
	}
}

// Every end time of the day, the last minutes before midnight included,
// gives a file that parses back to a 15-minute event starting at it.
func TestShutdownCalendarAtEveryTimeOfDay(t *testing.T) {
	s := DefaultSettings()
	from := Date{2026, time.November, 30} // a Monday
	for target := ClockTime(0); target < 24*60; target++ {
		s.TargetEnd = target
		text, err := ShutdownCalendar(s, from, now)
		if err != nil {
			t.Fatal(err)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(text))
		if err != nil {
			t.Fatalf("end time %s: parsing back: %v", target, err)
		}
		e := cal.Events()[0]
		start, err := e.GetStartAt()
		if err != nil {
			t.Fatalf("end time %s: DTSTART: %v", target, err)
		}
		end, err := e.GetEndAt()
		if err != nil {
			t.Fatalf("end time %s: DTEND %q: %v", target, e.GetProperty(ics.ComponentPropertyDtEnd).Value, err)
		}
		if DateOf(start) != from || ClockOf(start) != target {
			t.Errorf("end time %s: the event starts %s", target, start)
		}
		if end.Sub(start) != 15*time.Minute {
			t.Errorf("end time %s: the event runs from %s to %s", target, start, end)
		}
	}
}
