package ui

import (
	"errors"
	"fmt"
	"syscall/js"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/remoteml/sundown/app/seal"
)

// deriveInWorker derives the sync passphrase key in a Web Worker
// (web/kdf-worker.js running cmd/sundown-kdf), so the page keeps answering
// during the moment Argon2 takes on purpose. It blocks its goroutine, never
// the page: callers run it off the UI goroutine. Argon2 lives only in the
// worker's wasm, which keeps it out of the app's download.
func deriveInWorker(passphrase string, p seal.KDFParams) ([]byte, error) {
	worker, err := newKDFWorker()
	if err != nil {
		return nil, err
	}
	defer worker.Call("terminate") // frees the worker's 64 MiB at once

	type answer struct {
		key []byte
		err error
	}
	done := make(chan answer, 1)
	var onMessage, onError js.Func
	onMessage = js.FuncOf(func(_ js.Value, args []js.Value) any {
		data := args[0].Get("data")
		if e := data.Get("error"); e.Truthy() {
			done <- answer{err: errors.New("making the key failed (" + e.String() + ")")}
			return nil
		}
		key := make([]byte, data.Get("key").Get("length").Int())
		js.CopyBytesToGo(key, data.Get("key"))
		done <- answer{key: key}
		return nil
	})
	onError = js.FuncOf(func(js.Value, []js.Value) any {
		done <- answer{err: errors.New("the Web Worker that makes the key could not start")}
		return nil
	})
	defer onMessage.Release()
	defer onError.Release()
	worker.Set("onmessage", onMessage)
	worker.Set("onerror", onError)

	salt := js.Global().Get("Uint8Array").New(len(p.Salt))
	js.CopyBytesToJS(salt, p.Salt)
	worker.Call("postMessage", map[string]any{"passphrase": passphrase, "salt": salt, "time": p.Time,
		"memoryKiB": p.MemoryKiB, "threads": p.Threads, "keyLength": chacha20poly1305.KeySize})
	a := <-done
	if a.err == nil && len(a.key) != chacha20poly1305.KeySize {
		a.err = errors.New("the Web Worker that makes the key answered a key of the wrong size")
	}
	if a.err != nil {
		return nil, fmt.Errorf("%w: reload the page and try again", a.err)
	}
	return a.key, nil
}

// newKDFWorker starts the key worker, or says why it cannot.
func newKDFWorker() (w js.Value, err error) {
	ctor := js.Global().Get("Worker")
	if !ctor.Truthy() {
		return js.Value{}, errors.New("this browser cannot run the Web Worker that makes the key")
	}
	defer func() {
		if recover() != nil { // the constructor throws where workers are refused
			err = errors.New("the Web Worker that makes the key could not be started")
		}
	}()
	return ctor.New("/web/kdf-worker.js"), nil
}
