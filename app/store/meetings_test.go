package store

import (
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

func TestTheCalendarFileStaysUntilReplacedOrRemoved(t *testing.T) {
	s, err := Open(NewMemoryKV())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.CalendarFile(); ok {
		t.Fatal("a calendar before any was chosen")
	}
	first := CalendarFile{Name: "work.ics", Chosen: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), Text: "BEGIN:VCALENDAR…"}
	second := CalendarFile{Name: "work (1).ics", Chosen: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Text: "BEGIN:VCALENDAR…newer"}
	for _, f := range []CalendarFile{first, second} {
		if err := s.SaveCalendarFile(f); err != nil {
			t.Fatal(err)
		}
		if got, ok := s.CalendarFile(); !ok || got.Name != f.Name || got.Text != f.Text || !got.Chosen.Equal(f.Chosen) {
			t.Fatalf("kept %+v, want %+v", got, f)
		}
	}
	day := ritual.Date{Year: 2026, Month: time.November, Day: 25}
	if err := s.DismissMeeting(day, "standup"); err != nil {
		t.Fatal(err)
	}
	if got := s.DismissedMeetings(day); len(got) != 1 || got[0] != "standup" {
		t.Fatalf("dismissed = %v", got)
	}
	// Two weeks later the old dismissals are forgotten.
	later := day.AddDays(dismissedDays + 1)
	if err := s.DismissMeeting(later, "retro"); err != nil {
		t.Fatal(err)
	}
	if got := s.DismissedMeetings(day); len(got) != 0 {
		t.Fatalf("dismissals of %s kept two weeks later: %v", day, got)
	}
	if err := s.ForgetCalendarFile(); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.CalendarFile(); ok || len(s.DismissedMeetings(later)) != 0 {
		t.Fatal("the calendar or its dismissals outlived its removal")
	}
}
