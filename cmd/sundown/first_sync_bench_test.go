//go:build !(js && wasm)

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/benchmark"
	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/seal"
	"github.com/remoteml/sundown/app/store"
	"github.com/remoteml/sundown/app/syncengine"
)

// BenchmarkFirstSync is the first sync of ten years of history (≈ 2,600
// days of the synthetic history) through the real server binary: a device
// sends it all, then a second device of the account receives it all. The
// receiving is set next to the floor of moving the same bytes: the bare
// server (testdata/bare) answering the same number of pages of the same
// sizes. Each turn (-benchtime Nx) is a new account; within a turn the
// second device and the floor take turns at going first. Budget: it
// completes (the benchmark fails otherwise).
func BenchmarkFirstSync(b *testing.B) {
	dir := b.TempDir()
	bin, bare := filepath.Join(dir, "sundown"), filepath.Join(dir, "bare")
	goBuild(b, bin, ".")
	goBuild(b, bare, "./testdata/bare")
	data := filepath.Join(dir, "data")
	addr, bareAddr := freeAddr(b), freeAddr(b)
	srv := startServer(b, bin, fakeWeb(b), data, addr, "--api-rate", "1000000", "--pair-rate", "1000")
	defer srv.Process.Kill()
	bareSrv := exec.Command(bare, bareAddr)
	if err := bareSrv.Start(); err != nil || !waitReady(bareAddr) {
		b.Fatalf("the bare server did not start: %v", err)
	}
	defer bareSrv.Process.Kill()
	history := ritual.GenerateHistory(1, ritual.DateOf(time.Now()).AddDays(-1), 10)

	var send, receive, floor []float64
	var ratios benchmark.Ratios
	for turn := 0; b.Loop(); turn++ {
		user := fmt.Sprintf("user%d", turn)
		keys, _ := seal.NewKeyring(user)
		sender := firstSyncDevice(b, bin, data, addr, user, keys, true)
		for _, day := range history {
			if err := sender.store.SaveDay(day); err != nil {
				b.Fatal(err)
			}
		}
		send = append(send, sender.syncMillis(b, len(history)))
		receiver := firstSyncDevice(b, bin, data, addr, user, keys, false)
		var mine, bareMs float64
		for _, side := range benchmark.Rotation(turn, 2) {
			if side == 0 {
				mine = receiver.syncMillis(b, len(history))
			} else {
				bareMs = pullBytes(b, "http://"+bareAddr, receiver.pages)
			}
		}
		receive, floor = append(receive, mine), append(floor, bareMs)
		ratios.Add(mine, bareMs)
		if turn == 0 {
			b.ReportMetric(float64(receiver.bytes.Load()), "pull-B")
		}
	}
	benchmark.Spread(b, "send-ms", send)
	b.ReportMetric(benchmark.Median(receive), "receive-ms")
	b.ReportMetric(benchmark.Median(floor), "bare-receive-ms")
	ratios.Report(b, "receive-vs-bare")
	b.ReportMetric(float64(len(history)), "days")
	b.ReportMetric(0, "ns/op")
}

// firstSyncDevice is a device as the app runs it: the store over an
// in-memory key-value store, its replica and the engine, paired as a new
// device of user, with the size of each pull answer recorded.
type syncBenchDevice struct {
	store  *store.Store
	engine *syncengine.Engine
	bytes  atomic.Int64
	pages  []int64
}

func firstSyncDevice(b *testing.B, bin, data, addr, user string, keys *seal.Keyring, first bool) *syncBenchDevice {
	args := []string{"user", "code", user, "--data", data}
	if first {
		args[1] = "add"
	}
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		b.Fatal(err)
	}
	p, err := protocol.Pair(context.Background(), http.DefaultClient, "http://"+addr, strings.Fields(string(out))[4], "bench")
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(store.NewMemoryKV())
	if err != nil {
		b.Fatal(err)
	}
	if err := st.SaveSyncConfig(store.SyncConfig{Token: p.Token, User: user}); err != nil {
		b.Fatal(err)
	}
	d := &syncBenchDevice{store: st}
	client := &http.Client{Transport: countingTransport{d}}
	d.engine = &syncengine.Engine{Keys: keys, Schema: 3, Transport: &protocol.Client{BaseURL: "http://" + addr, Token: p.Token, HTTP: client},
		Replica: &syncengine.StoreReplica{Store: st, RecordID: keys.RecordID}}
	return d
}

// syncMillis runs one sync, which must leave the device with days days and
// nothing to send, and returns how long it took.
func (d *syncBenchDevice) syncMillis(b *testing.B, days int) float64 {
	start := time.Now()
	rep, err := d.engine.Sync(context.Background())
	elapsed := time.Since(start)
	if err != nil {
		b.Fatalf("the first sync did not complete: %v", err)
	}
	if dirty, _ := d.engine.Replica.Dirty(); len(dirty) != 0 || len(d.store.Dates()) != days {
		b.Fatalf("after the first sync: %d days, %d to send (%+v)", len(d.store.Dates()), len(dirty), rep)
	}
	return float64(elapsed.Microseconds()) / 1000
}

// countingTransport records the size of each pull answer.
type countingTransport struct{ d *syncBenchDevice }

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && strings.HasSuffix(r.URL.Path, "/api/pull") && resp.ContentLength > 0 {
		c.d.bytes.Add(resp.ContentLength)
		c.d.pages = append(c.d.pages, resp.ContentLength)
	}
	return resp, err
}

// pullBytes fetches pages of the given sizes from the bare server, one
// after the other as a pull does, and returns the milliseconds it took.
func pullBytes(b *testing.B, url string, pages []int64) float64 {
	start := time.Now()
	for _, n := range pages {
		resp, err := http.Get(fmt.Sprintf("%s/bytes?n=%d", url, n))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return float64(time.Since(start).Microseconds()) / 1000
}
