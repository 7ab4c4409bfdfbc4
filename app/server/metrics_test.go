//go:build !(js && wasm)

package server

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// scrape reads the metrics as Prometheus would.
func (s *syncServer) scrape() string {
	s.t.Helper()
	w := httptest.NewRecorder()
	s.metrics.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != 200 {
		s.t.Fatalf("metrics: %d", w.Code)
	}
	return w.Body.String()
}

// The metrics count requests by route and status, pushes with their
// results, pulls, refusals for rate and failures of the database, and
// carry nothing of a user: no name, device, token, record or date.
func TestMetricsCountWhatSyncDoesAndNothingOfUsers(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		limits := DefaultLimits
		limits.PairBurst = 2
		s := newSyncServerOn(t, open(t), limits)
		token := s.pair("ana-7c1e")
		s.call("POST", "/api/push", token, pushBody(put(1, "rec-a91f", 0, "sealed"), put(2, "rec-b22c", 0, "sealed")), nil)
		s.call("POST", "/api/push", token, pushBody(put(3, "rec-a91f", 0, "stale")), nil) // base 0 again: a conflict
		s.call("GET", "/api/pull?since=0", token, "", nil)
		s.call("GET", "/history/2026-11-24", "", "", nil)
		for range 3 {
			s.call("POST", "/api/pair", "", `{"code":"AAAA","device_name":"x"}`, nil)
		}

		text := s.scrape()
		for _, want := range []string{
			`sundown_http_requests_total{code="200",route="/api/push"} 2`,
			`sundown_http_requests_total{code="200",route="/api/pull"} 1`,
			`sundown_http_requests_total{code="200",route="/"} 1`,
			`sundown_http_requests_total{code="429",route="/api/pair"} `,
			`sundown_http_request_duration_seconds_count{route="/api/push"} 2`,
			`sundown_sync_pushes_total 2`,
			`sundown_sync_mutations_total{result="applied"} 2`,
			`sundown_sync_mutations_total{result="conflict"} 1`,
			`sundown_sync_pulls_total 1`,
			`sundown_sync_pulled_records_total 2`,
			`sundown_rate_limited_total{limit="pair"} `,
			`sundown_database_errors_total 0`,
			`go_goroutines `,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("the metrics lack %s", want)
			}
		}
		if strings.Contains(text, `sundown_rate_limited_total{limit="pair"} 0`) {
			t.Error("the refused pairing guesses were not counted")
		}
		for _, private := range []string{"ana-7c1e", "rec-a91f", "2026-11-24", token, "sealed"} {
			if strings.Contains(text, private) {
				t.Errorf("the metrics hold %q", private)
			}
		}

		// A database that fails answers 503, counted.
		s.db.Close()
		s.call("POST", "/api/push", token, pushBody(put(4, "rec-c", 0, "x")), nil)
		if text := s.scrape(); !strings.Contains(text, "sundown_database_errors_total 1") {
			t.Errorf("a failed database was not counted:\n%s", grepLines(text, "database"))
		}
	})
}

func grepLines(text, word string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, word) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
