package store

import (
	"errors"
	"fmt"
)

// inOneStep runs fn with the store's writes held back, then writes them all
// in one atomic step of the KV (IndexedDB: one transaction). If fn or the
// write fails, nothing of it reaches the KV, and what the store keeps in
// memory is read again from the KV.
func (s *Store) inOneStep(fn func() error) error {
	batcher, ok := s.kv.(Batcher)
	if !ok {
		return errors.New("this storage cannot write many values in one step")
	}
	held := &heldKV{KV: s.kv, values: map[string]string{}}
	err := func() error {
		s.kv = held
		defer func() { s.kv = held.KV }() // even if fn panics
		return fn()
	}()
	if err == nil {
		err = batcher.SetMany(held.values)
		if errors.Is(err, ErrFull) {
			err = fullStorage("")
		}
	}
	if err != nil {
		s.reread()
	}
	return err
}

// reread forgets what the store keeps in memory of the KV (the dates, the
// indexes), after writes it noted did not happen.
func (s *Store) reread() {
	if keys, err := s.kv.Keys(); err == nil {
		s.dates = datesOf(keys)
	}
	s.datesVersion++
	s.loops, s.dirty = nil, nil
}

// heldKV holds back the writes made over a KV: reads see them, the KV gets
// none of them.
type heldKV struct {
	KV
	values map[string]string
}

func (h *heldKV) Get(key string) (string, bool, error) {
	if v, ok := h.values[key]; ok {
		return v, true, nil
	}
	return h.KV.Get(key)
}

func (h *heldKV) Set(key, value string) error {
	h.values[key] = value
	return nil
}

// Delete is refused: the one step writes values, it removes none.
func (h *heldKV) Delete(key string) error {
	return fmt.Errorf("removing %s cannot be part of a write in one step", key)
}

func (h *heldKV) Keys() ([]string, error) {
	keys, err := h.KV.Keys()
	if err != nil {
		return nil, err
	}
	stored := make(map[string]bool, len(keys))
	for _, k := range keys {
		stored[k] = true
	}
	for k := range h.values {
		if !stored[k] {
			keys = append(keys, k)
		}
	}
	return keys, nil
}
