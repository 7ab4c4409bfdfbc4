//go:build !(js && wasm)

package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/remoteml/sundown/app/server/postgres"
	"github.com/remoteml/sundown/app/server/postgres/pgtest"
	"github.com/remoteml/sundown/app/server/sqlite"
)

// opener makes an empty database of one storage engine for a test.
type opener func(t testing.TB) Storage

// engines are the storage engines: every behaviour of the sync store is
// tested on each, through the same HTTP API (the conformance suite).
var engines = []struct {
	name string
	open opener
}{
	{"sqlite", openSQLite},
	{"postgres", openPostgres},
}

func openSQLite(t testing.TB) Storage {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "sundown.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openPostgres makes a new database on the test binary's own PostgreSQL
// cluster (see pgtest).
func openPostgres(t testing.TB) Storage {
	t.Helper()
	db, err := postgres.Open(context.Background(), pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// eachEngine runs test once per storage engine, as subtests.
func eachEngine(t *testing.T, test func(t *testing.T, open opener)) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { test(t, e.open) })
	}
}

// seedsFor is how many seeds a simulation runs on the engine of t's
// subtest: all of them on SQLite; a third on PostgreSQL, where the
// simulations add little to the storage tests above and take the most
// time (TestSyncSimulationOnTwoProcesses runs more there). Under the race
// detector, which makes SQLite (Go translated from C) eight times slower,
// a fifth of those: make unit runs every seed again without it.
func seedsFor(t *testing.T, seeds int) int {
	if strings.HasSuffix(t.Name(), "/postgres") {
		seeds /= 3
	}
	if raceDetector {
		seeds /= 5
	}
	return max(1, seeds)
}

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}
