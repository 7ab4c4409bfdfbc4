//go:build !(js && wasm)

package postgres

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/remoteml/sundown/app/protocol"
)

// Device is the sync protocol's device.
type Device = protocol.Device

// stamp is how times are stored: the same text as in SQLite, so that a
// database copied from one engine to the other reads the same.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// AddUser creates a user and stores the hash of a first pairing code.
func (d *DB) AddUser(ctx context.Context, name string, codeHash []byte, expires, now time.Time) error {
	return pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO users (name, created) VALUES ($1, $2) RETURNING id`, name, stamp(now)).Scan(&id)
		if uniqueViolation(err) {
			return fmt.Errorf("user %q: %w", name, protocol.ErrExists)
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO pairing_codes (code_hash, user_id, expires) VALUES ($1, $2, $3)`, codeHash, id, stamp(expires))
		return err
	})
}

// AddCode stores the hash of another pairing code for an existing user.
func (d *DB) AddCode(ctx context.Context, name string, codeHash []byte, expires time.Time) error {
	tag, err := d.pool.Exec(ctx, `INSERT INTO pairing_codes (code_hash, user_id, expires) SELECT $1, id, $2 FROM users WHERE name = $3`,
		codeHash, stamp(expires), name)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("user %q: %w", name, protocol.ErrNotFound)
	}
	return nil
}

// Pair spends a pairing code and registers a device with the token's hash.
// The code is spent by one DELETE, so of two processes given the same code
// at once, one pairs and the other is refused.
func (d *DB) Pair(ctx context.Context, codeHash []byte, deviceName string, tokenHash []byte, now time.Time) (Device, error) {
	var dev Device
	expired := false
	err := pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		var expires string
		err := tx.QueryRow(ctx, `DELETE FROM pairing_codes p USING users u WHERE p.code_hash = $1 AND u.id = p.user_id
			RETURNING p.user_id, u.name, p.expires`, codeHash).Scan(&dev.UserID, &dev.User, &expires)
		if errors.Is(err, pgx.ErrNoRows) {
			return protocol.ErrBadCode
		}
		if err != nil {
			return err
		}
		if at, err := time.Parse(time.RFC3339Nano, expires); err != nil || at.Before(now) {
			expired = true // spent all the same: the transaction commits
			return nil
		}
		err = tx.QueryRow(ctx, `INSERT INTO devices (user_id, name, token_hash, created) VALUES ($1, $2, $3, $4) RETURNING id`,
			dev.UserID, deviceName, tokenHash, stamp(now)).Scan(&dev.ID)
		dev.Name, dev.Created = deviceName, now
		return err
	})
	if err == nil && expired {
		return Device{}, protocol.ErrBadCode
	}
	if err != nil {
		return Device{}, err
	}
	return dev, nil
}

// Authenticate finds the device whose token has this hash; the stored hash
// is compared again in constant time.
func (d *DB) Authenticate(ctx context.Context, tokenHash []byte) (Device, error) {
	var dev Device
	var stored []byte
	err := d.pool.QueryRow(bounded(ctx), `SELECT d.id, d.user_id, u.name, d.name, d.token_hash
		FROM devices d JOIN users u ON u.id = d.user_id WHERE d.token_hash = $1 AND d.revoked IS NULL`, tokenHash).
		Scan(&dev.ID, &dev.UserID, &dev.User, &dev.Name, &stored)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && subtle.ConstantTimeCompare(stored, tokenHash) != 1) {
		return Device{}, protocol.ErrUnauthorized
	}
	return dev, err
}

// Devices lists the devices, of one user or (user "") of all.
func (d *DB) Devices(ctx context.Context, user string) ([]Device, error) {
	rows, err := d.pool.Query(ctx, `SELECT d.id, d.user_id, u.name, d.name, d.created, d.revoked IS NOT NULL
		FROM devices d JOIN users u ON u.id = d.user_id WHERE $1 = '' OR u.name = $1 ORDER BY d.id`, user)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var devices []Device
	for rows.Next() {
		var dev Device
		var created string
		if err := rows.Scan(&dev.ID, &dev.UserID, &dev.User, &dev.Name, &created, &dev.Revoked); err != nil {
			return nil, err
		}
		dev.Created, _ = time.Parse(time.RFC3339Nano, created)
		devices = append(devices, dev)
	}
	return devices, rows.Err()
}

// Revoke stops a device's token from working, at once: on every process,
// as each request reads the device's row.
func (d *DB) Revoke(ctx context.Context, deviceID int64, now time.Time) error {
	tag, err := d.pool.Exec(ctx, `UPDATE devices SET revoked = $1 WHERE id = $2 AND revoked IS NULL`, stamp(now), deviceID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("device %d (or it is revoked already): %w", deviceID, protocol.ErrNotFound)
	}
	return nil
}
