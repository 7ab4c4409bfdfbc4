//go:build !(js && wasm)

package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/remoteml/sundown/app/protocol"
)

// The simulation runs several devices of one user against a real server
// through a transport that loses, duplicates and breaks requests, on a
// seeded random schedule, and then checks what must hold whatever happened:
// every device ends with the server's state; no acknowledged write is lost;
// replaying a push changes nothing.

// faultyTransport breaks requests the way networks and proxies do.
type faultyTransport struct {
	rng     *rand.Rand
	off     bool
	delayed *http.Request // a copy held back, to arrive after later requests
	// A proxy with a smaller limit on bodies than the server's refuses
	// some pushes of several mutations as too large (413), and some pulls
	// lose their answer after the push before them was applied.
	tooLarge, failPulls bool
}

var errDropped = errors.New("connection lost")

func (f *faultyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	send := func() (*http.Response, error) {
		r2 := r.Clone(r.Context())
		r2.Body = io.NopCloser(bytes.NewReader(body))
		return http.DefaultTransport.RoundTrip(r2)
	}
	if f.off {
		return send()
	}
	if f.delayed != nil && f.rng.IntN(3) == 0 { // the held-back copy finally arrives, out of order
		if resp, err := http.DefaultTransport.RoundTrip(f.delayed); err == nil {
			resp.Body.Close()
		}
		f.delayed = nil
	}
	if f.tooLarge && r.URL.Path == "/api/push" && bytes.Count(body, []byte(`"mid":`)) > 1 && f.rng.IntN(4) == 0 {
		return &http.Response{StatusCode: http.StatusRequestEntityTooLarge, Body: io.NopCloser(strings.NewReader(`{"error":"the body is too large","code":"too_large"}`)), Header: http.Header{}, Request: r}, nil
	}
	if f.failPulls && r.URL.Path == "/api/pull" && f.rng.IntN(5) == 0 {
		return nil, errDropped
	}
	switch n := f.rng.IntN(100); {
	case n < 4: // a copy is held back in the network and sent later
		held := r.Clone(r.Context())
		held.Body = io.NopCloser(bytes.NewReader(body))
		f.delayed = held
		return send()
	case n < 10: // lost before it reached the server
		return nil, errDropped
	case n < 17: // the server did the work, the answer was lost
		if resp, err := send(); err == nil {
			resp.Body.Close()
		}
		return nil, errDropped
	case n < 22: // sent twice (a proxy retried)
		if resp, err := send(); err == nil {
			resp.Body.Close()
		}
		return send()
	case n < 26: // an overloaded server or a proxy said no
		status := []int{502, 503, 429}[f.rng.IntN(3)]
		return &http.Response{StatusCode: status, Body: io.NopCloser(bytes.NewReader(nil)), Header: http.Header{}, Request: r}, nil
	case n < 30: // the answer arrived cut off
		resp, err := send()
		if err != nil {
			return nil, err
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(data[:len(data)/2]))
		return resp, nil
	}
	return send()
}

// simDevice is a small client of the protocol with the state a real one
// saves: its next mid, the batch it sent and must re-send unchanged until it
// is acknowledged, and what it knows of each record.
type simDevice struct {
	token   string
	client  *http.Client
	url     string
	nextMID int64
	outbox  []protocol.Mutation // sent or not yet sent, in mid order
	known   map[string]protocol.Record
	cursor  int64
	acked   []ack
	stats   *simStats
}

// simStats shows that a run exercised what it claims to.
type simStats struct{ acked, conflicts, failures int }

type ack struct {
	recordID string
	version  int64
	text     string
}

func (d *simDevice) edit(recordID, text string) {
	base := d.known[recordID].Version
	for _, m := range d.outbox { // edits queue on top of the device's own pending ones
		if m.RecordID == recordID {
			base = -1
		}
	}
	if base < 0 {
		return // one pending edit per record keeps the model simple
	}
	d.nextMID++
	d.outbox = append(d.outbox, protocol.Mutation{MID: d.nextMID, RecordID: recordID, BaseVersion: base, Ciphertext: []byte(text)})
}

// push sends the outbox; on any failure the same batch goes again next time.
func (d *simDevice) push() error {
	if len(d.outbox) == 0 {
		return nil
	}
	var resp protocol.PushResponse
	if err := d.do("POST", "/api/push", protocol.PushRequest{Mutations: d.outbox}, &resp); err != nil {
		return err
	}
	if len(resp.Results) != len(d.outbox) {
		return fmt.Errorf("%d results for %d mutations", len(resp.Results), len(d.outbox))
	}
	for i, r := range resp.Results {
		m := d.outbox[i]
		if r.MID != m.MID {
			return fmt.Errorf("result for mid %d answers mid %d", m.MID, r.MID)
		}
		switch r.Status {
		case protocol.StatusApplied:
			d.acked = append(d.acked, ack{m.RecordID, r.Version, string(m.Ciphertext)})
			d.stats.acked++
			// A stored result can come back after a pull brought newer
			// versions: never step a record back.
			if r.Version > d.known[m.RecordID].Version {
				d.known[m.RecordID] = protocol.Record{RecordID: m.RecordID, Version: r.Version, Ciphertext: m.Ciphertext}
			}
		case protocol.StatusConflict:
			d.stats.conflicts++
			if r.Current != nil && r.Current.Version > d.known[m.RecordID].Version {
				d.known[m.RecordID] = *r.Current
			}
		}
	}
	d.outbox = nil
	return nil
}

// pull pages through the records above the saved cursor.
func (d *simDevice) pull() error {
	for {
		var page protocol.PullResponse
		if err := d.do("GET", "/api/pull?limit=7&since="+strconv.FormatInt(d.cursor, 10), nil, &page); err != nil {
			return err
		}
		for _, r := range page.Records {
			if r.Version > d.known[r.RecordID].Version {
				d.known[r.RecordID] = r
			}
		}
		d.cursor = page.Next
		if !page.More {
			return nil
		}
	}
}

func (d *simDevice) do(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, d.url+path, body)
	req.Header.Set("Authorization", "Bearer "+d.token)
	resp, err := d.client.Do(req)
	if err == nil {
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			err = fmt.Errorf("status %d", resp.StatusCode)
		} else {
			err = json.NewDecoder(resp.Body).Decode(out)
		}
	}
	if err != nil {
		d.stats.failures++
	}
	return err
}

// simulate runs one seeded schedule and checks the properties.
func simulate(t *testing.T, s *syncServer, seed uint64, stats *simStats) {
	rng := rand.New(rand.NewPCG(seed, 1))
	user := fmt.Sprintf("user-%d", seed)
	var devices []*simDevice
	for range 3 {
		devices = append(devices, &simDevice{
			token: s.pair(user), url: s.srv.URL, known: map[string]protocol.Record{}, stats: stats,
			client: &http.Client{Transport: &faultyTransport{rng: rand.New(rand.NewPCG(seed, rng.Uint64()))}},
		})
	}
	for step := range 40 {
		d := devices[rng.IntN(len(devices))]
		switch rng.IntN(4) {
		case 0, 1:
			d.edit(fmt.Sprintf("day-%d", rng.IntN(4)), fmt.Sprintf("seed %d step %d", seed, step))
		case 2:
			d.push()
		case 3:
			d.pull()
		}
	}
	// The network heals; everyone sends what is pending, then catches up.
	for _, d := range devices {
		d.client.Transport.(*faultyTransport).off = true
		if err := d.push(); err != nil {
			t.Fatalf("seed %d: final push: %v", seed, err)
		}
	}
	server := map[string]protocol.Record{}
	for _, d := range devices {
		if err := d.pull(); err != nil {
			t.Fatalf("seed %d: final pull: %v", seed, err)
		}
	}
	var page protocol.PullResponse
	if err := devices[0].do("GET", "/api/pull?since=0&limit=1000", nil, &page); err != nil {
		t.Fatal(err)
	}
	for _, r := range page.Records {
		server[r.RecordID] = r
	}
	for i, d := range devices {
		for id, r := range server {
			if got := d.known[id]; got.Version != r.Version || string(got.Ciphertext) != string(r.Ciphertext) {
				t.Fatalf("seed %d: device %d has %s at version %d, the server %d (replay with SUNDOWN_SEED=%d)", seed, i, id, got.Version, r.Version, seed)
			}
		}
		// Every acknowledged write is the final value, or a later write
		// replaced it (versions only grow).
		for _, a := range d.acked {
			final := server[a.recordID]
			if final.Version < a.version || (final.Version == a.version && string(final.Ciphertext) != a.text) {
				t.Fatalf("seed %d: the acknowledged write %q (version %d of %s) is lost (SUNDOWN_SEED=%d)", seed, a.text, a.version, a.recordID, seed)
			}
		}
	}
	// Replaying an old push changes neither the answer's meaning nor the data.
	before := s.snapshot(devices[0].token)
	d := devices[0]
	if d.nextMID > 0 {
		replay := []protocol.Mutation{{MID: 1, RecordID: "day-0", BaseVersion: 0, Ciphertext: []byte("replayed")}}
		var resp protocol.PushResponse
		d.do("POST", "/api/push", protocol.PushRequest{Mutations: replay}, &resp)
		if s.snapshot(d.token) != before {
			t.Fatalf("seed %d: replaying mid 1 changed the data", seed)
		}
	}
}

// TestSyncSimulation runs many seeds; SUNDOWN_SEED replays one, and
// SUNDOWN_SEEDS sets how many (make soak runs thousands).
func TestSyncSimulation(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		s := newSyncServerOn(t, open(t), RateLimits{PairPerSecond: 1e6, PairBurst: 1e6, APIPerSecond: 1e6, APIBurst: 1e6})
		var stats simStats
		defer func() {
			t.Logf("%d writes acknowledged, %d conflicts, %d requests failed on purpose", stats.acked, stats.conflicts, stats.failures)
			if stats.acked == 0 || stats.conflicts == 0 || stats.failures == 0 {
				t.Error("the run did not exercise writes, conflicts and failures")
			}
		}()
		if seed, err := strconv.ParseUint(os.Getenv("SUNDOWN_SEED"), 10, 64); err == nil {
			simulate(t, s, seed, &stats)
			return
		}
		seeds := 300
		if n, err := strconv.Atoi(os.Getenv("SUNDOWN_SEEDS")); err == nil {
			seeds = n
		}
		for seed := range uint64(seedsFor(t, seeds)) {
			simulate(t, s, seed+1, &stats)
		}
	})
}
