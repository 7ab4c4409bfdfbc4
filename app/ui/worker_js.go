//go:build js && wasm

package ui

import (
	"errors"
	"syscall/js"
)

// askWorker starts the Web Worker of script, posts it message, waits for
// its one answer and ends it. It blocks its goroutine, never the page:
// callers run it off the UI goroutine. what names the worker's job in
// errors ("makes the key").
func askWorker(script, what string, message map[string]any) (js.Value, error) {
	worker, err := newWorker(script, what)
	if err != nil {
		return js.Value{}, err
	}
	defer worker.Call("terminate") // frees the worker's memory at once

	type answer struct {
		data js.Value
		err  error
	}
	// The first answer counts; a callback never waits on the channel (that
	// would stop the event loop), should an error follow a message.
	done := make(chan answer, 1)
	give := func(a answer) {
		select {
		case done <- a:
		default:
		}
	}
	onMessage := js.FuncOf(func(_ js.Value, args []js.Value) any {
		give(answer{data: args[0].Get("data")})
		return nil
	})
	onError := js.FuncOf(func(js.Value, []js.Value) any {
		give(answer{err: errors.New("the Web Worker that " + what + " could not start")})
		return nil
	})
	defer onMessage.Release()
	defer onError.Release()
	worker.Set("onmessage", onMessage)
	worker.Set("onerror", onError)
	worker.Call("postMessage", message)
	a := <-done
	return a.data, a.err
}

// newWorker starts a Web Worker, or says why it cannot.
func newWorker(script, what string) (w js.Value, err error) {
	ctor := js.Global().Get("Worker")
	if !ctor.Truthy() {
		return js.Value{}, errors.New("this browser cannot run the Web Worker that " + what)
	}
	defer func() {
		if recover() != nil { // the constructor throws where workers are refused
			err = errors.New("the Web Worker that " + what + " could not be started")
		}
	}()
	return ctor.New(script), nil
}
