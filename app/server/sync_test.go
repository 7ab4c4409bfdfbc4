//go:build !(js && wasm)

package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/sqlite"
	"github.com/remoteml/sundown/app/ui"
)

// syncServer is a sync server on a real SQLite file, as in production.
type syncServer struct {
	t       testing.TB
	db      Storage
	srv     *httptest.Server
	path    string   // the database file
	metrics *Metrics // counting all along, as with --metrics
}

func newSyncServer(t testing.TB, limits ...RateLimits) *syncServer {
	t.Helper()
	return newSyncServerAt(t, filepath.Join(t.TempDir(), "sundown.db"), limits...)
}

// newSyncServerAt serves the SQLite database at path, new or restored from
// a backup.
func newSyncServerAt(t testing.TB, path string, limits ...RateLimits) *syncServer {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return newSyncServerOn(t, db, limits...)
}

// newSyncServerOn serves db, of either engine.
func newSyncServerOn(t testing.TB, db Storage, limits ...RateLimits) *syncServer {
	t.Helper()
	cfg := Config{Pages: ui.Pages(), Files: os.DirFS(fakeBuild(t, "x", false)), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sync: db, Metrics: NewMetrics()}
	if len(limits) > 0 {
		cfg.Limits = &limits[0]
	}
	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &syncServer{t: t, db: db, srv: srv, metrics: cfg.Metrics}
	if file, ok := db.(interface{ Path() string }); ok {
		s.path = file.Path()
	}
	return s
}

// pair creates user (if needed) and pairs a device, returning its token.
func (s *syncServer) pair(user string) string {
	s.t.Helper()
	code := NewPairingCode()
	ctx, now := context.Background(), time.Now()
	if err := s.db.AddUser(ctx, user, HashSecret(NormalizeCode(code)), now.Add(time.Hour), now); err != nil {
		if err := s.db.AddCode(ctx, user, HashSecret(NormalizeCode(code)), now.Add(time.Hour)); err != nil {
			s.t.Fatal(err)
		}
	}
	var resp protocol.PairResponse
	if status := s.call("POST", "/api/pair", "", fmt.Sprintf(`{"code":%q,"device_name":"test"}`, strings.ToLower(code)), &resp); status != 200 {
		s.t.Fatalf("pairing: %d", status)
	}
	return resp.Token
}

// call sends a request and decodes the JSON answer into out; it returns the status.
func (s *syncServer) call(method, path, token, body string, out any) int {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		json.Unmarshal(data, out)
	}
	return resp.StatusCode
}

func pushBody(muts ...protocol.Mutation) string {
	b, _ := json.Marshal(protocol.PushRequest{Mutations: muts})
	return string(b)
}

func put(mid int64, id string, base int64, text string) protocol.Mutation {
	return protocol.Mutation{MID: mid, RecordID: id, BaseVersion: base, Ciphertext: []byte(text)}
}

// snapshot is everything a user's device can learn from the server.
func (s *syncServer) snapshot(token string) string {
	s.t.Helper()
	var page protocol.PullResponse
	if status := s.call("GET", "/api/pull?since=0&limit=1000", token, "", &page); status != 200 {
		s.t.Fatalf("pull: %d", status)
	}
	b, _ := json.Marshal(page)
	return string(b)
}

func TestPushPullAndConflicts(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t))
		a := s.pair("ana")
		var resp protocol.PushResponse
		s.call("POST", "/api/push", a, pushBody(put(1, "day-1", 0, "v1"), put(2, "day-2", 0, "w1")), &resp)
		if len(resp.Results) != 2 || resp.Results[0].Version != 1 || resp.Results[1].Version != 2 {
			t.Fatalf("results = %+v", resp.Results)
		}
		// An edit based on an old version is a conflict and overwrites nothing.
		s.call("POST", "/api/push", a, pushBody(put(3, "day-1", 1, "v2"), put(4, "day-1", 1, "v2-stale")), &resp)
		if resp.Results[0].Status != "applied" || resp.Results[1].Status != "conflict" || string(resp.Results[1].Current.Ciphertext) != "v2" {
			t.Fatalf("results = %+v", resp.Results)
		}
		// A delete is a tombstone with a version.
		s.call("POST", "/api/push", a, pushBody(protocol.Mutation{MID: 5, RecordID: "day-2", BaseVersion: 2, Deleted: true}), &resp)
		var page protocol.PullResponse
		s.call("GET", "/api/pull?since=2&limit=1", a, "", &page)
		if len(page.Records) != 1 || page.Records[0].RecordID != "day-1" || !page.More || page.Next != 3 {
			t.Fatalf("page 1 = %+v", page)
		}
		s.call("GET", "/api/pull?since=3", a, "", &page)
		if len(page.Records) != 1 || !page.Records[0].Deleted || page.Records[0].Version != 4 || page.More {
			t.Fatalf("page 2 = %+v", page)
		}
	})
}

func TestRetriedPushGetsTheSameAnswerAndChangesNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t))
		a := s.pair("ana")
		body := pushBody(put(1, "r", 0, "one"), put(2, "r", 1, "two"))
		var first, again protocol.PushResponse
		s.call("POST", "/api/push", a, body, &first)
		before := s.snapshot(a)
		s.call("POST", "/api/push", a, body, &again)
		if fmt.Sprint(first) != fmt.Sprint(again) || s.snapshot(a) != before {
			t.Fatalf("a retry changed the answer or the data:\n%+v\n%+v", first, again)
		}
		// A batch that starts with old mids and goes on with new ones works too.
		s.call("POST", "/api/push", a, pushBody(put(2, "r", 1, "two"), put(3, "r", 2, "three")), &again)
		if again.Results[0] != first.Results[1] || again.Results[1].Version != 3 {
			t.Fatalf("mixed batch = %+v", again.Results)
		}
	})
}

func TestCursorBeyondTheSequenceAsksForResync(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t))
		a := s.pair("ana")
		s.call("POST", "/api/push", a, pushBody(put(1, "r", 0, "x")), nil)
		var e protocol.ErrorResponse
		if status := s.call("GET", "/api/pull?since=2", a, "", &e); status != http.StatusGone || e.Code != "resync_required" {
			t.Fatalf("%d %+v", status, e)
		}
	})
}

// TestUsersNeverSeeEachOther tries every endpoint with the other user's
// token and record ids.
func TestUsersNeverSeeEachOther(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t))
		a, b := s.pair("ana"), s.pair("ben")
		s.call("POST", "/api/push", a, pushBody(put(1, "ana-secret", 0, "ana's words")), nil)
		anaBefore := s.snapshot(a)

		var resp protocol.PushResponse
		s.call("POST", "/api/push", b, pushBody(put(1, "ana-secret", 1, "ben was here")), &resp)
		if resp.Results[0].Status != "conflict" || resp.Results[0].Current != nil {
			t.Fatalf("ben learned of ana's record: %+v", resp.Results[0])
		}
		s.call("POST", "/api/push", b, pushBody(put(2, "ana-secret", 0, "ben's own")), &resp)
		if resp.Results[0].Version != 1 {
			t.Fatalf("ben's own record: %+v", resp.Results[0])
		}
		if strings.Contains(s.snapshot(b), "ana") && strings.Contains(s.snapshot(b), base64.StdEncoding.EncodeToString([]byte("ana's words"))) {
			t.Fatal("ben pulled ana's record")
		}
		if s.snapshot(a) != anaBefore {
			t.Fatal("ben's pushes changed ana's data")
		}
		// A revoked device is refused at once.
		devices, _ := s.db.Devices(context.Background(), "ben")
		s.db.Revoke(context.Background(), devices[0].ID, time.Now())
		if status := s.call("GET", "/api/pull", b, "", nil); status != 401 {
			t.Fatalf("revoked token: %d", status)
		}
	})
}

// TestBadRequestsChangeNothing sends each kind of bad input and checks the
// status, the message and that the data did not change.
func TestBadRequestsChangeNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t))
		a := s.pair("ana")
		s.call("POST", "/api/push", a, pushBody(put(1, "r", 0, "x")), nil)
		before := s.snapshot(a)
		many := make([]protocol.Mutation, 501)
		for i := range many {
			many[i] = put(int64(i+2), "r", 0, "x")
		}
		cases := []struct {
			name, method, path, token, body string
			status                          int
			want                            string
		}{
			{"no token", "POST", "/api/push", "", pushBody(put(2, "r", 1, "y")), 401, "Authorization: Bearer"},
			{"bad token", "POST", "/api/push", "not-a-token", pushBody(put(2, "r", 1, "y")), 401, "pair this device again"},
			{"too large", "POST", "/api/push", a, `{"mutations":[{"mid":2,"record_id":"r","base_version":1,"ciphertext":"` + strings.Repeat("A", 1<<20) + `"}]}`, 413, "over 1048576 bytes"},
			{"too many", "POST", "/api/push", a, pushBody(many...), 400, "501 in one push; send at most 500"},
			{"record too big", "POST", "/api/push", a, pushBody(put(2, "r", 1, strings.Repeat("x", 64<<10+1))), 400, "a record holds at most 65536"},
			{"unknown field", "POST", "/api/push", a, `{"mutations":[],"colour":1}`, 400, `unknown field "colour"`},
			{"wrong type", "POST", "/api/push", a, `{"mutations":[{"mid":"two","record_id":"r","base_version":1,"ciphertext":"eA=="}]}`, 400, `field "mutations.mid" must be int64`},
			{"bad base64", "POST", "/api/push", a, `{"mutations":[{"mid":2,"record_id":"r","base_version":1,"ciphertext":"!!"}]}`, 400, "not valid base64"},
			{"truncated", "POST", "/api/push", a, `{"mutations":[{"mid":2`, 400, "ends too early"},
			{"gap", "POST", "/api/push", a, pushBody(put(5, "r", 1, "y")), 409, "skip one"},
			{"negative version", "POST", "/api/push", a, pushBody(put(2, "r", -1, "y")), 400, "negative"},
			{"negative cursor", "GET", "/api/pull?since=-1", a, "", 400, "since: must be a whole number"},
			{"cursor not a number", "GET", "/api/pull?since=abc", a, "", 400, "since: must be a whole number"},
			{"limit too big", "GET", "/api/pull?limit=5000", a, "", 400, "limit: must be a whole number from 1 to 1000"},
			{"bad pairing code", "POST", "/api/pair", "", `{"code":"AAAA-BBBB-CCCC","device_name":"x"}`, 401, "pairing code is unknown"},
		}
		for _, c := range cases {
			var e protocol.ErrorResponse
			status := s.call(c.method, c.path, c.token, c.body, &e)
			if status != c.status || !strings.Contains(e.Error, c.want) {
				t.Errorf("%s: %d %q, want %d and %q", c.name, status, e.Error, c.status, c.want)
			}
			if after := s.snapshot(a); after != before {
				t.Fatalf("%s changed the data", c.name)
			}
		}
	})
}

func TestPairingIsRateLimited(t *testing.T) {
	s := newSyncServer(t)
	var limited *http.Response
	for range 10 {
		resp, err := http.Post(s.srv.URL+"/api/pair", "application/json", strings.NewReader(`{"code":"AAAA","device_name":"x"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			limited = resp
			break
		}
	}
	if limited == nil || limited.Header.Get("Retry-After") == "" {
		t.Fatal("ten guesses at a pairing code in a row were all allowed, or no Retry-After")
	}
}

// Behind a proxy on this machine, each client is counted by the address the
// proxy adds to X-Forwarded-For; the header counts for nothing otherwise.
func TestPairingLimitsCountClientsBehindAProxy(t *testing.T) {
	guesses := func(s *syncServer, forwardedFor string) (allowed int) {
		for range 10 {
			req, _ := http.NewRequest("POST", s.srv.URL+"/api/pair", strings.NewReader(`{"code":"AAAA","device_name":"x"}`))
			req.Header.Set("X-Forwarded-For", forwardedFor)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusTooManyRequests {
				allowed++
			}
		}
		return allowed
	}
	proxied := DefaultLimits
	proxied.BehindProxy = true
	s := newSyncServer(t, proxied)
	first := guesses(s, "203.0.113.9, 198.51.100.1") // a client's own header, then the proxy's hop
	if second := guesses(s, "198.51.100.2"); first == 10 || second != first {
		t.Errorf("behind a proxy: %d and %d guesses allowed to two clients, want the same limit for each", first, second)
	}
	if spoofed := guesses(s, "203.0.113.9, 198.51.100.1"); spoofed != 0 {
		t.Errorf("a client counted again under a header of its own choosing: %d allowed", spoofed)
	}

	direct := newSyncServer(t)
	guesses(direct, "198.51.100.3")
	if again := guesses(direct, "198.51.100.4"); again != 0 {
		t.Errorf("without --behind-proxy, X-Forwarded-For gave a client %d more guesses", again)
	}
}

// A device over its rate gets 429 with Retry-After on pulls and pushes
// alike, each device counted on its own, and a bad token is refused before
// it can use up anyone's rate.
func TestDeviceRequestsAreRateLimited(t *testing.T) {
	s := newSyncServer(t, RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 0.01, APIBurst: 3})
	busy, other := s.pair("ana"), s.pair("ana")
	for i := range 3 {
		if status := s.call("GET", "/api/pull?since=0", busy, "", nil); status != http.StatusOK {
			t.Fatalf("pull %d within the burst: %d", i+1, status)
		}
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/pull?since=0", ""},
		{"POST", "/api/push", pushBody(put(1, "day-1", 0, "x"))},
	} {
		req, _ := http.NewRequest(c.method, s.srv.URL+c.path, strings.NewReader(c.body))
		req.Header.Set("Authorization", "Bearer "+busy)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s %s over the rate: %d, Retry-After %q", c.method, c.path, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	if status := s.call("GET", "/api/pull?since=0", "not-a-token", "", nil); status != http.StatusUnauthorized {
		t.Errorf("a bad token: %d, want 401", status)
	}
	if status := s.call("GET", "/api/pull?since=0", other, "", nil); status != http.StatusOK {
		t.Errorf("another device of the same user: %d, want 200", status)
	}
}

func TestPairingCodeWorksOnce(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t))
		code := NewPairingCode()
		s.db.AddUser(context.Background(), "ana", HashSecret(NormalizeCode(code)), time.Now().Add(time.Hour), time.Now())
		body := fmt.Sprintf(`{"code":%q,"device_name":"phone"}`, code)
		if status := s.call("POST", "/api/pair", "", body, nil); status != 200 {
			t.Fatalf("first use: %d", status)
		}
		if status := s.call("POST", "/api/pair", "", body, nil); status != 401 {
			t.Fatalf("second use: %d", status)
		}
		expired := NewPairingCode()
		s.db.AddCode(context.Background(), "ana", HashSecret(NormalizeCode(expired)), time.Now().Add(-time.Minute))
		if status := s.call("POST", "/api/pair", "", fmt.Sprintf(`{"code":%q,"device_name":"x"}`, expired), nil); status != 401 {
			t.Fatalf("expired code: %d", status)
		}
	})
}

func TestUnwritableDatabaseIsNotAcknowledged(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t))
		a := s.pair("ana")
		s.db.Close()
		var e protocol.ErrorResponse
		if status := s.call("POST", "/api/push", a, pushBody(put(1, "r", 0, "x")), &e); status != 503 || e.Code != "unavailable" {
			t.Fatalf("%d %+v", status, e)
		}
		resp, _ := http.Get(s.srv.URL + "/readyz")
		if resp.StatusCode != 503 {
			t.Fatalf("readyz with the database gone: %d", resp.StatusCode)
		}
	})
}

func TestHealthAndHeaders(t *testing.T) {
	s := newSyncServer(t)
	for _, path := range []string{"/healthz", "/readyz", "/api/pull"} {
		resp, err := http.Get(s.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s headers: %v", path, resp.Header)
		}
	}
}

// FuzzPushBody throws arbitrary bodies at the push decoder: it must never
// panic, and it answers with one of the statuses the protocol names.
func FuzzPushBody(f *testing.F) {
	for _, seed := range []string{pushBody(put(1, "r", 0, "x")), `{"mutations":[]}`, `{"mutations":[{"mid":1}]}`, `{`, `null`, `{"mutations":[{"mid":1,"record_id":"r","ciphertext":"!!"}]}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("POST", "/api/push", bytes.NewReader(body))
		var req protocol.PushRequest
		if decode(w, r, &req) {
			if err := req.Validate(); err == nil && len(req.Mutations) == 0 {
				t.Fatal("an empty push validated")
			}
			return
		}
		if w.Code != 400 && w.Code != 413 {
			t.Fatalf("status %d", w.Code)
		}
	})
}

func TestLogsHoldNoTokenCodePayloadOrDate(t *testing.T) {
	var logs bytes.Buffer
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "sundown.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, _ := New(Config{Pages: ui.Pages(), Files: os.DirFS(fakeBuild(t, "x", false)), Log: slog.New(slog.NewTextHandler(&logs, nil)), Sync: db})
	srv := httptest.NewServer(h)
	defer srv.Close()
	s := &syncServer{t: t, db: db, srv: srv}
	code := NewPairingCode()
	db.AddUser(context.Background(), "ana", HashSecret(NormalizeCode(code)), time.Now().Add(time.Hour), time.Now())
	var paired protocol.PairResponse
	s.call("POST", "/api/pair", "", fmt.Sprintf(`{"code":%q,"device_name":"laptop"}`, code), &paired)
	marker := "unique-marker-7f3a"
	s.call("POST", "/api/push", paired.Token, pushBody(put(1, "rec-5e1d9", 0, marker)), nil)
	s.call("GET", "/api/pull?since=0", paired.Token, "", nil)
	s.call("GET", "/history/2026-11-24", "", "", nil)
	text := logs.String()
	for _, secret := range []string{paired.Token, code, NormalizeCode(code), marker, base64.StdEncoding.EncodeToString([]byte(marker)), "2026-11-24", "laptop", "rec-5e1d9"} {
		if strings.Contains(text, secret) {
			t.Fatalf("the logs hold %q:\n%s", secret, text)
		}
	}
	for _, route := range []string{"route=/api/push", "route=/api/pull", "route=/history/…"} {
		if !strings.Contains(text, route) {
			t.Fatalf("no %s in the logs:\n%s", route, text)
		}
	}
}
