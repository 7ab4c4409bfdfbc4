//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/server"
	"github.com/remoteml/sundown/app/server/sqlite"
	"github.com/remoteml/sundown/app/ui"
)

// syncServer is one sync server for several browser profiles (devices).
func syncServer(t *testing.T) (*httptest.Server, *sqlite.DB, string, *bytes.Buffer) {
	path := filepath.Join(t.TempDir(), "sundown.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var logs bytes.Buffer
	h, err := server.New(server.Config{Files: os.DirFS(builtWeb), Pages: ui.Pages(), Sync: db, Log: slog.New(slog.NewTextHandler(io.MultiWriter(&logs, io.Discard), nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, db, path, &logs
}

func pairingCode(t *testing.T, db *sqlite.DB, user string, first bool) string {
	code := server.NewPairingCode()
	hash, now := server.HashSecret(server.NormalizeCode(code)), time.Now()
	var err error
	if first {
		err = db.AddUser(context.Background(), user, hash, now.Add(time.Hour), now)
	} else {
		err = db.AddCode(context.Background(), user, hash, now.Add(time.Hour))
	}
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// turnOnSync sets up sync in Settings as a user would.
func (s *session) turnOnSync(code, passphrase string) {
	s.t.Helper()
	s.open("/settings")
	s.fill("Pairing code", code)
	s.fill("Passphrase", passphrase)
	s.click("Turn on sync")
	s.waitContains("Sync is on.")
}

// syncNow presses "Sync now" and waits for a sync that started after the
// press to finish with nothing left to send.
func (s *session) syncNow() {
	s.t.Helper()
	s.open("/settings")
	before := eval[string](s, `document.querySelector(".sync-status").dataset.syncedAt`)
	s.click("Sync now")
	s.run("waiting for the sync", chromedp.Poll[chromedp.Void](fmt.Sprintf(
		`(() => { const e = document.querySelector(".sync-status"); return e.dataset.syncedAt !== %q && e.textContent.includes("Synced just now"); })()`, before),
		chromedp.WithPollingTimeout(patience)))
}

// TestTwoDevicesShareTheirDays pairs two browser profiles with one server:
// what one writes, the other reads, and the server never sees the words.
func TestTwoDevicesShareTheirDays(t *testing.T) {
	t.Parallel()
	srv, db, dbPath, logs := syncServer(t)
	laptop, phone := newSessionOn(t, srv), newSessionOn(t, srv)
	for _, d := range []*session{laptop, phone} {
		d.open("/")
		d.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	}
	marker := "Marker-3f9c-shipped-the-importer"
	laptop.open("/settings")
	laptop.fill("Closing phrase", "Lid closed, day done")
	laptop.click("Save settings") // at once: the page must say it saved even right after typing
	laptop.waitContains("Saved")

	laptop.turnOnSync(pairingCode(t, db, "ana", true), "correct horse battery")
	// The key was made in the key worker, off the page's thread.
	if !bytes.Contains(logs.Bytes(), []byte("route=/web/kdf.wasm status=200")) {
		t.Fatal("the passphrase key was not derived in the key worker (web/kdf.wasm was never fetched)", logs.String())
	}
	laptop.open("/history/2026-11-25")
	laptop.fill("Win", marker)
	laptop.click("Add")
	laptop.waitContains(marker)
	laptop.syncNow()

	// A wrong passphrase on the phone is refused and changes nothing.
	phone.open("/settings")
	phone.fill("Pairing code", pairingCode(t, db, "ana", false))
	phone.fill("Passphrase", "wrong horse")
	phone.click("Turn on sync")
	phone.waitContains("The passphrase is not the one this account was set up with")
	phone.fill("Passphrase", "correct horse battery")
	phone.click("Turn on sync")
	phone.waitContains("Sync is on.")
	phone.syncNow()
	// The settings came along, not only the days.
	if got := eval[string](phone, `document.getElementById("closing-phrase").value`); got != "Lid closed, day done" {
		t.Fatalf("the phone's closing phrase is %q", got)
	}
	phone.open("/history/2026-11-25")
	phone.waitContains(marker)

	// The phone adds to the same day; the laptop gets both.
	phone.fill("Win", "Written on the phone")
	phone.click("Add")
	phone.waitContains("Written on the phone")
	phone.syncNow()
	laptop.syncNow()
	laptop.open("/history/2026-11-25")
	laptop.wantEntries("Wins", marker, "Written on the phone")
	laptop.shot("synced")

	// The server holds ciphertext only: not in its database, its WAL or its logs.
	for _, f := range []string{dbPath, dbPath + "-wal"} {
		data, _ := os.ReadFile(f)
		if bytes.Contains(data, []byte(marker)) {
			t.Fatalf("%s holds the words typed in the app", filepath.Base(f))
		}
	}
	if bytes.Contains(logs.Bytes(), []byte(marker)) {
		t.Fatal("the server's logs hold the words typed in the app")
	}
	laptop.assertClean()
	phone.assertClean()
}

// TestOfflineEditsMergeAndConflictsResolve: the laptop edits offline while
// the phone edits the same day; back online, both keep both edits, and the
// win both changed shows as a conflict that can be resolved.
func TestOfflineEditsMergeAndConflictsResolve(t *testing.T) {
	t.Parallel()
	srv, db, _, _ := syncServer(t)
	laptop, phone := newSessionOn(t, srv), newSessionOn(t, srv)
	for _, d := range []*session{laptop, phone} {
		d.open("/")
		d.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	}
	laptop.turnOnSync(pairingCode(t, db, "ana", true), "correct horse battery")
	laptop.open("/history/2026-11-25")
	laptop.fill("Win", "Shared win")
	laptop.click("Add")
	laptop.waitContains("Shared win")
	laptop.syncNow()
	phone.turnOnSync(pairingCode(t, db, "ana", false), "correct horse battery")
	phone.syncNow()

	laptop.setOffline(true)
	laptop.open("/history/2026-11-25")
	laptop.fill("Win", "Written offline")
	laptop.click("Add")
	laptop.waitContains("Written offline")
	laptop.click("Edit win: Shared win")
	laptop.fill("Edit win", "Shared win, as the laptop says")
	laptop.click("Save")
	laptop.waitContains("Shared win, as the laptop says")
	laptop.open("/settings")
	laptop.click("Sync now")
	laptop.waitContains("Offline — 1 change waiting.")

	phone.open("/history/2026-11-25")
	phone.waitContains("Shared win")
	phone.click("Edit win: Shared win")
	phone.fill("Edit win", "Shared win, as the phone says")
	phone.click("Save")
	phone.fill("Note", "A note from the phone\t")
	phone.waitContains("Saved")
	phone.syncNow()

	laptop.setOffline(false)
	laptop.syncNow()
	laptop.open("/history/2026-11-25")
	laptop.waitContains("edited on two devices at once")
	laptop.wantEntrySet("Wins", "Shared win, as the laptop says", "Shared win, as the phone says", "Written offline")
	if note := laptop.value("#note"); note != "A note from the phone" {
		t.Fatalf("the laptop's note = %q", note)
	}
	laptop.shot("conflict")
	laptop.click("Keep this win: Shared win, as the laptop says")
	laptop.waitContains("Saved")
	laptop.wantEntrySet("Wins", "Shared win, as the laptop says", "Written offline")
	laptop.syncNow()

	phone.syncNow()
	phone.open("/history/2026-11-25")
	phone.wantEntrySet("Wins", "Shared win, as the laptop says", "Written offline")
	if eval[bool](phone, `document.body.innerText.includes("edited on two devices")`) {
		t.Fatal("the phone still shows the conflict the laptop resolved")
	}
	laptop.assertClean()
	phone.assertClean()
}

// TestSyncProblemsAreSaidAndNothingIsLost: a code that does not work, and a
// device revoked on the server, each get a plain message; the days stay.
func TestSyncProblemsAreSaidAndNothingIsLost(t *testing.T) {
	t.Parallel()
	srv, db, _, _ := syncServer(t)
	d := newSessionOn(t, srv)
	d.networkErrorsExpected.Store(true) // the 401s this test provokes are logged by the browser
	d.open("/")
	d.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	d.open("/settings")
	d.fill("Pairing code", "AAAA-BBBB-CCCC")
	d.fill("Passphrase", "correct horse battery")
	d.click("Turn on sync")
	d.waitContains("The pairing code was not accepted")

	d.turnOnSync(pairingCode(t, db, "ana", true), "correct horse battery")
	d.waitContains("This device, “This browser”, syncs with")
	d.open("/history/2026-11-25")
	d.fill("Win", "Kept whatever happens")
	d.click("Add")
	d.waitContains("Kept whatever happens")
	devices, _ := db.Devices(context.Background(), "ana")
	db.Revoke(context.Background(), devices[0].ID, time.Now())
	d.open("/settings")
	d.click("Sync now")
	d.waitContains("this device is no longer paired")
	d.open("/history/2026-11-25")
	d.wantEntries("Wins", "Kept whatever happens")
	d.click("History") // the app goes on working
	d.waitContains("Wednesday 25 November 2026")
	d.assertClean()
}

// TestTypingSurvivesASync: words typed in a line and not saved yet stay in
// the field when a sync brings another device's text for that same line,
// and they are what is saved when the field is left.
func TestTypingSurvivesASync(t *testing.T) {
	t.Parallel()
	srv, db, _, _ := syncServer(t)
	laptop, phone := newSessionOn(t, srv), newSessionOn(t, srv)
	for _, d := range []*session{laptop, phone} {
		d.open("/")
		d.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	}
	laptop.turnOnSync(pairingCode(t, db, "ana", true), "correct horse battery")
	phone.turnOnSync(pairingCode(t, db, "ana", false), "correct horse battery")

	// The laptop types into tomorrow's first move and stays in the field.
	laptop.open("/history/2026-11-25")
	typed := "Typed on the laptop, not saved yet"
	laptop.run("typing without leaving the field", chromedp.SendKeys(chromedp.CSS("#first-move"), typed))

	// Meanwhile the phone writes that line and the note, and syncs.
	phone.open("/history/2026-11-25")
	phone.fill("Tomorrow's first move", "The phone's first move\t")
	phone.fill("Note", "A note from the phone\t")
	phone.waitContains("Saved")
	phone.syncNow()

	// The laptop's browser comes back online, which syncs at once: the
	// note arrives (so the page has rendered the pulled day) while the
	// typed words stay, in the field that still has the focus.
	laptop.run("syncing as the browser comes online", chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("online"))`))
	laptop.run("waiting for the phone's note", chromedp.Poll[chromedp.Void](
		`document.getElementById("note").value === "A note from the phone"`, chromedp.WithPollingTimeout(patience)))
	if got := laptop.value("#first-move"); got != typed {
		t.Fatalf("a sync replaced the words being typed: the field shows %q", got)
	}
	if id := eval[string](laptop, `document.activeElement.id`); id != "first-move" {
		t.Fatalf("the focus moved to %q while typing", id)
	}

	// Leaving the field saves the typed words, over the phone's.
	laptop.run("leaving the field", chromedp.SendKeys(chromedp.CSS("#first-move"), "\t"))
	laptop.waitContains("Saved")
	laptop.syncNow()
	laptop.open("/history/2026-11-25")
	if got := laptop.value("#first-move"); got != typed {
		t.Fatalf("after a reload the laptop's first move is %q", got)
	}
	phone.syncNow()
	phone.open("/history/2026-11-25")
	if got := phone.value("#first-move"); got != typed {
		t.Fatalf("the phone's first move is %q", got)
	}
	laptop.assertClean()
	phone.assertClean()
}

// TestOneTabSyncsAtATime: every tab (and the installed app) runs its own
// sync, and all are one device to the server, so each syncs only while it
// holds the browser's lock of Sundown's sync. With another tab holding it,
// "Sync now" waits and sends nothing; once it is released, the sync runs.
// (Before the waiting sync nudged the browser, see oneTabAtATime, it was
// called back a minute late in about half the runs on a busy machine.)
func TestOneTabSyncsAtATime(t *testing.T) {
	t.Parallel()
	srv, db, _, _ := syncServer(t)
	laptop, phone := newSessionOn(t, srv), newSessionOn(t, srv)
	for _, d := range []*session{laptop, phone} {
		d.open("/")
		d.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	}
	laptop.turnOnSync(pairingCode(t, db, "ana", true), "correct horse battery")
	phone.turnOnSync(pairingCode(t, db, "ana", false), "correct horse battery")

	other := laptop.newTab()
	other.open("/")
	// The other tab's own sync may hold the lock a moment first: the test
	// goes on once its request, not just anyone's, holds it.
	other.run("holding the sync lock", chromedp.Evaluate[chromedp.Void](
		`window.holding = new Promise(release => { window.release = release }); navigator.locks.request("sundown-sync", () => { window.holds = true; return window.holding })`))
	other.run("waiting to hold it", chromedp.Poll[chromedp.Void](`window.holds === true`, chromedp.WithPollingTimeout(patience)))

	laptop.open("/history/2026-11-25")
	laptop.fill("Win", "Sent once the other tab is done")
	laptop.click("Add")
	laptop.waitContains("Sent once the other tab is done")
	laptop.open("/settings")
	laptop.click("Sync now")
	laptop.run("waiting for the sync to wait for the lock", chromedp.Poll[chromedp.Void](
		`navigator.locks.query().then(s => s.pending.some(l => l.name === "sundown-sync"))`, chromedp.WithPollingTimeout(patience)))
	laptop.waitText(".sync-status", "Syncing…")
	phone.syncNow()
	phone.open("/history/2026-11-25")
	if wins := phone.entries("Wins"); len(wins) != 0 {
		t.Fatalf("the laptop synced while another tab held the lock: the phone has %q", wins)
	}

	other.run("releasing the sync lock", chromedp.Evaluate[chromedp.Void](`window.release()`))
	laptop.waitContains("Synced just now")
	phone.syncNow()
	phone.open("/history/2026-11-25")
	phone.wantEntries("Wins", "Sent once the other tab is done")
	for _, s := range []*session{laptop, other, phone} {
		s.assertClean()
	}
}
