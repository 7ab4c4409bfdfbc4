//go:build !(js && wasm)

package server

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/tables"
	"github.com/remoteml/sundown/app/ui"
)

// newShareID is what a device picks as a share's id.
func newShareID() string {
	b := make([]byte, protocol.ShareIDBytes)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func shareBody(id string, ciphertext []byte, days int) string {
	b, _ := json.Marshal(protocol.ShareRequest{ID: id, Label: []byte("sealed label"), Ciphertext: ciphertext, Days: days})
	return string(b)
}

// clockedServer is a sync server whose clock the test moves, logging into logs.
func clockedServer(t *testing.T, db Storage, clock *atomic.Int64, logs io.Writer) *syncServer {
	t.Helper()
	h, err := New(Config{Pages: ui.Pages(), Files: os.DirFS(fakeBuild(t, "x", false)), Log: slog.New(slog.NewTextHandler(logs, nil)), Sync: db,
		Now: func() time.Time { return time.Unix(clock.Load(), 0) }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &syncServer{t: t, db: db, srv: srv}
}

func TestSharedLinksExpireAndAreRevokedByTheServer(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		var clock atomic.Int64
		start := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)
		clock.Store(start.Unix())
		var logs bytes.Buffer
		db := open(t)
		s := clockedServer(t, db, &clock, &logs)
		ana, bob := s.pair("ana"), s.pair("bob")
		ciphertext := []byte("ciphertext-only-the-fragment-opens")

		week, month := newShareID(), newShareID()
		var made protocol.Share
		var refusal protocol.ErrorResponse
		if status := s.call("POST", "/api/shares", ana, shareBody(week, ciphertext, 7), &made); status != 200 {
			t.Fatalf("making a link: %d", status)
		}
		if made.ID != week || !made.Expires.Equal(start.AddDate(0, 0, 7)) {
			t.Fatalf("the link made: %+v", made)
		}
		if status := s.call("POST", "/api/shares", ana, shareBody(month, ciphertext, 30), nil); status != 200 {
			t.Fatalf("a second link: %d", status)
		}
		if status := s.call("POST", "/api/shares", bob, shareBody(week, ciphertext, 7), &refusal); status != 409 || refusal.Code != protocol.CodeShareIDTaken {
			t.Fatalf("an id already taken: %d %+v", status, refusal)
		}
		for name, body := range map[string]string{
			"no days":      shareBody(newShareID(), ciphertext, 0),
			"91 days":      shareBody(newShareID(), ciphertext, 91),
			"a short id":   shareBody("abc", ciphertext, 7),
			"nothing":      shareBody(newShareID(), nil, 7),
			"too large":    shareBody(newShareID(), make([]byte, protocol.MaxShareBytes+1), 7),
			"not JSON":     "{",
			"an odd field": `{"id":"` + newShareID() + `","days":7,"plaintext":"x"}`,
		} {
			if status := s.call("POST", "/api/shares", ana, body, nil); status != 400 && status != 413 {
				t.Errorf("%s: %d, want 400", name, status)
			}
		}
		if status := s.call("POST", "/api/shares", "", shareBody(newShareID(), ciphertext, 7), nil); status != 401 {
			t.Fatalf("without a token: %d", status)
		}

		// The owner lists them (never their ciphertext); another user sees none.
		var list protocol.SharesResponse
		if status := s.call("GET", "/api/shares", ana, "", &list); status != 200 || len(list.Shares) != 2 {
			t.Fatalf("ana's links: %d %+v", status, list)
		}
		if string(list.Shares[0].Label) != "sealed label" || list.Shares[0].Revoked {
			t.Fatalf("a listed link: %+v", list.Shares[0])
		}
		if status := s.call("GET", "/api/shares", bob, "", &list); status != 200 || len(list.Shares) != 0 {
			t.Fatalf("bob's links: %d %+v", status, list)
		}
		if status := s.call("DELETE", "/api/shares/"+week, bob, "", nil); status != 404 {
			t.Fatalf("bob revoking ana's link: %d, want 404", status)
		}

		// Anyone with the id reads the ciphertext, without a token, until it expires.
		var shared protocol.SharedResponse
		if status := s.call("GET", "/api/shared/"+week, "", "", &shared); status != 200 || !bytes.Equal(shared.Ciphertext, ciphertext) {
			t.Fatalf("opening the link: %d %q", status, shared.Ciphertext)
		}
		if status := s.call("GET", "/api/shared/"+newShareID(), "", "", &refusal); status != 404 || refusal.Code != protocol.CodeShareUnknown {
			t.Fatalf("an unknown link: %d %+v", status, refusal)
		}
		if status := s.call("GET", "/api/shared/..%2f..", "", "", nil); status != 404 {
			t.Fatalf("a malformed id: %d", status)
		}
		clock.Store(start.AddDate(0, 0, 7).Add(-time.Second).Unix())
		if status := s.call("GET", "/api/shared/"+week, "", "", nil); status != 200 {
			t.Fatalf("a second before it expires: %d", status)
		}
		clock.Store(start.AddDate(0, 0, 7).Unix())
		if status := s.call("GET", "/api/shared/"+week, "", "", &refusal); status != 410 || refusal.Code != protocol.CodeShareExpired {
			t.Fatalf("an expired link: %d %+v", status, refusal)
		}
		if rows := shareRows(t, db); rows[week] != nil || rows[month] == nil {
			t.Fatalf("after the week's link expired, its ciphertext is kept (%v) or the month's is not (%v)", rows[week] != nil, rows[month] != nil)
		}

		// Revoked, it stops at once and its ciphertext is gone from the database.
		if status := s.call("DELETE", "/api/shares/"+month, ana, "", nil); status != 200 {
			t.Fatalf("revoking: %d", status)
		}
		if status := s.call("GET", "/api/shared/"+month, "", "", &refusal); status != 410 || refusal.Code != protocol.CodeShareRevoked {
			t.Fatalf("a revoked link: %d %+v", status, refusal)
		}
		if status := s.call("DELETE", "/api/shares/"+month, ana, "", &refusal); status != 404 || refusal.Code != protocol.CodeShareGone || strings.Contains(refusal.Error, month) {
			t.Fatalf("revoking twice: %d %+v", status, refusal)
		}
		s.call("GET", "/api/shares", ana, "", &list)
		revoked := map[string]bool{}
		for _, share := range list.Shares {
			revoked[share.ID] = share.Revoked
		}
		if len(list.Shares) != 2 || !revoked[month] || revoked[week] {
			t.Fatalf("the list after revoking: %+v", list.Shares)
		}
		if rows := shareRows(t, db); rows[month] != nil {
			t.Fatalf("a revoked link's ciphertext is still stored: %q", rows[month])
		}

		// A link that expires unopened is forgotten when anyone makes a link.
		unopened := newShareID()
		s.call("POST", "/api/shares", bob, shareBody(unopened, ciphertext, 1), nil)
		clock.Store(start.AddDate(0, 0, 9).Unix())
		s.call("POST", "/api/shares", ana, shareBody(newShareID(), ciphertext, 1), nil)
		if rows := shareRows(t, db); rows[unopened] != nil {
			t.Fatalf("the ciphertext of an expired link is still stored")
		}
		if strings.Contains(logs.String(), week) || strings.Contains(logs.String(), month) {
			t.Fatalf("the logs hold a link's id:\n%s", logs.String())
		}
	})
}

// shareRows reads each share's stored ciphertext, as a copy of the database would.
func shareRows(t *testing.T, db Storage) map[string][]byte {
	t.Helper()
	snap, err := db.Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	rows := map[string][]byte{}
	var table tables.Table
	for _, tb := range tables.All {
		if tb.Name == "shares" {
			table = tb
		}
	}
	err = snap.ReadRows(t.Context(), table, func(row []any) error {
		ciphertext, _ := row[3].([]byte)
		rows[row[0].(string)] = ciphertext
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestLiveLinksAreBounded(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), RateLimits{PairPerSecond: 1, PairBurst: 5, APIPerSecond: 1000, APIBurst: 1000})
		ana := s.pair("ana")
		for i := range protocol.MaxLiveShares {
			if status := s.call("POST", "/api/shares", ana, shareBody(newShareID(), []byte("c"), 1), nil); status != 200 {
				t.Fatalf("link %d: %d", i+1, status)
			}
		}
		var refusal protocol.ErrorResponse
		if status := s.call("POST", "/api/shares", ana, shareBody(newShareID(), []byte("c"), 1), &refusal); status != 403 || refusal.Code != protocol.CodeTooManyShares {
			t.Fatalf("link %d: %d %+v", protocol.MaxLiveShares+1, status, refusal)
		}
		var list protocol.SharesResponse
		s.call("GET", "/api/shares", ana, "", &list)
		s.call("DELETE", "/api/shares/"+list.Shares[0].ID, ana, "", nil)
		if status := s.call("POST", "/api/shares", ana, shareBody(newShareID(), []byte("c"), 1), nil); status != 200 {
			t.Fatalf("a link after revoking one: %d", status)
		}
	})
}

func TestOpeningLinksIsRateLimited(t *testing.T) {
	s := newSyncServer(t, RateLimits{PairPerSecond: 1, PairBurst: 5, APIPerSecond: 100, APIBurst: 100, SharedPerSecond: 0.01, SharedBurst: 3})
	id := newShareID()
	for i := range 3 {
		if status := s.call("GET", "/api/shared/"+id, "", "", nil); status != 404 {
			t.Fatalf("request %d: %d", i+1, status)
		}
	}
	if status := s.call("GET", "/api/shared/"+id, "", "", nil); status != 429 {
		t.Fatalf("past the burst: %d, want 429", status)
	}
	if !strings.Contains(s.scrape(), `sundown_rate_limited_total{limit="shared"} 1`) {
		t.Fatalf("the refusal is not counted:\n%s", s.scrape())
	}
}
