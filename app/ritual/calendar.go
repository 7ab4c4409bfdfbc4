package ritual

import (
	"fmt"
	"strings"
	"time"
)

// calendarUID identifies the shutdown event, so importing a newer file
// replaces the old event instead of adding a second one.
const calendarUID = "shutdown-ritual@sundown.app"

// calendarEventLength is the shutdown's length in the calendar.
const calendarEventLength ClockTime = 15

var icsDays = map[time.Weekday]string{
	time.Monday: "MO", time.Tuesday: "TU", time.Wednesday: "WE", time.Thursday: "TH",
	time.Friday: "FR", time.Saturday: "SA", time.Sunday: "SU",
}

// ShutdownCalendar is an iCalendar (RFC 5545) file with one recurring event
// at the target end time on every workday, starting from the first workday
// on or after from. Times are floating (local wall-clock time), so the event
// stays at 18:00 wherever the user is and whatever the season.
func ShutdownCalendar(s Settings, from Date, now time.Time) (string, error) {
	if len(s.Workdays) == 0 {
		return "", invalid("Workdays", "none are set: choose your workdays in Settings first")
	}
	start := from
	for !s.IsWorkday(start) {
		start = start.AddDays(1)
	}
	endDate, endClock := start, s.TargetEnd+calendarEventLength
	if endClock >= 24*60 { // a late end time ends the event after midnight
		endDate, endClock = start.AddDays(1), endClock-24*60
	}
	var days []string
	for _, w := range s.Workdays {
		days = append(days, icsDays[w])
	}
	return icsText(
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//Sundown//Shutdown ritual//EN",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"BEGIN:VEVENT",
		"UID:"+calendarUID,
		"DTSTAMP:"+now.UTC().Format("20060102T150405Z"),
		"DTSTART:"+floating(start, s.TargetEnd),
		"DTEND:"+floating(endDate, endClock),
		"RRULE:FREQ=WEEKLY;BYDAY="+strings.Join(days, ","),
		"SUMMARY:Shutdown ritual",
		"DESCRIPTION:Time to end the workday on purpose: open Sundown and start your shutdown.",
		"BEGIN:VALARM",
		"ACTION:DISPLAY",
		"TRIGGER:PT0M",
		"DESCRIPTION:Time to shut down",
		"END:VALARM",
		"END:VEVENT",
		"END:VCALENDAR",
	), nil
}

// icsText joins content lines as RFC 5545 wants: CRLF after each, and lines
// longer than 75 octets folded (a CRLF and a space). Every value here is
// fixed text without characters that need escaping, which is why the file
// is written by hand: the library the tests parse it back with would add
// to the app's download for these twenty lines.
func icsText(lines ...string) string {
	var b strings.Builder
	for _, line := range lines {
		for len(line) > 75 {
			b.WriteString(line[:75] + "\r\n ")
			line = line[75:]
		}
		b.WriteString(line + "\r\n")
	}
	return b.String()
}

// floating writes a local date and time without a zone, as RFC 5545 allows.
func floating(d Date, c ClockTime) string {
	return fmt.Sprintf("%04d%02d%02dT%02d%02d00", d.Year, d.Month, d.Day, int(c)/60, int(c)%60)
}
