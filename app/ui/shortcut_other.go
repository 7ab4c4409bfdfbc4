//go:build !(js && wasm)

package ui

// onCtrlEnter has no keyboard to listen to outside the browser.
func onCtrlEnter(pressed func()) (stop func()) { return func() {} }
