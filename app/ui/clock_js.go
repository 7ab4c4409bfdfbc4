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
