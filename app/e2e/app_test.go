//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestNewVersionOffersReload deploys a new build while the app is open:
// the app says an update is available and reloads into it on request.
func TestNewVersionOffersReload(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	s.waitForServiceWorker()
	before := get(s, "listing caches", chromedp.Evaluate[[]string](`caches.keys()`, chromedp.EvalAwaitPromise))

	s.deploy(newerBuild(t))
	s.reload()
	s.run("waiting for the update banner", chromedp.WaitVisible(button("Reload")))
	s.waitContains("Update available")
	s.shot("update")
	eval[chromedp.Void](s, `window.oldDocument = true`)
	s.click("Reload")
	s.waitNewDocument()
	after := get(s, "listing caches", chromedp.Evaluate[[]string](`caches.keys()`, chromedp.EvalAwaitPromise))
	if len(after) != 1 || after[0] == before[0] {
		t.Fatalf("caches before %v, after the reload %v: want only the new version's", before, after)
	}
	if eval[bool](s, `document.body.innerText.includes("Update available")`) {
		t.Fatal("the update banner is still shown after reloading into the new version")
	}
	s.assertClean()
}

// newerBuild copies the build with one byte of its stylesheet changed,
// which is all it takes to make a new version.
func newerBuild(t *testing.T) string {
	dir := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(builtWeb, "*.*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dir, filepath.Base(f))
		if strings.HasSuffix(f, "app.css") {
			data = append(data, '\n')
		}
		os.WriteFile(to, data, 0o644)
	}
	return dir
}

// waitNewDocument waits until the page marked with window.oldDocument has
// been replaced by a new one and the app in it is ready.
func (s *session) waitNewDocument() {
	s.t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		fresh, err := chromedp.Run(s.ctx, chromedp.Evaluate[bool](
			`window.oldDocument === undefined && document.querySelector('main[data-ready="true"]') !== null`))
		if err == nil && fresh {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatal("the page did not reload into a ready app")
}
