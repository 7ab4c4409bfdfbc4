package syncengine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/seal"
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
	Push(ctx context.Context, muts []protocol.Mutation) ([]protocol.Result, error)
	Pull(ctx context.Context, since int64, limit int) (protocol.PullResponse, error)
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
	Account string              `json:"account,omitempty"`
	NextMID int64               `json:"next_mid"`
	Cursor  int64               `json:"cursor"`
	Sent    []protocol.Mutation `json:"sent,omitempty"` // in flight: sent again, unchanged, until acknowledged
	SentIDs []SentRef           `json:"sent_ids,omitempty"`
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
	// SetAside keeps a record from the server that this device cannot read
	// (a newer format, or damaged), exactly as it came, so that nothing is
	// lost and a later version can read it.
	SetAside(SetAside) error
	SetAsideRecords() ([]SetAside, error)
	DropSetAside(id string) error
}

// SetAside is a server record this device could not read, and why.
type SetAside struct {
	Record protocol.Record `json:"record"`
	Reason string          `json:"reason"`
	// Newer says the record comes from a newer version of Sundown.
	Newer bool `json:"newer,omitempty"`
	// Schema is the format the app that set it aside knew: an app that
	// knows another tries the record again.
	Schema int `json:"schema"`
}

// Engine syncs one device.
type Engine struct {
	Keys      *seal.Keyring
	Transport Transport
	Replica   Replica
	// Schema is the version of the plaintext format, sealed with each record.
	Schema int
	// DeriveKey derives the passphrase key when the account is opened:
	// DeriveHere, or in the browser a Web Worker. The engine does not fall
	// back on DeriveHere itself, which keeps Argon2 out of the app's wasm.
	DeriveKey seal.KeyDeriver
}

// Report says what a sync did, for the status line.
type Report struct {
	Pushed, Pulled, Conflicts int
	// SetAside counts the records this sync set aside; TooLarge the
	// records of this device too large to send.
	SetAside, TooLarge int
}

// maxRounds bounds one sync: each round pushes a batch and pulls. A first
// sync of years of history takes a round per batch; merges with a device
// pushing at the same moment take a few more.
const maxRounds = 200

// Sync pushes and then pulls until the device is up to date: every batch
// of changes sent, every change of other devices merged in.
func (e *Engine) Sync(ctx context.Context) (Report, error) {
	var rep Report
	if err := e.retrySetAside(&rep); err != nil {
		return rep, err
	}
	for range maxRounds {
		before := rep.Pushed + rep.Conflicts + rep.Pulled
		if err := e.push(ctx, &rep); err != nil {
			return rep, err
		}
		err := e.pull(ctx, &rep)
		if errors.Is(err, protocol.ErrResyncRequired) {
			err = e.resync(ctx, &rep)
		}
		if err != nil {
			return rep, err
		}
		dirty, err := e.Replica.Dirty()
		if err != nil || len(dirty) <= rep.TooLarge || rep.Pushed+rep.Conflicts+rep.Pulled == before {
			return rep, err // done, or only what cannot be sent is left
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
		if err := e.prepare(&state, rep); err != nil || len(state.Sent) == 0 {
			return err
		}
	}
	// A batch the server (or a proxy before it) refuses as too large goes
	// in parts, each keeping its numbers: the server may have applied the
	// whole batch already (its answer lost), and then answers each part
	// with the results it stored. Renumbering instead would give other
	// mutations numbers the server has seen.
	part := len(state.Sent)
	for len(state.Sent) > 0 {
		part = min(part, len(state.Sent))
		results, err := e.Transport.Push(ctx, state.Sent[:part])
		if next, ok := protocol.NextMID(err); ok && next < state.Sent[0].MID {
			if err := e.renumber(&state, next); err != nil {
				return err
			}
			results, err = e.Transport.Push(ctx, state.Sent[:part])
		}
		if tooLarge(err) && part > 1 {
			part /= 2
			continue
		}
		if err != nil {
			return err // the batch stays in state.Sent and goes again next time
		}
		if len(results) != part {
			return fmt.Errorf("the server answered %d results for %d mutations", len(results), part)
		}
		for i, r := range results {
			if err := e.settle(state.Sent[i], state.SentIDs[i].Plain, r, rep); err != nil {
				return err
			}
		}
		state.Sent, state.SentIDs = state.Sent[part:], state.SentIDs[part:]
		if len(state.Sent) == 0 {
			state.Sent, state.SentIDs = nil, nil
		}
		if err := e.Replica.SaveState(state); err != nil {
			return err
		}
	}
	return nil
}

// tooLarge reports whether the server refused a push for its size.
func tooLarge(err error) bool {
	var se *protocol.ServerError
	return errors.As(err, &se) && (se.Status == 413 || se.Code == protocol.CodeTooLarge)
}

// batchBytes is what a batch may weigh as JSON: the server's limit on a
// request body, less room for the request's own brackets.
const batchBytes = protocol.MaxBodyBytes - 1024

// prepare turns the dirty records into the next batch, bounded by count
// and by bytes, and saves it before anything is sent, so a crash cannot
// lose or renumber it. A record too large for the server is left out (and
// counted): it stays here, marked, and never blocks the others.
func (e *Engine) prepare(state *DeviceState, rep *Report) error {
	dirty, err := e.Replica.Dirty()
	if err != nil {
		return err
	}
	size := 0
	rep.TooLarge = 0
	for _, l := range dirty {
		if len(state.Sent) == protocol.MaxMutations {
			break
		}
		m := protocol.Mutation{MID: state.NextMID + 1, RecordID: l.ID, BaseVersion: l.Version, Deleted: l.Plain == nil}
		if l.Plain != nil {
			if m.Ciphertext, err = e.Keys.Seal(l.ID, l.Type, e.Schema, l.Plain); err != nil {
				return err
			}
		}
		if len(m.Ciphertext) > protocol.MaxRecordBytes {
			rep.TooLarge++
			continue
		}
		encoded, err := json.Marshal(m)
		if err != nil {
			return err
		}
		if size+len(encoded)+1 > batchBytes && len(state.Sent) > 0 {
			break
		}
		size += len(encoded) + 1
		state.NextMID++
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
func (e *Engine) settle(m protocol.Mutation, sent []byte, r protocol.Result, rep *Report) error {
	if skipRecord(m.RecordID) {
		return nil // the account key is not a record of the replica's
	}
	l, ok, err := e.Replica.Get(m.RecordID)
	if err != nil || !ok {
		return err
	}
	switch r.Status {
	case protocol.StatusApplied:
		rep.Pushed++
		if r.Version <= l.Version {
			return nil // a pull already brought something newer
		}
		l.Base, l.Version = sent, r.Version
		l.Dirty = !bytes.Equal(l.Plain, sent) // edited again while in flight
		return e.Replica.Put(l)
	case protocol.StatusConflict:
		rep.Conflicts++
		if r.Current == nil {
			l.Version, l.Dirty = 0, true // gone on the server: send it again as new
			return e.Replica.Put(l)
		}
		_, err := e.absorb(l, *r.Current, rep)
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
		page, err := e.Transport.Pull(ctx, state.Cursor, protocol.DefaultPullLimit)
		if err != nil {
			return err
		}
		for _, r := range page.Records {
			if err := e.take(r, rep); err != nil {
				return err
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

// take brings one pulled record in.
func (e *Engine) take(r protocol.Record, rep *Report) error {
	if skipRecord(r.RecordID) {
		return nil
	}
	l, ok, err := e.Replica.Get(r.RecordID)
	if err != nil {
		return err
	}
	if !ok {
		l = Local{ID: r.RecordID}
	}
	changed, err := e.absorb(l, r, rep)
	if changed {
		rep.Pulled++
	}
	return err
}

// unreadable is a server record this device cannot read: it is set aside,
// and the sync goes on.
type unreadable struct {
	err   error
	newer bool
}

func (u *unreadable) Error() string { return u.err.Error() }
func (u *unreadable) Unwrap() error { return u.err }

// absorb brings a server record into the local one, merging when both
// changed. It reports whether the record was newer than what the device had
// (its own writes come back from the server too, and change nothing). A
// record that cannot be read here is set aside, not taken.
func (e *Engine) absorb(l Local, r protocol.Record, rep *Report) (bool, error) {
	if r.Version <= l.Version {
		return false, nil
	}
	if l.Type == "" {
		l.Type = TypeDay // a record the device does not have is a day: the replica always has the others
	}
	merged, remote, err := e.readRemote(l, r)
	var u *unreadable
	if errors.As(err, &u) {
		rep.SetAside++
		return false, e.Replica.SetAside(SetAside{Record: r, Reason: u.Error(), Newer: u.newer, Schema: e.Schema})
	}
	if err != nil {
		return false, err
	}
	l.Plain, l.Base, l.Version = merged, remote, r.Version
	l.Dirty = !bytes.Equal(merged, remote)
	return true, e.Replica.Put(l)
}

// readRemote opens and checks a server record and merges it with the
// local one: what the device will hold, and the server's version.
func (e *Engine) readRemote(l Local, r protocol.Record) (merged, remote []byte, err error) {
	remote, err = e.open(l.Type, r)
	if err != nil {
		return nil, nil, err
	}
	if remote != nil {
		if err := validRecord(l.Type, remote); err != nil {
			return nil, nil, &unreadable{err: err}
		}
	}
	merged = remote
	if l.Dirty {
		if merged, err = merge(l.Type, l.Base, l.Plain, remote); err != nil {
			return nil, nil, &unreadable{err: fmt.Errorf("it could not be merged with this device's version: %w", err)}
		}
	}
	return merged, remote, nil
}

// validRecord checks a record's plaintext as the store would before saving it.
func validRecord(typ string, plain []byte) error {
	var err error
	switch typ {
	case TypeDay:
		err = decodeValid[ritual.Day](plain, func(d ritual.Day) error { return d.Validate() })
	case TypeSettings:
		err = decodeValid[ritual.Settings](plain, ritual.Settings.Validate)
	case TypeChecklist:
		err = decodeValid[ritual.Checklist](plain, ritual.Checklist.Validate)
	}
	if err != nil {
		return fmt.Errorf("it does not hold a valid %s: %w", typ, err)
	}
	return nil
}

func decodeValid[T any](plain []byte, validate func(T) error) error {
	var v T
	if err := json.Unmarshal(plain, &v); err != nil {
		return err
	}
	return validate(v)
}

// retrySetAside tries again the records set aside by a version of the app
// that knew another format than this one: an update may read them now.
func (e *Engine) retrySetAside(rep *Report) error {
	if e.Keys == nil {
		return nil
	}
	aside, err := e.Replica.SetAsideRecords()
	if err != nil {
		return err
	}
	for _, a := range aside {
		if a.Schema == e.Schema {
			continue
		}
		if err := e.Replica.DropSetAside(a.Record.RecordID); err != nil {
			return err
		}
		if err := e.take(a.Record, rep); err != nil { // set aside again if still unreadable
			return err
		}
	}
	return nil
}

// resync answers a server that lost our cursor (it was restored from an
// older backup): its records become the new bases, whatever their versions;
// every local record that differs from the server's, or that the server no
// longer has, is marked to be sent again. Nothing local is dropped.
func (e *Engine) resync(ctx context.Context, rep *Report) error {
	seen := map[string]bool{}
	var cursor int64
	for {
		page, err := e.Transport.Pull(ctx, cursor, protocol.DefaultPullLimit)
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
				if _, err := e.absorb(Local{ID: r.RecordID}, r, rep); err != nil {
					return err
				}
				continue
			}
			remote, err := e.open(l.Type, r)
			if err == nil && remote != nil {
				err = validRecord(l.Type, remote)
			}
			if err != nil { // unreadable here: set aside, and the local record left as it is
				rep.SetAside++
				if err := e.Replica.SetAside(SetAside{Record: r, Reason: err.Error(), Newer: errors.Is(err, seal.ErrNewerFormat), Schema: e.Schema}); err != nil {
					return err
				}
				continue
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

// open decrypts a server record; a tombstone opens to nil. A record from
// a newer app, or one that fails authentication, is unreadable.
func (e *Engine) open(typ string, r protocol.Record) ([]byte, error) {
	if r.Deleted {
		return nil, nil
	}
	if typ == "" {
		typ = TypeDay
	}
	plain, _, err := e.Keys.Open(r.RecordID, typ, e.Schema, r.Ciphertext)
	if err != nil {
		return nil, &unreadable{err: err, newer: errors.Is(err, seal.ErrNewerFormat)}
	}
	return plain, nil
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
