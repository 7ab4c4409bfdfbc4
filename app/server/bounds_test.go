//go:build !(js && wasm)

package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/protocol"
)

var noLimits = RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6}

// A pull page of large records ends early, by bytes, and the next pages
// bring the rest: no answer grows with the records' size.
func TestPullPagesAreBoundedByBytes(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), noLimits)
		token := s.pair("ana")
		big := strings.Repeat("x", 60<<10)
		for batch := range 2 {
			var muts []protocol.Mutation
			for i := range 10 {
				n := int64(batch*10 + i + 1)
				muts = append(muts, put(n, fmt.Sprintf("day-%d", n), 0, big))
			}
			if status := s.call("POST", "/api/push", token, pushBody(muts...), nil); status != 200 {
				t.Fatalf("push: %d", status)
			}
		}
		seen := 0
		for since, pages := int64(0), 0; ; pages++ {
			var page protocol.PullResponse
			if status := s.call("GET", fmt.Sprintf("/api/pull?since=%d&limit=1000", since), token, "", &page); status != 200 {
				t.Fatalf("pull: %d", status)
			}
			size := 0
			for _, r := range page.Records {
				size += len(r.Ciphertext)
			}
			if size > protocol.MaxPullBytes || (page.More && len(page.Records) == 20) {
				t.Fatalf("a page of %d records and %d bytes", len(page.Records), size)
			}
			seen += len(page.Records)
			since = page.Next
			if !page.More {
				break
			}
			if pages > 10 {
				t.Fatal("the pages never end")
			}
		}
		if seen != 20 {
			t.Fatalf("the pages brought %d of 20 records", seen)
		}
	})
}

// The results kept for retries are bounded per device, and a retry of a
// mutation whose result is no longer kept is answered as a conflict with
// the record as it is, never as a failure: the device merges, nothing is
// applied twice.
func TestResultsForRetriesAreBounded(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), noLimits)
		token := s.pair("ana")
		mid := int64(0)
		for range 3 {
			var muts []protocol.Mutation
			for range protocol.MaxMutations {
				mid++
				muts = append(muts, put(mid, "the-day", mid-1, fmt.Sprintf("edit %d", mid)))
			}
			if status := s.call("POST", "/api/push", token, pushBody(muts...), nil); status != 200 {
				t.Fatalf("push: %d", status)
			}
		}
		var resp protocol.PushResponse
		if status := s.call("POST", "/api/push", token, pushBody(put(1, "the-day", 0, "edit 1")), &resp); status != 200 {
			t.Fatalf("a retry from long ago: %d", status)
		}
		r := resp.Results[0]
		if r.Status != protocol.StatusConflict || r.Current == nil || string(r.Current.Ciphertext) != fmt.Sprintf("edit %d", mid) {
			t.Fatalf("a retry from long ago: %+v", r)
		}
		// The latest batch is still answered with its stored results.
		if status := s.call("POST", "/api/push", token, pushBody(put(mid, "the-day", mid-1, "edit")), &resp); status != 200 || resp.Results[0].Status != protocol.StatusApplied || resp.Results[0].Version != mid {
			t.Fatalf("a retry of the last mutation: %+v", resp.Results)
		}
	})
}

// An account over its quota gets a clear refusal, and nothing of the push
// is stored; deleting still works.
func TestQuotaIsEnforced(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), noLimits)
		s.db.SetQuota(protocol.Quota{Records: 3, Bytes: 1 << 20})
		token := s.pair("ana")
		if status := s.call("POST", "/api/push", token, pushBody(put(1, "a", 0, "1"), put(2, "b", 0, "2"), put(3, "c", 0, "3")), nil); status != 200 {
			t.Fatalf("within the quota: %d", status)
		}
		var e protocol.ErrorResponse
		if status := s.call("POST", "/api/push", token, pushBody(put(4, "d", 0, "4")), &e); status != http.StatusForbidden ||
			e.Code != protocol.CodeQuotaExceeded || !strings.Contains(e.Error, "the quota is 3") || !strings.Contains(e.Error, "--quota-records") {
			t.Fatalf("over the quota: %d %+v", status, e)
		}
		if snap := s.snapshot(token); strings.Contains(snap, `"d"`) {
			t.Fatal("a record of the refused push was stored")
		}
		del := protocol.Mutation{MID: 4, RecordID: "a", BaseVersion: 1, Deleted: true}
		if status := s.call("POST", "/api/push", token, pushBody(del), nil); status != 200 {
			t.Fatalf("a delete within the quota: %d", status)
		}
		big := protocol.Mutation{MID: 5, RecordID: "b", BaseVersion: 2, Ciphertext: make([]byte, 60<<10)}
		s.db.SetQuota(protocol.Quota{Records: 3, Bytes: 10 << 10})
		if status := s.call("POST", "/api/push", token, pushBody(big), &e); status != http.StatusForbidden || !strings.Contains(e.Error, "MB") {
			t.Fatalf("over the byte quota: %d %+v", status, e)
		}
	})
}

// Unknown tokens from one address are refused, after a few, before any
// database work: 429 with Retry-After.
func TestUnknownTokensAreRateLimitedPerAddress(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), noLimits)
		limited := false
		for i := range DefaultLimits.BadTokenBurst + 5 {
			method, path := "GET", "/api/pull?since=0"
			if i%2 == 1 {
				method, path = "POST", "/api/push"
			}
			req, _ := http.NewRequest(method, s.srv.URL+path, strings.NewReader(pushBody(put(1, "x", 0, "y"))))
			req.Header.Set("Authorization", "Bearer guess-"+fmt.Sprint(i))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			switch resp.StatusCode {
			case http.StatusUnauthorized:
			case http.StatusTooManyRequests:
				limited = resp.Header.Get("Retry-After") != ""
			default:
				t.Fatalf("guess %d: %d", i, resp.StatusCode)
			}
		}
		if !limited {
			t.Fatalf("%d unknown tokens in a row from one address were all looked up", DefaultLimits.BadTokenBurst+5)
		}
	})
}

// A device name with control characters is refused (it would show in the
// admin's terminal and logs as it is).
func TestDeviceNamesWithControlCharactersAreRefused(t *testing.T) {
	s := newSyncServer(t, noLimits)
	code := NewPairingCode()
	if err := s.db.AddUser(context.Background(), "ana", HashSecret(NormalizeCode(code)), time.Now().Add(time.Hour), time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"phone\x1b[2J", "tab\there", "line\nbreak", "del\x7f", "in\u0085between"} {
		body := fmt.Sprintf(`{"code":%q,"device_name":%q}`, code, name)
		if status := s.call("POST", "/api/pair", "", body, nil); status != http.StatusBadRequest {
			t.Errorf("device name %q: %d", name, status)
		}
	}
	if status := s.call("POST", "/api/pair", "", fmt.Sprintf(`{"code":%q,"device_name":"Ana's phone"}`, code), nil); status != 200 {
		t.Fatalf("a plain name after the refusals: %d", status)
	}
}
