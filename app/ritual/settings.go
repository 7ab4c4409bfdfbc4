package ritual

import (
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
}

// DefaultSettings is how Sundown starts: an 18:00 end, Monday to Friday.
func DefaultSettings() Settings {
	return Settings{
		TargetEnd:     18 * 60,
		Workdays:      []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		ClosingPhrase: "Shutdown complete",
		ReviewDay:     time.Friday,
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
func (s Settings) StopLine(clock ClockTime) string {
	if !s.IsLate(clock) {
		return fmt.Sprintf("It's %s. A good time to stop.", clock)
	}
	return fmt.Sprintf("It's %s, later than your %s target. Thank you for stopping now: what is left will keep until tomorrow.", clock, s.TargetEnd)
}

// IsWorkdayOf reports whether the weekday is one of the user's workdays.
func (s Settings) IsWorkdayOf(day time.Weekday) bool { return slices.Contains(s.Workdays, day) }

// Equal reports whether two settings make the same choices.
func (s Settings) Equal(o Settings) bool {
	return s.TargetEnd == o.TargetEnd && slices.Equal(s.Workdays, o.Workdays) &&
		s.ClosingPhrase == o.ClosingPhrase && s.ReviewDay == o.ReviewDay &&
		s.HideConsistency == o.HideConsistency && s.Reminders == o.Reminders
}
