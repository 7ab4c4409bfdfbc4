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
	salt := js.Global().Get("Uint8Array").New(len(p.Salt))
	js.CopyBytesToJS(salt, p.Salt)
	data, err := askWorker("/web/kdf-worker.js", "makes the key", map[string]any{"passphrase": passphrase, "salt": salt,
		"time": p.Time, "memoryKiB": p.MemoryKiB, "threads": p.Threads, "keyLength": chacha20poly1305.KeySize})
	if err == nil && data.Get("error").Truthy() {
		err = errors.New("making the key failed (" + data.Get("error").String() + ")")
	}
	var key []byte
	if err == nil {
		key = make([]byte, data.Get("key").Get("length").Int())
		js.CopyBytesToGo(key, data.Get("key"))
		if len(key) != chacha20poly1305.KeySize {
			err = errors.New("the Web Worker that makes the key answered a key of the wrong size")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: reload the page and try again", err)
	}
	return key, nil
}
