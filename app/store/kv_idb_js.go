//go:build js && wasm

package store

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"syscall/js"
)

// IndexedDB is the browser's IndexedDB as a KV: one database, one object
// store of strings. It has the browser's real quota (localStorage has about
// 5 MB per site in Firefox and Safari) and transactions, and go-app does
// not scan it as it scans localStorage.
//
// IndexedDB answers later, through callbacks; the store's API answers at
// once. Each call waits for its request: the goroutine waits, the browser's
// event loop runs, the callback wakes it. Calls run on the UI goroutine or
// main, never inside a JavaScript callback (which would stop the event
// loop the answer needs). The keys are read once, at open, and kept; values
// are read when asked and kept once read or written, so a page reads each
// day once. Another tab of Sundown on the same device says, on a broadcast
// channel, which keys it wrote, and this one forgets what it kept of them.
type IndexedDB struct {
	db      js.Value
	changes js.Value // the BroadcastChannel, or undefined
	// heard, once set, is told of each change another tab made, after this
	// tab has forgotten what it kept of that key.
	heard func(key string, present bool)

	mu     sync.Mutex
	keys   keySet
	values map[string]string
}

// OpenIndexedDB opens (creating if needed) Sundown's database and lists its
// keys, or says why the browser refused. The page began opening it before
// the app started (web/open-storage.js): that is taken when it worked.
func OpenIndexedDB() (kv *IndexedDB, err error) {
	if early := js.Global().Get("sundownStorage"); early.Truthy() {
		js.Global().Delete("sundownStorage") // once: a later open starts afresh
		if kv, err := takeEarly(early); err == nil {
			return kv, nil
		}
	}
	defer recoverJS(&err, "opening the browser's database")
	factory := js.Global().Get("indexedDB")
	if !factory.Truthy() {
		return nil, errors.New("this browser gives Sundown no database: allow site data for this page and reload")
	}
	req := factory.Call("open", idbName, idbVersion)
	upgrade := js.FuncOf(func(js.Value, []js.Value) any {
		req.Get("result").Call("createObjectStore", idbStore)
		return nil
	})
	defer upgrade.Release()
	req.Set("onupgradeneeded", upgrade)
	db, err := await(req, "opening the browser's database")
	if err != nil {
		return nil, err
	}
	kv = &IndexedDB{db: db, values: map[string]string{}}
	if ctor := js.Global().Get("BroadcastChannel"); ctor.Truthy() {
		kv.listen(ctor.New(idbChanges))
	}
	keys, err := kv.request("readonly", "listing keys", func(s js.Value) js.Value { return s.Call("getAllKeys") })
	if err != nil {
		return nil, err
	}
	kv.know(keys)
	return kv, nil
}

// takeEarly waits for the page's opening of the database and takes what it
// read: the database, every key, the values that are not days, the channel
// of other tabs' changes and the changes heard on it so far.
func takeEarly(opening js.Value) (kv *IndexedDB, err error) {
	defer recoverJS(&err, "opening the browser's database")
	got, err := awaitPromise(opening)
	if err != nil {
		return nil, err
	}
	kv = &IndexedDB{db: got.Get("db"), values: map[string]string{}}
	kv.know(got.Get("keys"))
	values := got.Get("values")
	for _, k := range stringsOf(js.Global().Get("Object").Call("keys", values)) {
		if v := values.Get(k); kv.keys.has(k) && v.Type() == js.TypeString {
			kv.values[k] = v.String()
		}
	}
	if changes := got.Get("changes"); changes.Truthy() {
		heard := got.Get("heard")
		for i := range heard.Length() {
			kv.forget(heard.Index(i))
		}
		kv.listen(changes)
	}
	return kv, nil
}

// know records the keys of a JavaScript array as the database's.
func (d *IndexedDB) know(keys js.Value) {
	d.keys = newKeySet(stringsOf(keys))
}

// awaitPromise waits for a JavaScript promise.
func awaitPromise(p js.Value) (js.Value, error) {
	type answer struct {
		v   js.Value
		err error
	}
	done := make(chan answer, 1)
	resolved := js.FuncOf(func(_ js.Value, args []js.Value) any { done <- answer{v: args[0]}; return nil })
	rejected := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- answer{err: idbError(args[0], "opening the browser's database")}
		return nil
	})
	defer resolved.Release()
	defer rejected.Release()
	p.Call("then", resolved, rejected)
	a := <-done
	return a.v, a.err
}

// listen forgets what another tab changed, as it hears it on changes.
func (d *IndexedDB) listen(changes js.Value) {
	d.changes = changes
	d.changes.Set("onmessage", js.FuncOf(func(_ js.Value, args []js.Value) any {
		d.forget(args[0].Get("data"))
		return nil
	}))
}

// forget drops what this tab kept of a key another tab changed (the tab
// posts the key and whether it is still there).
func (d *IndexedDB) forget(change js.Value) {
	key, present := change.Get("key").String(), change.Get("present").Bool()
	d.mu.Lock()
	delete(d.values, key)
	if present {
		d.keys.add(key)
	} else {
		d.keys.remove(key)
	}
	heard := d.heard
	d.mu.Unlock()
	if heard != nil {
		heard(key, present)
	}
}

// Forget drops every value kept, so that each is read from the database
// again: what another tab wrote is there before it says so.
func (d *IndexedDB) Forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	clear(d.values)
}

// OnOtherTab makes fn hear every change another tab makes from now on.
func (d *IndexedDB) OnOtherTab(fn func(key string, present bool)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.heard = fn
}

// tell says to the other tabs which keys this one wrote.
func (d *IndexedDB) tell(present bool, keys ...string) {
	if !d.changes.Truthy() {
		return
	}
	for _, k := range keys {
		d.changes.Call("postMessage", map[string]any{"key": k, "present": present})
	}
}

// await waits for an IDBRequest's success or error.
func await(req js.Value, doing string) (js.Value, error) {
	type answer struct {
		v   js.Value
		err error
	}
	done := make(chan answer, 1)
	success := js.FuncOf(func(js.Value, []js.Value) any { done <- answer{v: req.Get("result")}; return nil })
	failure := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- answer{err: idbError(req.Get("error"), doing)}
		return nil
	})
	defer success.Release()
	defer failure.Release()
	req.Set("onsuccess", success)
	req.Set("onerror", failure)
	a := <-done
	return a.v, a.err
}

// idbError turns a DOMException into an error; a full quota is ErrFull.
func idbError(e js.Value, doing string) error {
	if !e.Truthy() {
		return fmt.Errorf("%s: the browser gave no reason", doing)
	}
	if e.Get("name").String() == "QuotaExceededError" {
		return ErrFull
	}
	return fmt.Errorf("%s: %s", doing, e.Get("message").String())
}

// request runs one request in a transaction of its own and waits for it.
func (d *IndexedDB) request(mode, doing string, make func(store js.Value) js.Value) (v js.Value, err error) {
	defer recoverJS(&err, doing)
	tx := d.db.Call("transaction", idbStore, mode)
	return await(make(tx.Call("objectStore", idbStore)), doing)
}

// write runs writes in one transaction and waits until it is committed:
// when it returns nil, the values are in the browser's database.
func (d *IndexedDB) write(doing string, writes func(store js.Value)) error {
	return d.transact("readwrite", doing, writes)
}

// transact makes the requests of do in one transaction and waits until it
// completes; their results are then in the requests.
func (d *IndexedDB) transact(mode, doing string, do func(store js.Value)) (err error) {
	defer recoverJS(&err, doing)
	tx := d.db.Call("transaction", idbStore, mode)
	// A transaction ends once, in complete or abort (a failed request
	// aborts it, after an error event that is not listened to: the answer
	// is given once, and the callbacks are released only after it).
	done := make(chan error, 1)
	complete := js.FuncOf(func(js.Value, []js.Value) any { done <- nil; return nil })
	aborted := js.FuncOf(func(js.Value, []js.Value) any { done <- idbError(tx.Get("error"), doing); return nil })
	defer complete.Release()
	defer aborted.Release()
	tx.Set("oncomplete", complete)
	tx.Set("onabort", aborted)
	if failed := requestsOf(tx, do); failed != nil {
		tx.Call("abort")
		<-done
		panic(failed) // recoverJS says what it was
	}
	return <-done
}

// requestsOf makes do's requests in tx, and returns what do panicked with
// (a JavaScript exception), so that the transaction can be ended first.
func requestsOf(tx js.Value, do func(store js.Value)) (failed any) {
	defer func() { failed = recover() }()
	do(tx.Call("objectStore", idbStore))
	return nil
}

// Get answers from what it keeps when it can: a value read or written
// before, or a key the database does not hold (the keys are known from the
// open on, this tab's writes and the other tabs' as they say them), which
// spares the first page a wait for the database to say a new day is not
// there.
func (d *IndexedDB) Get(key string) (string, bool, error) {
	d.mu.Lock()
	v, ok := d.values[key]
	known := d.keys.has(key)
	d.mu.Unlock()
	if ok {
		return v, true, nil
	}
	if !known {
		return "", false, nil
	}
	got, err := d.request("readonly", "reading "+key, func(s js.Value) js.Value { return s.Call("get", key) })
	if err != nil || got.Type() != js.TypeString {
		return "", false, err
	}
	d.mu.Lock()
	d.values[key] = got.String()
	d.mu.Unlock()
	return got.String(), true, nil
}

// Preload reads the keys from from to to and their values in one
// transaction, and keeps the values.
func (d *IndexedDB) Preload(from, to string) (err error) {
	const doing = "reading days"
	defer recoverJS(&err, doing)
	var keys, values js.Value
	err = d.transact("readonly", doing, func(s js.Value) {
		span := js.Global().Get("IDBKeyRange").Call("bound", from, to)
		keys, values = s.Call("getAllKeys", span), s.Call("getAll", span)
	})
	if err != nil {
		return err
	}
	keys, values = keys.Get("result"), values.Get("result")
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range keys.Length() {
		if v := values.Index(i); v.Type() == js.TypeString {
			k := keys.Index(i).String()
			d.keys.add(k)
			d.values[k] = v.String()
		}
	}
	return nil
}

func (d *IndexedDB) Set(key, value string) error {
	if err := d.write("saving "+key, func(s js.Value) { s.Call("put", value, key) }); err != nil {
		return err
	}
	d.mu.Lock()
	d.keys.add(key)
	d.values[key] = value
	d.mu.Unlock()
	d.tell(true, key)
	return nil
}

// Swap reads the key and, in the same transaction, writes value if the key
// holds old (nothing, when present is false). Either way, what it found
// or wrote is what this tab keeps of the key after.
func (d *IndexedDB) Swap(key, old string, present bool, value string) (bool, error) {
	var store, get, found js.Value
	swapped, put := false, false
	check := js.FuncOf(func(js.Value, []js.Value) any {
		defer func() {
			if recover() != nil { // a refused put: the transaction ends in abort, and write says so
				swapped, put = false, false
				store.Get("transaction").Call("abort")
			}
		}()
		found = get.Get("result")
		isString := found.Type() == js.TypeString
		switch {
		case isString && found.String() == value:
			swapped = true // written already, by another tab (see Swapper)
		case isString == present && (!isString || found.String() == old):
			store.Call("put", value, key) // a transaction is still active in its requests' callbacks
			swapped, put = true, true
		}
		return nil
	})
	defer check.Release()
	err := d.write("saving "+key, func(s js.Value) {
		store, get = s, s.Call("get", key)
		get.Set("onsuccess", check)
	})
	if err != nil {
		return false, err
	}
	d.mu.Lock()
	switch {
	case swapped:
		d.keys.add(key)
		d.values[key] = value
	case found.Type() == js.TypeString:
		d.keys.add(key)
		d.values[key] = found.String()
	default:
		d.keys.remove(key)
		delete(d.values, key)
	}
	d.mu.Unlock()
	if put {
		d.tell(true, key)
	}
	return swapped, nil
}

// SetMany writes every value in one transaction: all of them, or none.
func (d *IndexedDB) SetMany(values map[string]string) error {
	err := d.write("saving", func(s js.Value) {
		for k, v := range values {
			s.Call("put", v, k)
		}
	})
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.keys.addAll(slices.Collect(maps.Keys(values)))
	maps.Copy(d.values, values)
	d.mu.Unlock()
	for k := range values {
		d.tell(true, k)
	}
	return nil
}

func (d *IndexedDB) Delete(key string) error {
	if err := d.write("deleting "+key, func(s js.Value) { s.Call("delete", key) }); err != nil {
		return err
	}
	d.mu.Lock()
	d.keys.remove(key)
	delete(d.values, key)
	d.mu.Unlock()
	d.tell(false, key)
	return nil
}

func (d *IndexedDB) Keys() ([]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.keys.all(), nil
}
