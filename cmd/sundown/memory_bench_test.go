//go:build !(js && wasm)

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkIdleMemory starts the real server with sync on and reports its
// resident memory once idle. Budget: ≤ 30 MiB.
func BenchmarkIdleMemory(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "sundown")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("building: %v\n%s", err, out)
	}
	web := "../.." // the real build, with its compressed variants
	if _, err := os.Stat(filepath.Join(web, "web", "app.wasm.gz")); err != nil {
		b.Fatal("the app is not built: run make build (make bench does)")
	}
	srv := startServer(b, bin, web, filepath.Join(dir, "data"), freeAddr(b))
	defer srv.Process.Kill()
	var rss float64
	for b.Loop() {
		time.Sleep(500 * time.Millisecond)
		rss = residentMiB(b, srv.Process.Pid)
	}
	b.ReportMetric(rss, "idle-RSS-MiB")
	b.ReportMetric(0, "ns/op")
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
