//go:build !(js && wasm)

package sqlite

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/remoteml/sundown/app/protocol"
)

// maxGroup bounds how many pushes commit together.
const maxGroup = 64

// pushRequest is a push waiting for the committer, and where its answer goes.
type pushRequest struct {
	dev    Device
	muts   []protocol.Mutation
	answer chan pushAnswer
}

type pushAnswer struct {
	results []protocol.Result
	err     error
}

// errClosed answers a push that comes after Close.
var errClosed = errors.New("the database is closed")

// Push applies a batch of mutations from one device: replays of mids
// already applied get their stored results; the rest must follow on
// without a gap; each is applied if it was based on the record's current
// version, and is a conflict otherwise. The device's last mid, every result
// and the user's usage commit together with the records; a batch that would
// take the user over the quota is refused whole. It returns once the push
// is durable. Pushes that arrive together commit together (commitPushes).
func (d *DB) Push(ctx context.Context, dev Device, muts []protocol.Mutation) ([]protocol.Result, error) {
	req := pushRequest{dev: dev, muts: muts, answer: make(chan pushAnswer, 1)}
	select {
	case d.pushes <- req:
	case <-d.closing:
		return nil, errClosed
	}
	a := <-req.answer // not cancelled with the request: see bounded
	return a.results, a.err
}

// commitPushes is group commit: it takes the pushes waiting, runs each in
// a savepoint of one transaction (a push that fails undoes only its own
// part) and commits them all at once, so that durability costs one sync of
// the disk per group rather than per push. While a group commits, the next
// one gathers; a push that finds nothing ahead of it commits alone, at once.
func (d *DB) commitPushes() {
	defer close(d.committed)
	for {
		var group []pushRequest
		select {
		case r := <-d.pushes:
			group = append(group, r)
		case <-d.closing:
			return
		}
	gather:
		for len(group) < maxGroup {
			select {
			case r := <-d.pushes:
				group = append(group, r)
			default:
				break gather
			}
		}
		d.commitGroup(group)
	}
}

func (d *DB) commitGroup(group []pushRequest) {
	answers := make([]pushAnswer, len(group))
	if err := d.runGroup(group, answers); err != nil {
		for i := range answers {
			answers[i] = pushAnswer{err: err} // nothing of the group was stored
		}
	}
	for i, r := range group {
		r.answer <- answers[i]
	}
}

// runGroup runs the group's pushes in one transaction, each answer in
// answers; its error is one that fails them all.
func (d *DB) runGroup(group []pushRequest, answers []pushAnswer) error {
	d.writing.Lock()
	defer d.writing.Unlock()
	ctx := context.Background()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, r := range group {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT push`); err != nil {
			return err
		}
		results, err := push(ctx, tx, d.Quota, r.dev, r.muts)
		if err != nil {
			if _, undo := tx.ExecContext(ctx, `ROLLBACK TO push`); undo != nil {
				return undo
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE push`); err != nil {
			return err
		}
		answers[i] = pushAnswer{results, err}
	}
	return tx.Commit()
}

// push is one device's batch, in the group's transaction.
func push(ctx context.Context, tx *sql.Tx, quota protocol.Quota, dev Device, muts []protocol.Mutation) ([]protocol.Result, error) {
	var lastMID int64
	var used protocol.Usage
	if err := tx.QueryRowContext(ctx, `SELECT d.last_mid, u.record_count, u.byte_count FROM devices d JOIN users u ON u.id = d.user_id
		WHERE d.id = ? AND d.revoked IS NULL`, dev.ID).Scan(&lastMID, &used.Records, &used.Bytes); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, protocol.ErrUnauthorized
		}
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
	if _, err := tx.ExecContext(ctx, `UPDATE devices SET last_mid = ? WHERE id = ?`, lastMID, dev.ID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET record_count = ?, byte_count = ? WHERE id = ?`, used.Records, used.Bytes, dev.UserID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM mutation_results WHERE device_id = ? AND mid <= ?`, dev.ID, lastMID-protocol.KeptResults); err != nil {
		return nil, err
	}
	return results, nil
}

func apply(ctx context.Context, tx *sql.Tx, dev Device, m protocol.Mutation, used *protocol.Usage) (protocol.Result, error) {
	current, found, err := record(ctx, tx, dev.UserID, m.RecordID)
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
	var version int64
	if err := tx.QueryRowContext(ctx, `UPDATE users SET seq = seq + 1 WHERE id = ? RETURNING seq`, dev.UserID).Scan(&version); err != nil {
		return protocol.Result{}, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO records (user_id, record_id, version, deleted, ciphertext) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, record_id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, ciphertext = excluded.ciphertext`,
		dev.UserID, m.RecordID, version, m.Deleted, nullIfEmpty(m.Ciphertext))
	if err != nil {
		return protocol.Result{}, err
	}
	if !found {
		used.Records++
	}
	used.Bytes += int64(len(m.Ciphertext) - len(current.Ciphertext))
	return protocol.Result{MID: m.MID, Status: protocol.StatusApplied, Version: version}, nil
}

func nullIfEmpty(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

func record(ctx context.Context, tx *sql.Tx, userID int64, recordID string) (protocol.Record, bool, error) {
	// A missing record reads as version 0, which is what "new" means in a push.
	r := protocol.Record{RecordID: recordID}
	err := tx.QueryRowContext(ctx, `SELECT version, deleted, ciphertext FROM records WHERE user_id = ? AND record_id = ?`,
		userID, recordID).Scan(&r.Version, &r.Deleted, &r.Ciphertext)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// saveResult keeps what a retry of the mutation needs: its status and
// version, not the server's record on a conflict (a retry reads it as it
// is then, which is what the device needs anyway).
func saveResult(ctx context.Context, tx *sql.Tx, deviceID int64, r protocol.Result) error {
	r.Current = nil
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO mutation_results (device_id, mid, result) VALUES (?, ?, ?)`, deviceID, r.MID, string(b))
	return err
}

// storedResult answers a retried mutation. A conflict comes with the
// record as it is now; a result no longer kept (a retry from long ago)
// is answered as a conflict too, which makes the device merge with the
// server's record: nothing is applied twice and nothing is lost.
func storedResult(ctx context.Context, tx *sql.Tx, dev Device, m protocol.Mutation) (protocol.Result, error) {
	r := protocol.Result{MID: m.MID, Status: protocol.StatusConflict}
	var text string
	err := tx.QueryRowContext(ctx, `SELECT result FROM mutation_results WHERE device_id = ? AND mid = ?`, dev.ID, m.MID).Scan(&text)
	switch {
	case err == nil:
		if err := json.Unmarshal([]byte(text), &r); err != nil {
			return protocol.Result{}, err
		}
	case !errors.Is(err, sql.ErrNoRows):
		return protocol.Result{}, err
	}
	if r.Status != protocol.StatusConflict {
		return r, nil
	}
	current, found, err := record(ctx, tx, dev.UserID, m.RecordID)
	if found {
		r.Current = &current
	}
	return r, err
}

// Pull authenticates the device whose token has this hash and returns a
// page of its user's records with a version above since. It is one
// statement, so one read transaction: a device checks for news every minute,
// and the token lookup and the page together are most of what the server
// does. The cursor is checked against the user's sequence read in the same
// statement; when nothing is new no record row is read.
func (d *DB) Pull(ctx context.Context, tokenHash []byte, since int64, limit int) (Device, protocol.PullResponse, error) {
	rows, err := d.pull.QueryContext(bounded(ctx), tokenHash, since, limit+1)
	if err != nil {
		return Device{}, protocol.PullResponse{}, err
	}
	defer rows.Close()
	var dev Device
	var seq int64 // the user's last record version: a cursor above it is one this server never gave
	page := protocol.PullResponse{Records: []protocol.Record{}, Next: since}
	size := 0
	for rows.Next() {
		var stored []byte
		var id sql.NullString
		var version sql.NullInt64
		var deleted sql.NullBool
		var r protocol.Record
		if err := rows.Scan(&dev.ID, &dev.UserID, &dev.User, &dev.Name, &stored, &seq, &id, &version, &deleted, &r.Ciphertext); err != nil {
			return Device{}, protocol.PullResponse{}, err
		}
		if subtle.ConstantTimeCompare(stored, tokenHash) != 1 {
			return Device{}, protocol.PullResponse{}, protocol.ErrUnauthorized
		}
		if !id.Valid { // the device's row alone: no record is new
			break
		}
		if len(page.Records) == limit || (len(page.Records) > 0 && size+len(r.Ciphertext) > protocol.MaxPullBytes) {
			page.More = true
			break
		}
		size += len(r.Ciphertext)
		r.RecordID, r.Version, r.Deleted = id.String, version.Int64, deleted.Bool
		page.Records = append(page.Records, r)
		page.Next = r.Version
	}
	if err := rows.Err(); err != nil {
		return Device{}, protocol.PullResponse{}, err
	}
	switch {
	case dev.ID == 0:
		return Device{}, protocol.PullResponse{}, protocol.ErrUnauthorized
	case since > seq:
		return dev, protocol.PullResponse{}, protocol.ErrResyncRequired
	}
	return dev, page, nil
}
