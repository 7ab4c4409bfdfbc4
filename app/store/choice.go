package store

import "github.com/remoteml/sundown/app/ritual"

// The settings and the checklist: one of each, stored like a day, with
// their sync state beside them in the same value.

// choice is one kind of one-of-a-kind value.
type choice[T any] struct {
	key      string
	format   format
	defaults func() T
	validate func(T) error
}

var (
	settingsChoice  = choice[ritual.Settings]{settingsKey, settingsFormat, ritual.DefaultSettings, ritual.Settings.Validate}
	checklistChoice = choice[ritual.Checklist]{checklistKey, checklistFormat, ritual.DefaultChecklist, ritual.Checklist.Validate}
)

// storedChoice is the value as stored.
type storedChoice[T any] struct {
	Value T         `json:"value"`
	Sync  *SyncMeta `json:"sync,omitempty"`
}

// read reports false, with the defaults, when nothing usable is stored (an
// unreadable value is quarantined and reported in Problems).
func (c choice[T]) read(s *Store) (storedChoice[T], bool) {
	stored := storedChoice[T]{Value: c.defaults()}
	raw, ok, err := s.kv.Get(c.key)
	if err != nil || !ok {
		return stored, false
	}
	err = c.format.decode(raw, &stored)
	if err == nil {
		err = c.validate(stored.Value)
	}
	if err != nil {
		s.unreadable(c.key, ritual.Date{}, raw, err)
		return storedChoice[T]{Value: c.defaults()}, false
	}
	return stored, true
}

// save stores a new value after checking it, keeping its sync state and,
// with sync on, marking it as changed here.
func (c choice[T]) save(s *Store, v T) error {
	if err := c.validate(v); err != nil {
		return err
	}
	stored, _ := c.read(s)
	stored.Value = v
	if s.syncing {
		if stored.Sync == nil {
			stored.Sync = &SyncMeta{}
		}
		stored.Sync.Dirty = true
	}
	return c.write(s, stored)
}

func (c choice[T]) write(s *Store, stored storedChoice[T]) error {
	if err := c.validate(stored.Value); err != nil {
		return err
	}
	return s.writeSingle(c.key, c.format, stored)
}

// markAsNew marks a saved value whose sync state matches to be sent as
// new. A value never saved is left alone: defaults are never sent.
func (c choice[T]) markAsNew(s *Store, matches func(*SyncMeta) bool) error {
	stored, ok := c.read(s)
	if !ok || !matches(stored.Sync) {
		return nil
	}
	stored.Sync = &SyncMeta{Dirty: true}
	return c.write(s, stored)
}
