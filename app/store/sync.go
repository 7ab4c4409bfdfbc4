package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/remoteml/sundown/app/ritual"
)

// What sync keeps in the store: each day's sync state lives in the day's
// own value; an index lists the days changed since their last sync, so
// finding them does not read the whole history; the engine's own state has
// a key of its own, and records that could not be read from the server are
// kept, as they came, under keys of their own. The store does not know
// what sync does with them (package syncengine does).

const (
	dirtyKey     = prefix + "sync/dirty"
	syncStateKey = prefix + "sync/state"
	asidePrefix  = prefix + "sync/aside/"
)

var dirtyFormat = format{current: 1}

// SetSyncing turns on (or off) the marking of saved days for sync.
func (s *Store) SetSyncing(on bool) { s.syncing = on }

func (s *Store) dirtyDates() []ritual.Date {
	return readCached(s, dirtyKey, dirtyFormat, &s.dirty, s.startDirty)
}

// startDirty is the index when none is stored, or the one stored cannot be
// read: then it is rebuilt from the days themselves.
func (s *Store) startDirty(damaged bool) []ritual.Date {
	if !damaged {
		return nil
	}
	var dates []ritual.Date
	for _, d := range s.dates {
		if stored, ok, err := s.readDay(d); err == nil && ok && stored.Sync != nil && stored.Sync.Dirty {
			dates = append(dates, d)
		}
	}
	return dates
}

// markDirty adds or removes a date from the index as stored now, writing
// only on change (see changeSingle).
func (s *Store) markDirty(date ritual.Date, dirty bool) error {
	_, err := changeSingle(s, dirtyKey, "The list of days to sync", dirtyFormat, &s.dirty, s.startDirty,
		func(dates []ritual.Date) ([]ritual.Date, bool) {
			if slices.Contains(dates, date) == dirty {
				return dates, false
			}
			next := slices.DeleteFunc(slices.Clone(dates), func(d ritual.Date) bool { return d == date })
			if dirty {
				next = append(next, date)
			}
			return next, true
		})
	return err
}

// DirtyDates returns the days changed since their last sync.
func (s *Store) DirtyDates() []ritual.Date { return slices.Clone(s.dirtyDates()) }

// DatesVersion changes whenever a date is added to the stored days or
// dropped from them, so a cache keyed by date knows when to look again.
func (s *Store) DatesVersion() int { return s.datesVersion }

// DayRecord returns a stored day with its sync state (nil when it was
// never synced or marked); found is false when no day is stored for date.
func (s *Store) DayRecord(date ritual.Date) (day ritual.Day, meta *SyncMeta, found bool, err error) {
	stored, found, err := s.readDay(date)
	return stored.Day, stored.Sync, found, err
}

// UpdateDayRecord stores what update makes of a day and its sync state as
// they are stored now (found is false when no day is stored), in one
// write. Should another tab write the day in between, update is made again
// to what that tab wrote (see EditDay).
func (s *Store) UpdateDayRecord(date ritual.Date, update func(day ritual.Day, meta *SyncMeta, found bool) (ritual.Day, *SyncMeta, error)) error {
	_, err := s.rewriteDay(date, s.readDayAsIs, func(stored storedDay, found bool) (storedDay, error) {
		day, meta, err := update(stored.Day, stored.Sync, found)
		if err != nil {
			return storedDay{}, err
		}
		if day.Date != date {
			return storedDay{}, fmt.Errorf("the record of %s holds the day %s", date.Long(), day.Date.Long())
		}
		return storedDay{Day: day, Sync: meta}, nil
	}, false)
	return err
}

// PutDayRecord stores a day and its sync state in one write.
func (s *Store) PutDayRecord(day ritual.Day, meta *SyncMeta) error {
	return s.saveStored(storedDay{Day: day, Sync: meta}, anyValue, false)
}

// SettingsRecord returns the settings with their sync state; stored is
// false when they were never saved (the defaults).
func (s *Store) SettingsRecord() (v ritual.Settings, meta *SyncMeta, stored bool) {
	c, stored := settingsChoice.read(s)
	return c.Value, c.Sync, stored
}

// PutSettingsRecord stores the settings and their sync state in one write.
func (s *Store) PutSettingsRecord(v ritual.Settings, meta *SyncMeta) error {
	return settingsChoice.write(s, storedChoice[ritual.Settings]{Value: v, Sync: meta})
}

// UpdateSettingsRecord stores what update makes of the settings and their
// sync state as they are stored now (found is false when they never were),
// in one write, as UpdateDayRecord does for a day.
func (s *Store) UpdateSettingsRecord(update func(v ritual.Settings, meta *SyncMeta, found bool) (ritual.Settings, *SyncMeta, error)) error {
	return settingsChoice.update(s, update)
}

// ChecklistRecord returns the checklist with its sync state; stored is
// false when it was never saved (the default one).
func (s *Store) ChecklistRecord() (v ritual.Checklist, meta *SyncMeta, stored bool) {
	c, stored := checklistChoice.read(s)
	return c.Value, c.Sync, stored
}

// PutChecklistRecord stores the checklist and its sync state in one write.
func (s *Store) PutChecklistRecord(v ritual.Checklist, meta *SyncMeta) error {
	return checklistChoice.write(s, storedChoice[ritual.Checklist]{Value: v, Sync: meta})
}

// UpdateChecklistRecord is UpdateSettingsRecord for the checklist.
func (s *Store) UpdateChecklistRecord(update func(v ritual.Checklist, meta *SyncMeta, found bool) (ritual.Checklist, *SyncMeta, error)) error {
	return checklistChoice.update(s, update)
}

// SyncState returns the sync engine's own state as it saved it, or nil.
func (s *Store) SyncState() ([]byte, error) {
	raw, ok, err := s.kv.Get(syncStateKey)
	if err != nil || !ok {
		return nil, err
	}
	return []byte(raw), nil
}

// SaveSyncState stores the sync engine's own state.
func (s *Store) SaveSyncState(state []byte) error { return s.set(syncStateKey, string(state)) }

// SetAside keeps a record that came from the server and could not be read
// here, exactly as it came (value is the engine's own description of it),
// under the record's id.
func (s *Store) SetAside(id string, value []byte) error { return s.set(asidePrefix+id, string(value)) }

// SetAsideRecords returns every record kept aside, by id.
func (s *Store) SetAsideRecords() (map[string][]byte, error) {
	keys, err := s.kv.Keys()
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, k := range keys {
		if id, ok := strings.CutPrefix(k, asidePrefix); ok {
			if raw, found, err := s.kv.Get(k); err == nil && found {
				out[id] = []byte(raw)
			}
		}
	}
	return out, nil
}

// DropSetAside forgets a record kept aside, once it has been read after all.
func (s *Store) DropSetAside(id string) error { return s.kv.Delete(asidePrefix + id) }

// MarkAsNew marks records to be sent as new (no base, no version, changed
// here): every day, and the settings and the checklist if ever saved
// (defaults are never sent). With neverSyncedOnly, only those that have no
// sync state yet: saved before sync was turned on.
func (s *Store) MarkAsNew(neverSyncedOnly bool) error {
	if neverSyncedOnly {
		return s.markAsNew(neverSynced)
	}
	return s.markAsNew(func(*SyncMeta) bool { return true })
}

// neverSynced matches the records saved before sync was turned on.
func neverSynced(m *SyncMeta) bool { return m == nil }

// markAsNew marks every stored record whose sync state matches (every day,
// and the settings and checklist if ever saved) to be sent as new: no base,
// no version, changed here.
func (s *Store) markAsNew(matches func(*SyncMeta) bool) error {
	if err := settingsChoice.markAsNew(s, matches); err != nil {
		return err
	}
	if err := checklistChoice.markAsNew(s, matches); err != nil {
		return err
	}
	for _, d := range s.Dates() {
		if err := s.markDayAsNew(d, matches); err != nil {
			return err
		}
	}
	return nil
}

// markDayAsNew marks a stored day whose sync state matches to be sent as
// new, written over exactly what was read (see rewriteDay): an edit
// another tab makes in the meantime is kept, not replaced by the day as it
// was before.
func (s *Store) markDayAsNew(date ritual.Date, matches func(*SyncMeta) bool) error {
	readable := func(date ritual.Date) (storedDay, asRead, error) {
		stored, was, err := s.readDayAsIs(date)
		if err != nil {
			err = errNothingToMark // an unreadable day is reported in Problems, never sent
		}
		return stored, was, err
	}
	_, err := s.rewriteDay(date, readable, func(stored storedDay, found bool) (storedDay, error) {
		return stored, markNew(&stored.Sync, found, matches)
	}, false)
	return unlessNothingToMark(err)
}

// markNew marks a record's sync state as new when it is found and still
// matches; otherwise it says there is nothing to mark.
func markNew(meta **SyncMeta, found bool, matches func(*SyncMeta) bool) error {
	if !found || !matches(*meta) {
		return errNothingToMark
	}
	*meta = &SyncMeta{Dirty: true}
	return nil
}

// errNothingToMark means a record no longer needs marking as new: another
// tab has done it, or the record is gone.
var errNothingToMark = errors.New("nothing to mark as new")

func unlessNothingToMark(err error) error {
	if errors.Is(err, errNothingToMark) {
		return nil
	}
	return err
}
