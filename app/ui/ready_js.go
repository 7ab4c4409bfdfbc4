//go:build js && wasm

package ui

import "syscall/js"

// markReady records, on the browser's performance timeline where
// benchmarks read it, when a page has rendered with its data:
// "sundown-page-ready" each time. It is called while the page renders, which
// is before go-app puts the page into the DOM, so the mark waits for a
// microtask: one runs only once the Go code has handed control back to the
// browser, with the DOM updated.
func markReady() { js.Global().Call("queueMicrotask", markPageReady) }

var markPageReady = js.FuncOf(func(js.Value, []js.Value) any {
	mark("sundown-page-ready")
	return nil
})

// mark puts a named moment on the browser's performance timeline.
func mark(name string) { js.Global().Get("performance").Call("mark", name) }
