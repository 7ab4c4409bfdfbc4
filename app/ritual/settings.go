package ritual

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Settings are the user's few choices about their day.
type Settings struct {
	// TargetEnd is when the workday is meant to end; stopping later earns a
	// kind word, never a reproach.
	TargetEnd ClockTime `json:"target_end"`
	// Workdays are the days a shutdown is expected. Other days can still be
	// closed, but a missing one is never counted against anyone.
	Workdays []time.Weekday `json:"workdays"`
	// ClosingPhrase is said at the close, e.g. "Shutdown complete".
	ClosingPhrase string `json:"closing_phrase"`
	// ReviewDay is the day the ritual gains a weekly review step.
	ReviewDay time.Weekday `json:"review_day"`
	// HideConsistency hides the count of closed workdays, for those whom
	// any count would nag.
	HideConsistency bool `json:"hide_consistency,omitempty"`
	// Reminders asks for a notification at the target end time.
	Reminders bool `json:"reminders,omitempty"`
	// DayEnds is when a workday ends for good: until then the small hours
	// belong to the day before (Workday). Settings saved before it existed
	// read as the default (see UnmarshalJSON).
	DayEnds ClockTime `json:"day_ends"`
	// TimeFormat is Clock24 or Clock12, or Follow for the browser's locale;
	// WeekStart is "monday", "sunday" or "saturday", or Follow. See StyleFor.
	TimeFormat string `json:"time_format,omitempty"`
	WeekStart  string `json:"week_start,omitempty"`
}

// DefaultDayEnds: work until 4 in the morning still belongs to the evening
// before; nobody starts the next day's work that early.
const DefaultDayEnds ClockTime = 4 * 60

// latestDayEnds is as late as a workday may end: noon, for whoever works
// nights.
const latestDayEnds ClockTime = 12 * 60

// UnmarshalJSON reads settings saved by any version: a field an older
// version did not write keeps its default (every field a version writes is
// either always written or omitted only when it holds its default).
func (s *Settings) UnmarshalJSON(data []byte) error {
	type fields Settings // without this method
	v := fields(DefaultSettings())
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*s = Settings(v)
	return nil
}

// Workday is the workday t belongs to: its calendar day, or the day before
// while the clock is before DayEnds. The ritual, Today, the catch-up offer
// and Insights all go by it, so a shutdown at 00:30 closes the evening's
// day. It reads the wall clock, so summer time changes move nothing.
func (s Settings) Workday(t time.Time) Date {
	d := DateOf(t)
	if ClockOf(t) < s.DayEnds {
		return d.AddDays(-1)
	}
	return d
}

// DefaultSettings is how Sundown starts: an 18:00 end, Monday to Friday.
func DefaultSettings() Settings {
	return Settings{
		TargetEnd:     18 * 60,
		Workdays:      []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		ClosingPhrase: "Shutdown complete",
		ReviewDay:     time.Friday,
		DayEnds:       DefaultDayEnds,
	}
}

// IsWorkday reports whether d falls on one of the user's workdays.
func (s Settings) IsWorkday(d Date) bool { return s.IsWorkdayOf(d.Weekday()) }

// SetWorkday adds or removes one weekday, keeping the list in week order.
func (s *Settings) SetWorkday(day time.Weekday, on bool) {
	s.Workdays = slices.DeleteFunc(slices.Clone(s.Workdays), func(w time.Weekday) bool { return w == day })
	if on {
		s.Workdays = append(s.Workdays, day)
		slices.Sort(s.Workdays)
	}
}

// PastTargetEnd reports whether t is at or past the target end of its
// workday (Workday): after midnight, before the day ends, it always is.
func (s Settings) PastTargetEnd(t time.Time) bool {
	return s.Workday(t) != DateOf(t) || ClockOf(t) >= s.TargetEnd
}

// IsLate reports whether a stop at clock is past the target end time.
func (s Settings) IsLate(clock ClockTime) bool { return clock > s.TargetEnd }

// Validate checks settings read from storage or typed by the user.
func (s Settings) Validate() error {
	if s.TargetEnd < 0 || s.TargetEnd >= 24*60 {
		return invalid("Target end time", "must be a time of day between 00:00 and 23:59")
	}
	for _, w := range s.Workdays {
		if w < time.Sunday || w > time.Saturday {
			return invalid("Workdays", fmt.Sprintf("%d is not a day of the week", w))
		}
	}
	if s.DayEnds < 0 || s.DayEnds > latestDayEnds {
		return invalid("Day ends at", fmt.Sprintf("must be a time between 00:00 and %s", latestDayEnds))
	}
	// A time format or week start this version does not know (a newer
	// one's) is not an error: it reads as Follow (StyleFor).
	if len(s.TimeFormat) > 20 || len(s.WeekStart) > 20 {
		return invalid("Time format", "is not one Sundown knows")
	}
	if s.ReviewDay < time.Sunday || s.ReviewDay > time.Saturday {
		return invalid("Review day", fmt.Sprintf("%d is not a day of the week", s.ReviewDay))
	}
	if err := checkText("Closing phrase", s.ClosingPhrase); err != nil {
		return err
	}
	if len(s.ClosingPhrase) > 80 {
		return invalid("Closing phrase", "keep it short: at most 80 characters")
	}
	return nil
}

// StopLine is the one line shown when the user marks the stop: the time, and
// when it is past the target, a kind word rather than a warning.
func (s Settings) StopLine(clock ClockTime, style Style) string {
	if !s.IsLate(clock) {
		return fmt.Sprintf("It's %s. A good time to stop.", style.Clock(clock))
	}
	return fmt.Sprintf("It's %s, later than your %s target. Thank you for stopping now: what is left will keep until tomorrow.", style.Clock(clock), style.Clock(s.TargetEnd))
}

// IsWorkdayOf reports whether the weekday is one of the user's workdays.
func (s Settings) IsWorkdayOf(day time.Weekday) bool { return slices.Contains(s.Workdays, day) }

// Equal reports whether two settings make the same choices.
func (s Settings) Equal(o Settings) bool {
	return s.TargetEnd == o.TargetEnd && slices.Equal(s.Workdays, o.Workdays) &&
		s.ClosingPhrase == o.ClosingPhrase && s.ReviewDay == o.ReviewDay &&
		s.HideConsistency == o.HideConsistency && s.Reminders == o.Reminders && s.DayEnds == o.DayEnds &&
		s.TimeFormat == o.TimeFormat && s.WeekStart == o.WeekStart
}
