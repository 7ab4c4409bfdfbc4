package ritual

import (
	"fmt"
	"time"
)

// Style is how the reader writes times, dates and weeks: the hour cycle and
// the order of day and month of their locale, or their own choice in
// Settings, and the day their week starts on. Only what is shown follows it;
// stored values never change.
type Style struct {
	Hour12     bool         // "6:04 PM" rather than "18:04"
	MonthFirst bool         // "Tuesday, December 1" rather than "Tuesday 1 December"
	WeekStart  time.Weekday // the first day of a week in Insights, reviews and exports
}

// DefaultStyle is a 24-hour clock, the day before the month, and weeks that
// start on Monday.
var DefaultStyle = Style{WeekStart: time.Monday}

// Clock writes a time of day.
func (s Style) Clock(c ClockTime) string {
	if !s.Hour12 {
		return c.String()
	}
	h, m := int(c)/60, int(c)%60
	half := "AM"
	if h >= 12 {
		half = "PM"
	}
	if h = h % 12; h == 0 {
		h = 12
	}
	return fmt.Sprintf("%d:%02d %s", h, m, half)
}

// Minutes writes minutes after a day's midnight as a time of day; past
// midnight it wraps ("00:30"), as a clock would.
func (s Style) Minutes(m int) string { return s.Clock(ClockTime(m % (24 * 60))) }

// Long writes a date in full: "Tuesday 1 December 2026", or
// "Tuesday, December 1, 2026" with the month first.
func (s Style) Long(d Date) string {
	if s.MonthFirst {
		return d.midnight().Format("Monday, January 2, 2006")
	}
	return d.Long()
}

// Short writes a date compactly: "Tue 1 Dec", or "Tue, Dec 1".
func (s Style) Short(d Date) string {
	if s.MonthFirst {
		return d.midnight().Format("Mon, Jan 2")
	}
	return d.Short()
}

// DayMonth writes the day of the month and the month: "1 Dec", or "Dec 1".
func (s Style) DayMonth(d Date) string {
	if s.MonthFirst {
		return d.midnight().Format("Jan 2")
	}
	return d.midnight().Format("2 Jan")
}

// Week returns the first day of the week d falls in.
func (s Style) Week(d Date) Date {
	back := (int(d.Weekday()) - int(s.WeekStart) + 7) % 7
	return d.AddDays(-back)
}

// Choices of Settings.TimeFormat and Settings.WeekStart: empty follows the
// browser's locale.
const (
	Follow  = ""
	Clock24 = "24h"
	Clock12 = "12h"
)

// weekStarts are the days a week may start on, by Settings.WeekStart's names.
var weekStarts = map[string]time.Weekday{"monday": time.Monday, "sunday": time.Sunday, "saturday": time.Saturday}

// StyleFor is the style of settings for a reader whose locale writes as
// locale does: the settings' choices, where made, over the locale's.
func StyleFor(settings Settings, locale Style) Style {
	s := locale
	switch settings.TimeFormat {
	case Clock24:
		s.Hour12 = false
	case Clock12:
		s.Hour12 = true
	}
	if w, ok := weekStarts[settings.WeekStart]; ok {
		s.WeekStart = w
	}
	return s
}

// WeekStartIn is the first day of the week in a region (an ISO 3166 code,
// as in "en-US"), for browsers that do not say: Sunday or Saturday where
// CLDR says so, Monday everywhere else (and for a language without a
// region).
func WeekStartIn(region string) time.Weekday {
	switch region {
	case "AG", "AS", "BD", "BR", "BS", "BT", "BW", "BZ", "CA", "CN", "CO", "DM", "DO", "ET", "GT", "GU", "HK", "HN", "ID", "IL", "IN", "JM", "JP", "KE", "KH", "KR", "LA", "MH", "MM", "MO", "MT", "MX", "MZ", "NI", "NP", "PA", "PE", "PH", "PK", "PR", "PT", "PY", "SA", "SG", "SV", "TH", "TT", "TW", "UM", "US", "VE", "VI", "WS", "YE", "ZA", "ZW":
		return time.Sunday
	case "AE", "AF", "BH", "DJ", "DZ", "EG", "IQ", "IR", "JO", "KW", "LY", "OM", "QA", "SD", "SY":
		return time.Saturday
	}
	return time.Monday
}
