//go:build !(js && wasm)

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/sqlite"
)

// TestCrashLosesNoAcknowledgedWrite runs the real binary, pushes from
// concurrent clients, kills the server with SIGKILL at random moments and
// starts it again: every write it acknowledged must be there afterwards,
// versions only grow, and SQLite's integrity check passes. SUNDOWN_CRASH_CYCLES
// sets the number of kills (make soak: 50); the moments of the kills come
// from a seed the test prints, and SUNDOWN_SEED replays one.
func TestCrashLosesNoAcknowledgedWrite(t *testing.T) {
	cycles := 5
	if n, err := strconv.Atoi(os.Getenv("SUNDOWN_CRASH_CYCLES")); err == nil {
		cycles = n
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "sundown")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building: %v\n%s", err, out)
	}
	web := fakeWeb(t)
	data := filepath.Join(dir, "data")
	codes := make([]string, 3)
	for i := range codes {
		out, err := exec.Command(bin, "user", "add", fmt.Sprintf("user%d", i), "--data", data).Output()
		if err != nil {
			t.Fatal(err)
		}
		codes[i] = strings.Fields(string(out))[4]
	}
	addr := freeAddr(t)
	seed := uint64(time.Now().UnixNano())
	if n, err := strconv.ParseUint(os.Getenv("SUNDOWN_SEED"), 10, 64); err == nil {
		seed = n
	}
	t.Logf("kill moments from seed %d (replay with SUNDOWN_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	var clients []*crashClient
	for cycle := range cycles {
		srv := startServer(t, bin, web, data, addr)
		if cycle == 0 {
			for i, code := range codes {
				clients = append(clients, pairClient(t, "http://"+addr, code, i))
			}
		}
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for _, c := range clients {
			wg.Add(1)
			go func() { defer wg.Done(); c.run(stop) }()
		}
		time.Sleep(time.Duration(50+rng.IntN(300)) * time.Millisecond)
		srv.Process.Signal(syscall.SIGKILL)
		srv.Wait()
		close(stop)
		wg.Wait()
	}
	srv := startServer(t, bin, web, data, addr)
	total, acks := 0, 0
	for _, c := range clients {
		acks += c.acks
		final := c.pullAll(t)
		for id, a := range c.acked {
			got := final[id]
			if got.Version < a.version || (got.Version == a.version && string(got.Ciphertext) != a.text) {
				t.Fatalf("%s: acknowledged version %d (%q) is gone; the server has version %d (SUNDOWN_SEED=%d)", id, a.version, a.text, got.Version, seed)
			}
			total++
		}
	}
	// A backup taken while serving is a consistent database.
	copyPath := filepath.Join(dir, "copy.db")
	if out, err := exec.Command(bin, "backup", copyPath, "--data", data).CombinedOutput(); err != nil {
		t.Fatalf("backup while serving: %v\n%s", err, out)
	}
	backup, err := sqlite.Open(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if verdict, err := backup.IntegrityCheck(context.Background()); err != nil || verdict != "ok" {
		t.Fatalf("the backup's integrity check: %q %v", verdict, err)
	}
	backup.Close()
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Fatalf("the server did not stop cleanly on SIGTERM: %v", err)
	}
	db, err := sqlite.Open(filepath.Join(data, "sundown.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if verdict, err := db.IntegrityCheck(context.Background()); err != nil || verdict != "ok" {
		t.Fatalf("integrity check: %q %v", verdict, err)
	}
	if total == 0 {
		t.Fatalf("no write was acknowledged: the test proved nothing (seed %d)", seed)
	}
	t.Logf("%d kills, %d acknowledged writes; the last of each of %d records is there", cycles, acks, total)
}

func fakeWeb(t testing.TB) string {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("\x00asm"), 0o644)
	os.WriteFile(filepath.Join(dir, "kdf.wasm"), []byte("\x00asm"), 0o644)
	os.WriteFile(filepath.Join(dir, "calendar.wasm"), []byte("\x00asm"), 0o644)
	os.WriteFile(filepath.Join(dir, "wasm_exec.js"), []byte("//"), 0o644)
	return dir
}

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServer starts the binary serving sync from data, the app's files
// from the folder web, or with web "" those built into it.
func startServer(t testing.TB, bin, web, data, addr string, flags ...string) *exec.Cmd {
	args := []string{"serve", "--sync", "--data", data, "--addr", addr}
	if web != "" {
		args = append(args, "--dir", web)
	}
	cmd := startBinary(t, bin, append(args, flags...)...)
	if !waitReady(addr) {
		cmd.Process.Kill()
		t.Fatal("the server did not start")
	}
	return cmd
}

// startBinary starts the server binary with args.
func startBinary(t testing.TB, bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// waitReady waits for addr to answer /readyz: up to a minute, a guard
// against a server that never starts, not a budget for how fast it does.
func waitReady(addr string) bool { return waitAnswer(http.DefaultClient, "http://"+addr+"/readyz") }

// waitAnswer waits for url to answer 200, as waitReady does.
func waitAnswer(client *http.Client, url string) bool {
	for range 3000 {
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return true
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// crashClient pushes new versions of a few records as fast as it can. Its
// pending batch survives the crash and is sent again, unchanged.
type crashClient struct {
	url, token string
	// others are more servers of the same service: each request goes to
	// url or one of them, at random.
	others  []string
	rng     *rand.Rand
	n       int
	nextMID int64
	pending []protocol.Mutation
	known   map[string]int64
	acked   map[string]ackedWrite // the last acknowledged write of each record
	acks    int
}

type ackedWrite struct {
	version int64
	text    string
}

func pairClient(t *testing.T, url, code string, n int) *crashClient {
	body, _ := json.Marshal(protocol.PairRequest{Code: code, DeviceName: "crash"})
	resp, err := http.Post(url+"/api/pair", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p protocol.PairResponse
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || p.Token == "" {
		t.Fatalf("pairing: %v %d", err, resp.StatusCode)
	}
	return &crashClient{url: url, token: p.Token, n: n, known: map[string]int64{}, acked: map[string]ackedWrite{}}
}

func (c *crashClient) run(stop chan struct{}) {
	client := &http.Client{Timeout: 2 * time.Second}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		c.push(client, i)
	}
}

// push sends the pending batch, making a new one first if there is none.
func (c *crashClient) push(client *http.Client, i int) {
	if len(c.pending) == 0 {
		for j := range 3 {
			id := fmt.Sprintf("rec-%d-%d", c.n, (i+j)%5) // its own records: another device's writes never replace them
			c.nextMID++
			c.pending = append(c.pending, protocol.Mutation{MID: c.nextMID, RecordID: id, BaseVersion: c.known[id], Ciphertext: fmt.Appendf(nil, "client %d write %d", c.n, c.nextMID)})
		}
	}
	body, _ := json.Marshal(protocol.PushRequest{Mutations: c.pending})
	req, _ := http.NewRequest("POST", c.server()+"/api/push", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := client.Do(req)
	if err != nil {
		time.Sleep(10 * time.Millisecond)
		return
	}
	var out protocol.PushResponse
	err = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		return
	}
	for k, r := range out.Results {
		m := c.pending[k]
		if r.Status == protocol.StatusApplied {
			c.acked[m.RecordID] = ackedWrite{r.Version, string(m.Ciphertext)}
			c.acks++
			c.known[m.RecordID] = r.Version
		} else if r.Current != nil {
			c.known[m.RecordID] = r.Current.Version
		}
	}
	c.pending = nil
}

// server picks where the next request goes.
func (c *crashClient) server() string {
	if len(c.others) == 0 {
		return c.url
	}
	if i := c.rng.IntN(len(c.others) + 1); i > 0 {
		return c.others[i-1]
	}
	return c.url
}

func (c *crashClient) pullAll(t *testing.T) map[string]protocol.Record {
	return c.pullAllFrom(t, c.url)
}

// pullAllFrom reads every record of the client's user from one server.
func (c *crashClient) pullAllFrom(t *testing.T, url string) map[string]protocol.Record {
	req, _ := http.NewRequest("GET", url+"/api/pull?since=0&limit=1000", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page protocol.PullResponse
	json.NewDecoder(resp.Body).Decode(&page)
	out := map[string]protocol.Record{}
	for _, r := range page.Records {
		out[r.RecordID] = r
	}
	return out
}
