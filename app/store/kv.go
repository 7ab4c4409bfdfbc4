// Package store keeps Sundown's data in the browser.
//
// It sits between the domain (package ritual) and a key-value backend: the
// browser's IndexedDB in production (with localStorage for the little read
// before the app starts, the theme), a map in tests. Each day is its own
// key, so saving an edit costs the same on the first day as after ten years.
// Every value is wrapped with a schema version so older formats can be
// migrated, and a value that cannot be read is moved aside (quarantined)
// instead of stopping the app.
package store

import (
	"errors"
	"sort"
	"sync"
)

// KV is the little a backend must do. Each Set is atomic for its key only,
// which is all localStorage promises; the store is written around that
// (see Swapper and inOneStep for what IndexedDB adds).
type KV interface {
	Get(key string) (value string, ok bool, err error)
	Set(key, value string) error
	Delete(key string) error
	Keys() ([]string, error)
}

// IndexedDB's names and version; web/open-storage.js opens it with the
// same ones (a test compares them).
const (
	idbName    = "sundown"
	idbVersion = 1
	idbStore   = "kv"
	idbChanges = "sundown-kv" // the BroadcastChannel of the tabs' changes
)

// Batcher is a KV that can write many values in one atomic step (the
// browser's IndexedDB: one transaction). A migration copies years of days
// with it in one go instead of one write a day.
type Batcher interface {
	SetMany(values map[string]string) error
}

// Preloader is a KV that can read every key between two, inclusive, in one
// step and keep the values for the Gets that follow (the browser's
// IndexedDB: one transaction, where a Get each would wait for the database
// once per key). A page of History or ninety days of an export reads its
// days with it.
type Preloader interface {
	Preload(from, to string) error
}

// Swapper is a KV that can write a value only while its key still holds
// the value read before (the browser's IndexedDB: the read and the write in
// one transaction). A tab's IndexedDB keeps what it read, and another tab
// may have written the key since, in the moment before it says so: an
// edit written over what this tab read would undo that tab's. A KV with no
// such moment (localStorage, a map) need not be one.
type Swapper interface {
	// Swap writes value under key if the key holds old (or, when present
	// is false, nothing), and says whether it did. A key that holds value
	// already is swapped: another tab may have finished this very write
	// (see finishEdits), and doing it again would do the edit twice.
	Swap(key, old string, present bool, value string) (swapped bool, err error)
}

// ErrFull is returned when the backend has no room for a value. The previous
// value of the key is still there.
var ErrFull = errors.New("the browser's storage for Sundown is full")

// MemoryKV is a KV in memory, for tests and for the server-side prerender.
// Limit, when above zero, is the total size in bytes it accepts, so tests can
// see what a full browser storage does.
type MemoryKV struct {
	Limit int

	mu     sync.Mutex
	values map[string]string
}

// NewMemoryKV returns an empty in-memory KV.
func NewMemoryKV() *MemoryKV { return &MemoryKV{values: map[string]string{}} }

func (m *MemoryKV) Get(key string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	return v, ok, nil
}

func (m *MemoryKV) Set(key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.set(key, value)
}

// set is Set, with m.mu held.
func (m *MemoryKV) set(key, value string) error {
	if m.Limit > 0 && m.size()-len(m.values[key])+len(key)+len(value) > m.Limit {
		return ErrFull
	}
	m.values[key] = value
	return nil
}

// SetMany stores every value, or none when they do not fit.
func (m *MemoryKV) SetMany(values map[string]string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Limit > 0 {
		size := m.size()
		for k, v := range values {
			size += len(k) + len(v) - len(m.values[k])
			if _, ok := m.values[k]; ok {
				size -= len(k)
			}
		}
		if size > m.Limit {
			return ErrFull
		}
	}
	for k, v := range values {
		m.values[k] = v
	}
	return nil
}

func (m *MemoryKV) Swap(key, old string, present bool, value string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now, ok := m.values[key]
	if ok && now == value {
		return true, nil
	}
	if ok != present || now != old {
		return false, nil
	}
	return true, m.set(key, value)
}

func (m *MemoryKV) Delete(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.values, key)
	return nil
}

func (m *MemoryKV) Keys() ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]string, 0, len(m.values))
	for k := range m.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}

// size counts keys and values the way browsers count localStorage use.
func (m *MemoryKV) size() int {
	n := 0
	for k, v := range m.values {
		n += len(k) + len(v)
	}
	return n
}
