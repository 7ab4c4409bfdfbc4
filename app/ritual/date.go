package ritual

import (
	"fmt"
	"sort"
	"time"
)

// Date is a calendar day in the user's own time zone. It is not an instant:
// "the 3rd of March" is the same day whether the laptop is in Berlin or in
// Lisbon, which is what a person means by "today's shutdown".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// dateLayout is the only text form of a Date, used in storage keys, URLs and JSON.
const dateLayout = "2006-01-02"

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads a date written as YYYY-MM-DD and refuses days that do not
// exist, such as 2026-02-30. It is written out by hand because it runs for
// every stored day when the app starts, where time.Parse is slow.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, notADate(s)
	}
	y, okY := digits(s[0:4])
	m, okM := digits(s[5:7])
	d, okD := digits(s[8:10])
	if !okY || !okM || !okD || m < 1 || m > 12 || d < 1 || d > monthLength(time.Month(m), y) {
		return Date{}, notADate(s)
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// notADate is ParseDate's error, made only when it is needed: the store
// parses every stored day's date at start, and formatting a message for
// each of ten years of dates cost more than the parsing in some browsers.
func notADate(s string) error {
	return invalid("date", fmt.Sprintf("%q is not a date: write it as YYYY-MM-DD, for example 2026-03-14", s))
}

func digits(s string) (int, bool) {
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// monthLength is the number of days in a month of a year.
func monthLength(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.midnight().Format(dateLayout)
}

// IsZero reports whether d is the zero Date (no date at all).
func (d Date) IsZero() bool { return d == Date{} }

// AddDays returns the date n calendar days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.midnight().AddDate(0, 0, n)) }

// Weekday returns the day of the week d falls on.
func (d Date) Weekday() time.Weekday { return d.midnight().Weekday() }

// Before reports whether d is an earlier day than other.
func (d Date) Before(other Date) bool { return d.Compare(other) < 0 }

// DaysUntil returns how many calendar days lie from d to other (negative when other is earlier).
func (d Date) DaysUntil(other Date) int {
	return int(other.midnight().Sub(d.midnight()).Hours() / 24)
}

// Long returns the date as people read it, e.g. "Wednesday 25 November 2026".
func (d Date) Long() string { return d.midnight().Format("Monday 2 January 2006") }

// Short returns the date compactly, e.g. "Wed 25 Nov".
func (d Date) Short() string { return d.midnight().Format("Mon 2 Jan") }

// midnight places d in UTC, where every day has 24 hours, so date arithmetic
// never trips over a summer-time change.
func (d Date) midnight() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// MarshalText writes d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; an empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// SortDates sorts dates oldest first, SortDatesNewestFirst newest first,
// and SortDays days by date, oldest first. They, and the other sorts of the
// packages the app is built from, use sort.Slice rather than slices.SortFunc
// on purpose: every type slices.SortFunc is used with adds about 15 KB of
// code that the browser compiles at every start (brotli folds most of it
// out of the download), where sort.Slice's one body serves all.
func SortDates(dates []Date) {
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
}

func SortDatesNewestFirst(dates []Date) {
	sort.Slice(dates, func(i, j int) bool { return dates[j].Before(dates[i]) })
}

func SortDays(days []Day) {
	sort.Slice(days, func(i, j int) bool { return days[i].Date.Before(days[j].Date) })
}

// Compare returns -1 when d is before other, 0 when they are the same day and
// +1 after. It compares the fields: sorting ten years of days must be cheap.
func (d Date) Compare(other Date) int {
	switch {
	case d.Year != other.Year:
		return cmpInt(d.Year, other.Year)
	case d.Month != other.Month:
		return cmpInt(int(d.Month), int(other.Month))
	}
	return cmpInt(d.Day, other.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
