//go:build !(js && wasm)

package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/seal"
	"github.com/remoteml/sundown/app/store"
)

// A link made as the export card makes it opens as the shared page opens it,
// through a real server; the server never holds what it shows.
func TestASharedWeekOpensOnlyWithItsWholeLink(t *testing.T) {
	url, db, code := syncTestServer(t)
	ctx := context.Background()
	paired, err := pairDevice(ctx, url, code(), "laptop")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := seal.NewKeyring("ana")
	if err != nil {
		t.Fatal(err)
	}
	cfg := store.SyncConfig{Server: url, Token: paired.Token, User: "ana", DataKey: keys.DataKey()}
	week := ritual.Range{From: ritual.Date{Year: 2026, Month: time.November, Day: 23}, To: ritual.Date{Year: 2026, Month: time.November, Day: 29}}
	day := ritual.NewDay(week.From)
	now := time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)
	day.AddWin("Shipped the quartz importer", now)
	day.AddUnseen(ritual.UnseenInput{Kind: ritual.KindDebugged, Text: "Chased the flaky upload", Learned: "The proxy drops idle sockets"}, now)
	proof := ritual.NewProof([]ritual.Day{day}, week, ritual.DefaultDayEnds)

	client := newShareClient(url, cfg.Token)
	link, err := shareProof(ctx, cfg, client, proof, 7)
	if err != nil {
		t.Fatal(err)
	}
	path, fragment, ok := strings.Cut(strings.TrimPrefix(link.URL, url), "#")
	id := strings.TrimPrefix(path, PathShared)
	if !ok || !strings.HasPrefix(path, PathShared) || id != link.Share.ID || !protocol.ValidShareID(id) {
		t.Fatalf("the link %q", link.URL)
	}

	for _, file := range []string{db.Path(), db.Path() + "-wal"} {
		stored, _ := os.ReadFile(file)
		for _, secret := range []string{"quartz importer", "flaky upload", "idle sockets", fragment} {
			if bytes.Contains(stored, []byte(secret)) {
				t.Fatalf("%s holds %q", filepath.Base(file), secret)
			}
		}
	}

	viewer := newShareClient(url, "") // no account
	got, expires, err := openShared(ctx, viewer, id, "#"+fragment)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, proof) || !expires.Equal(link.Share.Expires) {
		t.Fatalf("opened %+v (expires %v), shared %+v", got, expires, proof)
	}

	// A changed character of the key, a key cut short, or none: refused, plainly.
	flipped := []byte(fragment)
	flipped[10] ^= 'A' ^ 'B'
	if flipped[10] == fragment[10] {
		t.Fatal("nothing flipped")
	}
	for name, f := range map[string]string{"a changed key": string(flipped), "a key cut short": fragment[:30], "no key": ""} {
		if _, _, err := openShared(ctx, viewer, id, "#"+f); !errors.Is(err, seal.ErrShareDamaged) {
			t.Errorf("%s: %v", name, err)
		}
	}

	// The account's list names the range; revoked, the link says so.
	shares, err := client.Shares(ctx)
	if err != nil || len(shares) != 1 {
		t.Fatalf("the list: %v %+v", err, shares)
	}
	if r, ok := shareRange(keys, shares[0]); !ok || r != week {
		t.Fatalf("the listed range: %v %v", r, ok)
	}
	if err := client.RevokeShare(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, _, err := openShared(ctx, viewer, id, "#"+fragment); err == nil || !strings.Contains(err.Error(), "withdrawn") {
		t.Fatalf("a revoked link: %v", err)
	}
	for _, unknown := range []string{newShareID(), id[:10], ""} {
		if _, _, err := openShared(ctx, viewer, unknown, "#"+fragment); err == nil || !strings.Contains(err.Error(), "no shared record") {
			t.Fatalf("the link %q: %v", unknown, err)
		}
	}
}
