package server

import (
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ui"
)

// The app's routes, as cmd/sundown registers them before it starts the server.
func init() { ui.Routes(&ui.Env{}) }

// fakeBuild lays out what make build leaves in web/: app.wasm (and,
// optionally, its brotli file), kdf.wasm, calendar.wasm, wasm_exec.js and a stylesheet.
func fakeBuild(t testing.TB, wasm string, brotli bool) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("wasm_exec.js", "// the toolchain's loader\n")
	write("app.wasm", wasm)
	write("kdf.wasm", "kdf-"+wasm)
	write("calendar.wasm", "calendar-"+wasm)
	write("app.css", "body{}")
	if brotli {
		write("app.wasm.br", "pretend-brotli")
	}
	return dir
}

func newTestHandler(t *testing.T, dir string) http.Handler {
	t.Helper()
	h, err := New(Config{Pages: ui.Pages(), Files: os.DirFS(dir), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestEveryPageIsServedWithSecurityHeaders(t *testing.T) {
	h := newTestHandler(t, fakeBuild(t, "\x00asm-app", false))
	for _, path := range []string{"/", "/ritual", "/history", "/settings", "/history/2026-11-24"} {
		w := get(h, path)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s", path, w.Code, w.Header().Get("Content-Type"))
		}
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "'wasm-unsafe-eval'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP = %q", path, csp)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers = %v", path, w.Header())
		}
	}
	api := get(h, "/healthz")
	if csp := api.Header().Get("Content-Security-Policy"); csp != "default-src 'none'; frame-ancestors 'none'" || api.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("/healthz: headers = %v", api.Header())
	}
	if w := get(h, "/nowhere"); w.Code != http.StatusNotFound {
		t.Errorf("/nowhere: %d", w.Code)
	}
	body := get(h, "/").Body.String()
	// go-app writes attributes in any order: look for each tag by its parts.
	for _, want := range [][]string{{"<link", `rel="manifest"`, `href="/manifest.webmanifest"`}, {"<script", `src="/wasm_exec.js"`}, {"<link", `href="/web/app.css"`}} {
		if !hasTag(body, want...) {
			t.Errorf("page lacks a tag with %v", want)
		}
	}
	if !strings.Contains(body, "<title>Sundown") {
		t.Error("page has no Sundown title")
	}
	if regexp.MustCompile(`(src|href)="https?://`).MatchString(body) {
		t.Error("the page loads something from another origin")
	}
}

func TestServesTheToolchainsWasmExec(t *testing.T) {
	h := newTestHandler(t, fakeBuild(t, "\x00asm-app", false))
	w := get(h, "/wasm_exec.js")
	if w.Body.String() != "// the toolchain's loader\n" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/javascript") {
		t.Fatalf("/wasm_exec.js = %q (%s), want the file from the build", w.Body.String(), w.Header().Get("Content-Type"))
	}
}

func TestWasmIsServedCompressed(t *testing.T) {
	raw := strings.Repeat("\x00asm-app-", 1000)
	h := newTestHandler(t, fakeBuild(t, raw, true))
	br := get(h, "/web/app.wasm", "Accept-Encoding", "gzip, deflate, br")
	if br.Header().Get("Content-Encoding") != "br" || br.Body.String() != "pretend-brotli" {
		t.Fatalf("with br accepted: %v", br.Header())
	}
	if br.Header().Get("Content-Type") != "application/wasm" || br.Header().Get(wasmLengthHeader) != "9000" {
		t.Fatalf("headers: %v", br.Header())
	}
	plain := get(h, "/web/app.wasm")
	if plain.Header().Get("Content-Encoding") != "" || plain.Body.String() != raw {
		t.Fatal("a client that accepts no encoding did not get the raw file")
	}
	if w := get(h, "/web/app.wasm", "If-None-Match", br.Header().Get("ETag")); w.Code != http.StatusNotModified {
		t.Fatalf("revalidation: %d", w.Code)
	}

	// A brotli file stamped with its source's time cut to the second (what
	// the brotli tool does) is served; one older than the wasm is stale.
	dir := fakeBuild(t, raw, true)
	wasm, brFile := filepath.Join(dir, "app.wasm"), filepath.Join(dir, "app.wasm.br")
	built := time.Date(2026, 11, 25, 22, 7, 36, 793_000_000, time.UTC)
	os.Chtimes(wasm, built, built)
	os.Chtimes(brFile, built.Truncate(time.Second), built.Truncate(time.Second))
	if w := get(newTestHandler(t, dir), "/web/app.wasm", "Accept-Encoding", "br"); w.Header().Get("Content-Encoding") != "br" {
		t.Fatalf("a brotli file with its source's time was not served: %v", w.Header())
	}
	os.Chtimes(brFile, built.Add(-time.Hour), built.Add(-time.Hour))
	if w := get(newTestHandler(t, dir), "/web/app.wasm", "Accept-Encoding", "br"); w.Header().Get("Content-Encoding") == "br" {
		t.Fatal("a brotli file older than the wasm was served")
	}

	// Without a brotli file the server makes the gzip one itself.
	h = newTestHandler(t, fakeBuild(t, raw, false))
	gz := get(h, "/web/app.wasm", "Accept-Encoding", "gzip, br")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Body.Len() >= len(raw) {
		t.Fatalf("gzip fallback: %v, %d bytes", gz.Header(), gz.Body.Len())
	}
}

func TestVersionFollowsTheContent(t *testing.T) {
	version := func(wasm string) string {
		w := get(newTestHandler(t, fakeBuild(t, wasm, false)), "/app-worker.js")
		m := regexp.MustCompile(`const cacheName = "app-" \+ "([0-9a-f]+)"`).FindStringSubmatch(w.Body.String())
		if m == nil {
			t.Fatalf("no version in the worker:\n%s", w.Body.String())
		}
		return m[1]
	}
	a, again, b := version("build one"), version("build one"), version("build two")
	if a != again || a == b {
		t.Fatalf("versions: %s %s %s; want equal for equal builds and different otherwise", a, again, b)
	}
}

func TestWorkerCachesEveryPageAndIcon(t *testing.T) {
	body := get(newTestHandler(t, fakeBuild(t, "x", false)), "/app-worker.js").Body.String()
	for _, want := range []string{`"/"`, `"/ritual"`, `"/history"`, `"/settings"`, `"/web/app.wasm"`, `"/web/icon.svg"`, `"/web/icon-192.png"`, `"/wasm_exec.js"`, "caches.match(\"/\")"} {
		if !strings.Contains(body, want) {
			t.Errorf("worker lacks %s", want)
		}
	}
	if strings.Contains(body, "https://") {
		t.Error("the worker caches a remote URL: offline would break")
	}
}

func TestManifestIconsExistWithTheirSizes(t *testing.T) {
	w := get(newTestHandler(t, fakeBuild(t, "x", false)), "/manifest.webmanifest")
	var m struct {
		StartURL string `json:"start_url"`
		Display  string `json:"display"`
		Icons    []struct{ Src, Sizes, Purpose string }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m.StartURL != "/" || m.Display != "standalone" {
		t.Fatalf("manifest = %+v", m)
	}
	maskable := false
	for _, icon := range m.Icons {
		path := filepath.Join("..", "..", icon.Src)
		if _, err := os.Stat(path); err != nil {
			t.Errorf("icon %s is missing from the repository", icon.Src)
			continue
		}
		maskable = maskable || icon.Purpose == "maskable"
		if strings.HasSuffix(icon.Src, ".png") {
			f, _ := os.Open(path)
			cfg, err := png.DecodeConfig(f)
			f.Close()
			if err != nil || icon.Sizes != fmt.Sprintf("%dx%d", cfg.Width, cfg.Height) {
				t.Errorf("icon %s is %dx%d, manifest says %s", icon.Src, cfg.Width, cfg.Height, icon.Sizes)
			}
		}
	}
	if !maskable {
		t.Error("no maskable icon")
	}
}

func TestMissingBuildSaysWhatToRun(t *testing.T) {
	_, err := New(Config{Pages: ui.Pages(), Files: os.DirFS(t.TempDir())})
	if err == nil || !strings.Contains(err.Error(), "make") {
		t.Fatalf("err = %v", err)
	}
}

// hasTag reports whether html has a tag that starts with parts[0] and holds
// every other part.
func hasTag(html string, parts ...string) bool {
	for _, tag := range strings.SplitAfter(html, ">") {
		i := strings.Index(tag, parts[0])
		if i < 0 {
			continue
		}
		ok := true
		for _, p := range parts[1:] {
			ok = ok && strings.Contains(tag[i:], p)
		}
		if ok {
			return true
		}
	}
	return false
}

// TestPagesLetPeopleZoom: go-app's page forbids zooming; ours must not.
func TestPagesLetPeopleZoom(t *testing.T) {
	h := newTestHandler(t, fakeBuild(t, "x", false))
	for _, path := range []string{"/", "/history", "/settings"} {
		w := get(h, path)
		body := w.Body.String()
		if !strings.Contains(body, `name="viewport"`) || strings.Contains(body, "user-scalable") || strings.Contains(body, "maximum-scale") {
			t.Fatalf("%s: the viewport tag still forbids zooming:\n%s", path, body[:min(len(body), 600)])
		}
		if w.Header().Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Fatalf("%s: Content-Length %s for %d bytes", path, w.Header().Get("Content-Length"), len(body))
		}
	}
	if w := get(h, "/web/app.css"); w.Body.String() != "body{}" {
		t.Fatalf("a stylesheet was changed on the way: %q", w.Body.String())
	}
}
