package ui

import "syscall/js"

// onCtrlEnter calls pressed whenever Ctrl+Enter (⌘+Enter on a Mac) is
// pressed anywhere on the page, and returns the function that stops it.
// The listener is the browser's own, not go-app's: go-app would re-render
// the page at every key pressed, writing back into a field the text of a
// key earlier.
func onCtrlEnter(pressed func()) (stop func()) {
	listener := js.FuncOf(func(_ js.Value, args []js.Value) any {
		e := args[0]
		if e.Get("key").String() == "Enter" && (e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()) {
			e.Call("preventDefault")
			pressed()
		}
		return nil
	})
	window := js.Global().Get("window")
	window.Call("addEventListener", "keydown", listener)
	return func() {
		window.Call("removeEventListener", "keydown", listener)
		listener.Release()
	}
}
