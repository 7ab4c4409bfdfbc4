//go:build !(js && wasm)

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/storage"
)

// CreateShare stores a new link of the user's, after forgetting the
// ciphertext of every link that has expired.
// The user's row is locked, so that two processes counting the live links
// at once cannot both add the last one allowed.
func (d *DB) CreateShare(ctx context.Context, userID int64, req protocol.ShareRequest, now time.Time) (protocol.Share, error) {
	share := storage.NewShare(req, now)
	err := pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, forgetExpired, now.Unix()); err != nil {
			return err
		}
		var live int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM shares WHERE user_id = $1 AND revoked = 0 AND expires > $2`, userID, now.Unix()).Scan(&live); err != nil {
			return err
		}
		if live >= protocol.MaxLiveShares {
			return protocol.ErrTooManyShares
		}
		_, err := tx.Exec(ctx, `INSERT INTO shares (id, user_id, label, ciphertext, created, expires) VALUES ($1, $2, $3, $4, $5, $6)`,
			share.ID, userID, req.Label, req.Ciphertext, share.Created.Unix(), share.Expires.Unix())
		if uniqueViolation(err) {
			return fmt.Errorf("share %s: %w", req.ID, protocol.ErrExists)
		}
		return err
	})
	if err != nil {
		return protocol.Share{}, err
	}
	return share, nil
}

// Shares lists the user's links, newest first.
func (d *DB) Shares(ctx context.Context, userID int64) ([]protocol.Share, error) {
	rows, err := d.pool.Query(ctx, `SELECT id, label, created, expires, revoked FROM shares WHERE user_id = $1 ORDER BY created DESC, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return storage.ListShares(rows)
}

// RevokeShare stops a link of the user's from working, at once, on every
// process, and forgets its ciphertext.
func (d *DB) RevokeShare(ctx context.Context, userID int64, id string, now time.Time) error {
	tag, err := d.pool.Exec(ctx, `UPDATE shares SET revoked = $1, ciphertext = NULL WHERE id = $2 AND user_id = $3 AND revoked = 0`,
		now.Unix(), id, userID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("link %s (or it is revoked already): %w", id, protocol.ErrNotFound)
	}
	return nil
}

// Shared is what a link's page gets: its ciphertext while the link is live.
func (d *DB) Shared(ctx context.Context, id string, now time.Time) (protocol.SharedResponse, error) {
	var ciphertext []byte
	var expires, revoked int64
	err := d.pool.QueryRow(ctx, `SELECT ciphertext, expires, revoked FROM shares WHERE id = $1`, id).Scan(&ciphertext, &expires, &revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return protocol.SharedResponse{}, protocol.ErrShareUnknown
	}
	if err != nil {
		return protocol.SharedResponse{}, err
	}
	shared, err := storage.SharedAt(ciphertext, expires, revoked, now)
	if errors.Is(err, protocol.ErrShareExpired) && ciphertext != nil {
		if _, failed := d.pool.Exec(ctx, forgetExpired, now.Unix()); failed != nil {
			return protocol.SharedResponse{}, failed
		}
	}
	return shared, err
}

// forgetExpired drops the ciphertext of every expired link.
const forgetExpired = `UPDATE shares SET ciphertext = NULL WHERE expires <= $1 AND ciphertext IS NOT NULL`
