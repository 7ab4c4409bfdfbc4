//go:build js && wasm

package ui

import (
	"errors"
	"syscall/js"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// KeepFormsInThePage stops every form's submission by the browser, at
// once. go-app runs a form's submit handler on the UI goroutine, and when
// that goroutine is waiting for the database (a save, a sync) the event
// returns to the browser before the handler runs: its PreventDefault comes
// too late, the browser submits the form, and the page reloads with what
// was being written lost. Every form of the app is handled in Go.
func KeepFormsInThePage() {
	js.Global().Get("document").Call("addEventListener", "submit", js.FuncOf(func(_ js.Value, args []js.Value) any {
		args[0].Call("preventDefault")
		return nil
	}), true)
}

// downloadFile hands content to the browser as a file download. The file
// is made in the page (a Blob), so nothing is sent anywhere.
func downloadFile(name, mime, content string) {
	doc := js.Global().Get("document")
	blob := js.Global().Get("Blob").New(js.ValueOf([]any{content}), map[string]any{"type": mime})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	js.Global().Call("setTimeout", js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", url)
		return nil
	}), 1000)
}

// awaitPromise waits for a JavaScript promise. Call it off the UI goroutine
// (in ctx.Async): it blocks until the promise settles.
func awaitPromise(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{v: args[0]}
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "the browser refused"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		done <- result{err: errors.New(msg)}
		return nil
	})
	defer then.Release()
	defer catch.Release()
	p.Call("then", then).Call("catch", catch)
	r := <-done
	return r.v, r.err
}

// copyText puts text on the clipboard. It blocks: call it in ctx.Async.
func copyText(text string) error {
	clipboard := js.Global().Get("navigator").Get("clipboard")
	if !clipboard.Truthy() {
		return errors.New("this browser does not let pages copy; select the text and copy it by hand")
	}
	_, err := awaitPromise(clipboard.Call("writeText", text))
	return err
}

// readChosenFile reads the first file chosen in a file input, with its size
// in bytes. It blocks: call it in ctx.Async.
func readChosenFile(input app.Value) (text string, size int, err error) {
	files := app.JSValue(input).Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return "", 0, errors.New("no file was chosen")
	}
	file := files.Index(0)
	size = file.Get("size").Int()
	if size > maxReadBytes {
		return "", size, nil // the caller names the size; no point reading it
	}
	v, err := awaitPromise(file.Call("text"))
	if err != nil {
		return "", size, err
	}
	return v.String(), size, nil
}
