// Package tables describes the sync database's tables once, for both
// storage engines (SQLite, PostgreSQL), and copies a whole database from
// one to the other with a check that the copy is exact: sundown migrate,
// and the backups of a PostgreSQL installation (written as a SQLite file).
package tables

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"
)

// Kind is how a column's values are read and compared.
type Kind int

const (
	Int      Kind = iota // int64
	Text                 // string
	Bytes                // []byte (nil when NULL)
	Bool                 // bool
	NullText             // string, or nil when NULL
)

// Column is one column of a table.
type Column struct {
	Name string
	Kind Kind
}

// Table is one table, with the order its rows are read in (its key).
type Table struct {
	Name    string
	Columns []Column
	OrderBy string
}

// All are the tables, each after the ones it refers to.
var All = []Table{
	{"users", []Column{{"id", Int}, {"name", Text}, {"seq", Int}, {"created", Text}, {"record_count", Int}, {"byte_count", Int}}, "id"},
	{"pairing_codes", []Column{{"code_hash", Bytes}, {"user_id", Int}, {"expires", Text}}, "code_hash"},
	{"devices", []Column{{"id", Int}, {"user_id", Int}, {"name", Text}, {"token_hash", Bytes}, {"created", Text}, {"revoked", NullText}, {"last_mid", Int}}, "id"},
	{"records", []Column{{"user_id", Int}, {"record_id", Text}, {"version", Int}, {"deleted", Bool}, {"ciphertext", Bytes}}, "user_id, record_id"},
	{"mutation_results", []Column{{"device_id", Int}, {"mid", Int}, {"result", Text}}, "device_id, mid"},
	{"shares", []Column{{"id", Text}, {"user_id", Int}, {"label", Bytes}, {"ciphertext", Bytes}, {"created", Int}, {"expires", Int}, {"revoked", Int}}, "id"},
}

// ColumnNames are the columns' names, in order.
func (t Table) ColumnNames() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// ColumnList is the columns' names, comma-separated, for SELECT and INSERT.
func (t Table) ColumnList() string { return strings.Join(t.ColumnNames(), ", ") }

// ScanTargets are fresh destinations for one row of t, for a driver's Scan.
func (t Table) ScanTargets() []any {
	targets := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		switch c.Kind {
		case Int:
			targets[i] = new(int64)
		case Text:
			targets[i] = new(string)
		case Bytes:
			targets[i] = new([]byte)
		case Bool:
			targets[i] = new(bool)
		case NullText:
			targets[i] = new(*string)
		}
	}
	return targets
}

// Values turns scanned targets into the row's values: int64, string,
// []byte, bool, or nil for a NULL.
func (t Table) Values(targets []any) []any {
	row := make([]any, len(targets))
	for i, target := range targets {
		switch v := target.(type) {
		case *int64:
			row[i] = *v
		case *string:
			row[i] = *v
		case *[]byte:
			row[i] = *v
		case *bool:
			row[i] = *v
		case **string:
			if *v != nil {
				row[i] = **v
			}
		}
	}
	return row
}

// Source is what rows are read from.
type Source interface {
	// ReadRows calls each with every row of t, in t.OrderBy order.
	ReadRows(ctx context.Context, t Table, each func(row []any) error) error
}

// Snapshot is a Source that reads the database as it was at one moment,
// however it changes meanwhile (a read-only transaction).
type Snapshot interface {
	Source
	Close() error
}

// Store is a database a copy reads from or writes into.
type Store interface {
	// Snapshot starts reading the database as it is now.
	Snapshot(ctx context.Context) (Snapshot, error)
	// Import writes everything fill writes in one transaction: a failed
	// copy leaves the target as empty as it was.
	Import(ctx context.Context, fill func(write func(t Table, rows [][]any) error) error) error
	// Empty reports whether the store holds no user at all.
	Empty(ctx context.Context) (bool, error)
}

// Summary is a table's row count and a checksum of its rows.
type Summary struct {
	Table string
	Rows  int64
	Sum   string
}

// batch is how many rows go to the target at once.
const batch = 500

// ErrNotEmpty is a copy refused because the target holds data.
var ErrNotEmpty = errors.New("the target holds data already: a copy goes only into an empty database, so that nothing in it is overwritten")

// Copy copies every table of from, as it is at the start, into to, which
// must be empty, then reads both again and compares their row counts and
// checksums, table by table.
func Copy(ctx context.Context, from, to Store) ([]Summary, error) {
	empty, err := to.Empty(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the target: %w", err)
	}
	if !empty {
		return nil, ErrNotEmpty
	}
	src, err := from.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the source: %w", err)
	}
	defer src.Close()
	err = to.Import(ctx, func(write func(Table, [][]any) error) error {
		for _, t := range All {
			var rows [][]any
			err := src.ReadRows(ctx, t, func(row []any) error {
				rows = append(rows, row)
				if len(rows) < batch {
					return nil
				}
				err := write(t, rows)
				rows = nil
				return err
			})
			if err == nil && len(rows) > 0 {
				err = write(t, rows)
			}
			if err != nil {
				return fmt.Errorf("copying %s: %w", t.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	dst, err := to.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the copy: %w", err)
	}
	defer dst.Close()
	return Verify(ctx, src, dst)
}

// Verify compares the row counts and checksums of every table of a and b.
func Verify(ctx context.Context, a, b Source) ([]Summary, error) {
	var summaries []Summary
	for _, t := range All {
		sa, err := Summarize(ctx, a, t)
		if err != nil {
			return nil, err
		}
		sb, err := Summarize(ctx, b, t)
		if err != nil {
			return nil, err
		}
		if sa != sb {
			return nil, fmt.Errorf("the copy of %s differs: %d rows (checksum %s) copied, %d rows (checksum %s) read back", t.Name, sa.Rows, sa.Sum, sb.Rows, sb.Sum)
		}
		summaries = append(summaries, sa)
	}
	return summaries, nil
}

// Summarize counts t's rows in s and hashes them, in key order.
func Summarize(ctx context.Context, s Source, t Table) (Summary, error) {
	h := sha256.New()
	sum := Summary{Table: t.Name}
	err := s.ReadRows(ctx, t, func(row []any) error {
		sum.Rows++
		hashRow(h, row)
		return nil
	})
	if err != nil {
		return Summary{}, fmt.Errorf("reading %s: %w", t.Name, err)
	}
	sum.Sum = hex.EncodeToString(h.Sum(nil))[:16]
	return sum, nil
}

// hashRow writes each value with its kind and length, so that no two rows
// hash alike by where one value ends and the next begins.
func hashRow(h hash.Hash, row []any) {
	var buf [9]byte
	for _, v := range row {
		switch v := v.(type) {
		case nil:
			h.Write([]byte{0})
		case int64:
			buf[0] = 1
			binary.BigEndian.PutUint64(buf[1:], uint64(v))
			h.Write(buf[:])
		case bool:
			buf[0], buf[1] = 2, 0
			if v {
				buf[1] = 1
			}
			h.Write(buf[:2])
		case string:
			writeLen(h, 3, len(v))
			h.Write([]byte(v))
		case []byte:
			writeLen(h, 4, len(v))
			h.Write(v)
		}
	}
}

func writeLen(h hash.Hash, tag byte, n int) {
	var buf [9]byte
	buf[0] = tag
	binary.BigEndian.PutUint64(buf[1:], uint64(n))
	h.Write(buf[:])
}
