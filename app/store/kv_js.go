//go:build js && wasm

package store

import (
	"fmt"
	"strings"
	"syscall/js"
)

// LocalStorage is the browser's localStorage as a KV. Its setItem is
// synchronous: when Set returns nil the value is stored. It holds what must
// be read before the app starts (the theme), and the days of versions
// before IndexedDB until they are moved (Move).
type LocalStorage struct{ storage js.Value }

// NewLocalStorage returns the page's localStorage, or an error when the
// browser refuses it (private modes, disabled storage).
func NewLocalStorage() (kv *LocalStorage, err error) {
	defer recoverJS(&err, "opening the browser's storage")
	s := js.Global().Get("localStorage")
	if s.IsUndefined() || s.IsNull() {
		return nil, fmt.Errorf("this browser gives Sundown no storage: allow site data for this page and reload")
	}
	return &LocalStorage{storage: s}, nil
}

func (l *LocalStorage) Get(key string) (value string, ok bool, err error) {
	defer recoverJS(&err, "reading "+key)
	v := l.storage.Call("getItem", key)
	if v.IsNull() {
		return "", false, nil
	}
	return v.String(), true, nil
}

func (l *LocalStorage) Set(key, value string) (err error) {
	defer recoverJS(&err, "saving "+key)
	l.storage.Call("setItem", key, value)
	return nil
}

func (l *LocalStorage) Delete(key string) (err error) {
	defer recoverJS(&err, "deleting "+key)
	l.storage.Call("removeItem", key)
	return nil
}

// Keys lists every key in one call across to JavaScript: with ten years of
// days (as versions before IndexedDB kept them here) that is one call
// instead of thousands.
func (l *LocalStorage) Keys() (keys []string, err error) {
	defer recoverJS(&err, "listing keys")
	return stringsOf(js.Global().Get("Reflect").Call("ownKeys", l.storage)), nil
}

// stringsOf copies a JavaScript array of strings into Go in one crossing,
// joined by newlines: ten years of days are 3,650 keys, and a crossing for
// each (or decoding them as JSON) took a tenth of a second in WebKit at
// every start. Sundown's keys hold no newline; if one ever does, the count
// tells, and the keys are copied one by one.
func stringsOf(array js.Value) []string {
	n := array.Length()
	if n == 0 {
		return nil
	}
	if all := strings.Split(array.Call("join", "\n").String(), "\n"); len(all) == n {
		return all
	}
	all := make([]string, n)
	for i := range n {
		all[i] = array.Index(i).String()
	}
	return all
}

// recoverJS turns an exception thrown by the browser into an error. A
// QuotaExceededError becomes ErrFull so callers can say the storage is full.
func recoverJS(err *error, doing string) {
	r := recover()
	if r == nil {
		return
	}
	jsErr, ok := r.(js.Error)
	if !ok {
		panic(r)
	}
	if jsErr.Get("name").String() == "QuotaExceededError" {
		*err = ErrFull
		return
	}
	*err = fmt.Errorf("%s: %s", doing, jsErr.Error())
}
