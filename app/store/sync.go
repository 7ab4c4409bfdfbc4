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

// Replica adapts the store to the sync engine. Each day is a record, and
// so are the settings and the checklist. RecordID names a record from its
// type and natural key (a keyed hash, from the account's keys): a day's key
// is its date, the others' their type.
type Replica struct {
	Store    *Store
	RecordID func(recordType, naturalKey string) string
	byID     map[string]ritual.Date
}

func (r *Replica) dayID(d ritual.Date) string { return r.RecordID(syncproto.TypeDay, d.String()) }

func (r *Replica) dateOf(id string) (ritual.Date, bool) {
	if r.byID == nil {
		r.byID = map[string]ritual.Date{}
		for _, d := range r.Store.dates {
			r.byID[r.dayID(d)] = d
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
	return localOf(r.dayID(date), syncproto.TypeDay, stored.Day, stored.Sync)
}

// localOf makes a record of a stored value and its sync state. A value
// saved before sync was on has none yet: it is new to the server.
func localOf(id, typ string, v any, meta *SyncMeta) (syncproto.Local, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return syncproto.Local{}, err
	}
	l := syncproto.Local{ID: id, Type: typ, Plain: plain, Dirty: true}
	if meta != nil {
		l.Base, l.Version, l.Dirty = meta.Base, meta.Version, meta.Dirty
	}
	return l, nil
}

// choiceRecord makes the record of the settings or the checklist; stored
// says whether anything was ever saved. It is to be sent only when marked:
// defaults are never sent, as they would undo the account's choices on
// another device, and a value saved before sync was on is marked when sync
// is turned on.
func choiceRecord[T any](r *Replica, c choice[T], typ string) (l syncproto.Local, stored bool, err error) {
	v, ok := c.read(r.Store)
	l, err = localOf(r.RecordID(typ, typ), typ, v.Value, v.Sync)
	l.Dirty = v.Sync != nil && v.Sync.Dirty
	return l, ok, err
}

// choices returns the records of the settings and the checklist.
func (r *Replica) choices() ([]syncproto.Local, error) {
	settings, hasSettings, err := choiceRecord(r, settingsChoice, syncproto.TypeSettings)
	if err != nil {
		return nil, err
	}
	checklist, hasChecklist, err := choiceRecord(r, checklistChoice, syncproto.TypeChecklist)
	if err != nil {
		return nil, err
	}
	var out []syncproto.Local
	if hasSettings {
		out = append(out, settings)
	}
	if hasChecklist {
		out = append(out, checklist)
	}
	return out, nil
}

// All returns every record this device has.
func (r *Replica) All() ([]syncproto.Local, error) {
	all, err := r.choices()
	if err != nil {
		return nil, err
	}
	for _, d := range r.Store.Dates() {
		l, err := r.local(d)
		if err != nil {
			continue // unreadable: reported in Problems, never sent
		}
		all = append(all, l)
	}
	return all, nil
}

// Dirty returns the records changed since their last sync.
func (r *Replica) Dirty() ([]syncproto.Local, error) {
	choices, err := r.choices()
	if err != nil {
		return nil, err
	}
	var dirty []syncproto.Local
	for _, l := range choices {
		if l.Dirty {
			dirty = append(dirty, l)
		}
	}
	for _, d := range r.Store.dirtyDates() {
		if l, err := r.local(d); err == nil && l.Dirty {
			dirty = append(dirty, l)
		}
	}
	return dirty, nil
}

// Get returns the record with id, if this device has it. The settings and
// the checklist always exist (as defaults until saved), so a record pulled
// for them is opened as what it is.
func (r *Replica) Get(id string) (syncproto.Local, bool, error) {
	switch id {
	case r.RecordID(syncproto.TypeSettings, syncproto.TypeSettings):
		l, _, err := choiceRecord(r, settingsChoice, syncproto.TypeSettings)
		return l, err == nil, err
	case r.RecordID(syncproto.TypeChecklist, syncproto.TypeChecklist):
		l, _, err := choiceRecord(r, checklistChoice, syncproto.TypeChecklist)
		return l, err == nil, err
	}
	d, ok := r.dateOf(id)
	if !ok {
		return syncproto.Local{}, false, nil
	}
	l, err := r.local(d)
	return l, err == nil, err
}

// Put stores a record: the value and its sync state in one write. Records
// are never deleted here; a tombstone leaves the local value alone.
func (r *Replica) Put(l syncproto.Local) error {
	if l.Plain == nil {
		return nil
	}
	meta := &SyncMeta{Base: l.Base, Version: l.Version, Dirty: l.Dirty}
	switch l.Type {
	case syncproto.TypeSettings:
		return putChoice(r.Store, settingsChoice, l.Plain, meta)
	case syncproto.TypeChecklist:
		return putChoice(r.Store, checklistChoice, l.Plain, meta)
	}
	var day ritual.Day
	if err := json.Unmarshal(l.Plain, &day); err != nil {
		return err
	}
	if err := r.Store.saveStored(storedDay{Day: day, Sync: meta}); err != nil {
		return err
	}
	r.dateOf(l.ID) // make sure the map exists before adding to it
	r.byID[l.ID] = day.Date
	return nil
}

func putChoice[T any](s *Store, c choice[T], plain []byte, meta *SyncMeta) error {
	stored := storedChoice[T]{Sync: meta}
	if err := json.Unmarshal(plain, &stored.Value); err != nil {
		return err
	}
	return c.write(s, stored)
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

// NewPairing prepares the sync state for a pairing of this device that was
// just made with account (the server and the user). The new pairing numbers
// its mutations from one again, and a batch still in flight for an earlier
// pairing is dropped: its records are still marked, so they go again.
// Paired with another account, the records' versions mean nothing there:
// each is marked to be sent as new, and the pull starts at the beginning.
func (s *Store) NewPairing(account string) error {
	r := &Replica{Store: s}
	state, err := r.State()
	if err != nil {
		state = syncproto.DeviceState{} // unreadable: starting afresh loses nothing, the records keep their marks
	}
	if state.Account != account {
		if err := s.forgetSyncVersions(); err != nil {
			return err
		}
		state = syncproto.DeviceState{Account: account}
	}
	state.NextMID, state.Sent, state.SentIDs = 0, nil, nil
	return r.SaveState(state)
}

// forgetSyncVersions marks every record that was synced with another
// account to be sent as new.
func (s *Store) forgetSyncVersions() error { return s.markAsNew(synced) }

// Which records markAsNew marks, by their sync state.
func neverSynced(m *SyncMeta) bool { return m == nil }
func synced(m *SyncMeta) bool      { return m != nil }

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
		stored, ok, err := s.readDay(d)
		if err != nil || !ok || !matches(stored.Sync) {
			continue // an unreadable day is reported in Problems, never sent
		}
		stored.Sync = &SyncMeta{Dirty: true}
		if err := s.saveStored(stored); err != nil {
			return err
		}
	}
	return nil
}
