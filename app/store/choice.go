package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/remoteml/sundown/app/ritual"
)

// The settings and the checklist: one of each, stored like a day, with
// their sync state beside them in the same value.

// choice is one kind of one-of-a-kind value.
type choice[T any] struct {
	key      string
	what     string // as a message names it
	format   format
	defaults func() T
	validate func(T) error
}

var (
	settingsChoice  = choice[ritual.Settings]{settingsKey, "The settings", settingsFormat, ritual.DefaultSettings, ritual.Settings.Validate}
	checklistChoice = choice[ritual.Checklist]{checklistKey, "The checklist", checklistFormat, ritual.DefaultChecklist, ritual.Checklist.Validate}
)

// storedChoice is the value as stored.
type storedChoice[T any] struct {
	Value T         `json:"value"`
	Sync  *SyncMeta `json:"sync,omitempty"`
}

// read reports false, with the defaults, when nothing usable is stored (an
// unreadable value is quarantined and reported in Problems).
func (c choice[T]) read(s *Store) (storedChoice[T], bool) {
	stored, was, err := c.readAsIs(s)
	return stored, err == nil && was.present
}

// readAsIs reads the value, with the defaults when there is none or it
// cannot be read, and says what value it was read from.
func (c choice[T]) readAsIs(s *Store) (storedChoice[T], asRead, error) {
	stored := storedChoice[T]{Value: c.defaults()}
	raw, ok, err := s.kv.Get(c.key)
	was := asRead{value: raw, present: ok}
	if err != nil {
		return stored, was, fmt.Errorf("reading %s: %w", strings.ToLower(c.what), err)
	}
	if !ok {
		return stored, was, nil
	}
	err = c.format.decode(raw, &stored)
	if err == nil {
		err = c.validate(stored.Value)
	}
	if err != nil {
		return storedChoice[T]{Value: c.defaults()}, was, s.unreadable(c.key, ritual.Date{}, raw, err)
	}
	return stored, was, nil
}

// current reads the value to change it, as currentDay reads a day: a
// damaged value has been set aside by the first read, so the second starts
// from the defaults; a value from a newer Sundown is not changed at all.
func (c choice[T]) current(s *Store) (storedChoice[T], asRead, error) {
	stored, was, err := c.readAsIs(s)
	if err != nil && !errors.Is(err, errNewerSchema) {
		stored, was, err = c.readAsIs(s)
	}
	return stored, was, err
}

// rewrite writes what remake makes of the value and its sync state as
// stored now (found is false when nothing is), over exactly the value they
// were read from, as rewriteDay does for a day.
func (c choice[T]) rewrite(s *Store, remake func(stored storedChoice[T], found bool) (storedChoice[T], error)) (storedChoice[T], error) {
	var saved storedChoice[T]
	err := untilUnchanged(c.what, func() error {
		stored, was, err := c.current(s)
		if err != nil {
			return err
		}
		if saved, err = remake(stored, was.present); err != nil {
			return err
		}
		if err := c.validate(saved.Value); err != nil {
			return err
		}
		value, err := c.format.encode(saved)
		if err != nil {
			return err
		}
		return s.setOver(c.key, value, &was)
	})
	return saved, err
}

// edit stores what change makes of the value as stored now, keeping its
// sync state and, with sync on, marking it as changed here.
func (c choice[T]) edit(s *Store, change func(stored T) T) (T, error) {
	saved, err := c.rewrite(s, func(stored storedChoice[T], _ bool) (storedChoice[T], error) {
		stored.Value = change(stored.Value)
		if s.syncing {
			if stored.Sync == nil {
				stored.Sync = &SyncMeta{}
			}
			stored.Sync.Dirty = true
		}
		return stored, nil
	})
	return saved.Value, err
}

// update is rewrite for the sync: the value and its sync state as update
// makes them.
func (c choice[T]) update(s *Store, update func(v T, meta *SyncMeta, found bool) (T, *SyncMeta, error)) error {
	_, err := c.rewrite(s, func(stored storedChoice[T], found bool) (storedChoice[T], error) {
		v, meta, err := update(stored.Value, stored.Sync, found)
		return storedChoice[T]{Value: v, Sync: meta}, err
	})
	return err
}

func (c choice[T]) write(s *Store, stored storedChoice[T]) error {
	if err := c.validate(stored.Value); err != nil {
		return err
	}
	return s.writeSingle(c.key, c.format, stored)
}

// markAsNew marks a saved value whose sync state matches to be sent as
// new. A value never saved is left alone: defaults are never sent.
// It is written over exactly what was read, as markDayAsNew writes a day.
func (c choice[T]) markAsNew(s *Store, matches func(*SyncMeta) bool) error {
	if stored, ok := c.read(s); !ok || !matches(stored.Sync) {
		return nil
	}
	_, err := c.rewrite(s, func(stored storedChoice[T], found bool) (storedChoice[T], error) {
		return stored, markNew(&stored.Sync, found, matches)
	})
	return unlessNothingToMark(err)
}
