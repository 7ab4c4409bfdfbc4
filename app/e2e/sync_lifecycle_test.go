//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/server"
	"github.com/remoteml/sundown/app/server/sqlite"
	"github.com/remoteml/sundown/app/ui"
)

// These tests never reload the page to make sync happen: everything goes
// through the app as a user drives it, navigation inside the app included.

// liveSyncServer is a sync server that can be stopped and started again at
// the same address, as a machine restarts.
type liveSyncServer struct {
	t    *testing.T
	db   *sqlite.DB
	path string
	addr string
	srv  *httptest.Server
	logs *lockedBuffer
}

// lockedBuffer collects the server's log lines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newLiveSyncServer(t *testing.T) *liveSyncServer {
	l := &liveSyncServer{t: t, path: filepath.Join(t.TempDir(), "sundown.db"), logs: &lockedBuffer{}}
	l.start()
	l.addr = l.srv.Listener.Addr().String()
	t.Cleanup(func() { l.stop() })
	return l
}

// start opens the database and serves, at the address of the last run.
func (l *liveSyncServer) start() {
	db, err := sqlite.Open(l.path)
	if err != nil {
		l.t.Fatal(err)
	}
	h, err := server.New(server.Config{Files: os.DirFS(builtWeb), Pages: ui.Pages(), Sync: db, Log: slog.New(slog.NewTextHandler(l.logs, nil))})
	if err != nil {
		l.t.Fatal(err)
	}
	l.db, l.srv = db, httptest.NewUnstartedServer(h)
	if l.addr != "" {
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			l.t.Fatalf("listening again at %s: %v", l.addr, err)
		}
		l.srv.Listener.Close()
		l.srv.Listener = ln
	}
	l.srv.Start()
}

func (l *liveSyncServer) stop() {
	if l.srv != nil {
		l.srv.Close()
		l.db.Close()
		l.srv = nil
	}
}

func (l *liveSyncServer) restart() { l.stop(); l.start() }

// records returns the user's records on the server, by id, as a device
// of the test's own, paired for the purpose, pulls them.
func (l *liveSyncServer) records(user string) map[string]protocol.Record {
	l.t.Helper()
	ctx, token := context.Background(), server.HashSecret(server.NewPairingCode())
	code := pairingCode(l.t, l.db, user, false)
	if _, err := l.db.Pair(ctx, server.HashSecret(server.NormalizeCode(code)), "observer", token, time.Now()); err != nil {
		l.t.Fatal(err)
	}
	out := map[string]protocol.Record{}
	for since := int64(0); ; {
		_, page, err := l.db.Pull(ctx, token, since, protocol.MaxPullLimit)
		if err != nil {
			l.t.Fatal(err)
		}
		for _, r := range page.Records {
			out[r.RecordID] = r
		}
		if since = page.Next; !page.More {
			return out
		}
	}
}

// pairRaw pairs a device of the test's own, outside any browser.
func (l *liveSyncServer) pairRaw(user string) string {
	l.t.Helper()
	code := pairingCode(l.t, l.db, user, false)
	body, _ := json.Marshal(protocol.PairRequest{Code: code, DeviceName: "test"})
	resp, err := http.Post(l.srv.URL+"/api/pair", "application/json", bytes.NewReader(body))
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	var p protocol.PairResponse
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || p.Token == "" {
		l.t.Fatalf("pairing: %v %d", err, resp.StatusCode)
	}
	return p.Token
}

// waitFor polls the server until ok holds, or fails naming what.
func (l *liveSyncServer) waitFor(what string, ok func() bool) {
	l.t.Helper()
	deadline := time.Now().Add(patience)
	for !ok() {
		if time.Now().After(deadline) {
			l.t.Fatalf("waiting for %s: it never happened", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// newestVersion is the version of the record that changed last on the
// server: it grows with every edit the server gets.
func (l *liveSyncServer) newestVersion(user string) int64 {
	var newest int64
	for _, r := range l.records(user) {
		newest = max(newest, r.Version)
	}
	return newest
}

// navigate follows a link of the app's navigation, without loading a page.
func (s *session) navigate(link string) {
	s.t.Helper()
	eval[chromedp.Void](s, `window.sameDocument = true`)
	s.click(link)
	s.run("waiting for "+link, waitReady())
	if !eval[bool](s, `window.sameDocument === true`) {
		s.t.Fatalf("following %q loaded a new page: the test must stay in one document", link)
	}
}

// waitSynced waits, without touching anything, until Settings says synced.
func (s *session) waitSynced() {
	s.t.Helper()
	s.run("waiting for the sync to finish", chromedp.Poll[chromedp.Void](
		`document.querySelector(".sync-status")?.textContent.trim() === "Synced just now"`, chromedp.WithPollingTimeout(patience)))
}

// TestSyncFromTurningOnThroughNavigation: turning sync on finishes its
// first sync with the days on the server; edits made after moving around
// the app reach the server within the normal sync delay; sync turned off
// and on again runs one engine, the new one.
func TestSyncFromTurningOnThroughNavigation(t *testing.T) {
	t.Parallel()
	live := newLiveSyncServer(t)
	d := newSessionOn(t, live.srv)
	d.open("/")
	d.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	d.open("/history/2026-11-25")
	d.fill("Win", "Written before sync")
	d.click("Add")
	d.waitContains("Written before sync")

	d.navigate("Settings")
	d.fill("Pairing code", pairingCode(t, live.db, "ana", true))
	d.fill("Passphrase", "correct horse battery")
	d.click("Turn on sync")
	d.waitContains("Sync is on.")
	d.waitSynced()
	if n := len(live.records("ana")); n < 2 { // the account's key and the day
		t.Fatalf("the server holds %d records after the first sync", n)
	}

	// Around the app, then an edit: sent by the Syncer on its own.
	d.navigate("History")
	d.navigate("Today")
	d.navigate("History")
	d.click("Wednesday 25 November 2026" + dayRowTail(d, "Wednesday 25 November 2026"))
	d.run("waiting for the day", waitReady())
	before := live.newestVersion("ana")
	d.fill("Win", "Written after moving around")
	d.click("Add")
	d.waitContains("Written after moving around")
	live.waitFor("the edit made after navigating", func() bool { return live.newestVersion("ana") > before })

	// Off, the old device revoked on the server, on again with a new code:
	// an old engine still running would push with the revoked token.
	d.navigate("Settings")
	d.click("Turn off sync on this device")
	d.waitContains("Sync is off on this device")
	devices, _ := live.db.Devices(context.Background(), "ana")
	for _, dev := range devices {
		live.db.Revoke(context.Background(), dev.ID, time.Now())
	}
	revokedAt := len(live.logs.String())
	d.fill("Pairing code", pairingCode(t, live.db, "ana", false))
	d.fill("Passphrase", "correct horse battery")
	d.click("Turn on sync")
	d.waitSynced()
	d.navigate("History")
	d.click("Wednesday 25 November 2026" + dayRowTail(d, "Wednesday 25 November 2026"))
	d.run("waiting for the day", waitReady())
	before = live.newestVersion("ana")
	d.fill("Win", "Written after turning sync on again")
	d.click("Add")
	d.waitContains("Written after turning sync on again")
	live.waitFor("the edit made after turning sync on again", func() bool { return live.newestVersion("ana") > before })
	time.Sleep(6 * time.Second) // a tick of an old engine, were one still running
	if since := live.logs.String()[revokedAt:]; strings.Contains(since, "status=401") {
		t.Fatalf("a request with the old device's token after sync was turned off:\n%s", since)
	}
	d.assertClean()
}

// TestTwoDevicesKeepSyncingThroughEverything: two years imported on the
// laptop, sync turned on, the phone paired: the phone gets every day. Then
// both keep syncing through navigation, an offline moment and a server
// restart; a record of a newer version of the app, planted on the server,
// is set aside on both with a message, and everything else syncs.
func TestTwoDevicesKeepSyncingThroughEverything(t *testing.T) {
	t.Parallel()
	live := newLiveSyncServer(t)
	laptop, phone := newSessionOn(t, live.srv), newSessionOn(t, live.srv)
	today := time.Date(2026, time.November, 25, 17, 0, 0, 0, zone)
	for _, d := range []*session{laptop, phone} {
		d.open("/")
		d.setClock(today)
	}
	history := ritual.GenerateHistory(7, ritual.DateOf(today).AddDays(-1), 2)
	data, err := ritual.NewBackup(ritual.DefaultSettings(), ritual.DefaultChecklist(), history, today).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "two-years.json")
	os.WriteFile(file, data, 0o644)
	laptop.open("/settings")
	laptop.importFile(file, fmt.Sprintf("%d new days", len(history)))
	laptop.fill("Pairing code", pairingCode(t, live.db, "ana", true))
	laptop.fill("Passphrase", "correct horse battery")
	laptop.click("Turn on sync")
	laptop.waitSynced()
	if n := len(live.records("ana")); n < len(history)+1 {
		t.Fatalf("the server holds %d records for %d days", n, len(history))
	}

	phone.open("/settings")
	phone.fill("Pairing code", pairingCode(t, live.db, "ana", false))
	phone.fill("Passphrase", "correct horse battery")
	phone.click("Turn on sync")
	phone.waitSynced()
	if got := len(phone.storedKeys("sundown/day/")); got != len(history) {
		t.Fatalf("the phone holds %d of the %d days", got, len(history))
	}
	phone.navigate("History")
	newest := history[len(history)-1].Date.Long()
	phone.waitContains(newest)

	// A record from a newer Sundown, sent by a device of the account's.
	token := live.pairRaw("ana")
	planted := append([]byte{0xA5, 9}, bytes.Repeat([]byte{7}, 64)...)
	body, _ := json.Marshal(protocol.PushRequest{Mutations: []protocol.Mutation{{MID: 1, RecordID: "from-the-future", Ciphertext: planted}}})
	req, _ := http.NewRequest("POST", live.srv.URL+"/api/push", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("planting the newer record: %v", err)
	} else {
		resp.Body.Close()
	}

	// The laptop edits through the app, offline for a moment.
	laptop.navigate("History")
	laptop.click(newest + dayRowTail(laptop, newest))
	laptop.run("waiting for the day", waitReady())
	laptop.setOffline(true)
	laptop.fill("Win", "Written offline on the laptop")
	laptop.click("Add")
	laptop.waitContains("Written offline on the laptop")
	laptop.navigate("Settings")
	laptop.click("Sync now")
	laptop.waitContains("Offline — 1 change waiting.")
	laptop.setOffline(false)
	laptop.click("Sync now")
	laptop.waitSynced()

	// The server restarts; the phone edits the same day and syncs.
	live.restart()
	phone.networkErrorsExpected.Store(true) // requests in flight during the restart fail, as they would
	phone.click(newest + dayRowTail(phone, newest))
	phone.run("waiting for the day", waitReady())
	phone.fill("Win", "Written on the phone after the restart")
	phone.click("Add")
	phone.waitContains("Written on the phone after the restart")
	phone.navigate("Settings")
	phone.click("Sync now")
	phone.waitSynced()
	laptop.click("Sync now")
	laptop.waitSynced()

	for name, d := range map[string]*session{"laptop": laptop, "phone": phone} {
		d.open("/settings")
		d.click("Sync now")
		d.waitSynced()
		d.waitContains("1 record from another device could not be read: it may come from a newer version of Sundown — update this device")
		d.shot("sync-set-aside-" + name)
		d.navigate("History")
		d.click(newest + dayRowTail(d, newest))
		d.run("waiting for the day", waitReady())
		for _, want := range []string{"Written offline on the laptop", "Written on the phone after the restart"} {
			if !strings.Contains(eval[string](d, `document.body.innerText`), want) {
				t.Fatalf("the %s does not show %q", name, want)
			}
		}
		kept := d.stored("sundown/sync/aside/from-the-future")
		if !strings.Contains(kept, `"record_id":"from-the-future"`) {
			t.Fatalf("the %s did not keep the newer record as it came: %q", name, kept)
		}
	}
	laptop.assertClean()
	phone.assertClean()
}

// dayRowTail is the rest of a History row's text after its date: its status
// and counts, which the row's link is named by.
func dayRowTail(s *session, date string) string {
	s.t.Helper()
	return strings.TrimPrefix(eval[string](s, fmt.Sprintf(
		`[...document.querySelectorAll("li.day-row a")].map(a => a.textContent).find(t => t.startsWith(%q)) || ""`, date)), date)
}
