//go:build !(js && wasm)

// Package sqlite keeps the sync server's data in SQLite (modernc.org/sqlite,
// pure Go): WAL mode, synchronous=FULL, so an acknowledged write survives a
// crash or a power cut, and migrations embedded and applied at start.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/remoteml/sundown/app/protocol"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the sync server's database.
type DB struct {
	db   *sql.DB
	path string
	// The statements every sync request runs, prepared once.
	authenticate, pull *sql.Stmt
	// writing lets one group of pushes (or an import) write at a time.
	// SQLite takes one writer anyway; queueing here hands the lock over at
	// once, where SQLite's busy handler makes waiting writers sleep and retry.
	writing sync.Mutex
	// pushes go to commitPushes, which commits them in groups; closing
	// stops it, and committed closes when it has.
	pushes    chan pushRequest
	closing   chan struct{}
	committed chan struct{}
	closeOnce sync.Once
	// Quota bounds what each user stores; zero means protocol.DefaultQuota.
	Quota protocol.Quota
}

// maxConns bounds the connections: SQLite readers run in parallel in WAL
// mode, one per core is what can run at once, and a few more cover requests
// waiting on the disk.
var maxConns = 2*runtime.GOMAXPROCS(0) + 2

// Open opens (creating if needed) the database file at path and brings its
// schema up to date.
func Open(path string) (*DB, error) {
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// Keep every connection open: database/sql keeps two idle by default,
	// so under load each request past the second opened a connection
	// (pragmas, WAL files, statements prepared again) and closed it after.
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	d := &DB{db: db, path: path, pushes: make(chan pushRequest), closing: make(chan struct{}), committed: make(chan struct{})}
	if err := d.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("preparing %s: %w", path, err)
	}
	if err := d.prepare(); err != nil {
		db.Close()
		return nil, fmt.Errorf("preparing %s: %w", path, err)
	}
	go d.commitPushes()
	return d, nil
}

func (d *DB) prepare() (err error) {
	d.authenticate, err = d.db.Prepare(`SELECT d.id, d.user_id, u.name, d.name, d.token_hash
		FROM devices d JOIN users u ON u.id = d.user_id WHERE d.token_hash = ? AND d.revoked IS NULL`)
	if err != nil {
		return err
	}
	// The device, its user's sequence and, left-joined, the records above
	// the cursor (none when the cursor is at the sequence already): rows in
	// version order, each carrying the device.
	d.pull, err = d.db.Prepare(`SELECT d.id, d.user_id, u.name, d.name, d.token_hash, u.seq,
			r.record_id, r.version, r.deleted, r.ciphertext
		FROM devices d JOIN users u ON u.id = d.user_id
		LEFT JOIN records r ON r.user_id = d.user_id AND r.version > ?2 AND ?2 < u.seq
		WHERE d.token_hash = ?1 AND d.revoked IS NULL
		ORDER BY r.version LIMIT ?3`)
	return err
}

// bounded is the context for the statements each sync request runs. They
// are short by construction (an index lookup, a page of at most
// MaxPullLimit records, a batch of at most MaxMutations), so they are not
// cancelled with the request: database/sql and the driver each start a
// goroutine per statement to watch a cancellable context, which cost more
// than the statement itself. A push that runs on after its client left
// commits, and the client's resend gets the stored results.
func bounded(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

// Path is the database file's.
func (d *DB) Path() string { return d.path }

// SetQuota sets what each user may store.
func (d *DB) SetQuota(q protocol.Quota) { d.Quota = q }

// Close closes the database cleanly: the group of pushes being committed
// finishes first; later pushes are refused.
func (d *DB) Close() error {
	d.closeOnce.Do(func() { close(d.closing); <-d.committed })
	return d.db.Close()
}

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// migrate applies, in order, each embedded migration not applied yet.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s has no number", name)
		}
		if err := d.apply(ctx, version, name); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

func (d *DB) apply(ctx context.Context, version int, name string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var done int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM schema_migrations WHERE version = ?`, version).Scan(&done)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	script, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(script)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES (?)`, version); err != nil {
		return err
	}
	return tx.Commit()
}

// Backup writes a consistent copy of the database to path while it is in
// use (VACUUM INTO). path must not exist yet.
func (d *DB) Backup(ctx context.Context, path string) error {
	_, err := d.db.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok").
func (d *DB) IntegrityCheck(ctx context.Context) (string, error) {
	var verdict string
	err := d.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&verdict)
	return verdict, err
}
