//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/seal"
	"github.com/remoteml/sundown/app/server"
	"github.com/remoteml/sundown/app/server/sqlite"
	"github.com/remoteml/sundown/app/ui"
)

// TestTheWalkInFirefoxAndWebKit runs testdata/audit/walk.mjs, the walk
// through Sundown that matters most (see the file), in Firefox ESR and in
// WebKitGTK, against the real server. Chromium walks the same way in the
// chromedp tests of this package.
func TestTheWalkInFirefoxAndWebKit(t *testing.T) {
	t.Parallel()
	node := needProgram(t, "node", "nodejs")
	if _, err := os.Stat(filepath.Join(auditModules, "puppeteer-core")); err != nil {
		t.Fatal("puppeteer-core is not installed: run make audit-deps")
	}
	axeSource(t) // installed with it
	t.Run("firefox", func(t *testing.T) {
		t.Parallel()
		needProgram(t, "firefox-esr", "firefox-esr")
		walk(t, node, "firefox", nil)
	})
	t.Run("webkit", func(t *testing.T) {
		t.Parallel()
		driver, minibrowser := webkitDriver(t)
		walk(t, node, "webkit", []string{"--webdriver", driver, "--minibrowser", minibrowser})
	})
}

// needProgram finds a program the test cannot run without, or fails
// saying which Debian package brings it.
func needProgram(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed, and this test needs it: apt-get install %s (.ci/run does)", name, pkg)
	}
	return path
}

// walk serves the app and runs the walk in one browser.
func walk(t *testing.T, node, browser string, extra []string) {
	srv, shared := newWalkServer(t)
	args := append([]string{"testdata/audit/walk.mjs", "--browser", browser, "--url", srv.URL, "--control", srv.URL + "/test-control",
		"--shared", shared}, extra...)
	if dir := os.Getenv("SUNDOWN_SCREENSHOTS"); dir != "" {
		args = append(args, "--shots", dir)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*patience) // a guard against a hung browser
	defer cancel()
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir()) // Firefox makes its profile under HOME
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("the walk in %s failed: %v", browser, err)
	}
}

// newWalkServer is the app's server with what the walk needs around it: a
// script in every page that records console errors where the walk can read
// them (WebKit's WebDriver has no console of its own, and the page's
// policy refuses inline scripts, so the hook is a file of this origin), a
// switch that takes the server off the network, and ten years of backup to
// import. It syncs too, and keeps one shared link, whose path and fragment
// it returns: the walk opens it as someone with no account would.
func newWalkServer(t *testing.T) (*httptest.Server, string) {
	s := &session{t: t}
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "sundown.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h, err := server.New(server.Config{Files: os.DirFS(builtWeb), Pages: ui.Pages(), Sync: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	s.handler.Store(h)
	shared := storeSharedWeek(t, db)
	var offline atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("POST /test-control/offline", func(w http.ResponseWriter, r *http.Request) { offline.Store(true) })
	mux.HandleFunc("POST /test-control/online", func(w http.ResponseWriter, r *http.Request) { offline.Store(false) })
	history, err := os.ReadFile(historyFile(t, 10)) // for Firefox's full storage
	if err != nil {
		t.Fatal(err)
	}
	serveHistory(mux, history)
	mux.HandleFunc("GET /test-hook.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write([]byte(consoleHook))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if offline.Load() { // as if the network were gone: the connection drops
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		rec := httptest.NewRecorder()
		s.handler.Load().(http.Handler).ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			body = bytes.Replace(body, []byte("<head>"), []byte(`<head><script src="/test-hook.js"></script>`), 1)
			rec.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, shared
}

// storeSharedWeek keeps on db a link to a week of one win and one piece of
// unseen work, sealed as the app seals it, and returns the link's path.
func storeSharedWeek(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	code := pairingCode(t, db, "ana", true)
	dev, err := db.Pair(ctx, server.HashSecret(server.NormalizeCode(code)), "laptop", server.HashSecret("token"), now)
	if err != nil {
		t.Fatal(err)
	}
	week := ritual.Range{From: ritual.Date{Year: 2026, Month: time.November, Day: 23}, To: ritual.Date{Year: 2026, Month: time.November, Day: 29}}
	day := ritual.NewDay(ritual.Date{Year: 2026, Month: time.November, Day: 24})
	day.AddWin("Shipped the shared importer", now)
	day.AddUnseen(ritual.UnseenInput{Kind: ritual.KindReviewed, Text: "Reviewed the rollout plan", Learned: "Canary first"}, now)
	plain, _ := json.Marshal(ritual.NewProof([]ritual.Day{day}, week, ritual.DefaultDayEnds))
	idBytes := make([]byte, protocol.ShareIDBytes)
	rand.Read(idBytes)
	id, key := base64.RawURLEncoding.EncodeToString(idBytes), seal.NewShareKey()
	sealed, err := seal.SealShare(id, key, ritual.ProofFormat, plain)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateShare(ctx, dev.UserID, protocol.ShareRequest{ID: id, Label: []byte("label"), Ciphertext: sealed, Days: 7}, now); err != nil {
		t.Fatal(err)
	}
	return ui.PathShared + id + "#" + base64.RawURLEncoding.EncodeToString(key)
}

// consoleHook keeps every console error, uncaught exception and unhandled
// rejection of the page in sessionStorage, which outlives reloads. It puts
// itself in the service worker's cache, so offline pages load it too.
const consoleHook = `(() => {
  const record = message => {
    try {
      const all = JSON.parse(sessionStorage.getItem("test-errors") || "[]");
      all.push(String(message));
      sessionStorage.setItem("test-errors", JSON.stringify(all));
    } catch (e) {}
  };
  const error = console.error.bind(console);
  console.error = (...args) => { record(args.map(String).join(" ")); error(...args); };
  addEventListener("error", e => record("exception: " + e.message));
  addEventListener("unhandledrejection", e => record("unhandled rejection: " + ((e.reason && e.reason.message) || e.reason)));
  if (self.caches) caches.keys().then(keys => keys.forEach(k => caches.open(k).then(c => c.add("/test-hook.js")))).catch(() => {});
})();`

// webkitDriver starts WebKitWebDriver in a virtual display (MiniBrowser
// has no headless mode) and returns its address and MiniBrowser's path.
func webkitDriver(t testing.TB) (url, minibrowser string) {
	t.Helper()
	needProgram(t, "WebKitWebDriver", "webkit2gtk-driver")
	xvfb := needProgram(t, "xvfb-run", "xvfb")
	minibrowser = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
	if out, err := exec.Command("dpkg", "-L", "libwebkit2gtk-4.1-0").Output(); err == nil {
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasSuffix(line, "/MiniBrowser") {
				minibrowser = line
			}
		}
	}
	if _, err := os.Stat(minibrowser); err != nil {
		t.Fatalf("MiniBrowser is not installed (%v): apt-get install webkit2gtk-driver", err)
	}
	port := freePort(t)
	cmd := exec.Command(xvfb, "-a", "WebKitWebDriver", "--port="+strconv.Itoa(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // xvfb-run, Xvfb and the driver go together
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); cmd.Wait() })
	url = fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(patience)
	for {
		if resp, err := http.Get(url + "/status"); err == nil {
			resp.Body.Close()
			return url, minibrowser
		}
		if time.Now().After(deadline) {
			t.Fatal("WebKitWebDriver did not start")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
