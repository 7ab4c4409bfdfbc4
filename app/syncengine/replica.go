package syncengine

import (
	"encoding/json"
	"fmt"

	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/store"
)

// StoreReplica is the engine's Replica over the app's store: each day is
// a record, and so are the settings and the checklist. RecordID names a
// record from its type and natural key (a keyed hash, from the account's
// keys): a day's key is its date, the others' their type.
type StoreReplica struct {
	Store    *store.Store
	RecordID func(recordType, naturalKey string) string

	// byID finds a day by its record id. Ids are keyed hashes, so the map
	// is built from the stored dates; mapped is the store's DatesVersion it
	// was built at, and a miss after the store changed adds the new dates
	// (a day saved by the app since) before it says "not here".
	byID   map[string]ritual.Date
	dateOK map[ritual.Date]bool
	mapped int
}

func (r *StoreReplica) dayID(d ritual.Date) string { return r.RecordID(TypeDay, d.String()) }

func (r *StoreReplica) dateOf(id string) (ritual.Date, bool) {
	if d, ok := r.byID[id]; ok {
		return d, true
	}
	if r.byID != nil && r.mapped == r.Store.DatesVersion() {
		return ritual.Date{}, false
	}
	r.refresh()
	d, ok := r.byID[id]
	return d, ok
}

// refresh maps the dates the map does not know yet; only those are hashed.
func (r *StoreReplica) refresh() {
	if r.byID == nil {
		r.byID, r.dateOK = map[string]ritual.Date{}, map[ritual.Date]bool{}
	}
	r.mapped = r.Store.DatesVersion()
	for _, d := range r.Store.Dates() {
		if !r.dateOK[d] {
			r.note(d)
		}
	}
}

func (r *StoreReplica) note(d ritual.Date) {
	if r.byID == nil {
		r.refresh()
	}
	r.byID[r.dayID(d)], r.dateOK[d] = d, true
}

func (r *StoreReplica) settingsID() string  { return r.RecordID(TypeSettings, TypeSettings) }
func (r *StoreReplica) checklistID() string { return r.RecordID(TypeChecklist, TypeChecklist) }

func (r *StoreReplica) day(date ritual.Date) (Local, bool, error) {
	day, meta, found, err := r.Store.DayRecord(date)
	if err != nil || !found {
		return Local{}, false, err
	}
	l, err := localOf(r.dayID(date), TypeDay, day, meta)
	return l, err == nil, err
}

// localOf makes a record of a stored value and its sync state. A value
// saved before sync was on has none yet: it is new to the server.
func localOf(id, typ string, v any, meta *store.SyncMeta) (Local, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return Local{}, err
	}
	l := Local{ID: id, Type: typ, Plain: plain, Dirty: true}
	if meta != nil {
		l.Base, l.Version, l.Dirty = meta.Base, meta.Version, meta.Dirty
	}
	return l, nil
}

// choice makes the record of the settings or the checklist; stored says
// whether anything was ever saved. It is to be sent only when marked:
// defaults are never sent, as they would undo the account's choices on
// another device, and a value saved before sync was on is marked when sync
// is turned on.
func (r *StoreReplica) choice(typ string) (l Local, stored bool, err error) {
	var v any
	var meta *store.SyncMeta
	id := r.settingsID()
	if typ == TypeSettings {
		v, meta, stored = r.Store.SettingsRecord()
	} else {
		v, meta, stored = r.Store.ChecklistRecord()
		id = r.checklistID()
	}
	l, err = choiceLocal(id, typ, v, meta)
	return l, stored, err
}

// choiceLocal is localOf for the settings or the checklist: with no sync
// state, they are not to be sent (see choice).
func choiceLocal(id, typ string, v any, meta *store.SyncMeta) (Local, error) {
	l, err := localOf(id, typ, v, meta)
	l.Dirty = meta != nil && meta.Dirty
	return l, err
}

// choices returns the records of the settings and the checklist, when saved.
func (r *StoreReplica) choices() ([]Local, error) {
	var out []Local
	for _, typ := range []string{TypeSettings, TypeChecklist} {
		l, stored, err := r.choice(typ)
		if err != nil {
			return nil, err
		}
		if stored {
			out = append(out, l)
		}
	}
	return out, nil
}

// All returns every record this device has.
func (r *StoreReplica) All() ([]Local, error) {
	all, err := r.choices()
	if err != nil {
		return nil, err
	}
	for _, d := range r.Store.Dates() {
		if l, ok, err := r.day(d); err == nil && ok { // unreadable: reported in Problems, never sent
			all = append(all, l)
		}
	}
	return all, nil
}

// Dirty returns the records changed since their last sync.
func (r *StoreReplica) Dirty() ([]Local, error) {
	choices, err := r.choices()
	if err != nil {
		return nil, err
	}
	var dirty []Local
	for _, l := range choices {
		if l.Dirty {
			dirty = append(dirty, l)
		}
	}
	for _, d := range r.Store.DirtyDates() {
		if l, ok, err := r.day(d); err == nil && ok && l.Dirty {
			dirty = append(dirty, l)
		}
	}
	return dirty, nil
}

// Get returns the record with id, if this device has it. The settings and
// the checklist always exist (as defaults until saved), so a record pulled
// for them is opened as what it is.
func (r *StoreReplica) Get(id string) (Local, bool, error) {
	switch id {
	case r.settingsID():
		l, _, err := r.choice(TypeSettings)
		return l, err == nil, err
	case r.checklistID():
		l, _, err := r.choice(TypeChecklist)
		return l, err == nil, err
	}
	d, ok := r.dateOf(id)
	if !ok {
		return Local{}, false, nil
	}
	return r.day(d)
}

// Update stores what update makes of the record with id as it is now
// (ok is false when this device has none), as Put does, but only over the
// value it was read from: should another tab write the record in between,
// update is made again to what that tab wrote.
func (r *StoreReplica) Update(id string, update func(current Local, ok bool) (Local, error)) error {
	switch id {
	case r.settingsID():
		return r.Store.UpdateSettingsRecord(func(v ritual.Settings, meta *store.SyncMeta, _ bool) (ritual.Settings, *store.SyncMeta, error) {
			return updateChoice(id, TypeSettings, v, meta, update)
		})
	case r.checklistID():
		return r.Store.UpdateChecklistRecord(func(v ritual.Checklist, meta *store.SyncMeta, _ bool) (ritual.Checklist, *store.SyncMeta, error) {
			return updateChoice(id, TypeChecklist, v, meta, update)
		})
	}
	date, known := r.dateOf(id)
	if !known { // a day new here: its record says which
		l, err := update(Local{}, false)
		if err != nil {
			return err
		}
		day, _, err := r.dayOf(l)
		if err != nil {
			return err
		}
		date = day.Date
	}
	err := r.Store.UpdateDayRecord(date, func(day ritual.Day, meta *store.SyncMeta, found bool) (ritual.Day, *store.SyncMeta, error) {
		var current Local
		if found {
			var err error
			if current, err = localOf(id, TypeDay, day, meta); err != nil {
				return ritual.Day{}, nil, err
			}
		}
		l, err := update(current, found)
		if err != nil {
			return ritual.Day{}, nil, err
		}
		return r.dayOf(l)
	})
	if err == nil && !known {
		r.note(date)
	}
	return err
}

// updateChoice is Update's change to the settings or the checklist, which
// always exist (see Get).
func updateChoice[T any](id, typ string, v T, meta *store.SyncMeta, update func(current Local, ok bool) (Local, error)) (T, *store.SyncMeta, error) {
	current, err := choiceLocal(id, typ, v, meta)
	if err != nil {
		return v, nil, err
	}
	l, err := update(current, true)
	if err != nil {
		return v, nil, err
	}
	var next T
	if err := json.Unmarshal(l.Plain, &next); err != nil {
		return v, nil, err
	}
	return next, &store.SyncMeta{Base: l.Base, Version: l.Version, Dirty: l.Dirty}, nil
}

// Put stores a record: the value and its sync state in one write. Records
// are never deleted here; a tombstone leaves the local value alone.
func (r *StoreReplica) Put(l Local) error {
	if l.Plain == nil {
		return nil
	}
	meta := &store.SyncMeta{Base: l.Base, Version: l.Version, Dirty: l.Dirty}
	switch l.Type {
	case TypeSettings:
		var v ritual.Settings
		if err := json.Unmarshal(l.Plain, &v); err != nil {
			return err
		}
		return r.Store.PutSettingsRecord(v, meta)
	case TypeChecklist:
		var v ritual.Checklist
		if err := json.Unmarshal(l.Plain, &v); err != nil {
			return err
		}
		return r.Store.PutChecklistRecord(v, meta)
	}
	day, meta, err := r.dayOf(l)
	if err != nil {
		return err
	}
	if err := r.Store.PutDayRecord(day, meta); err != nil {
		return err
	}
	r.note(day.Date)
	return nil
}

// dayOf opens a day's record: the day, and its sync state.
func (r *StoreReplica) dayOf(l Local) (ritual.Day, *store.SyncMeta, error) {
	var day ritual.Day
	if err := json.Unmarshal(l.Plain, &day); err != nil {
		return ritual.Day{}, nil, err
	}
	if r.dayID(day.Date) != l.ID {
		return ritual.Day{}, nil, fmt.Errorf("a record holds the day %s under another day's id", day.Date)
	}
	return day, &store.SyncMeta{Base: l.Base, Version: l.Version, Dirty: l.Dirty}, nil
}

// State returns the engine's own state.
func (r *StoreReplica) State() (DeviceState, error) {
	var st DeviceState
	raw, err := r.Store.SyncState()
	if err != nil || raw == nil {
		return st, err
	}
	return st, json.Unmarshal(raw, &st)
}

// SaveState stores the engine's own state.
func (r *StoreReplica) SaveState(st DeviceState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return r.Store.SaveSyncState(b)
}

// SetAside keeps a record this device cannot read, as it came.
func (r *StoreReplica) SetAside(a SetAside) error {
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return r.Store.SetAside(a.Record.RecordID, b)
}

// SetAsideRecords returns the records kept aside.
func (r *StoreReplica) SetAsideRecords() ([]SetAside, error) {
	raw, err := r.Store.SetAsideRecords()
	if err != nil {
		return nil, err
	}
	var out []SetAside
	for _, b := range raw {
		var a SetAside
		if json.Unmarshal(b, &a) == nil {
			out = append(out, a)
		}
	}
	return out, nil
}

// DropSetAside forgets a record kept aside once it was read after all.
func (r *StoreReplica) DropSetAside(id string) error { return r.Store.DropSetAside(id) }

// NewPairing prepares the sync state for a pairing of this device that was
// just made with account (the server and the user). The new pairing numbers
// its mutations from one again, and a batch still in flight for an earlier
// pairing is dropped: its records are still marked, so they go again.
// Paired with another account, the records' versions mean nothing there:
// each is marked to be sent as new, and the pull starts at the beginning.
func NewPairing(s *store.Store, account string) error {
	r := &StoreReplica{Store: s}
	state, err := r.State()
	if err != nil {
		state = DeviceState{} // unreadable: starting afresh loses nothing, the records keep their marks
	}
	if state.Account != account {
		if err := s.MarkAsNew(false); err != nil {
			return err
		}
		state = DeviceState{Account: account}
	}
	state.NextMID, state.Sent, state.SentIDs = 0, nil, nil
	return r.SaveState(state)
}
