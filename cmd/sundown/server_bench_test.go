//go:build !(js && wasm)

package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/benchmark"
	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/postgres/pgtest"
)

// BenchmarkServer runs the real binary with sync on and loads it from this
// process: authenticated pulls of a one-record delta and pushes of one new
// record, at 1, 8 and 64 concurrent clients, each a device of its own. The
// same load goes, in the same run, to the binary on PostgreSQL (a cluster
// of the benchmark's own, with PostgreSQL's durable defaults, as SQLite's
// synchronous=FULL) and to a bare net/http server (testdata/bare), in
// rounds where the three take turns (which goes first rotates), so a moment
// when the shared machine is slow falls on all; each side's figure is its
// median round, and each ratio is the median of the rounds' ratios, with
// their spread.
// It reports requests per second and the 50th and 99th percentile
// latencies, and the server's resident memory idle and after the load.
// Budgets: pull ≥ 0.5 × the bare server; idle RSS ≤ 30 MiB.
// SUNDOWN_BENCH_QUICK=1 sends fewer requests.
func BenchmarkServer(b *testing.B) {
	dir := b.TempDir()
	bin, bare := filepath.Join(dir, "sundown"), filepath.Join(dir, "bare")
	goBuild(b, bin, ".")
	goBuild(b, bare, "./testdata/bare")
	// The binary as make build makes it, with the app in it: its memory
	// is the shipped one's.
	if _, err := os.Stat("../../web/app.wasm"); err != nil {
		b.Fatal("the app is not built: run make build (make bench does)")
	}
	web := "" // the embedded files
	data := filepath.Join(dir, "data")
	var codes []string
	for u := range 8 {
		out, err := exec.Command(bin, "user", "add", fmt.Sprintf("user%d", u), "--data", data).Output()
		if err != nil {
			b.Fatal(err)
		}
		codes = append(codes, strings.Fields(string(out))[4])
	}
	addr, bareAddr, pgAddr := freeAddr(b), freeAddr(b), freeAddr(b)
	srv := startServer(b, bin, web, data, addr, "--api-rate", "1000000", "--pair-rate", "1000")
	defer srv.Process.Kill()
	cluster, err := pgtest.Start()
	if err != nil {
		b.Fatal(err)
	}
	defer cluster.Stop()
	pgURL, err := cluster.NewDatabase()
	if err != nil {
		b.Fatal(err)
	}
	var pgCodes []string
	for u := range 8 {
		out, err := exec.Command(bin, "user", "add", fmt.Sprintf("user%d", u), "--db", pgURL).Output()
		if err != nil {
			b.Fatal(err)
		}
		pgCodes = append(pgCodes, strings.Fields(string(out))[4])
	}
	pgSrv := startServer(b, bin, web, "", pgAddr, "--db", pgURL, "--api-rate", "1000000", "--pair-rate", "1000")
	defer pgSrv.Process.Kill()
	bareSrv := exec.Command(bare, bareAddr)
	if err := bareSrv.Start(); err != nil || !waitReady(bareAddr) {
		b.Fatalf("the bare server did not start: %v", err)
	}
	defer bareSrv.Process.Kill()

	time.Sleep(time.Second) // let the server settle before reading its idle memory
	idle := residentMiB(b, srv.Process.Pid)
	newCode := func(where ...string) func(user int) string {
		return func(user int) string {
			out, err := exec.Command(bin, append([]string{"user", "code", fmt.Sprintf("user%d", user)}, where...)...).Output()
			if err != nil {
				b.Fatal(err)
			}
			return strings.Fields(string(out))[4]
		}
	}
	devices := pairDevices(b, "http://"+addr, codes, newCode("--data", data), 64)
	pgDevices := pairDevices(b, "http://"+pgAddr, pgCodes, newCode("--db", pgURL), 64)
	var bareDevices []*benchDevice // the same clients, with mutation numbers of their own
	for _, d := range devices {
		bareDevices = append(bareDevices, &benchDevice{id: d.id, token: d.token, cursor: d.cursor})
	}
	rounds, requests := 7, 1000
	if os.Getenv("SUNDOWN_BENCH_QUICK") != "" {
		rounds, requests = 3, 300
	}
	for b.Loop() {
		for _, kind := range []string{"pull", "push"} { // pulls first: pushes add to what a pull brings
			for _, clients := range []int{1, 8, 64} {
				var mine, onPG, floor []loadResult
				for round := range rounds {
					for _, side := range benchmark.Rotation(round, 3) {
						switch side {
						case 0:
							mine = append(mine, load("http://"+addr, devices[:clients], kind, requests))
						case 1:
							floor = append(floor, load("http://"+bareAddr, bareDevices[:clients], kind, requests))
						case 2:
							onPG = append(onPG, load("http://"+pgAddr, pgDevices[:clients], kind, requests))
						}
					}
				}
				name := fmt.Sprintf("%s-c%d", kind, clients)
				report(b, name, mine)
				report(b, "pg-"+name, onPG)
				report(b, "bare-"+name, floor)
				var ratios, pgRatios benchmark.Ratios
				for i := range mine {
					ratios.Add(mine[i].perSecond, floor[i].perSecond)
					pgRatios.Add(onPG[i].perSecond, floor[i].perSecond)
				}
				ratios.Report(b, name+"-vs-bare")
				pgRatios.Report(b, "pg-"+name+"-vs-bare")
			}
		}
	}
	b.ReportMetric(idle, "idle-RSS-MiB")
	b.ReportMetric(residentMiB(b, srv.Process.Pid), "loaded-RSS-MiB")
	b.ReportMetric(0, "ns/op")
}

func goBuild(b testing.TB, out, pkg string) {
	b.Helper()
	if msg, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
		b.Fatalf("building %s: %v\n%s", pkg, err, msg)
	}
}

// benchDevice is one paired device with its own mutation numbers.
type benchDevice struct {
	id      int
	token   string
	nextMID atomic.Int64
	cursor  int64 // the pull that brings exactly the last record
}

// pairDevices pairs n devices spread over the users, and stores a few
// records for each user, so a pull has a delta of one record to bring.
func pairDevices(b *testing.B, url string, codes []string, newCode func(user int) string, n int) []*benchDevice {
	var devices []*benchDevice
	for i := range n {
		user := i % len(codes)
		if i >= len(codes) {
			codes[user] = newCode(user)
		}
		resp, err := sendJSON(http.MethodPost, url+"/api/pair", "", protocol.PairRequest{Code: codes[user], DeviceName: "bench"})
		var p protocol.PairResponse
		if err != nil || json.Unmarshal(resp, &p) != nil || p.Token == "" {
			b.Fatalf("pairing device %d: %v %s", i, err, resp)
		}
		devices = append(devices, &benchDevice{id: i, token: p.Token})
	}
	for _, d := range devices[:len(codes)] { // one device per user writes its records
		for range 20 {
			if _, err := push(url, d); err != nil {
				b.Fatal(err)
			}
		}
	}
	for i, d := range devices {
		d.cursor = devices[i%len(codes)].nextMID.Load() - 1 // each record is one version of its user's sequence
	}
	return devices
}

// ciphertext is a typical sealed day: about 2 KB.
var ciphertext = func() []byte { b := make([]byte, 2048); rand.Read(b); return b }()

func push(url string, d *benchDevice) ([]byte, error) {
	mid := d.nextMID.Add(1)
	m := protocol.Mutation{MID: mid, RecordID: fmt.Sprintf("d%d-r%d", d.id, mid), Ciphertext: ciphertext}
	return sendJSON(http.MethodPost, url+"/api/push", d.token, protocol.PushRequest{Mutations: []protocol.Mutation{m}})
}

func pull(url string, d *benchDevice) ([]byte, error) {
	return sendJSON(http.MethodGet, url+"/api/pull?since="+strconv.FormatInt(d.cursor, 10)+"&limit=100", d.token, nil)
}

var benchClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}, Timeout: 10 * time.Second}

func sendJSON(method, url, token string, in any) ([]byte, error) {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := benchClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, out)
	}
	return out, err
}

type loadResult struct {
	perSecond float64
	latencies []time.Duration // sorted
	failures  int64
	firstErr  error
}

// load sends requests in all from one client per device, as fast as each
// gets answers.
func load(url string, devices []*benchDevice, kind string, requests int) loadResult {
	var next, failures atomic.Int64
	var firstErr atomic.Value
	latencies := make([]time.Duration, requests)
	var wg sync.WaitGroup
	start := time.Now()
	for _, d := range devices {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(requests) {
					return
				}
				t0 := time.Now()
				var err error
				if kind == "pull" {
					_, err = pull(url, d)
				} else {
					_, err = push(url, d)
				}
				latencies[i] = time.Since(t0)
				if err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	r := loadResult{perSecond: float64(requests) / elapsed.Seconds(), latencies: latencies, failures: failures.Load()}
	r.firstErr, _ = firstErr.Load().(error)
	return r
}

// report gives the median round's requests per second and the latencies
// of all rounds together.
func report(b *testing.B, name string, rounds []loadResult) {
	var rates []float64
	var latencies []time.Duration
	for _, r := range rounds {
		if r.failures > 0 {
			b.Fatalf("%s: %d requests failed, the first with: %v", name, r.failures, r.firstErr)
		}
		rates = append(rates, r.perSecond)
		latencies = append(latencies, r.latencies...)
	}
	slices.Sort(latencies)
	b.ReportMetric(benchmark.Median(rates), name+"-rps")
	b.ReportMetric(float64(percentile(latencies, 50).Microseconds()), name+"-p50-µs")
	b.ReportMetric(float64(percentile(latencies, 99).Microseconds()), name+"-p99-µs")
}

func percentile(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

func residentMiB(b *testing.B, pid int) float64 {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Fatalf("reading the server's memory: %v (this benchmark needs Linux's /proc)", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
