//go:build !(js && wasm)

package sqlite

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/remoteml/sundown/app/protocol"
)

// Device is the sync protocol's device.
type Device = protocol.Device

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// AddUser creates a user and stores the hash of a first pairing code.
func (d *DB) AddUser(ctx context.Context, name string, codeHash []byte, expires, now time.Time) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO users (name, created) VALUES (?, ?)`, name, stamp(now))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("user %q: %w", name, protocol.ErrExists)
		}
		return err
	}
	id, _ := res.LastInsertId()
	if _, err := tx.ExecContext(ctx, `INSERT INTO pairing_codes (code_hash, user_id, expires) VALUES (?, ?, ?)`, codeHash, id, stamp(expires)); err != nil {
		return err
	}
	return tx.Commit()
}

// AddCode stores the hash of another pairing code for an existing user.
func (d *DB) AddCode(ctx context.Context, name string, codeHash []byte, expires time.Time) error {
	res, err := d.db.ExecContext(ctx, `INSERT INTO pairing_codes (code_hash, user_id, expires) SELECT ?, id, ? FROM users WHERE name = ?`,
		codeHash, stamp(expires), name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %q: %w", name, protocol.ErrNotFound)
	}
	return nil
}

// Pair spends a pairing code and registers a device with the token's hash.
// A code works once, before it expires.
func (d *DB) Pair(ctx context.Context, codeHash []byte, deviceName string, tokenHash []byte, now time.Time) (Device, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return Device{}, err
	}
	defer tx.Rollback()
	var dev Device
	var expires string
	err = tx.QueryRowContext(ctx, `SELECT p.user_id, u.name, p.expires FROM pairing_codes p JOIN users u ON u.id = p.user_id WHERE p.code_hash = ?`,
		codeHash).Scan(&dev.UserID, &dev.User, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Device{}, protocol.ErrBadCode
	}
	if err != nil {
		return Device{}, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pairing_codes WHERE code_hash = ?`, codeHash); err != nil {
		return Device{}, err
	}
	if at, err := time.Parse(time.RFC3339Nano, expires); err != nil || at.Before(now) {
		tx.Commit() // an expired code is spent all the same
		return Device{}, protocol.ErrBadCode
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO devices (user_id, name, token_hash, created) VALUES (?, ?, ?, ?)`,
		dev.UserID, deviceName, tokenHash, stamp(now))
	if err != nil {
		return Device{}, err
	}
	dev.ID, _ = res.LastInsertId()
	dev.Name, dev.Created = deviceName, now
	return dev, tx.Commit()
}

// Authenticate finds the device whose token has this hash. The lookup goes
// by hash, so timing says nothing about the token, and the stored hash is
// compared again in constant time.
func (d *DB) Authenticate(ctx context.Context, tokenHash []byte) (Device, error) {
	var dev Device
	var stored []byte
	err := d.authenticate.QueryRowContext(bounded(ctx), tokenHash).Scan(&dev.ID, &dev.UserID, &dev.User, &dev.Name, &stored)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && subtle.ConstantTimeCompare(stored, tokenHash) != 1) {
		return Device{}, protocol.ErrUnauthorized
	}
	return dev, err
}

// Devices lists the devices, of one user or (user "") of all.
func (d *DB) Devices(ctx context.Context, user string) ([]Device, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT d.id, d.user_id, u.name, d.name, d.created, d.revoked IS NOT NULL
		FROM devices d JOIN users u ON u.id = d.user_id WHERE ? = '' OR u.name = ? ORDER BY d.id`, user, user)
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

// Revoke stops a device's token from working, at once.
func (d *DB) Revoke(ctx context.Context, deviceID int64, now time.Time) error {
	res, err := d.db.ExecContext(ctx, `UPDATE devices SET revoked = ? WHERE id = ? AND revoked IS NULL`, stamp(now), deviceID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("device %d (or it is revoked already): %w", deviceID, protocol.ErrNotFound)
	}
	return nil
}
