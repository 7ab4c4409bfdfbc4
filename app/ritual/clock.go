package ritual

import (
	"fmt"
	"time"
)

// ClockTime is a wall-clock time of day, in minutes after midnight. The
// target end time is one: "18:00" means six in the evening wherever the user
// happens to be.
type ClockTime int

// ClockOf returns the wall-clock time of t in t's own location.
func ClockOf(t time.Time) ClockTime { return ClockTime(t.Hour()*60 + t.Minute()) }

// ParseClock reads a time written as HH:MM on a 24-hour clock.
func ParseClock(s string) (ClockTime, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, invalid("time", fmt.Sprintf("%q is not a time of day: write it as HH:MM, for example 18:00", s))
	}
	return ClockOf(t), nil
}

// String returns the time as HH:MM.
func (c ClockTime) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText writes c as HH:MM.
func (c ClockTime) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads HH:MM.
func (c *ClockTime) UnmarshalText(b []byte) error {
	parsed, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}

// Stamp records a moment as both an instant and what the user's own clock and
// calendar said at that moment. Both are needed: the instant orders events
// across devices, while "you stopped at 19:20" must stay 19:20 even when it is
// shown after a summer-time change or in another time zone.
type Stamp struct {
	At            time.Time `json:"at"` // UTC
	Date          Date      `json:"date"`
	Clock         ClockTime `json:"clock"`
	OffsetMinutes int       `json:"offset_minutes"` // east of UTC, when it happened
}

// StampOf records t, read in t's own location.
func StampOf(t time.Time) Stamp {
	_, offset := t.Zone()
	return Stamp{At: t.UTC(), Date: DateOf(t), Clock: ClockOf(t), OffsetMinutes: offset / 60}
}

// MinutesInto says when the stamp falls in minutes after the midnight that
// begins day, when it falls in that day's working evening: on day itself,
// or in the small hours after it, before dayEnds (Settings.DayEnds). A
// stamp of a later day (a catch-up) gives false.
func (s Stamp) MinutesInto(day Date, dayEnds ClockTime) (int, bool) {
	switch {
	case s.Date == day:
		return int(s.Clock), true
	case s.Date == day.AddDays(1) && s.Clock < dayEnds:
		return int(s.Clock) + 24*60, true
	}
	return 0, false
}
