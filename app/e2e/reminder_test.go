//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestTheReminderIsAServiceWorkerNotification: with reminders on and the
// permission granted (through the browser's automation, as a user's "Allow"
// would), the end-of-day notification is shown by the service worker's
// registration — the way Chrome on Android, Safari on iOS and installed
// apps require — and clicking it opens Today.
func TestTheReminderIsAServiceWorkerNotification(t *testing.T) {
	s := newSession(t)
	s.open("/")
	if _, err := chromedp.CallBrowser(s.ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "notifications"}, Setting: browser.PermissionSettingGranted, Origin: s.origin}); err != nil {
		t.Fatal(err)
	}
	s.waitForServiceWorker()
	s.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone)) // before the end time: no reminder yet
	s.open("/settings")
	s.run("turning reminders on", chromedp.Click(chromedp.CSS("#reminders"), chromedp.NodeVisible))
	s.click("Save settings")
	s.waitContains("Saved")
	s.setClock(time.Date(2026, time.November, 25, 18, 5, 0, 0, zone))
	s.waitContains("Time to shut down. It is 18:05.")
	shown := `navigator.serviceWorker.ready.then(r => r.getNotifications()).then(n => n.some(x => x.title === "Time to shut down" && x.data.goapp.path === "/"))`
	for deadline := time.Now().Add(patience); !get(s, "reading the notifications", chromedp.Evaluate[bool](shown, chromedp.EvalAwaitPromise)); {
		if time.Now().After(deadline) {
			t.Fatal("no notification of the service worker's says it is time to shut down, opening Today")
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.assertClean()
}
