//go:build !(js && wasm)

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/postgres/pgtest"
	"github.com/remoteml/sundown/app/server/sqlite"
	"github.com/remoteml/sundown/app/server/tables"
)

// sundown migrate copies a SQLite installation into PostgreSQL and back,
// checked, and a device's token and data work on the copy; it refuses a
// target that holds data; sundown backup of a PostgreSQL database writes a
// SQLite file that holds the same rows.
func TestMigrateBetweenEnginesAndBackUpPostgreSQL(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "sundown")
	goBuild(t, bin, ".")
	data := filepath.Join(dir, "data")
	out, err := exec.Command(bin, "user", "add", "ana", "--data", data).Output()
	if err != nil {
		t.Fatal(err)
	}
	code := strings.Fields(string(out))[4]
	if err := exec.Command(bin, "user", "add", "ben", "--data", data).Run(); err != nil { // a code left unspent is copied too
		t.Fatal(err)
	}
	addr := freeAddr(t)
	srv := startServer(t, bin, fakeWeb(t), data, addr)
	client := pairClient(t, "http://"+addr, code, 0)
	for i := range 20 {
		client.push(http.DefaultClient, i)
	}
	if client.acks == 0 {
		t.Fatal("no write was acknowledged")
	}
	before := client.pullAll(t)
	shareID := client.share(t)
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()

	pg := pgtest.Database(t)
	sqlitePath := filepath.Join(data, "sundown.db")
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	if out, err := run("migrate", "--from", "sqlite:"+sqlitePath, "--to", pg); err != nil || !strings.Contains(out, "Copied and checked") {
		t.Fatalf("migrate to PostgreSQL: %v\n%s", err, out)
	} else if !strings.Contains(out, "records") {
		t.Errorf("migrate says nothing of what it copied:\n%s", out)
	}
	if out, err := run("migrate", "--from", "sqlite:"+sqlitePath, "--to", pg); err == nil || !strings.Contains(out, "holds data already") {
		t.Fatalf("a second migrate into the same database: %v\n%s", err, out)
	}
	if out, err := run("migrate", "--from", "sqlite:"+sqlitePath, "--to", "mysql://x"); err == nil || !strings.Contains(out, "postgres://") {
		t.Fatalf("a target of no known kind: %v\n%s", err, out)
	}

	// The device's token works on the copy, and reads the same records.
	srv = startServer(t, bin, fakeWeb(t), "", addr, "--db", pg)
	after := client.pullAll(t)
	client.wantShared(t, shareID)
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	if fmt.Sprint(after) != fmt.Sprint(before) || len(after) == 0 {
		t.Fatalf("after the move to PostgreSQL the device reads %d records, before %d", len(after), len(before))
	}
	if out, err := run("device", "list", "--db", pg); err != nil || !strings.Contains(out, "ana") {
		t.Fatalf("device list on PostgreSQL: %v\n%s", err, out)
	}

	// Back to SQLite, and a backup of PostgreSQL: the same rows as at first.
	back := filepath.Join(dir, "back.db")
	if out, err := run("migrate", "--from", pg, "--to", "sqlite:"+back); err != nil {
		t.Fatalf("migrate back to SQLite: %v\n%s", err, out)
	}
	copyPath := filepath.Join(dir, "pg-backup.db")
	if out, err := run("backup", copyPath, "--db", pg); err != nil || !strings.Contains(out, "Backup written") {
		t.Fatalf("backup of PostgreSQL: %v\n%s", err, out)
	}
	for _, path := range []string{back, copyPath} {
		sameRows(t, sqlitePath, path)
	}
}

// sameRows fails the test unless the SQLite files at a and b hold the same
// rows in every table.
func sameRows(t *testing.T, a, b string) {
	t.Helper()
	ctx := context.Background()
	var snaps []tables.Snapshot
	for _, path := range []string{a, b} {
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		snap, err := db.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer snap.Close()
		snaps = append(snaps, snap)
	}
	if _, err := tables.Verify(ctx, snaps[0], snaps[1]); err != nil {
		t.Fatalf("%s and %s: %v", filepath.Base(a), filepath.Base(b), err)
	}
}

// share makes a shared link through the API and returns its id.
func (c *crashClient) share(t *testing.T) string {
	t.Helper()
	id := base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{7}, protocol.ShareIDBytes))
	body, _ := json.Marshal(protocol.ShareRequest{ID: id, Label: []byte("label"), Ciphertext: []byte("shared ciphertext"), Days: 7})
	req, _ := http.NewRequest("POST", c.url+"/api/shares", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("making a link: %v %v", err, resp)
	}
	resp.Body.Close()
	return id
}

// wantShared fails the test unless the link opens with what share stored.
func (c *crashClient) wantShared(t *testing.T, id string) {
	t.Helper()
	resp, err := http.Get(c.url + "/api/shared/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var shared protocol.SharedResponse
	if err := json.NewDecoder(resp.Body).Decode(&shared); err != nil || string(shared.Ciphertext) != "shared ciphertext" {
		t.Fatalf("the link after the move: %d %v %q", resp.StatusCode, err, shared.Ciphertext)
	}
}
