//go:build e2e

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAFormSentWhileTheStorageIsBusyStaysInThePage: go-app runs a form's
// submit handler on the UI goroutine; while that goroutine waits for the
// browser's database, a second Enter returned to the browser before any
// handler ran, and the browser submitted the form itself: the page
// reloaded and what was being written was lost. Another tab holds the
// database here (a transaction kept open), so the app's save waits.
func TestAFormSentWhileTheStorageIsBusyStaysInThePage(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	s.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	s.open("/history/2026-11-25")
	s.fieldID("Win")

	other := holdTheDatabase(s)

	s.run("marking the page", chromedp.Evaluate[chromedp.Void](`window.samePage = true`))
	s.fill("Win", "Written while the database was busy\n") // saving waits for the other tab
	s.run("pressing Enter again", chromedp.SendKeys(chromedp.CSS(s.fieldID("Win")), "\n"))
	if !eval[bool](s, `window.samePage === true && location.search === ""`) {
		t.Fatal("the browser submitted the form: the page was loaded again")
	}

	other.run("letting the database go", chromedp.Evaluate[chromedp.Void](`window.holding = false`))
	s.waitContains("Written while the database was busy")
	s.wantEntries("Wins", "Written while the database was busy")
	if !eval[bool](s, `window.samePage === true`) {
		t.Fatal("the page was loaded again")
	}
	s.reload()
	s.wantEntries("Wins", "Written while the database was busy")
	s.assertClean()
	other.assertClean()
}

// TestWordsTypedWhileASaveWaitsStay: the next win typed while the last one
// waited for the database is not emptied along with it once that save is
// done, and goes in with the next Enter.
func TestWordsTypedWhileASaveWaitsStay(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	s.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	s.open("/history/2026-11-25")
	field := s.fieldID("Win")

	other := holdTheDatabase(s)
	s.fill("Win", "Saved while the database was busy\n")
	s.run("typing the next win", chromedp.SendKeys(chromedp.CSS(field), "Typed while it waited"))
	other.run("letting the database go", chromedp.Evaluate[chromedp.Void](`window.holding = false`))
	s.waitContains("Saved while the database was busy")
	s.wantEntries("Wins", "Saved while the database was busy")
	if got := eval[string](s, fmt.Sprintf(`document.querySelector(%q).value`, field)); got != "Typed while it waited" {
		t.Fatalf("the field holds %q once the first save was done, want the words typed meanwhile", got)
	}

	s.run("sending the next win", chromedp.SendKeys(chromedp.CSS(field), "\n"))
	s.waitContains("Typed while it waited")
	s.wantEntries("Wins", "Saved while the database was busy", "Typed while it waited")
	s.reload()
	s.wantEntries("Wins", "Saved while the database was busy", "Typed while it waited")
	s.assertClean()
	other.assertClean()
}

// holdTheDatabase opens Sundown in another tab and keeps a readwrite
// transaction of its database open there, so that the app's saves wait,
// until the tab's window.holding is set to false.
func holdTheDatabase(s *session) *session {
	other := s.newTab()
	other.open("/")
	other.run("holding the database", chromedp.Evaluate[chromedp.Void](`new Promise(opened => {
		const q = indexedDB.open("sundown");
		q.onsuccess = () => {
			const kv = q.result.transaction("kv", "readwrite").objectStore("kv");
			window.holding = true;
			const keep = () => { if (window.holding) kv.get("nothing").onsuccess = keep; };
			keep();
			opened();
		};
	})`, chromedp.EvalAwaitPromise))
	return other
}
