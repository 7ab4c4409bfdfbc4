//go:build e2e

package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/server"
	"github.com/remoteml/sundown/app/ui"
)

// builtWeb is where make build leaves the app's files (web/, with
// app.wasm and a copy of wasm_exec.js), as the server binary embeds them.
const builtWeb = "../../web"

// The app's routes, as cmd/sundown registers them before it starts the
// server: it prerenders each page's outline.
func init() { ui.Routes(&ui.Env{}) }

// patience is how long a test waits for something the app must do before
// it calls it missing. It is a guard against a test hanging, never a
// budget: on an idle machine these waits end within a second, and a machine
// busy with other work can take many times longer without anything being
// wrong. How fast the app is, make bench measures.
const patience = time.Minute

// session is one browser profile (one "device") talking to one server.
type session struct {
	t      testing.TB
	ctx    context.Context
	stop   func() // stops the server
	origin string
	close  func() // closes the tab (of a session made by newTab)

	handler               atomic.Value // the http.Handler of the version deployed now
	networkErrorsExpected atomic.Bool  // failed requests are what the test causes

	mu       sync.Mutex
	problems []string // console errors, exceptions and requests to other origins
}

// deploy makes the server serve the build in dir from now on, as a new
// release would.
func (s *session) deploy(dir string) {
	s.t.Helper()
	h, err := server.New(server.Config{Files: os.DirFS(dir), Pages: ui.Pages(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		s.t.Fatalf("starting the server: %v (run make build first)", err)
	}
	s.handler.Store(h)
}

// newSession starts the server and a fresh headless Chromium profile.
func newSession(t testing.TB) *session { return newSessionOn(t, nil) }

// newSessionOn opens a fresh profile (a new "device") on a running server,
// or on a server of its own when srv is nil, with extra browser flags.
func newSessionOn(t testing.TB, srv *httptest.Server, extra ...chromedp.ExecAllocatorOption) *session {
	t.Helper()
	s := &session{t: t}
	if srv == nil {
		s.deploy(builtWeb)
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.handler.Load().(http.Handler).ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
	}
	s.stop = srv.Close
	s.startBrowser(srv.URL, extra...)
	return s
}

// startBrowser opens a fresh headless Chromium profile on origin, with
// extra flags.
func (s *session) startBrowser(origin string, extra ...chromedp.ExecAllocatorOption) {
	t := s.t
	t.Helper()
	// Without Chromium the browser tests fail, in CI and everywhere else:
	// a skipped test would pass for one that never ran.
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed, and the browser tests need it: run `make chromium` (as root) or apt-get install chromium")
	}
	// Chromium has been seen to exit as it starts, now and then on a busy
	// machine, before it says where its DevTools listen ("chrome failed to
	// start"): that is tried again, twice at most, with a fresh profile.
	for attempt := 1; ; attempt++ {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromium),
			chromedp.NoSandbox,
			chromedp.UserDataDir(t.TempDir()),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.WindowSize(1100, 900),
			// The tests read times and dates as a British browser writes them
			// (18:04, Wednesday 25 November); locale_test.go tries others.
			chromedp.Flag("accept-lang", "en-GB"),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
		ctx, cancelCtx := chromedp.NewContext(allocCtx)
		if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil { // starts the browser and its first tab
			cancelCtx()
			cancelAlloc()
			if attempt == 3 || !strings.Contains(err.Error(), "chrome failed to start") {
				t.Fatalf("starting chromium: %v", err)
			}
			t.Logf("chromium exited as it started (attempt %d of 3): %v", attempt, err)
			continue
		}
		ctx, cancelTimeout := context.WithTimeout(ctx, 8*patience) // a guard against a hung browser
		t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
		s.origin = origin
		s.attach(ctx)
		return
	}
}

// attach makes ctx's tab the session's and watches it.
func (s *session) attach(ctx context.Context) {
	s.t.Helper()
	s.ctx = ctx
	if err := chromedp.Listen(ctx, s.watch); err != nil {
		s.t.Fatalf("starting chromium: %v", err)
	}
	_, errLog := chromedp.Call(ctx, log.Enable, cdp.Empty{})
	_, errNet := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	_, errRuntime := chromedp.Call(ctx, runtime.Enable, cdp.Empty{})
	if err := errors.Join(errLog, errNet, errRuntime); err != nil {
		s.t.Fatalf("watching the page: %v", err)
	}
}

// newTab opens another tab of the same profile: the same storage, as a
// second window of the app would have.
func (s *session) newTab() *session {
	s.t.Helper()
	ctx, cancel := chromedp.NewContext(s.ctx)
	s.t.Cleanup(cancel)
	tab := &session{t: s.t, stop: s.stop, origin: s.origin, close: cancel}
	tab.attach(ctx)
	return tab
}

// watch records everything that must never happen on a page: a console
// error, an uncaught exception, a request to another origin.
func (s *session) watch(ev any) {
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			s.problem("console error: %s", consoleText(e.Args))
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		detail := d.Text
		if d.Exception != nil {
			detail += " " + d.Exception.Description
		}
		s.problem("exception: %s", detail)
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError && !s.offlineNoise(e.Entry) {
			s.problem("browser log: %s %s", e.Entry.Text, e.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(e.Request.URL)
		if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Scheme+"://"+u.Host != s.origin {
			s.problem("request left the origin: %s", e.Request.URL)
		}
	}
}

// offlineNoise is a failed request to the stopped server, which is what the
// offline test means to cause.
func (s *session) offlineNoise(e *log.Entry) bool {
	return (s.serverStopped() || s.networkErrorsExpected.Load()) && e.Source == log.EntrySourceNetwork
}

func consoleText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		if a.Value != nil {
			parts = append(parts, string(a.Value))
		} else {
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

func (s *session) problem(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.problems = append(s.problems, fmt.Sprintf(format, args...))
}

// assertClean fails the test with every problem the page caused.
func (s *session) assertClean() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.problems {
		s.t.Error(p)
	}
}

var stopped sync.Map

func (s *session) stopServer()         { s.stop(); stopped.Store(s, true) }
func (s *session) serverStopped() bool { _, ok := stopped.Load(s); return ok }

// run runs chromedp actions and fails the test, naming what was being done.
func (s *session) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, patience) // waits for an element end, like the polls
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		s.shot("failure")
		s.t.Fatalf("%s: %v\n%s", what, err, s.state())
	}
}

// state says what the page showed when a step failed, so that a failure
// seen once on a busy machine can be understood without running it again.
func (s *session) state() string {
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](pageState, chromedp.EvalAwaitPromise))
	if err != nil {
		return "the page could not be read: " + err.Error()
	}
	return "the page showed " + shown
}

// pageState is what state reads of a page: its path, whether it is
// visible, what its status lines say, which browser locks its origin holds
// and waits for (the sync's), and the start of its text.
const pageState = `(async () => {
	const squeeze = t => t.replace(/\s+/g, " ").trim();
	const statuses = [...document.querySelectorAll("[role=status], [role=alert]")].map(e => squeeze(e.innerText)).filter(Boolean);
	const locks = navigator.locks ? await navigator.locks.query() : { held: [], pending: [] };
	const names = ls => ls.map(l => l.name).join(", ") || "none";
	return location.pathname + " (" + document.visibilityState + "); status lines: " + (statuses.join(" | ") || "none") +
		"; locks held: " + names(locks.held) + ", waited for: " + names(locks.pending) +
		"; text: " + squeeze(document.body.innerText).slice(0, 600);
})()`

// open loads a path and waits until the app has mounted and loaded its data.
func (s *session) open(path string) {
	s.t.Helper()
	s.run("opening "+path, chromedp.Navigate(s.origin+path), waitReady())
}

// reload reloads the page and waits for the app again.
func (s *session) reload() {
	s.t.Helper()
	s.run("reloading", chromedp.Reload(), waitReady())
}

// waitReady waits for the marker that only the running app sets.
func waitReady() chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(`main[data-ready="true"]`))
}

// button finds a button or link by its visible text or accessible name.
func button(name string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//*[self::button or self::a][normalize-space()=%[1]q or @aria-label=%[1]q]`, name))
}

// click clicks the button or link named name. go-app may replace the
// element between chromedp finding it and clicking it (a sync finishing
// re-renders the page): then it is found again and clicked, as a person
// would click the button they see now.
func (s *session) click(name string) {
	s.t.Helper()
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(s.ctx, patience)
		err := chromedp.Do(ctx, chromedp.Click(button(name), chromedp.NodeVisible))
		cancel()
		if err == nil {
			return
		}
		if attempt < 5 && strings.Contains(err.Error(), "Could not find node with given id") {
			continue
		}
		s.shot("failure")
		s.t.Fatalf("clicking %s: %v", name, err)
	}
}

// fieldID finds the id of the field whose label reads label.
func (s *session) fieldID(label string) string {
	s.t.Helper()
	id := get(s, "finding the field "+label, chromedp.Poll[string](fmt.Sprintf(
		`(() => { const l = [...document.querySelectorAll("label")].find(l => l.textContent.trim() === %q); return l ? l.htmlFor : ""; })()`,
		label), chromedp.WithPollingTimeout(patience)))
	return "#" + id
}

// fill types text into the field labelled label, replacing what it held.
func (s *session) fill(label, text string) {
	s.t.Helper()
	sel := s.fieldID(label)
	// Empty it as a user deleting the text would: the app hears an input event.
	clear := fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); })()`, sel)
	s.run("filling "+label, chromedp.Evaluate[chromedp.Void](clear), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// choose picks an option of the select labelled label, as a user would.
func (s *session) choose(label, value string) {
	s.t.Helper()
	sel := s.fieldID(label)
	s.run("choosing "+value, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event("change", {bubbles: true})); })()`, sel, value)))
}

// waitText waits until the element matching css has exactly text.
func (s *session) waitText(css, text string) {
	s.t.Helper()
	s.run(fmt.Sprintf("waiting for %s to read %q", css, text), chromedp.Poll[chromedp.Void](fmt.Sprintf(
		`document.querySelector(%q)?.textContent.trim() === %q`, css, text), chromedp.WithPollingTimeout(patience)))
}

// waitContains waits until the page's text contains text.
func (s *session) waitContains(text string) {
	s.t.Helper()
	s.run(fmt.Sprintf("waiting for the page to show %q", text), chromedp.Poll[chromedp.Void](fmt.Sprintf(
		`document.body.innerText.includes(%q)`, text), chromedp.WithPollingTimeout(patience)))
}

// text returns the text of the element matching css.
func (s *session) text(css string) string {
	s.t.Helper()
	return strings.TrimSpace(get(s, "reading "+css, chromedp.Text(chromedp.CSS(css))))
}

// get runs an action that returns a value, failing the test on error.
func get[T any](s *session, what string, action chromedp.Action[T]) T {
	s.t.Helper()
	v, err := chromedp.Run(s.ctx, action)
	if err != nil {
		s.shot("failure")
		s.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval runs a script in the page and returns its value.
func eval[T any](s *session, script string) T {
	s.t.Helper()
	return get(s, "evaluating "+script, chromedp.Evaluate[T](script))
}

// shot saves a screenshot when SUNDOWN_SCREENSHOTS names a folder.
func (s *session) shot(name string) {
	dir := os.Getenv("SUNDOWN_SCREENSHOTS")
	if dir == "" {
		return
	}
	if png, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100)); err == nil {
		os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
}

// entries returns the texts of the entries in the list named label.
func (s *session) entries(label string) []string {
	s.t.Helper()
	return eval[[]string](s, fmt.Sprintf(
		`[...document.querySelectorAll('ul[aria-label=%q] .entry-text > span:first-child')].map(e => e.textContent)`, label))
}

// wantEntries fails the test unless the list named label holds exactly want.
func (s *session) wantEntries(label string, want ...string) {
	s.t.Helper()
	got := s.entries(label)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		s.shot("failure")
		s.t.Fatalf("%s = %q, want %q", label, got, want)
	}
}

// setOffline cuts the app off its sync server, or reconnects it, as when a
// laptop leaves the Wi-Fi. (Chromium's offline emulation spares loopback,
// so the sync API is blocked instead; the app sees the same failed fetch.)
func (s *session) setOffline(off bool) {
	s.t.Helper()
	if off {
		s.networkErrorsExpected.Store(true)
	}
	var patterns []*network.BlockPattern
	if off {
		patterns = []*network.BlockPattern{{URLPattern: s.origin + "/api/*", Block: true}}
	}
	if _, err := chromedp.Call(s.ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: patterns}); err != nil {
		s.t.Fatal(err)
	}
}

// wantEntrySet is wantEntries for lists whose order does not matter (a
// merge orders entries by when they were written, and the test clock
// restarts at every page load).
func (s *session) wantEntrySet(label string, want ...string) {
	s.t.Helper()
	got := s.entries(label)
	sort.Strings(got)
	want = append([]string(nil), want...)
	sort.Strings(want)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		s.shot("failure")
		s.t.Fatalf("%s = %q, want %q in any order", label, got, want)
	}
}

// inDatabase is a JavaScript expression: a promise of what fn (given the
// object store of Sundown's database, in a read-write transaction) asks,
// once the transaction is done. The app must have opened the database
// before (it makes it).
func inDatabase(fn string) string {
	return `new Promise((resolve, reject) => {
		const open = indexedDB.open("sundown");
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const db = open.result, tx = db.transaction("kv", "readwrite"), req = (` + fn + `)(tx.objectStore("kv"));
			tx.oncomplete = () => { db.close(); resolve(req ? req.result : null); };
			tx.onerror = () => reject(tx.error);
		};
	})`
}

// changeDatabase runs fn on Sundown's database and waits until its
// transaction has committed: a page left before then aborts it.
func (s *session) changeDatabase(fn string) {
	s.t.Helper()
	get(s, "changing the database", chromedp.Evaluate[chromedp.Void](inDatabase(fn), chromedp.EvalAwaitPromise))
}

// stored reads a value of Sundown's database ("" when there is none).
func (s *session) stored(key string) string {
	s.t.Helper()
	v := get(s, "reading "+key, chromedp.Evaluate[*string](inDatabase(fmt.Sprintf(`store => store.get(%q)`, key)), chromedp.EvalAwaitPromise))
	if v == nil {
		return ""
	}
	return *v
}

// storedKeys lists the keys of Sundown's database that start with prefix.
func (s *session) storedKeys(prefix string) []string {
	s.t.Helper()
	keys := get(s, "listing the database", chromedp.Evaluate[[]string](inDatabase(`store => store.getAllKeys()`), chromedp.EvalAwaitPromise))
	var out []string
	for _, k := range keys {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	return out
}
