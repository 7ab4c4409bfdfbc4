package ritual

import (
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// calendarUID identifies the shutdown event, so importing a newer file
// replaces the old event instead of adding a second one.
const calendarUID = "shutdown-ritual@sundown.app"

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
	var days []string
	for _, w := range s.Workdays {
		days = append(days, icsDays[w])
	}
	cal := ics.NewCalendarFor("Sundown")
	cal.SetMethod(ics.MethodPublish)
	event := cal.AddEvent(calendarUID)
	event.SetDtStampTime(now.UTC())
	event.SetProperty(ics.ComponentPropertyDtStart, floating(start, s.TargetEnd))
	event.SetProperty(ics.ComponentPropertyDtEnd, floating(start, s.TargetEnd+15))
	event.AddRrule("FREQ=WEEKLY;BYDAY=" + strings.Join(days, ","))
	event.SetSummary("Shutdown ritual")
	event.SetDescription("Time to end the workday on purpose: open Sundown and start your shutdown.")
	alarm := event.AddAlarm()
	alarm.SetAction(ics.ActionDisplay)
	alarm.SetTrigger("PT0M")
	alarm.SetProperty(ics.ComponentPropertyDescription, "Time to shut down")
	return cal.Serialize(ics.WithNewLineWindows), nil
}

// floating writes a local date and time without a zone, as RFC 5545 allows.
func floating(d Date, c ClockTime) string {
	return fmt.Sprintf("%04d%02d%02dT%02d%02d00", d.Year, d.Month, d.Day, int(c)/60, int(c)%60)
}
