//go:build !(js && wasm)

package server

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/server/postgres"
	"github.com/remoteml/sundown/app/server/postgres/pgtest"
)

// Two `sundown serve` processes on one PostgreSQL database are one service:
// the seeded multi-device simulation runs with every request of every
// device sent to one of the two at random (a load balancer in front of
// them), and converges with no acknowledged write lost, as on one server.
func TestSyncSimulationOnTwoProcesses(t *testing.T) {
	dbURL := pgtest.Database(t)
	db, err := postgres.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bin := filepath.Join(t.TempDir(), "sundown")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/sundown").CombinedOutput(); err != nil {
		t.Fatalf("building the server: %v\n%s", err, out)
	}
	web := fakeBuild(t, "x", false)
	var backends []*url.URL
	for range 2 {
		addr := freeLocalAddr(t)
		cmd := exec.Command(bin, "serve", "--sync", "--db", dbURL, "--dir", web, "--addr", addr, "--api-rate", "1000000", "--pair-rate", "1000000")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		waitForServer(t, "http://"+addr)
		backends = append(backends, &url.URL{Scheme: "http", Host: addr})
	}

	seed := uint64(time.Now().UnixNano())
	if n, err := strconv.ParseUint(os.Getenv("SUNDOWN_SEED"), 10, 64); err == nil {
		seed = n
	}
	t.Logf("balancing from seed %d (replay with SUNDOWN_SEED=%d)", seed, seed)
	balancer := httptest.NewServer(randomBalancer(backends, seed))
	defer balancer.Close()
	s := &syncServer{t: t, db: db, srv: balancer}

	var stats simStats
	seeds := 60
	if n, err := strconv.Atoi(os.Getenv("SUNDOWN_SEEDS")); err == nil {
		seeds = n / 5
	}
	for i := range uint64(seeds) {
		simulate(t, s, seed+i, &stats)
	}
	t.Logf("%d seeds: %d writes acknowledged, %d conflicts, %d requests failed on purpose", seeds, stats.acked, stats.conflicts, stats.failures)
	if stats.acked == 0 || stats.conflicts == 0 || stats.failures == 0 {
		t.Error("the run did not exercise writes, conflicts and failures")
	}
}

// randomBalancer sends each request to one of the backends, chosen from a
// seeded generator.
func randomBalancer(backends []*url.URL, seed uint64) http.Handler {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, 99))
	return &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		mu.Lock()
		target := backends[rng.IntN(len(backends))]
		mu.Unlock()
		r.SetURL(target)
	}}
}

func freeLocalAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitForServer waits for /readyz to answer: up to a minute, a guard
// against a server that never starts.
func waitForServer(t *testing.T, base string) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	t.Fatal("the server did not start")
}
