package meetings

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

func load(t *testing.T, name string) *Calendar {
	t.Helper()
	text, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(string(text))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return c
}

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return l
}()

// list writes a day's meetings as "15:00 Design review 45".
func list(ms []Meeting) string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s %s %d", m.Start.In(berlin).Format("15:04"), m.Title, m.Minutes))
	}
	return strings.Join(out, ", ")
}

func TestMeetingsOfAnExportedCalendar(t *testing.T) {
	cases := []struct {
		file string
		day  ritual.Date
		want string
	}{
		// Google: the standup recurs on weekdays (COUNT=20 from 16 November),
		// but not on the 25th (EXDATE); that day a meeting in New York's time
		// (09:00 there, 15:00 in Berlin); the declined pitch, the all-day
		// offsite and the cancelled sync are left out.
		{"google.ics", ritual.Date{Year: 2026, Month: time.November, Day: 25}, "15:00 Design review 45"},
		{"google.ics", ritual.Date{Year: 2026, Month: time.November, Day: 24}, "11:00 Standup (moved) 15"}, // RECURRENCE-ID
		{"google.ics", ritual.Date{Year: 2026, Month: time.November, Day: 27}, "09:30 Standup 15"},
		{"google.ics", ritual.Date{Year: 2026, Month: time.November, Day: 28}, ""},                 // a Saturday
		{"google.ics", ritual.Date{Year: 2026, Month: time.December, Day: 11}, "09:30 Standup 15"}, // the twentieth
		{"google.ics", ritual.Date{Year: 2026, Month: time.December, Day: 14}, ""},                 // COUNT is spent
		{"google.ics", ritual.Date{Year: 2026, Month: time.November, Day: 16}, "09:30 Standup 15"}, // the first
		// Outlook: a Windows zone name, read as the reader's own; UNTIL ends it.
		{"outlook.ics", ritual.Date{Year: 2026, Month: time.November, Day: 25}, "16:00 1:1 with Sam 30"},
		{"outlook.ics", ritual.Date{Year: 2026, Month: time.December, Day: 30}, "16:00 1:1 with Sam 30"},
		{"outlook.ics", ritual.Date{Year: 2027, Month: time.January, Day: 6}, ""},
		{"outlook.ics", ritual.Date{Year: 2026, Month: time.November, Day: 26}, ""},
		// Apple: a floating time with a DURATION, and one in UTC.
		{"apple.ics", ritual.Date{Year: 2026, Month: time.November, Day: 25}, "14:00 Planning 90, 18:00 Retro 30"},
	}
	for _, c := range cases {
		if got := list(load(t, c.file).On(c.day, berlin)); got != c.want {
			t.Errorf("%s on %s: %q, want %q", c.file, c.day, got, c.want)
		}
	}
}

// Summer time: a weekly meeting at 09:30 Berlin time stays at 09:30 across
// the change at the end of October.
func TestARecurringMeetingKeepsItsTimeAcrossSummerTime(t *testing.T) {
	text := strings.Join([]string{"BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:weekly@example.com",
		"DTSTART;TZID=Europe/Berlin:20261021T093000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY", "SUMMARY:Weekly", "END:VEVENT", "END:VCALENDAR", ""}, "\r\n")
	c, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []int{21, 28} {
		if got := list(c.On(ritual.Date{Year: 2026, Month: time.October, Day: d}, berlin)); got != "09:30 Weekly 60" {
			t.Errorf("%d October: %q", d, got)
		}
	}
}

func TestAFileThatIsNotACalendarIsNamedByItsLine(t *testing.T) {
	cases := map[string]string{
		"":          "empty or is not a calendar",
		"hello\r\n": "line 1 of the calendar file is not iCalendar",
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART 20261125\r\n": "line 5 of the calendar file is not iCalendar",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n":                                "line 3 ends VCALENDAR, which was not begun",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n":                                    "ends before END:VEVENT",
		"BEGIN:VCARD\r\nEND:VCARD\r\n":                                                        "line 1: a calendar file starts with BEGIN:VCALENDAR",
	}
	for text, want := range cases {
		if _, err := Parse(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want an error saying %q", text, err, want)
		}
	}
}

func TestDurations(t *testing.T) {
	for v, want := range map[string]time.Duration{"PT45M": 45 * time.Minute, "PT1H30M": 90 * time.Minute, "P1D": 24 * time.Hour, "P1W": 7 * 24 * time.Hour, "PT1H0M30S": time.Hour + 30*time.Second} {
		if got, err := parseDuration(v); err != nil || got != want {
			t.Errorf("%s = %v, %v; want %v", v, got, err, want)
		}
	}
	for _, bad := range []string{"", "P", "PT", "-PT5M", "soon"} {
		if _, err := parseDuration(bad); err == nil {
			t.Errorf("%q read as a duration", bad)
		}
	}
}
