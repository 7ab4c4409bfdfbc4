package store

import (
	"encoding/json"
	"slices"

	"github.com/remoteml/sundown/app/ritual"
	syncproto "github.com/remoteml/sundown/app/sync"
)

// Sync's view of the store: each day is a record whose sync state lives in
// the day's own value; an index lists the days changed since their last
// sync, so finding them does not read the whole history; the engine's own
// state has a key of its own.

const (
	dirtyKey     = prefix + "sync/dirty"
	syncStateKey = prefix + "sync/state"
)

var dirtyFormat = format{current: 1}

// SetSyncing turns on (or off) the marking of saved days for sync.
func (s *Store) SetSyncing(on bool) { s.syncing = on }

func (s *Store) dirtyDates() []ritual.Date {
	if s.dirty == nil {
		var dates []ritual.Date
		if !s.readSingle(dirtyKey, dirtyFormat, &dates, func() error { return nil }) {
			dates = s.scanDirty()
		}
		s.dirty = &dates
	}
	return *s.dirty
}

// scanDirty rebuilds a damaged index from the days themselves.
func (s *Store) scanDirty() []ritual.Date {
	var dates []ritual.Date
	for _, d := range s.dates {
		if stored, ok, err := s.readDay(d); err == nil && ok && stored.Sync != nil && stored.Sync.Dirty {
			dates = append(dates, d)
		}
	}
	return dates
}

// markDirty adds or removes a date from the index, writing only on change.
func (s *Store) markDirty(date ritual.Date, dirty bool) error {
	dates := s.dirtyDates()
	has := slices.Contains(dates, date)
	if has == dirty {
		return nil
	}
	next := slices.DeleteFunc(slices.Clone(dates), func(d ritual.Date) bool { return d == date })
	if dirty {
		next = append(next, date)
	}
	if err := s.writeSingle(dirtyKey, dirtyFormat, next); err != nil {
		return err
	}
	s.dirty = &next
	return nil
}

// Replica adapts the store to the sync engine. RecordID names a day's
// record (a keyed hash of its date, from the account's keys).
type Replica struct {
	Store    *Store
	RecordID func(ritual.Date) string
	byID     map[string]ritual.Date
}

func (r *Replica) dateOf(id string) (ritual.Date, bool) {
	if r.byID == nil {
		r.byID = map[string]ritual.Date{}
		for _, d := range r.Store.dates {
			r.byID[r.RecordID(d)] = d
		}
	}
	d, ok := r.byID[id]
	return d, ok
}

func (r *Replica) local(date ritual.Date) (syncproto.Local, error) {
	stored, _, err := r.Store.readDay(date)
	if err != nil {
		return syncproto.Local{}, err
	}
	plain, err := json.Marshal(stored.Day)
	if err != nil {
		return syncproto.Local{}, err
	}
	l := syncproto.Local{ID: r.RecordID(date), Type: syncproto.TypeDay, Plain: plain, Dirty: true}
	if m := stored.Sync; m != nil {
		l.Base, l.Version, l.Dirty = m.Base, m.Version, m.Dirty
	}
	return l, nil
}

// All returns every day as a record.
func (r *Replica) All() ([]syncproto.Local, error) {
	var all []syncproto.Local
	for _, d := range r.Store.Dates() {
		l, err := r.local(d)
		if err != nil {
			continue // unreadable: reported in Problems, never sent
		}
		all = append(all, l)
	}
	return all, nil
}

// Dirty returns the days changed since their last sync.
func (r *Replica) Dirty() ([]syncproto.Local, error) {
	var dirty []syncproto.Local
	for _, d := range r.Store.dirtyDates() {
		if l, err := r.local(d); err == nil && l.Dirty {
			dirty = append(dirty, l)
		}
	}
	return dirty, nil
}

// Get returns the record with id, if this device has that day.
func (r *Replica) Get(id string) (syncproto.Local, bool, error) {
	d, ok := r.dateOf(id)
	if !ok {
		return syncproto.Local{}, false, nil
	}
	l, err := r.local(d)
	return l, err == nil, err
}

// Put stores a record: the day and its sync state in one write.
func (r *Replica) Put(l syncproto.Local) error {
	if l.Plain == nil {
		return nil // days are never deleted; a tombstone leaves the local day alone
	}
	var day ritual.Day
	if err := json.Unmarshal(l.Plain, &day); err != nil {
		return err
	}
	if err := r.Store.saveStored(storedDay{Day: day, Sync: &SyncMeta{Base: l.Base, Version: l.Version, Dirty: l.Dirty}}); err != nil {
		return err
	}
	r.dateOf(l.ID) // make sure the map exists before adding to it
	r.byID[l.ID] = day.Date
	return nil
}

// State returns the engine's own state.
func (r *Replica) State() (syncproto.DeviceState, error) {
	var st syncproto.DeviceState
	raw, ok, err := r.Store.kv.Get(syncStateKey)
	if err != nil || !ok {
		return st, err
	}
	return st, json.Unmarshal([]byte(raw), &st)
}

// SaveState stores the engine's own state.
func (r *Replica) SaveState(st syncproto.DeviceState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return r.Store.set(syncStateKey, string(b))
}
