// Package meetings reads the meetings of a day out of a calendar file
// (iCalendar, RFC 5545, as Google Calendar, Outlook and Apple Calendar
// export it), so that the ritual can offer them as unseen work. It parses
// with github.com/arran4/golang-ical and expands recurrences with
// github.com/teambition/rrule-go. The file never leaves the device.
package meetings

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/teambition/rrule-go"

	"github.com/remoteml/sundown/app/ritual"
)

// Meeting is one meeting of a day.
type Meeting = ritual.Meeting

// Calendar is a parsed calendar file.
type Calendar struct {
	events []*ics.VEvent
	owner  string // the calendar's owner's address, when the file says it
}

// Parse reads a calendar file. A file that is not one gets an error that
// names the line where reading stopped.
func Parse(text string) (*Calendar, error) {
	if err := checkLines(text); err != nil {
		return nil, err
	}
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("this is not a calendar file Sundown can read (%v): export the calendar again as .ics", err)
	}
	c := &Calendar{events: cal.Events()}
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == "X-WR-CALNAME" && strings.Contains(p.Value, "@") {
			c.owner = strings.ToLower(p.Value)
		}
	}
	return c, nil
}

// contentLine is a line of an iCalendar file once unfolded: a name,
// parameters, a colon and a value.
var contentLine = regexp.MustCompile(`^[A-Za-z0-9-]+(;[^:]*)?:`)

// checkLines finds the first line that is not iCalendar, and blocks that do
// not close, and says where.
func checkLines(text string) error {
	lines := unfold(text)
	var open []string
	begun := false
	for _, l := range lines {
		line, n := l.text, l.number
		if !contentLine.MatchString(line) {
			return fmt.Errorf("line %d of the calendar file is not iCalendar (%q): export the calendar again as .ics", n, cut(line))
		}
		name, value, _ := strings.Cut(line, ":")
		switch strings.ToUpper(name) {
		case "BEGIN":
			if !begun && !strings.EqualFold(value, "VCALENDAR") {
				return fmt.Errorf("line %d: a calendar file starts with BEGIN:VCALENDAR; this one does not: export the calendar again as .ics", n)
			}
			begun = true
			open = append(open, strings.ToUpper(value))
		case "END":
			if len(open) == 0 || open[len(open)-1] != strings.ToUpper(value) {
				return fmt.Errorf("line %d ends %s, which was not begun: the calendar file is damaged; export it again", n, value)
			}
			open = open[:len(open)-1]
		default:
			if !begun {
				return fmt.Errorf("line %d: a calendar file starts with BEGIN:VCALENDAR; this one does not: export the calendar again as .ics", n)
			}
		}
	}
	if !begun || len(lines) == 0 {
		return errors.New("the file is empty or is not a calendar: export the calendar again as .ics")
	}
	if len(open) > 0 {
		return fmt.Errorf("the calendar file ends before END:%s (line %d): it was cut short; export it again", open[len(open)-1], lines[len(lines)-1].number)
	}
	return nil
}

// numberedLine is a content line and the line of the file it starts on.
type numberedLine struct {
	text   string
	number int
}

// unfold joins folded lines (a line that starts with a space or a tab
// continues the one before) and leaves out empty ones.
func unfold(text string) []numberedLine {
	var out []numberedLine
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		switch {
		case line == "":
		case (line[0] == ' ' || line[0] == '\t') && len(out) > 0:
			out[len(out)-1].text += line[1:]
		default:
			out = append(out, numberedLine{line, i + 1})
		}
	}
	return out
}

func cut(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// On returns the meetings that start on day in loc, earliest first:
// recurring events expanded (RRULE with COUNT, UNTIL, BYDAY…), less their
// exceptions (EXDATE) and with their moved or changed occurrences
// (RECURRENCE-ID); all-day events, cancelled ones and ones the calendar's
// owner declined are left out.
func (c *Calendar) On(day ritual.Date, loc *time.Location) []Meeting {
	from := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, 1)
	moved := map[string]map[int64]bool{} // by UID: the occurrences an override replaces
	for _, e := range c.events {
		if id := e.GetProperty(ics.ComponentPropertyRecurrenceId); id != nil {
			if at, err := timeOf(&id.BaseProperty, loc); err == nil {
				uid := propValue(e, ics.ComponentPropertyUniqueId)
				if moved[uid] == nil {
					moved[uid] = map[int64]bool{}
				}
				moved[uid][at.Unix()] = true
			}
		}
	}
	var out []Meeting
	for _, e := range c.events {
		out = append(out, c.occurrences(e, from, to, loc, moved)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// occurrences are the meetings of one event that start in [from, to).
func (c *Calendar) occurrences(e *ics.VEvent, from, to time.Time, loc *time.Location, moved map[string]map[int64]bool) []Meeting {
	start := e.GetProperty(ics.ComponentPropertyDtStart)
	if start == nil || isAllDay(start) || c.skipped(e) {
		return nil
	}
	first, err := timeOf(&start.BaseProperty, loc)
	if err != nil {
		return nil
	}
	length := lengthOf(e, first, loc)
	m := Meeting{Title: strings.TrimSpace(propValue(e, ics.ComponentPropertySummary)), Minutes: int(length / time.Minute)}
	if m.Title == "" {
		m.Title = "Meeting"
	}
	rule := e.GetProperty(ics.ComponentPropertyRrule)
	if rule == nil || e.GetProperty(ics.ComponentPropertyRecurrenceId) != nil {
		if !first.Before(from) && first.Before(to) {
			m.Start = first.In(loc)
			return []Meeting{m}
		}
		return nil
	}
	starts, err := expand(e, rule.Value, first, from, to, loc)
	if err != nil {
		return nil
	}
	uid := propValue(e, ics.ComponentPropertyUniqueId)
	var out []Meeting
	for _, s := range starts {
		if moved[uid][s.Unix()] {
			continue // an override stands in for it
		}
		m.Start = s.In(loc)
		out = append(out, m)
	}
	return out
}

// expand lists the starts of a recurring event in [from, to), less its
// EXDATEs.
func expand(e *ics.VEvent, rule string, first, from, to time.Time, loc *time.Location) ([]time.Time, error) {
	opt, err := rrule.StrToROptionInLocation(rule, first.Location())
	if err != nil {
		return nil, err
	}
	opt.Dtstart = first
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, err
	}
	var set rrule.Set
	set.RRule(r)
	for _, ex := range e.GetProperties(ics.ComponentPropertyExdate) {
		for _, v := range strings.Split(ex.Value, ",") {
			p := ex.BaseProperty
			p.Value = v
			if t, err := timeOf(&p, loc); err == nil {
				set.ExDate(t)
			}
		}
	}
	return set.Between(from, to.Add(-time.Second), true), nil
}

// skipped reports a cancelled event, or one the calendar's owner declined.
func (c *Calendar) skipped(e *ics.VEvent) bool {
	if strings.EqualFold(propValue(e, ics.ComponentPropertyStatus), "CANCELLED") {
		return true
	}
	for _, a := range e.GetProperties(ics.ComponentPropertyAttendee) {
		declined := false
		for _, s := range a.ICalParameters["PARTSTAT"] {
			declined = declined || strings.EqualFold(s, "DECLINED")
		}
		address := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(a.Value, "mailto:"), "MAILTO:"))
		if declined && (c.owner == "" || address == c.owner) {
			return true
		}
	}
	return false
}

func isAllDay(p *ics.IANAProperty) bool {
	for _, v := range p.ICalParameters["VALUE"] {
		if strings.EqualFold(v, "DATE") {
			return true
		}
	}
	return len(p.Value) == len("20060102")
}

func propValue(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// timeOf reads a DATE-TIME: in UTC ("Z"), in its TZID, or floating (the
// reader's own time, loc). A TZID the time zone database does not know (an
// Outlook name such as "W. Europe Standard Time") is read as loc: a
// person's own calendar is mostly in their own zone.
func timeOf(p *ics.BaseProperty, loc *time.Location) (time.Time, error) {
	v := p.Value
	if strings.HasSuffix(v, "Z") {
		return time.Parse("20060102T150405Z", v)
	}
	in := loc
	if tz := p.ICalParameters["TZID"]; len(tz) == 1 {
		if l, err := time.LoadLocation(strings.Trim(tz[0], `"`)); err == nil {
			in = l
		}
	}
	return time.ParseInLocation("20060102T150405", v, in)
}

// lengthOf is how long an event lasts: DTEND less DTSTART, or its DURATION;
// zero when it says neither.
func lengthOf(e *ics.VEvent, start time.Time, loc *time.Location) time.Duration {
	if end := e.GetProperty(ics.ComponentPropertyDtEnd); end != nil {
		if t, err := timeOf(&end.BaseProperty, loc); err == nil && t.After(start) {
			return t.Sub(start)
		}
	}
	if d := e.GetProperty(ics.ComponentPropertyDuration); d != nil {
		if length, err := parseDuration(d.Value); err == nil {
			return length
		}
	}
	return 0
}

// durationPart is one number and unit of an RFC 5545 duration (P1DT2H30M).
var durationPart = regexp.MustCompile(`(\d+)([WDHMS])`)

// parseDuration reads an RFC 5545 DURATION such as PT45M, PT1H30M or P1D.
func parseDuration(v string) (time.Duration, error) {
	date, clock, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(v, "+"), "P"), "T")
	units := map[string]time.Duration{"W": 7 * 24 * time.Hour, "D": 24 * time.Hour}
	var total time.Duration
	add := func(s string, unit map[string]time.Duration) {
		for _, m := range durationPart.FindAllStringSubmatch(s, -1) {
			n, _ := strconv.Atoi(m[1])
			total += time.Duration(n) * unit[m[2]]
		}
	}
	add(date, units)
	add(clock, map[string]time.Duration{"H": time.Hour, "M": time.Minute, "S": time.Second})
	if total == 0 || strings.HasPrefix(v, "-") {
		return 0, fmt.Errorf("%q is not a duration", v)
	}
	return total, nil
}
