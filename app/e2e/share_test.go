//go:build e2e

package e2e

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	_ "modernc.org/sqlite"
)

// TestAWeekSharedAsALinkOpensWithNoAccount: the owner shares this week from
// Insights; a second browser profile, with no account and no data, opens
// the link and reads the week. The server keeps only ciphertext; a changed
// key or a changed ciphertext is refused; revoked in Settings, the link says so.
func TestAWeekSharedAsALinkOpensWithNoAccount(t *testing.T) {
	t.Parallel()
	srv, db, dbPath, logs := syncServer(t)
	owner, viewer := newSessionOn(t, srv), newSessionOn(t, srv)
	owner.open("/")
	owner.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone)) // a Wednesday

	// Without sync, the button says why it cannot work.
	owner.open("/insights")
	owner.waitContains("A link needs sync")
	if disabled := eval[bool](owner, `document.getElementById("share-make").disabled`); !disabled {
		t.Fatal("the share button works without sync")
	}

	owner.turnOnSync(pairingCode(t, db, "ana", true), "correct horse battery")
	win, learned := "Marker-a71c shipped the invoice export", "Marker-b93e the queue retries twice"
	owner.open("/history/2026-11-24")
	owner.fill("Win", win)
	owner.click("Add")
	owner.waitContains(win)
	owner.choose("Kind", "debugged")
	owner.fill("Unseen work", "Chased the lost invoices")
	owner.fill("What I now know", learned)
	owner.run("adding the unseen work", chromedp.SendKeys(owner.fieldID("What I now know"), kb.Enter)) // its form's own Add
	owner.waitContains("Now I know: " + learned)
	owner.click("Close this day")
	owner.waitContains("Closed later")

	owner.open("/insights")
	owner.fill("Link works for (days, 1 to 90)", "95")
	owner.click("Make a read-only link")
	owner.waitContains("A link works for 1 to 90 days")
	owner.fill("Link works for (days, 1 to 90)", "7")
	owner.click("Make a read-only link")
	owner.waitContains("Link made.")
	link := eval[string](owner, `document.getElementById("share-link").value`)
	path, key, ok := strings.Cut(strings.TrimPrefix(link, srv.URL), "#")
	if !ok || !strings.HasPrefix(path, "/shared/") || len(key) < 40 {
		t.Fatalf("the link %q", link)
	}
	owner.shot("share-made")

	// The server's database, its WAL and its logs hold neither the words nor the key.
	for _, f := range []string{dbPath, dbPath + "-wal"} {
		data, _ := os.ReadFile(f)
		for _, secret := range []string{win, learned, key} {
			if bytes.Contains(data, []byte(secret)) {
				t.Fatalf("%s holds %q", filepath.Base(f), secret)
			}
		}
	}
	for _, secret := range []string{win, learned, key, strings.TrimPrefix(path, "/shared/")} {
		if strings.Contains(logs.String(), secret) {
			t.Fatalf("the server's logs hold %q", secret)
		}
	}

	// The viewer has no account: the page opens the week, and nothing of the app around it.
	viewer.open(path + "#" + key)
	viewer.waitContains(win)
	viewer.waitContains("Now I know: " + learned)
	for _, want := range []string{"Work record: Mon 23 Nov – Wed 25 Nov 2026", "1 day closed", "Debugged", "Print", "This link works until"} {
		viewer.waitContains(want)
	}
	if nav := eval[int](viewer, `document.querySelectorAll("nav, a[href='/settings'], a[href='/']").length`); nav != 0 {
		t.Fatalf("the shared page leads into the app (%d links)", nav)
	}
	viewer.shot("shared-page")
	if v := viewer.axeViolations(axeSource(t)); v != "" {
		t.Fatalf("axe-core on the shared page:\n   %s", v)
	}

	// A changed character of the key is refused, plainly.
	viewer.networkErrorsExpected.Store(true) // the refusals below are answered with 4xx
	flipped := []byte(key)
	flipped[5] = map[bool]byte{true: 'B', false: 'A'}[flipped[5] == 'A']
	viewer.reopen(path + "#" + string(flipped))
	viewer.waitContains("This link does not open: the part after # is incomplete or changed")
	if strings.Contains(viewer.text("main"), win) {
		t.Fatal("a changed key showed the week")
	}

	// So is a link cut short.
	viewer.reopen(path[:len(path)-6] + "#" + key)
	viewer.waitContains("There is no shared record at this link: check that the whole link was copied")

	// So is a changed ciphertext on the server.
	restore := flipStoredShare(t, dbPath)
	viewer.reopen(path + "#" + key)
	viewer.waitContains("This link does not open")
	restore()
	viewer.reopen(path + "#" + key)
	viewer.waitContains(win)

	// Revoked in Settings, it stops at once.
	owner.open("/settings")
	owner.waitContains("Mon 23 Nov – Wed 25 Nov 2026")
	owner.waitContains("works until")
	if v := owner.axeViolations(axeSource(t)); v != "" {
		t.Fatalf("axe-core on Settings with a shared link:\n   %s", v)
	}
	owner.click("Revoke the link to Mon 23 Nov – Wed 25 Nov 2026")
	owner.waitContains("Revoked: the link no longer opens.")
	owner.waitText(".share-state", "Revoked")
	owner.shot("share-revoked")
	viewer.reopen(path + "#" + key)
	viewer.waitContains("This link was withdrawn by the person who shared it")
	owner.assertClean()
	viewer.assertClean()
}

// reopen loads path as a new document, even when only its fragment differs
// from the page's (a change of fragment alone would not reload the page).
func (s *session) reopen(path string) {
	s.t.Helper()
	s.run("leaving the page", chromedp.Navigate("about:blank"))
	s.open(path)
}

// flipStoredShare changes one byte of the stored link's ciphertext, as a
// server that tampers with it would, and returns what puts it back.
func flipStoredShare(t *testing.T, dbPath string) (restore func()) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	var id string
	var ciphertext []byte
	if err := conn.QueryRow(`SELECT id, ciphertext FROM shares`).Scan(&id, &ciphertext); err != nil {
		t.Fatal(err)
	}
	changed := bytes.Clone(ciphertext)
	changed[len(changed)/2] ^= 0x01
	if _, err := conn.Exec(`UPDATE shares SET ciphertext = ? WHERE id = ?`, changed, id); err != nil {
		t.Fatal(err)
	}
	return func() {
		if _, err := conn.Exec(`UPDATE shares SET ciphertext = ? WHERE id = ?`, ciphertext, id); err != nil {
			t.Fatal(err)
		}
	}
}
