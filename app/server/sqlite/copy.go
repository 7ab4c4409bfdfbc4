//go:build !(js && wasm)

package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/remoteml/sundown/app/server/tables"
)

// snapshot reads in one read transaction: in WAL mode it sees the
// database as it was when it began, while pushes go on.
type snapshot struct{ tx *sql.Tx }

// Snapshot starts reading the database as it is now (tables.Store).
func (d *DB) Snapshot(ctx context.Context) (tables.Snapshot, error) {
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	return snapshot{tx}, nil
}

func (s snapshot) Close() error { return s.tx.Rollback() }

// ReadRows reads every row of t in key order (tables.Source).
func (s snapshot) ReadRows(ctx context.Context, t tables.Table, each func([]any) error) error {
	rows, err := s.tx.QueryContext(ctx, "SELECT "+t.ColumnList()+" FROM "+t.Name+" ORDER BY "+t.OrderBy)
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

// Import writes rows into the tables in one transaction (tables.Store).
func (d *DB) Import(ctx context.Context, fill func(write func(tables.Table, [][]any) error) error) error {
	d.writing.Lock()
	defer d.writing.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	err = fill(func(t tables.Table, rows [][]any) error {
		placeholders := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.Columns)), ", ") + ")"
		values := make([]string, len(rows))
		var args []any
		for i, row := range rows {
			values[i] = placeholders
			args = append(args, row...)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO "+t.Name+" ("+t.ColumnList()+") VALUES "+strings.Join(values, ", "), args...)
		return err
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}

// Empty reports whether the database holds no user (tables.Store).
func (d *DB) Empty(ctx context.Context) (bool, error) {
	var users int64
	err := d.db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&users)
	return users == 0, err
}
