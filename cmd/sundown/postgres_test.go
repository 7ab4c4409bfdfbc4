//go:build !(js && wasm)

package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/server/postgres/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// Two server processes on one PostgreSQL database, with two devices of
// each of three users pushing at once, each request to either process at
// random, and one of the processes killed with SIGKILL at random moments
// and started again: every write either acknowledged is there afterwards,
// each user's versions were given once each, and both processes answer
// the same. SUNDOWN_SEED replays the moments; SUNDOWN_CRASH_CYCLES sets
// the number of kills.
func TestTwoServersOnPostgreSQLLoseNothingToSIGKILL(t *testing.T) {
	cycles := 5
	if n, err := strconv.Atoi(os.Getenv("SUNDOWN_CRASH_CYCLES")); err == nil {
		cycles = n
	}
	dbURL := pgtest.Database(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "sundown")
	goBuild(t, bin, ".")
	web := fakeWeb(t)
	var codes []string
	for u := range 3 {
		for range 2 {
			sub := "code"
			if len(codes)%2 == 0 {
				sub = "add"
			}
			out, err := exec.Command(bin, "user", sub, fmt.Sprintf("user%d", u), "--db", dbURL).Output()
			if err != nil {
				t.Fatalf("user %s: %v", sub, err)
			}
			codes = append(codes, strings.Fields(string(out))[4])
		}
	}
	seed := uint64(time.Now().UnixNano())
	if n, err := strconv.ParseUint(os.Getenv("SUNDOWN_SEED"), 10, 64); err == nil {
		seed = n
	}
	t.Logf("kill moments from seed %d (replay with SUNDOWN_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 11))

	addrs := []string{freeAddr(t), freeAddr(t)}
	start := func(i int) *exec.Cmd {
		return startServer(t, bin, web, "", addrs[i], "--db", dbURL, "--api-rate", "1000000", "--pair-rate", "1000")
	}
	servers := []*exec.Cmd{start(0), start(1)}
	defer func() {
		for _, s := range servers {
			s.Process.Kill()
			s.Wait()
		}
	}()
	var clients []*crashClient
	for i, code := range codes {
		c := pairClient(t, "http://"+addrs[i%2], code, i)
		c.others = []string{"http://" + addrs[(i+1)%2]}
		c.rng = rand.New(rand.NewPCG(seed, uint64(i)))
		clients = append(clients, c)
	}
	for range cycles {
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for _, c := range clients {
			wg.Add(1)
			go func() { defer wg.Done(); c.run(stop) }()
		}
		time.Sleep(time.Duration(50+rng.IntN(300)) * time.Millisecond)
		victim := rng.IntN(2)
		servers[victim].Process.Signal(syscall.SIGKILL)
		servers[victim].Wait()
		time.Sleep(time.Duration(rng.IntN(100)) * time.Millisecond) // the other one serves alone a while
		servers[victim] = start(victim)
		close(stop)
		wg.Wait()
	}

	total, acks := 0, 0
	versions := map[int]map[int64]string{} // user → version → record
	for _, c := range clients {
		acks += c.acks
		fromA, fromB := c.pullAllFrom(t, "http://"+addrs[0]), c.pullAllFrom(t, "http://"+addrs[1])
		if fmt.Sprint(fromA) != fmt.Sprint(fromB) {
			t.Fatalf("the two servers answer differently (SUNDOWN_SEED=%d)", seed)
		}
		for id, a := range c.acked {
			got := fromA[id]
			if got.Version < a.version || (got.Version == a.version && string(got.Ciphertext) != a.text) {
				t.Fatalf("%s: acknowledged version %d (%q) is gone; the servers have version %d (SUNDOWN_SEED=%d)", id, a.version, a.text, got.Version, seed)
			}
			total++
		}
		user := c.n / 2
		if versions[user] == nil {
			versions[user] = map[int64]string{}
		}
		for id, r := range fromA {
			if other, taken := versions[user][r.Version]; taken && other != id {
				t.Fatalf("user %d: version %d was given to %s and %s (SUNDOWN_SEED=%d)", user, r.Version, other, id, seed)
			}
			versions[user][r.Version] = id
		}
	}
	if total == 0 {
		t.Fatalf("no write was acknowledged: the test proved nothing (seed %d)", seed)
	}
	t.Logf("%d kills, %d acknowledged writes; the last of each of %d records is on both servers", cycles, acks, total)
}
