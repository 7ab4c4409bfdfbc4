//go:build js && wasm

// Command sundown-kdf derives a passphrase key with Argon2id inside a Web
// Worker (web/kdf-worker.js). Argon2 keeps a processor busy for a moment on
// purpose, and a Go program in the browser has one thread: run in the app
// itself, it would freeze the page for as long. This program is kept to
// Argon2 alone so that it is small to download, and only when sync is set
// up.
package main

import (
	"syscall/js"

	"golang.org/x/crypto/argon2"
)

func main() {
	js.Global().Set("sundownDeriveKey", js.FuncOf(derive))
	select {} // keep serving the worker's messages
}

// derive takes (passphrase, salt, time, memoryKiB, threads, keyLength) and
// returns the key as a Uint8Array.
func derive(_ js.Value, args []js.Value) any {
	salt := make([]byte, args[1].Get("length").Int())
	js.CopyBytesToGo(salt, args[1])
	key := argon2.IDKey([]byte(args[0].String()), salt,
		uint32(args[2].Int()), uint32(args[3].Int()), uint8(args[4].Int()), uint32(args[5].Int()))
	out := js.Global().Get("Uint8Array").New(len(key))
	js.CopyBytesToJS(out, key)
	return out
}
