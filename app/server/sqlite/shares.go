//go:build !(js && wasm)

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/storage"
)

// CreateShare stores a new link of the user's, after forgetting the
// ciphertext of every link that has expired. The transaction takes the
// write lock as it begins (_txlock=immediate), so two links of one user
// are counted and added one after the other.
func (d *DB) CreateShare(ctx context.Context, userID int64, req protocol.ShareRequest, now time.Time) (protocol.Share, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return protocol.Share{}, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, forgetExpired, now.Unix()); err != nil {
		return protocol.Share{}, err
	}
	var live int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM shares WHERE user_id = ? AND revoked = 0 AND expires > ?`, userID, now.Unix()).Scan(&live); err != nil {
		return protocol.Share{}, err
	}
	if live >= protocol.MaxLiveShares {
		return protocol.Share{}, protocol.ErrTooManyShares
	}
	share := storage.NewShare(req, now)
	_, err = tx.ExecContext(ctx, `INSERT INTO shares (id, user_id, label, ciphertext, created, expires) VALUES (?, ?, ?, ?, ?, ?)`,
		share.ID, userID, req.Label, req.Ciphertext, share.Created.Unix(), share.Expires.Unix())
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return protocol.Share{}, fmt.Errorf("share %s: %w", req.ID, protocol.ErrExists)
		}
		return protocol.Share{}, err
	}
	return share, tx.Commit()
}

// Shares lists the user's links, newest first.
func (d *DB) Shares(ctx context.Context, userID int64) ([]protocol.Share, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, label, created, expires, revoked FROM shares WHERE user_id = ? ORDER BY created DESC, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return storage.ListShares(rows)
}

// RevokeShare stops a link of the user's from working, at once, and
// forgets its ciphertext.
func (d *DB) RevokeShare(ctx context.Context, userID int64, id string, now time.Time) error {
	res, err := d.db.ExecContext(ctx, `UPDATE shares SET revoked = ?, ciphertext = NULL WHERE id = ? AND user_id = ? AND revoked = 0`,
		now.Unix(), id, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("link %s (or it is revoked already): %w", id, protocol.ErrNotFound)
	}
	return nil
}

// Shared is what a link's page gets: its ciphertext while the link is live.
func (d *DB) Shared(ctx context.Context, id string, now time.Time) (protocol.SharedResponse, error) {
	var ciphertext []byte
	var expires, revoked int64
	err := d.db.QueryRowContext(ctx, `SELECT ciphertext, expires, revoked FROM shares WHERE id = ?`, id).Scan(&ciphertext, &expires, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return protocol.SharedResponse{}, protocol.ErrShareUnknown
	}
	if err != nil {
		return protocol.SharedResponse{}, err
	}
	shared, err := storage.SharedAt(ciphertext, expires, revoked, now)
	if errors.Is(err, protocol.ErrShareExpired) && ciphertext != nil {
		if _, failed := d.db.ExecContext(ctx, forgetExpired, now.Unix()); failed != nil {
			return protocol.SharedResponse{}, failed
		}
	}
	return shared, err
}

// forgetExpired drops the ciphertext of every expired link.
const forgetExpired = `UPDATE shares SET ciphertext = NULL WHERE expires <= ? AND ciphertext IS NOT NULL`
