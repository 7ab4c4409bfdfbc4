//go:build !(js && wasm)

package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/remoteml/sundown/app/server/tables"
)

// snapshot reads in one repeatable-read, read-only transaction: every
// table as it was when it began, while pushes go on.
type snapshot struct{ tx pgx.Tx }

// Snapshot starts reading the database as it is now (tables.Store).
func (d *DB) Snapshot(ctx context.Context) (tables.Snapshot, error) {
	tx, err := d.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	return snapshot{tx}, nil
}

func (s snapshot) Close() error { return s.tx.Rollback(context.Background()) }

// ReadRows reads every row of t in key order (tables.Source).
func (s snapshot) ReadRows(ctx context.Context, t tables.Table, each func([]any) error) error {
	rows, err := s.tx.Query(ctx, "SELECT "+t.ColumnList()+" FROM "+t.Name+" ORDER BY "+t.OrderBy)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		targets := t.ScanTargets()
		if err := rows.Scan(targets...); err != nil {
			return err
		}
		if err := each(t.Values(targets)); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Import writes rows into the tables in one transaction with COPY, then
// moves the id sequences past the ids copied in (tables.Store).
func (d *DB) Import(ctx context.Context, fill func(write func(tables.Table, [][]any) error) error) error {
	return pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		err := fill(func(t tables.Table, rows [][]any) error {
			_, err := tx.CopyFrom(ctx, pgx.Identifier{t.Name}, t.ColumnNames(), pgx.CopyFromRows(rows))
			return err
		})
		if err != nil {
			return err
		}
		for _, table := range []string{"users", "devices"} {
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce((SELECT max(id) FROM `+table+`), 0) + 1, false)`, table); err != nil {
				return err
			}
		}
		return nil
	})
}

// Empty reports whether the database holds no user (tables.Store).
func (d *DB) Empty(ctx context.Context) (bool, error) {
	var users int64
	err := d.pool.QueryRow(ctx, "SELECT count(*) FROM users").Scan(&users)
	return users == 0, err
}
