//go:build !(js && wasm)

package postgres

import (
	"context"
	"crypto/subtle"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/storage"
)

// bounded is the context of a sync request's statements: short by
// construction, so not cancelled with the request (a push whose client
// left commits, and the client's resend gets the stored results).
func bounded(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

// Push applies a batch of mutations from one device in one transaction,
// by the rules every engine follows (storage.Push). It starts by locking
// the device's row and its user's: two pushes of one device, or of one
// user's devices, on any processes, run one after the other, so versions
// are given in order and become visible in order, and a retry waits for
// the push it repeats and reads its results.
func (d *DB) Push(ctx context.Context, dev Device, muts []protocol.Mutation) ([]protocol.Result, error) {
	ctx = bounded(ctx)
	var results []protocol.Result
	err := pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) (err error) {
		results, err = storage.Push(ctx, pushTx{tx}, d.Quota, dev, muts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// pushTx is a push's transaction (storage.PushTx).
type pushTx struct{ tx pgx.Tx }

func (t pushTx) Device(ctx context.Context, dev Device) (lastMID int64, used protocol.Usage, err error) {
	err = t.tx.QueryRow(ctx, `SELECT d.last_mid, u.record_count, u.byte_count FROM devices d JOIN users u ON u.id = d.user_id
		WHERE d.id = $1 AND d.revoked IS NULL FOR UPDATE OF d, u`, dev.ID).Scan(&lastMID, &used.Records, &used.Bytes)
	if errors.Is(err, pgx.ErrNoRows) {
		err = protocol.ErrUnauthorized
	}
	return lastMID, used, err
}

func (t pushTx) Record(ctx context.Context, userID int64, recordID string) (protocol.Record, bool, error) {
	r := protocol.Record{RecordID: recordID}
	err := t.tx.QueryRow(ctx, `SELECT version, deleted, ciphertext FROM records WHERE user_id = $1 AND record_id = $2`,
		userID, recordID).Scan(&r.Version, &r.Deleted, &r.Ciphertext)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

func (t pushTx) NextVersion(ctx context.Context, userID int64) (version int64, err error) {
	err = t.tx.QueryRow(ctx, `UPDATE users SET seq = seq + 1 WHERE id = $1 RETURNING seq`, userID).Scan(&version)
	return version, err
}

func (t pushTx) PutRecord(ctx context.Context, userID int64, m protocol.Mutation, version int64) error {
	ciphertext := m.Ciphertext
	if len(ciphertext) == 0 {
		ciphertext = nil // stored as NULL, as SQLite stores it
	}
	_, err := t.tx.Exec(ctx, `INSERT INTO records (user_id, record_id, version, deleted, ciphertext) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id, record_id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, ciphertext = excluded.ciphertext`,
		userID, m.RecordID, version, m.Deleted, ciphertext)
	return err
}

func (t pushTx) SaveResult(ctx context.Context, deviceID, mid int64, result []byte) error {
	_, err := t.tx.Exec(ctx, `INSERT INTO mutation_results (device_id, mid, result) VALUES ($1, $2, $3)`, deviceID, mid, string(result))
	return err
}

func (t pushTx) StoredResult(ctx context.Context, deviceID, mid int64) ([]byte, bool, error) {
	var text string
	err := t.tx.QueryRow(ctx, `SELECT result FROM mutation_results WHERE device_id = $1 AND mid = $2`, deviceID, mid).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	return []byte(text), err == nil, err
}

// Finish sends its three statements in one round trip.
func (t pushTx) Finish(ctx context.Context, dev Device, lastMID int64, used protocol.Usage) error {
	batch := &pgx.Batch{}
	batch.Queue(`UPDATE devices SET last_mid = $1 WHERE id = $2`, lastMID, dev.ID)
	batch.Queue(`UPDATE users SET record_count = $1, byte_count = $2 WHERE id = $3`, used.Records, used.Bytes, dev.UserID)
	batch.Queue(`DELETE FROM mutation_results WHERE device_id = $1 AND mid <= $2`, dev.ID, lastMID-protocol.KeptResults)
	return t.tx.SendBatch(ctx, batch).Close()
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
	var seq int64 // the user's last record version: a cursor above it is one this server never gave
	page := storage.NewPage(since, limit)
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
		r.RecordID, r.Version, r.Deleted = *id, *version, *deleted
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
