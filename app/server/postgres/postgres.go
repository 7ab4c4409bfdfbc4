//go:build !(js && wasm)

// Package postgres keeps the sync server's data in PostgreSQL (jackc/pgx),
// for installations larger than one machine: several `sundown serve`
// processes on one database are one service. Nothing correctness depends
// on lives in a process's memory: a push locks its device's and its user's
// rows, so versions are given in order and a retried push is answered from
// the stored results whichever process gets it; a pairing code is spent by
// one DELETE; a revocation is a row every request reads. Migrations are
// embedded and applied at start under an advisory lock, so processes
// starting together apply each once.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/remoteml/sundown/app/protocol"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the sync server's database.
type DB struct {
	pool *pgxpool.Pool
	// Quota bounds what each user stores; zero means protocol.DefaultQuota.
	Quota protocol.Quota
}

// migrationLock is the advisory lock key held while migrations run.
const migrationLock = 0x53756e646f776e // "Sundown"

// Open connects to the database at url (postgres://…) and brings its
// schema up to date.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("the PostgreSQL address: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	d := &DB{pool: pool}
	if err := d.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("preparing the PostgreSQL database: %w", err)
	}
	return d, nil
}

// Close closes the connections.
func (d *DB) Close() error { d.pool.Close(); return nil }

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.pool.Ping(ctx) }

// SetQuota sets what each user may store.
func (d *DB) SetQuota(q protocol.Quota) { d.Quota = q }

// migrate applies, in order and in one transaction, each embedded
// migration not applied yet.
func (d *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
			return err
		}
		for _, name := range names {
			base := strings.TrimPrefix(name, "migrations/")
			version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
			if err != nil {
				return fmt.Errorf("migration %s has no number", name)
			}
			var done bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, version).Scan(&done); err != nil {
				return err
			}
			if done {
				continue
			}
			script, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, string(script)); err != nil {
				return fmt.Errorf("migration %s: %w", base, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, version); err != nil {
				return err
			}
		}
		return nil
	})
}

// uniqueViolation reports whether err is PostgreSQL's unique_violation.
func uniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
