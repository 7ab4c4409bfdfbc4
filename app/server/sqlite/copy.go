//go:build !(js && wasm)

package sqlite

import (
	"context"
	"strings"

	"github.com/remoteml/sundown/app/server/tables"
)

// ReadRows reads every row of t in key order (tables.Store).
func (d *DB) ReadRows(ctx context.Context, t tables.Table, each func([]any) error) error {
	rows, err := d.db.QueryContext(ctx, "SELECT "+columnList(t)+" FROM "+t.Name+" ORDER BY "+t.OrderBy)
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
		_, err := tx.ExecContext(ctx, "INSERT INTO "+t.Name+" ("+columnList(t)+") VALUES "+strings.Join(values, ", "), args...)
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

func columnList(t tables.Table) string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}
