//go:build !(js && wasm)

package postgres

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/remoteml/sundown/app/protocol"
)

// bounded is the context of a sync request's statements: short by
// construction, so not cancelled with the request (a push whose client
// left commits, and the client's resend gets the stored results).
func bounded(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

// Push applies a batch of mutations from one device in one transaction, as
// the SQLite store does (replays answered from stored results, no mid
// gaps, conflicts on a stale base, the quota checked on the whole batch).
// It starts by locking the device's row and its user's: two pushes of one
// device, or of one user's devices, on any processes, run one after the
// other, so versions are given in order and become visible in order, and
// a retry waits for the push it repeats and reads its results.
func (d *DB) Push(ctx context.Context, dev Device, muts []protocol.Mutation) ([]protocol.Result, error) {
	ctx = bounded(ctx)
	var results []protocol.Result
	err := pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		var lastMID int64
		var used protocol.Usage
		err := tx.QueryRow(ctx, `SELECT d.last_mid, u.record_count, u.byte_count FROM devices d JOIN users u ON u.id = d.user_id
			WHERE d.id = $1 AND d.revoked IS NULL FOR UPDATE OF d, u`, dev.ID).Scan(&lastMID, &used.Records, &used.Bytes)
		if errors.Is(err, pgx.ErrNoRows) {
			return protocol.ErrUnauthorized
		}
		if err != nil {
			return err
		}
		before := used
		results = make([]protocol.Result, 0, len(muts))
		for _, m := range muts {
			if m.MID <= lastMID {
				r, err := storedResult(ctx, tx, dev, m)
				if err != nil {
					return err
				}
				results = append(results, r)
				continue
			}
			if m.MID != lastMID+1 {
				return &protocol.MIDGapError{Next: lastMID + 1}
			}
			r, err := apply(ctx, tx, dev, m, &used)
			if err != nil {
				return err
			}
			if err := saveResult(ctx, tx, dev.ID, r); err != nil {
				return err
			}
			results = append(results, r)
			lastMID = m.MID
		}
		if err := d.Quota.Check(before, used); err != nil {
			return err
		}
		batch := &pgx.Batch{}
		batch.Queue(`UPDATE devices SET last_mid = $1 WHERE id = $2`, lastMID, dev.ID)
		batch.Queue(`UPDATE users SET record_count = $1, byte_count = $2 WHERE id = $3`, used.Records, used.Bytes, dev.UserID)
		batch.Queue(`DELETE FROM mutation_results WHERE device_id = $1 AND mid <= $2`, dev.ID, lastMID-protocol.KeptResults)
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

func apply(ctx context.Context, tx pgx.Tx, dev Device, m protocol.Mutation, used *protocol.Usage) (protocol.Result, error) {
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
	if err := tx.QueryRow(ctx, `UPDATE users SET seq = seq + 1 WHERE id = $1 RETURNING seq`, dev.UserID).Scan(&version); err != nil {
		return protocol.Result{}, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO records (user_id, record_id, version, deleted, ciphertext) VALUES ($1, $2, $3, $4, $5)
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

func nullIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

func record(ctx context.Context, tx pgx.Tx, userID int64, recordID string) (protocol.Record, bool, error) {
	// A missing record reads as version 0, which is what "new" means in a push.
	r := protocol.Record{RecordID: recordID}
	err := tx.QueryRow(ctx, `SELECT version, deleted, ciphertext FROM records WHERE user_id = $1 AND record_id = $2`,
		userID, recordID).Scan(&r.Version, &r.Deleted, &r.Ciphertext)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// saveResult keeps what a retry of the mutation needs: its status and
// version, not the server's record on a conflict.
func saveResult(ctx context.Context, tx pgx.Tx, deviceID int64, r protocol.Result) error {
	r.Current = nil
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO mutation_results (device_id, mid, result) VALUES ($1, $2, $3)`, deviceID, r.MID, string(b))
	return err
}

// storedResult answers a retried mutation: its stored result, with the
// record as it is now on a conflict; a result no longer kept is answered
// as a conflict, which makes the device merge with the server's record.
func storedResult(ctx context.Context, tx pgx.Tx, dev Device, m protocol.Mutation) (protocol.Result, error) {
	r := protocol.Result{MID: m.MID, Status: protocol.StatusConflict}
	var text string
	err := tx.QueryRow(ctx, `SELECT result FROM mutation_results WHERE device_id = $1 AND mid = $2`, dev.ID, m.MID).Scan(&text)
	switch {
	case err == nil:
		if err := json.Unmarshal([]byte(text), &r); err != nil {
			return protocol.Result{}, err
		}
	case !errors.Is(err, pgx.ErrNoRows):
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

// pullQuery reads the device, its user's sequence and, beside them, the
// page of records above the cursor (none when the cursor is at the
// sequence already), in one statement and so one snapshot. Pushes of one
// user commit one after the other in version order, so a snapshot holds a
// prefix of the versions: a cursor never skips one committed later.
const pullQuery = `SELECT d.id, d.user_id, u.name, d.name, d.token_hash, u.seq,
		r.record_id, r.version, r.deleted, r.ciphertext
	FROM devices d JOIN users u ON u.id = d.user_id
	LEFT JOIN LATERAL (SELECT record_id, version, deleted, ciphertext FROM records
		WHERE user_id = d.user_id AND version > $2 AND $2 < u.seq ORDER BY version LIMIT $3) r ON true
	WHERE d.token_hash = $1 AND d.revoked IS NULL
	ORDER BY r.version`

// Pull authenticates the device whose token has this hash and returns a
// page of its user's records with a version above since.
func (d *DB) Pull(ctx context.Context, tokenHash []byte, since int64, limit int) (Device, protocol.PullResponse, error) {
	rows, err := d.pool.Query(bounded(ctx), pullQuery, tokenHash, since, limit+1)
	if err != nil {
		return Device{}, protocol.PullResponse{}, err
	}
	defer rows.Close()
	var dev Device
	var seq int64
	page := protocol.PullResponse{Records: []protocol.Record{}, Next: since}
	size := 0
	for rows.Next() {
		var stored []byte
		var id *string
		var version *int64
		var deleted *bool
		var r protocol.Record
		if err := rows.Scan(&dev.ID, &dev.UserID, &dev.User, &dev.Name, &stored, &seq, &id, &version, &deleted, &r.Ciphertext); err != nil {
			return Device{}, protocol.PullResponse{}, err
		}
		if subtle.ConstantTimeCompare(stored, tokenHash) != 1 {
			return Device{}, protocol.PullResponse{}, protocol.ErrUnauthorized
		}
		if id == nil { // the device's row alone: no record is new
			break
		}
		if len(page.Records) == limit || (len(page.Records) > 0 && size+len(r.Ciphertext) > protocol.MaxPullBytes) {
			page.More = true
			break
		}
		size += len(r.Ciphertext)
		r.RecordID, r.Version, r.Deleted = *id, *version, *deleted
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
