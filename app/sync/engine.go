package sync

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/remoteml/sundown/app/ritual"
)

// The offline-first engine: it pushes what changed on this device, pulls
// what changed elsewhere, and merges the two, with every step recorded in
// the Replica so that a device that stops at any moment picks up where it
// was. It knows nothing of HTTP or of the browser: a Transport carries the
// protocol and a Replica keeps the state.
//
// One record is one day, with its wins, unseen work and open loops inside.
// Entries are not records of their own: a day is small, the merge of two
// versions of it works entry by entry (by entry ID) in one place
// (ritual.MergeDays), and a day's entries always travel together, so a
// device never sees half of an edit.

// Transport is the sync server as the engine sees it.
type Transport interface {
	Push(ctx context.Context, muts []Mutation) ([]Result, error)
	Pull(ctx context.Context, since int64, limit int) (PullResponse, error)
}

// Local is one record as the device keeps it: the current plaintext, and
// the plaintext and version it was last in step with the server, which a
// three-way merge needs.
type Local struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Plain   []byte `json:"plain"`             // what the app shows; nil once deleted
	Base    []byte `json:"base,omitempty"`    // as last synced
	Version int64  `json:"version,omitempty"` // the server version of Base
	Dirty   bool   `json:"dirty,omitempty"`   // changed here since
}

// DeviceState is the engine's own durable state.
type DeviceState struct {
	// Account names the server and user the state belongs to.
	Account string     `json:"account,omitempty"`
	NextMID int64      `json:"next_mid"`
	Cursor  int64      `json:"cursor"`
	Sent    []Mutation `json:"sent,omitempty"` // in flight: sent again, unchanged, until acknowledged
	SentIDs []SentRef  `json:"sent_ids,omitempty"`
}

// SentRef remembers what plaintext a mutation in flight carried.
type SentRef struct {
	RecordID string `json:"record_id"`
	Plain    []byte `json:"plain"`
}

// Replica keeps the device's records and state. Put must store a record
// and its sync fields in one atomic write: that is what makes a local save
// and its pending change one event.
type Replica interface {
	All() ([]Local, error)
	Dirty() ([]Local, error)
	Get(id string) (Local, bool, error)
	Put(l Local) error
	State() (DeviceState, error)
	SaveState(DeviceState) error
}

// Engine syncs one device.
type Engine struct {
	Keys      *Keyring
	Transport Transport
	Replica   Replica
	// Schema is the version of the plaintext format, sealed with each record.
	Schema int
	// DeriveKey derives the passphrase key when the account is opened:
	// DeriveHere, or in the browser a Web Worker. The engine does not fall
	// back on DeriveHere itself, which keeps Argon2 out of the app's wasm.
	DeriveKey KeyDeriver
}

// Report says what a sync did, for the status line.
type Report struct {
	Pushed, Pulled, Conflicts int
}

// Sync pushes and then pulls until the device is up to date. A merge
// leaves the merged record to be sent, so it goes round again (a few times
// at most: another device may be pushing at the same moment).
func (e *Engine) Sync(ctx context.Context) (Report, error) {
	var rep Report
	for range 3 {
		if err := e.push(ctx, &rep); err != nil {
			return rep, err
		}
		err := e.pull(ctx, &rep)
		if errors.Is(err, ErrResyncRequired) {
			err = e.resync(ctx, &rep)
		}
		if err != nil {
			return rep, err
		}
		dirty, err := e.Replica.Dirty()
		if err != nil || len(dirty) == 0 {
			return rep, err
		}
	}
	return rep, nil
}

func (e *Engine) push(ctx context.Context, rep *Report) error {
	state, err := e.Replica.State()
	if err != nil {
		return err
	}
	if len(state.Sent) == 0 {
		if e.Keys == nil {
			return nil // the account is not open yet: nothing can be sealed
		}
		if err := e.prepare(&state); err != nil || len(state.Sent) == 0 {
			return err
		}
	}
	results, err := e.Transport.Push(ctx, state.Sent)
	if next, ok := NextMID(err); ok && next < state.Sent[0].MID {
		if err := e.renumber(&state, next); err != nil {
			return err
		}
		results, err = e.Transport.Push(ctx, state.Sent)
	}
	if err != nil {
		return err // the batch stays in state.Sent and goes again next time
	}
	if len(results) != len(state.Sent) {
		return fmt.Errorf("the server answered %d results for %d mutations", len(results), len(state.Sent))
	}
	for i, r := range results {
		if err := e.settle(state.Sent[i], state.SentIDs[i].Plain, r, rep); err != nil {
			return err
		}
	}
	state.Sent, state.SentIDs = nil, nil
	return e.Replica.SaveState(state)
}

// prepare turns the dirty records into the next batch and saves it before
// anything is sent, so a crash cannot lose or renumber it.
func (e *Engine) prepare(state *DeviceState) error {
	dirty, err := e.Replica.Dirty()
	if err != nil {
		return err
	}
	for _, l := range dirty {
		if len(state.Sent) == MaxMutations {
			break
		}
		state.NextMID++
		m := Mutation{MID: state.NextMID, RecordID: l.ID, BaseVersion: l.Version, Deleted: l.Plain == nil}
		if l.Plain != nil {
			if m.Ciphertext, err = e.Keys.Seal(l.ID, l.Type, e.Schema, l.Plain); err != nil {
				return err
			}
		}
		state.Sent = append(state.Sent, m)
		state.SentIDs = append(state.SentIDs, SentRef{RecordID: l.ID, Plain: l.Plain})
	}
	if len(state.Sent) == 0 {
		return nil
	}
	return e.Replica.SaveState(*state)
}

// renumber gives the batch in flight the numbers a server restored from an
// older backup expects. It only ever lowers them: the server has applied
// nothing numbered from next on, so nothing can be applied twice.
func (e *Engine) renumber(state *DeviceState, next int64) error {
	for i := range state.Sent {
		state.Sent[i].MID = next + int64(i)
	}
	state.NextMID = next + int64(len(state.Sent)) - 1
	return e.Replica.SaveState(*state)
}

// settle records what became of one mutation.
func (e *Engine) settle(m Mutation, sent []byte, r Result, rep *Report) error {
	if skipRecord(m.RecordID) {
		return nil // the account key is not a record of the replica's
	}
	l, ok, err := e.Replica.Get(m.RecordID)
	if err != nil || !ok {
		return err
	}
	switch r.Status {
	case StatusApplied:
		rep.Pushed++
		if r.Version <= l.Version {
			return nil // a pull already brought something newer
		}
		l.Base, l.Version = sent, r.Version
		l.Dirty = !bytes.Equal(l.Plain, sent) // edited again while in flight
		return e.Replica.Put(l)
	case StatusConflict:
		rep.Conflicts++
		if r.Current == nil {
			l.Version, l.Dirty = 0, true // gone on the server: send it again as new
			return e.Replica.Put(l)
		}
		_, err := e.absorb(l, *r.Current)
		return err
	}
	return fmt.Errorf("unknown result %q", r.Status)
}

func (e *Engine) pull(ctx context.Context, rep *Report) error {
	for {
		state, err := e.Replica.State()
		if err != nil {
			return err
		}
		page, err := e.Transport.Pull(ctx, state.Cursor, DefaultPullLimit)
		if err != nil {
			return err
		}
		for _, r := range page.Records {
			if skipRecord(r.RecordID) {
				continue
			}
			l, ok, err := e.Replica.Get(r.RecordID)
			if err != nil {
				return err
			}
			if !ok {
				l = Local{ID: r.RecordID}
			}
			changed, err := e.absorb(l, r)
			if err != nil {
				return err
			}
			if changed {
				rep.Pulled++
			}
		}
		state.Cursor = page.Next
		if err := e.Replica.SaveState(state); err != nil {
			return err
		}
		if !page.More {
			return nil
		}
	}
}

// absorb brings a server record into the local one, merging when both
// changed. It reports whether the record was newer than what the device had
// (its own writes come back from the server too, and change nothing).
func (e *Engine) absorb(l Local, r Record) (bool, error) {
	if r.Version <= l.Version {
		return false, nil
	}
	remote, err := e.open(l.Type, r)
	if err != nil {
		return false, err
	}
	if l.Type == "" {
		l.Type = TypeDay // a record the device does not have is a day: the replica always has the others
	}
	merged := remote
	if l.Dirty {
		if merged, err = merge(l.Type, l.Base, l.Plain, remote); err != nil {
			return false, err
		}
	}
	l.Plain, l.Base, l.Version = merged, remote, r.Version
	l.Dirty = !bytes.Equal(merged, remote)
	return true, e.Replica.Put(l)
}

// resync answers a server that lost our cursor (it was restored from an
// older backup): its records become the new bases, whatever their versions;
// every local record that differs from the server's, or that the server no
// longer has, is marked to be sent again. Nothing local is dropped.
func (e *Engine) resync(ctx context.Context, rep *Report) error {
	seen := map[string]bool{}
	var cursor int64
	for {
		page, err := e.Transport.Pull(ctx, cursor, DefaultPullLimit)
		if err != nil {
			return err
		}
		for _, r := range page.Records {
			seen[r.RecordID] = true
			if skipRecord(r.RecordID) {
				continue
			}
			l, ok, err := e.Replica.Get(r.RecordID)
			if err != nil {
				return err
			}
			if !ok {
				if _, err := e.absorb(Local{ID: r.RecordID}, r); err != nil {
					return err
				}
				continue
			}
			remote, err := e.open(l.Type, r)
			if err != nil {
				return err
			}
			l.Base, l.Version = remote, r.Version
			l.Dirty = !bytes.Equal(l.Plain, remote)
			if err := e.Replica.Put(l); err != nil {
				return err
			}
			rep.Pulled++
		}
		cursor = page.Next
		if !page.More {
			break
		}
	}
	all, err := e.Replica.All()
	if err != nil {
		return err
	}
	for _, l := range all {
		if !seen[l.ID] && l.Plain != nil {
			l.Base, l.Version, l.Dirty = nil, 0, true
			if err := e.Replica.Put(l); err != nil {
				return err
			}
		}
	}
	state, err := e.Replica.State()
	if err != nil {
		return err
	}
	state.Cursor = cursor
	return e.Replica.SaveState(state)
}

// open decrypts a server record; a tombstone opens to nil.
func (e *Engine) open(typ string, r Record) ([]byte, error) {
	if r.Deleted {
		return nil, nil
	}
	if typ == "" {
		typ = TypeDay
	}
	return e.Keys.Open(r.RecordID, typ, e.Schema, r.Ciphertext)
}

// The record types. A day's record holds its entries; the settings and the
// checklist are one record each.
const (
	TypeDay       = "day"
	TypeSettings  = "settings"
	TypeChecklist = "checklist"
)

// MergeRecord combines a record edited here and elsewhere, as the engine does.
func MergeRecord(typ string, base, local, remote []byte) ([]byte, error) {
	return merge(typ, base, local, remote)
}

// merge combines a record edited here and elsewhere: days field by field
// (ritual.MergeDays), the settings and the checklist choice by choice; a
// delete loses to an edit.
func merge(typ string, base, local, remote []byte) ([]byte, error) {
	switch {
	case local == nil:
		return remote, nil
	case remote == nil:
		return local, nil
	}
	switch typ {
	case TypeDay:
		return merge3(base, local, remote, func(l ritual.Day) ritual.Day { return ritual.NewDay(l.Date) }, ritual.MergeDays)
	case TypeSettings:
		return merge3(base, local, remote, func(ritual.Settings) ritual.Settings { return ritual.DefaultSettings() }, ritual.MergeSettings)
	case TypeChecklist:
		return merge3(base, local, remote, func(ritual.Checklist) ritual.Checklist { return ritual.DefaultChecklist() }, ritual.MergeChecklists)
	}
	return remote, nil
}

// merge3 decodes the three versions, merges them and encodes the result. A
// record never synced before has no base: it merges against what a device
// starts with (an empty day, the defaults).
func merge3[T any](base, local, remote []byte, start func(local T) T, mergeFn func(b, l, r T) T) ([]byte, error) {
	var b, l, r T
	if err := json.Unmarshal(local, &l); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(remote, &r); err != nil {
		return nil, err
	}
	if len(base) > 0 {
		if err := json.Unmarshal(base, &b); err != nil {
			return nil, err
		}
	} else {
		b = start(l)
	}
	return json.Marshal(mergeFn(b, l, r))
}
