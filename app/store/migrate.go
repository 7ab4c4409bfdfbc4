package store

import (
	"errors"
	"fmt"
	"strings"
)

// Moving Sundown's data from one KV to another, once: in the browser, from
// localStorage (about 5 MB per site in Firefox and Safari, not enough for
// years of days) to IndexedDB (the browser's real quota). Everything is
// copied in one step and read back before the marker is written and the old
// keys are removed, so a move interrupted at any point (the tab closed,
// the storage full) leaves the data whole where the app reads it: in the
// old KV until the marker is in the new one, in the new one after. The next
// start resumes, or starts over.

// migratedKey marks, in the new KV, that the move is done and the new KV
// holds the data.
const migratedKey = prefix + "moved-from-localstorage"

// stays lists the keys that are not data and stay where they are: the theme
// (read before the app starts) and the test clock.
var stays = map[string]bool{themeKey: true, prefix + "test-clock": true}

// ErrMoveFailed wraps what stopped a move; the data is still in the old KV.
var ErrMoveFailed = errors.New("Sundown could not move its data to the browser's database")

// Move moves Sundown's data from old to new and reports how many values it
// moved. Once it returns nil, new holds everything and old only what stays.
func Move(old, new KV) (int, error) {
	values, err := dataOf(old)
	if err != nil {
		return 0, fmt.Errorf("%w: reading the old storage: %w", ErrMoveFailed, err)
	}
	if len(values) == 0 {
		return 0, nil // the common start: nothing there, and nothing asked of the new KV
	}
	done, err := has(new, migratedKey)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrMoveFailed, err)
	}
	if done {
		// Moved before; values written to the old storage since (a tab of
		// the older app left open) are brought in without losing a word.
		return len(values), bringLeftovers(old, new, values)
	}
	if err := setAll(new, values); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrMoveFailed, err)
	}
	for k, v := range values {
		got, ok, err := new.Get(k)
		if err != nil || !ok || got != v {
			return 0, fmt.Errorf("%w: %s did not read back as written", ErrMoveFailed, k)
		}
	}
	if err := new.Set(migratedKey, "1"); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrMoveFailed, err)
	}
	return len(values), removeAll(old, values)
}

// bringLeftovers moves values found in the old KV after the move: one the
// new KV lacks is moved as it is; one that differs from the new KV's is
// set aside (quarantined, shown in Settings), and the new KV's kept.
func bringLeftovers(old, new KV, values map[string]string) error {
	for k, v := range values {
		current, ok, err := new.Get(k)
		if err != nil {
			return err
		}
		switch {
		case !ok:
			err = new.Set(k, v)
		case current != v:
			err = new.Set(quarantinePref+"from-localstorage/"+strings.TrimPrefix(k, prefix), v)
		}
		if err != nil {
			return err
		}
		if err := old.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func has(kv KV, key string) (bool, error) {
	_, ok, err := kv.Get(key)
	return ok, err
}

// dataOf reads every data value of Sundown's in kv.
func dataOf(kv KV) (map[string]string, error) {
	keys, err := kv.Keys()
	if err != nil {
		return nil, err
	}
	values := map[string]string{}
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) || stays[k] {
			continue
		}
		v, ok, err := kv.Get(k)
		if err != nil {
			return nil, err
		}
		if ok {
			values[k] = v
		}
	}
	return values, nil
}

func setAll(kv KV, values map[string]string) error {
	if b, ok := kv.(Batcher); ok {
		return b.SetMany(values)
	}
	for k, v := range values {
		if err := kv.Set(k, v); err != nil {
			return err
		}
	}
	return nil
}

func removeAll(kv KV, values map[string]string) error {
	for k := range values {
		if err := kv.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
