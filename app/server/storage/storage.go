// Package storage holds what the sync server's two storage engines
// (server/sqlite, server/postgres) share: the rules of a push and of a pull
// page, written once. Each engine supplies its SQL.
package storage

import (
	"context"
	"encoding/json"

	"github.com/remoteml/sundown/app/protocol"
)

// PushTx is one push's transaction, in an engine's SQL.
type PushTx interface {
	// Device returns the device's last mid and its user's usage, locking
	// what the engine must so that pushes of one device, and of one
	// user's devices, run one after the other; protocol.ErrUnauthorized
	// when the device is unknown or revoked.
	Device(ctx context.Context, dev protocol.Device) (lastMID int64, used protocol.Usage, err error)
	// Record is the user's record, found or not (a missing one has version 0).
	Record(ctx context.Context, userID int64, recordID string) (protocol.Record, bool, error)
	// NextVersion takes the user's next version.
	NextVersion(ctx context.Context, userID int64) (int64, error)
	// PutRecord stores the mutation as the record at version.
	PutRecord(ctx context.Context, userID int64, m protocol.Mutation, version int64) error
	// SaveResult and StoredResult keep and read a mutation's result.
	SaveResult(ctx context.Context, deviceID, mid int64, result []byte) error
	StoredResult(ctx context.Context, deviceID, mid int64) ([]byte, bool, error)
	// Finish stores the device's last mid and its user's usage, and
	// forgets results older than the last protocol.KeptResults.
	Finish(ctx context.Context, dev protocol.Device, lastMID int64, used protocol.Usage) error
}

// Push applies a batch of mutations from one device in tx: replays of
// mids already applied get their stored results; the rest must follow on
// without a gap; each is applied if it was based on the record's current
// version, and is a conflict otherwise. A batch that would take the user
// over the quota is refused whole (the caller rolls tx back on any error).
func Push(ctx context.Context, tx PushTx, quota protocol.Quota, dev protocol.Device, muts []protocol.Mutation) ([]protocol.Result, error) {
	lastMID, used, err := tx.Device(ctx, dev)
	if err != nil {
		return nil, err
	}
	before := used
	results := make([]protocol.Result, 0, len(muts))
	for _, m := range muts {
		if m.MID <= lastMID {
			r, err := storedResult(ctx, tx, dev, m)
			if err != nil {
				return nil, err
			}
			results = append(results, r)
			continue
		}
		if m.MID != lastMID+1 {
			return nil, &protocol.MIDGapError{Next: lastMID + 1}
		}
		r, err := apply(ctx, tx, dev, m, &used)
		if err != nil {
			return nil, err
		}
		if err := saveResult(ctx, tx, dev.ID, r); err != nil {
			return nil, err
		}
		results = append(results, r)
		lastMID = m.MID
	}
	if err := quota.Check(before, used); err != nil {
		return nil, err
	}
	return results, tx.Finish(ctx, dev, lastMID, used)
}

func apply(ctx context.Context, tx PushTx, dev protocol.Device, m protocol.Mutation, used *protocol.Usage) (protocol.Result, error) {
	current, found, err := tx.Record(ctx, dev.UserID, m.RecordID)
	if err != nil {
		return protocol.Result{}, err
	}
	if current.Version != m.BaseVersion { // a missing record has version 0
		r := protocol.Result{MID: m.MID, Status: protocol.StatusConflict}
		if found {
			r.Current = &current
		}
		return r, nil
	}
	version, err := tx.NextVersion(ctx, dev.UserID)
	if err != nil {
		return protocol.Result{}, err
	}
	if err := tx.PutRecord(ctx, dev.UserID, m, version); err != nil {
		return protocol.Result{}, err
	}
	if !found {
		used.Records++
	}
	used.Bytes += int64(len(m.Ciphertext) - len(current.Ciphertext))
	return protocol.Result{MID: m.MID, Status: protocol.StatusApplied, Version: version}, nil
}

// saveResult keeps what a retry of the mutation needs: its status and
// version, not the server's record on a conflict (a retry reads it as it
// is then, which is what the device needs anyway).
func saveResult(ctx context.Context, tx PushTx, deviceID int64, r protocol.Result) error {
	r.Current = nil
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return tx.SaveResult(ctx, deviceID, r.MID, b)
}

// storedResult answers a retried mutation. A conflict comes with the
// record as it is now; a result no longer kept (a retry from long ago) is
// answered as a conflict too, which makes the device merge with the
// server's record: nothing is applied twice and nothing is lost.
func storedResult(ctx context.Context, tx PushTx, dev protocol.Device, m protocol.Mutation) (protocol.Result, error) {
	r := protocol.Result{MID: m.MID, Status: protocol.StatusConflict}
	stored, found, err := tx.StoredResult(ctx, dev.ID, m.MID)
	if err != nil {
		return protocol.Result{}, err
	}
	if found {
		if err := json.Unmarshal(stored, &r); err != nil {
			return protocol.Result{}, err
		}
	}
	if r.Status != protocol.StatusConflict {
		return r, nil
	}
	current, ok, err := tx.Record(ctx, dev.UserID, m.RecordID)
	if ok {
		r.Current = &current
	}
	return r, err
}

// Page gathers a pull's answer: records in version order, at most limit of
// them and protocol.MaxPullBytes of ciphertext (one record at least, so a
// large one still goes through).
type Page struct {
	limit int
	size  int
	resp  protocol.PullResponse
}

// NewPage starts the page of records above since.
func NewPage(since int64, limit int) *Page {
	return &Page{limit: limit, resp: protocol.PullResponse{Records: []protocol.Record{}, Next: since}}
}

// Add adds the next record, or says the page is full (the engine reads
// limit+1 rows, so a full page knows there is more).
func (p *Page) Add(r protocol.Record) bool {
	if len(p.resp.Records) == p.limit || (len(p.resp.Records) > 0 && p.size+len(r.Ciphertext) > protocol.MaxPullBytes) {
		p.resp.More = true
		return false
	}
	p.size += len(r.Ciphertext)
	p.resp.Records = append(p.resp.Records, r)
	p.resp.Next = r.Version
	return true
}

// Response is the page as the device gets it.
func (p *Page) Response() protocol.PullResponse { return p.resp }
