//go:build !(js && wasm)

package ui

import "time"

// LocalNow returns the current local time.
func LocalNow() time.Time { return time.Now() }
