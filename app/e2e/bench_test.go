//go:build e2e

package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/server"
)

// buildHello builds the go-app hello world in testdata/hello the way make
// build builds Sundown, and lays it out as the server expects.
func buildHello(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	os.MkdirAll(filepath.Join(dir, "web"), 0o755)
	wasm := filepath.Join(dir, "web", "app.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, "./testdata/hello")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building the hello world: %v\n%s", err, out)
	}
	compress(b, wasm)
	// Everything else is Sundown's: the same server, page, stylesheet and
	// icons, so the comparison measures the app's code and nothing else.
	copyFile(b, filepath.Join(repoRoot, "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js"))
	statics, _ := filepath.Glob(filepath.Join(repoRoot, "web", "*.*"))
	for _, f := range statics {
		if !strings.Contains(filepath.Base(f), "app.wasm") {
			copyFile(b, f, filepath.Join(dir, "web", filepath.Base(f)))
		}
	}
	return dir
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	data, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, data, 0o644)
	}
	if err != nil {
		b.Fatal(err)
	}
}

// compress makes the .br file as make build does (the server makes gzip itself).
func compress(b *testing.B, wasm string) {
	if _, err := exec.LookPath("brotli"); err == nil {
		if out, err := exec.Command("brotli", "-q", "11", "-f", "-o", wasm+".br", wasm).CombinedOutput(); err != nil {
			b.Fatalf("brotli: %v\n%s", err, out)
		}
	}
}

func serve(b *testing.B, dir string) string {
	h, err := server.New(server.Config{Dir: dir, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return srv.URL
}

// coldStart loads url in a brand-new browser profile (no HTTP cache, no
// service worker) and returns the milliseconds from navigation to the
// app's ready mark, and the bytes the page transferred.
func coldStart(b *testing.B, url string) (ms, transferred float64) {
	b.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox, chromedp.UserDataDir(b.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	if path, err := exec.LookPath("chromium"); err == nil {
		opts = append(opts, chromedp.ExecPath(path))
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`main[data-ready="true"]`))); err != nil {
		b.Fatal(err)
	}
	type timing struct{ Ready, Transferred float64 }
	t, err := chromedp.Run(ctx, chromedp.Evaluate[timing](`({
		ready: performance.getEntriesByName("sundown-ready")[0].startTime,
		transferred: performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
			.reduce((sum, e) => sum + e.transferSize, 0),
	})`))
	if err != nil {
		b.Fatal(err)
	}
	return t.Ready, t.Transferred
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkColdStart measures Sundown's cold start next to a go-app hello
// world's, alternating the two in one run so both see the same machine.
// Budget: Sundown ≤ 1.3 × hello world. Run with -benchtime=7x (make bench).
func BenchmarkColdStart(b *testing.B) {
	sundown, hello := serve(b, repoRoot), serve(b, buildHello(b))
	var sMs, hMs, sBytes, hBytes []float64
	b.ResetTimer()
	for b.Loop() {
		ms, bytes := coldStart(b, hello)
		hMs, hBytes = append(hMs, ms), append(hBytes, bytes)
		ms, bytes = coldStart(b, sundown)
		sMs, sBytes = append(sMs, ms), append(sBytes, bytes)
	}
	b.ReportMetric(median(sMs), "sundown-ms")
	b.ReportMetric(median(hMs), "hello-ms")
	b.ReportMetric(median(sMs)/median(hMs), "start-ratio")
	b.ReportMetric(median(sBytes), "sundown-transfer-B")
	b.ReportMetric(median(hBytes), "hello-transfer-B")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkWasmSize reports app.wasm as built and as served. Budget: the
// served (brotli) size ≤ 2.5 MB.
func BenchmarkWasmSize(b *testing.B) {
	for b.Loop() {
	}
	for _, f := range []struct{ name, unit string }{{"app.wasm", "raw-B"}, {"app.wasm.gz", "gzip-B"}, {"app.wasm.br", "brotli-B"}} {
		if info, err := os.Stat(filepath.Join(repoRoot, "web", f.name)); err == nil {
			b.ReportMetric(float64(info.Size()), f.unit)
		}
	}
	b.ReportMetric(0, "ns/op")
}
