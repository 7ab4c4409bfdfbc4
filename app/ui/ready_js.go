//go:build js && wasm

package ui

import "syscall/js"

// markReady records when a page has rendered with its data, on the
// browser's performance timeline, where benchmarks read it: "sundown-ready"
// once, for the first page, and "sundown-page-ready" every time.
func markReady() {
	if !readyMarked {
		readyMarked = true
		mark("sundown-ready")
	}
	mark("sundown-page-ready")
}

// mark puts a named moment on the browser's performance timeline.
func mark(name string) { js.Global().Get("performance").Call("mark", name) }

var readyMarked bool
