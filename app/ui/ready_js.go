//go:build js && wasm

package ui

import "syscall/js"

// markReady records, once, the moment the first page is interactive, so
// benchmarks can read it from the browser's performance timeline.
func markReady() {
	if readyMarked {
		return
	}
	readyMarked = true
	js.Global().Get("performance").Call("mark", "sundown-ready")
}

var readyMarked bool
