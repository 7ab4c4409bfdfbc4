//go:build !(js && wasm)

package sqlite

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/storage"
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
		results, err := storage.Push(ctx, pushTx{tx}, d.Quota, r.dev, r.muts)
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

// pushTx is a push's part of the group's transaction (storage.PushTx).
type pushTx struct{ tx *sql.Tx }

func (t pushTx) Device(ctx context.Context, dev Device) (lastMID int64, used protocol.Usage, err error) {
	err = t.tx.QueryRowContext(ctx, `SELECT d.last_mid, u.record_count, u.byte_count FROM devices d JOIN users u ON u.id = d.user_id
		WHERE d.id = ? AND d.revoked IS NULL`, dev.ID).Scan(&lastMID, &used.Records, &used.Bytes)
	if errors.Is(err, sql.ErrNoRows) {
		err = protocol.ErrUnauthorized
	}
	return lastMID, used, err
}

func (t pushTx) Record(ctx context.Context, userID int64, recordID string) (protocol.Record, bool, error) {
	r := protocol.Record{RecordID: recordID}
	err := t.tx.QueryRowContext(ctx, `SELECT version, deleted, ciphertext FROM records WHERE user_id = ? AND record_id = ?`,
		userID, recordID).Scan(&r.Version, &r.Deleted, &r.Ciphertext)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

func (t pushTx) NextVersion(ctx context.Context, userID int64) (version int64, err error) {
	err = t.tx.QueryRowContext(ctx, `UPDATE users SET seq = seq + 1 WHERE id = ? RETURNING seq`, userID).Scan(&version)
	return version, err
}

func (t pushTx) PutRecord(ctx context.Context, userID int64, m protocol.Mutation, version int64) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO records (user_id, record_id, version, deleted, ciphertext) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, record_id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, ciphertext = excluded.ciphertext`,
		userID, m.RecordID, version, m.Deleted, nullIfEmpty(m.Ciphertext))
	return err
}

func nullIfEmpty(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

func (t pushTx) SaveResult(ctx context.Context, deviceID, mid int64, result []byte) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO mutation_results (device_id, mid, result) VALUES (?, ?, ?)`, deviceID, mid, string(result))
	return err
}

func (t pushTx) StoredResult(ctx context.Context, deviceID, mid int64) ([]byte, bool, error) {
	var text string
	err := t.tx.QueryRowContext(ctx, `SELECT result FROM mutation_results WHERE device_id = ? AND mid = ?`, deviceID, mid).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return []byte(text), err == nil, err
}

func (t pushTx) Finish(ctx context.Context, dev Device, lastMID int64, used protocol.Usage) error {
	if _, err := t.tx.ExecContext(ctx, `UPDATE devices SET last_mid = ? WHERE id = ?`, lastMID, dev.ID); err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(ctx, `UPDATE users SET record_count = ?, byte_count = ? WHERE id = ?`, used.Records, used.Bytes, dev.UserID); err != nil {
		return err
	}
	_, err := t.tx.ExecContext(ctx, `DELETE FROM mutation_results WHERE device_id = ? AND mid <= ?`, dev.ID, lastMID-protocol.KeptResults)
	return err
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
	page := storage.NewPage(since, limit)
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
		r.RecordID, r.Version, r.Deleted = id.String, version.Int64, deleted.Bool
		if !page.Add(r) {
			break
		}
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
	return dev, page.Response(), nil
}
