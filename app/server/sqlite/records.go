//go:build !(js && wasm)

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	syncproto "github.com/remoteml/sundown/app/sync"
)

// Push applies a batch of mutations from one device in one transaction:
// replays of mids already applied get their stored results; the rest must
// follow on without a gap; each is applied if it was based on the record's
// current version, and is a conflict otherwise. The device's last mid and
// every result commit together with the records.
func (d *DB) Push(ctx context.Context, dev Device, muts []syncproto.Mutation) ([]syncproto.Result, error) {
	d.writing.Lock()
	defer d.writing.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var lastMID int64
	if err := tx.QueryRowContext(ctx, `SELECT last_mid FROM devices WHERE id = ? AND revoked IS NULL`, dev.ID).Scan(&lastMID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, syncproto.ErrUnauthorized
		}
		return nil, err
	}
	results := make([]syncproto.Result, 0, len(muts))
	for _, m := range muts {
		if m.MID <= lastMID {
			r, err := storedResult(ctx, tx, dev.ID, m.MID)
			if err != nil {
				return nil, err
			}
			results = append(results, r)
			continue
		}
		if m.MID != lastMID+1 {
			return nil, &syncproto.MIDGapError{Next: lastMID + 1}
		}
		r, err := apply(ctx, tx, dev, m)
		if err != nil {
			return nil, err
		}
		if err := saveResult(ctx, tx, dev.ID, r); err != nil {
			return nil, err
		}
		results = append(results, r)
		lastMID = m.MID
	}
	if _, err := tx.ExecContext(ctx, `UPDATE devices SET last_mid = ? WHERE id = ?`, lastMID, dev.ID); err != nil {
		return nil, err
	}
	return results, tx.Commit()
}

func apply(ctx context.Context, tx *sql.Tx, dev Device, m syncproto.Mutation) (syncproto.Result, error) {
	current, found, err := record(ctx, tx, dev.UserID, m.RecordID)
	if err != nil {
		return syncproto.Result{}, err
	}
	if current.Version != m.BaseVersion { // a missing record has version 0
		r := syncproto.Result{MID: m.MID, Status: syncproto.StatusConflict}
		if found {
			r.Current = &current
		}
		return r, nil
	}
	var version int64
	if err := tx.QueryRowContext(ctx, `UPDATE users SET seq = seq + 1 WHERE id = ? RETURNING seq`, dev.UserID).Scan(&version); err != nil {
		return syncproto.Result{}, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO records (user_id, record_id, version, deleted, ciphertext) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, record_id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, ciphertext = excluded.ciphertext`,
		dev.UserID, m.RecordID, version, m.Deleted, nullIfEmpty(m.Ciphertext))
	if err != nil {
		return syncproto.Result{}, err
	}
	return syncproto.Result{MID: m.MID, Status: syncproto.StatusApplied, Version: version}, nil
}

func nullIfEmpty(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

func record(ctx context.Context, tx *sql.Tx, userID int64, recordID string) (syncproto.Record, bool, error) {
	// A missing record reads as version 0, which is what "new" means in a push.
	r := syncproto.Record{RecordID: recordID}
	err := tx.QueryRowContext(ctx, `SELECT version, deleted, ciphertext FROM records WHERE user_id = ? AND record_id = ?`,
		userID, recordID).Scan(&r.Version, &r.Deleted, &r.Ciphertext)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

func saveResult(ctx context.Context, tx *sql.Tx, deviceID int64, r syncproto.Result) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO mutation_results (device_id, mid, result) VALUES (?, ?, ?)`, deviceID, r.MID, string(b))
	return err
}

func storedResult(ctx context.Context, tx *sql.Tx, deviceID, mid int64) (syncproto.Result, error) {
	var text string
	if err := tx.QueryRowContext(ctx, `SELECT result FROM mutation_results WHERE device_id = ? AND mid = ?`, deviceID, mid).Scan(&text); err != nil {
		return syncproto.Result{}, err
	}
	var r syncproto.Result
	return r, json.Unmarshal([]byte(text), &r)
}

// Pull returns a page of the user's records with a version above since.
// The cursor is checked against the user's sequence as Authenticate read it
// for this request, so a pull is one query.
func (d *DB) Pull(ctx context.Context, dev Device, since int64, limit int) (syncproto.PullResponse, error) {
	if since > dev.UserSeq {
		return syncproto.PullResponse{}, syncproto.ErrResyncRequired
	}
	if since == dev.UserSeq {
		// Nothing new, the most common pull (a device checking every
		// minute): answered without reading the records. A write that lands
		// after the sequence was read comes with the next pull, as the
		// cursor stays where it was.
		return syncproto.PullResponse{Records: []syncproto.Record{}, Next: since}, nil
	}
	rows, err := d.pull.QueryContext(ctx, dev.UserID, since, limit+1)
	if err != nil {
		return syncproto.PullResponse{}, err
	}
	defer rows.Close()
	page := syncproto.PullResponse{Records: []syncproto.Record{}, Next: since}
	for rows.Next() {
		var r syncproto.Record
		if err := rows.Scan(&r.RecordID, &r.Version, &r.Deleted, &r.Ciphertext); err != nil {
			return syncproto.PullResponse{}, err
		}
		if len(page.Records) == limit {
			page.More = true
			break
		}
		page.Records = append(page.Records, r)
		page.Next = r.Version
	}
	return page, rows.Err()
}
