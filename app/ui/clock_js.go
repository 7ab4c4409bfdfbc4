//go:build js && wasm

package ui

import (
	"syscall/js"
	"time"
)

// LocalNow returns the current time at the browser's current UTC offset.
// Go's time.Local in the browser is fixed when the program starts, so a tab
// left open across a summer-time change would be an hour off; asking the
// browser each time is not.
func LocalNow() time.Time {
	offsetMinutes := -js.Global().Get("Date").New().Call("getTimezoneOffset").Int()
	return time.Now().In(time.FixedZone("", offsetMinutes*60))
}

// testClockKey holds a starting time for end-to-end tests: when it is set
// (RFC 3339, with its offset), the app's clock starts there and runs on from
// it, so a test can open the app at 18:01 on a Friday without waiting.
const testClockKey = "sundown/test-clock"

// BrowserClock returns the app's clock: LocalNow, unless a test has set a
// starting time in localStorage.
func BrowserClock() func() time.Time {
	v := js.Global().Get("localStorage").Call("getItem", testClockKey)
	if v.IsNull() {
		return LocalNow
	}
	start, err := time.Parse(time.RFC3339, v.String())
	if err != nil {
		return LocalNow
	}
	began := time.Now()
	return func() time.Time { return start.Add(time.Since(began)) }
}
