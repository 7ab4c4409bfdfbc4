//go:build js && wasm

package ui

import (
	"strings"
	"syscall/js"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

// BrowserLocale reads how the browser's locale writes times and dates, and
// the day its weeks start on: the hour cycle Intl.DateTimeFormat resolves,
// whether it writes the month before the day, and Intl.Locale's week info
// where the browser has it (a table of regions where it does not). What it
// cannot read stays as ritual.DefaultStyle has it.
func BrowserLocale() (style *ritual.Style) {
	s := ritual.DefaultStyle
	style = &s
	defer func() { _ = recover() }() // an Intl the browser lacks: the defaults
	intl := js.Global().Get("Intl")
	lang := js.Global().Get("navigator").Get("language")
	if !intl.Truthy() || lang.Type() != js.TypeString {
		return style
	}
	hours := intl.Get("DateTimeFormat").New(lang, map[string]any{"hour": "numeric"}).Call("resolvedOptions")
	if cycle := hours.Get("hourCycle"); cycle.Type() == js.TypeString {
		s.Hour12 = cycle.String() == "h12" || cycle.String() == "h11"
	} else if h12 := hours.Get("hour12"); h12.Type() == js.TypeBoolean {
		s.Hour12 = h12.Bool()
	}
	s.MonthFirst = monthFirst(intl, lang)
	s.WeekStart = weekStart(intl, lang.String())
	return style
}

// monthFirst reports whether the locale writes "December 1" rather than
// "1 December".
func monthFirst(intl, lang js.Value) bool {
	format := intl.Get("DateTimeFormat").New(lang, map[string]any{"month": "long", "day": "numeric"})
	parts := format.Call("formatToParts", js.Global().Get("Date").New(2026, 11, 1))
	for i := range parts.Length() {
		switch parts.Index(i).Get("type").String() {
		case "month":
			return true
		case "day":
			return false
		}
	}
	return false
}

// weekStart is the first day of the locale's week.
func weekStart(intl js.Value, lang string) time.Weekday {
	if ctor := intl.Get("Locale"); ctor.Truthy() {
		locale := ctor.New(lang)
		var info js.Value
		if get := locale.Get("getWeekInfo"); get.Type() == js.TypeFunction {
			info = locale.Call("getWeekInfo")
		} else {
			info = locale.Get("weekInfo")
		}
		if info.Truthy() && info.Get("firstDay").Type() == js.TypeNumber {
			return time.Weekday(info.Get("firstDay").Int() % 7) // 1 is Monday, 7 Sunday
		}
	}
	region := lang
	if i := strings.LastIndexAny(region, "-_"); i >= 0 {
		region = region[i+1:]
	}
	return ritual.WeekStartIn(strings.ToUpper(region))
}
