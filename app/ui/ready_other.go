//go:build !(js && wasm)

package ui

// markReady does nothing outside the browser.
func markReady() {}

// mark does nothing outside the browser.
func mark(string) {}
