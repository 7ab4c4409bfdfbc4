//go:build !(js && wasm)

package ui

import "github.com/remoteml/sundown/app/ritual"

// BrowserLocale is the default style outside the browser.
func BrowserLocale() *ritual.Style { return nil }
