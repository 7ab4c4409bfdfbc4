//go:build e2e

package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/benchmark"
	"github.com/remoteml/sundown/app/server"
	"github.com/remoteml/sundown/app/ui"
)

// buildHello builds the go-app hello world in testdata/hello the way make
// build builds Sundown, and lays it out as the server expects.
func buildHello(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	wasm := filepath.Join(dir, "app.wasm")
	build := exec.Command("go", append(append([]string{"build"}, wasmFlags...), "-o", wasm, "./testdata/hello")...)
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building the hello world: %v\n%s", err, out)
	}
	compress(b, wasm)
	// Everything else is Sundown's: the same server, page, stylesheet and
	// icons, so the comparison measures the app's code and nothing else.
	statics, _ := filepath.Glob(filepath.Join(builtWeb, "*.*"))
	for _, f := range statics {
		if !strings.Contains(filepath.Base(f), "app.wasm") {
			copyFile(b, f, filepath.Join(dir, filepath.Base(f)))
		}
	}
	return dir
}

// wasmFlags are the Makefile's WASM_FLAGS: the hello world is built as Sundown is.
var wasmFlags = []string{"-trimpath", "-gcflags=github.com/remoteml/sundown/...=-l", "-ldflags=-s -w"}

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

// compress makes the .gz and .br files as make build does.
func compress(b *testing.B, wasm string) {
	b.Helper()
	commands := [][]string{{"gzip", "-9", "-n", "-k", "-f", wasm}}
	if _, err := exec.LookPath("brotli"); err == nil {
		commands = append(commands, []string{"brotli", "-q", "11", "-f", "-o", wasm + ".br", wasm})
	}
	for _, c := range commands {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", c[0], err, out)
		}
	}
}

func serve(b testing.TB, dir string) string {
	h, err := server.New(server.Config{Files: os.DirFS(dir), Pages: ui.Pages(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return srv.URL
}

// The floor of a start: a blank page that only fetches and instantiates
// the same app.wasm, served the same way, with WebAssembly.instantiateStreaming,
// and then shows its ready marker as the apps do.
const floorPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title>
<script src="/wasm_exec.js"></script></head><body><main>floor</main><script>
WebAssembly.instantiateStreaming(fetch("/web/app.wasm"), new Go().importObject).then(() => {
  document.querySelector("main").dataset.ready = "true";
});
</script></body></html>`

// serveFloor serves the floor page, and app.wasm and wasm_exec.js as
// Sundown's server does.
func serveFloor(b *testing.B) string {
	h, err := server.New(server.Config{Files: os.DirFS(builtWeb), Pages: ui.Pages(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/web/app.wasm", h)
	mux.Handle("/wasm_exec.js", h)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, floorPage)
	})
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv.URL
}

// readyObserver is put in every page a benchmark opens, before the page's
// own scripts: it marks "bench-ready" on the performance timeline the moment
// a main element marked data-ready="true" is in the document. Sundown, the
// hello world and the floor are all timed by this one event, seen by the
// same code: the app's first page mounted into the DOM, not a mark of
// the app's own made at some moment of its choosing.
const readyObserver = `new MutationObserver((_, observer) => {
  if (document.querySelector('main[data-ready="true"]')) {
    performance.mark("bench-ready");
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"]});`

// observeReady adds readyObserver to every document the browser opens from now on.
func observeReady(ctx context.Context) error {
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: readyObserver})
	return err
}

// throttled is the slow link of the start figures: 20 Mbit/s, 40 ms.
var throttled = &network.Conditions{Latency: 40, DownloadThroughput: 20e6 / 8, UploadThroughput: 20e6 / 8}

// throttle is Network.emulateNetworkConditionsByRule with parameters both
// older and newer Chromium take: Chromium 148 (a Debian release of it)
// requires "offline" beside the conditions and refuses the command without
// it; the protocol cdproto follows has "offline" in each condition instead.
var throttle = cdp.Command[throttleParams, network.EmulateNetworkConditionsByRuleResult]{Method: network.CommandEmulateNetworkConditionsByRule}

type throttleParams struct {
	Offline                  bool                  `json:"offline"`
	MatchedNetworkConditions []*network.Conditions `json:"matchedNetworkConditions"`
}

// start is one measured start: the milliseconds from navigation to the
// ready event, cold (new profile: no HTTP cache, no service worker) and warm
// (the same page opened again once the service worker is active), and the
// bytes the cold start transferred.
type start struct{ cold, warm, transferred float64 }

func measureStart(b *testing.B, url string, link *network.Conditions) start {
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
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		b.Fatal(err)
	}
	if err := observeReady(ctx); err != nil {
		b.Fatal(err)
	}
	if link != nil {
		if _, err := chromedp.Call(ctx, throttle, throttleParams{MatchedNetworkConditions: []*network.Conditions{link}}); err != nil {
			b.Fatal(err)
		}
	}
	var s start
	s.cold, s.transferred = loadOnce(b, ctx, url)
	// A page with a service worker is warm once the worker is active; the
	// floor has none and is warm from the HTTP cache.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.getRegistration().then(r => r ? navigator.serviceWorker.ready : null)`,
		chromedp.EvalAwaitPromise)); err != nil {
		b.Fatal(err)
	}
	s.warm, _ = loadOnce(b, ctx, url)
	return s
}

// loadOnce opens url and returns the ready event's time and the bytes transferred.
func loadOnce(b *testing.B, ctx context.Context, url string) (ms, transferred float64) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`main[data-ready="true"]`))); err != nil {
		b.Fatal(err)
	}
	type timing struct{ Ready, Transferred float64 }
	t, err := chromedp.Run(ctx, chromedp.Evaluate[timing](`({
		ready: performance.getEntriesByName("bench-ready")[0].startTime,
		transferred: performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
			.reduce((sum, e) => sum + e.transferSize, 0),
	})`))
	if err != nil {
		b.Fatal(err)
	}
	return t.Ready, t.Transferred
}

// BenchmarkStart measures the download and the start of Sundown, of a go-app hello world
// and of the floor (instantiating app.wasm and nothing else), cold and
// warm, on loopback and on a throttled link. Each turn (-benchtime Nx: N
// turns) starts all three, in an order that rotates, so a slow moment of the
// shared machine falls on all; each ratio is taken within a turn, and the
// figure is the median ratio with its spread.
// Budgets: cold ≤ 1.3 × hello world, warm ≤ 1.2 ×; transfer ≤ 1.25 ×.
func BenchmarkStart(b *testing.B) {
	hello := buildHello(b)
	targets := []struct{ name, url string }{
		{"floor", serveFloor(b)}, {"hello", serve(b, hello)}, {"sundown", serve(b, builtWeb)},
	}
	for _, link := range []struct {
		name       string
		conditions *network.Conditions
	}{{"loopback", nil}, {"throttled", throttled}} {
		b.Run("link="+link.name, func(b *testing.B) {
			var turns []map[string]start
			for b.Loop() {
				turn := map[string]start{}
				for _, i := range benchmark.Rotation(len(turns), len(targets)) {
					turn[targets[i].name] = measureStart(b, targets[i].url, link.conditions)
				}
				turns = append(turns, turn)
			}
			reportStarts(b, turns)
			if link.conditions == nil {
				reportSizes(b, map[string]string{"sundown": builtWeb, "hello": hello})
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// reportStarts reports each target's median times and bytes, and the
// per-turn ratios of Sundown's to the hello world's and the floor's.
func reportStarts(b *testing.B, turns []map[string]start) {
	for _, name := range []string{"floor", "hello", "sundown"} {
		var cold, warm, transferred []float64
		for _, turn := range turns {
			s := turn[name]
			cold, warm, transferred = append(cold, s.cold), append(warm, s.warm), append(transferred, s.transferred)
		}
		b.ReportMetric(benchmark.Median(cold), name+"-cold-ms")
		b.ReportMetric(benchmark.Median(warm), name+"-warm-ms")
		b.ReportMetric(benchmark.Median(transferred), name+"-transfer-B")
	}
	var coldHello, coldFloor, warmHello, transfer benchmark.Ratios
	for _, turn := range turns {
		mine, hello, floor := turn["sundown"], turn["hello"], turn["floor"]
		coldHello.Add(mine.cold, hello.cold)
		coldFloor.Add(mine.cold, floor.cold)
		warmHello.Add(mine.warm, hello.warm)
		transfer.Add(mine.transferred, hello.transferred)
	}
	coldHello.Report(b, "cold-vs-hello")
	coldFloor.Report(b, "cold-vs-floor")
	warmHello.Report(b, "warm-vs-hello")
	transfer.Report(b, "transfer-vs-hello")
}

// reportSizes reports app.wasm raw, gzip and brotli. Budget: Sundown's
// brotli ≤ 2.5 MB.
func reportSizes(b *testing.B, dirs map[string]string) {
	for name, dir := range dirs {
		for _, f := range []struct{ ext, unit string }{{"", "raw-B"}, {".gz", "gzip-B"}, {".br", "brotli-B"}} {
			if info, err := os.Stat(filepath.Join(dir, "app.wasm"+f.ext)); err == nil {
				b.ReportMetric(float64(info.Size()), name+"-"+f.unit)
			}
		}
	}
}
