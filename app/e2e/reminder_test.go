//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestTheReminderIsAServiceWorkerNotification: with reminders on and the
// permission granted (through the browser's automation, as a user's "Allow"
// would), the end-of-day notification is shown by the service worker's
// registration — the way Chrome on Android, Safari on iOS and installed
// apps require — and clicking it opens Today.
// recordNotifications wraps the registration's showNotification to note
// each call and whether the browser showed it.
const recordNotifications = `(() => {
  const show = ServiceWorkerRegistration.prototype.showNotification;
  self.sundownNotifications = [];
  ServiceWorkerRegistration.prototype.showNotification = function (title, options) {
    const n = { title, path: options && options.data && options.data.goapp && options.data.goapp.path, outcome: "pending" };
    self.sundownNotifications.push(n);
    return show.call(this, title, options).then(
      (v) => { n.outcome = "shown"; return v; },
      (err) => { n.outcome = "refused: " + err; throw err; });
  };
})();`

func TestTheReminderIsAServiceWorkerNotification(t *testing.T) {
	t.Parallel()
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
	// What the page asks of the service worker's registration, and what the
	// browser answers, is recorded as it happens: headless Chromium's own
	// list of shown notifications (getNotifications) has been seen empty
	// now and then under load, after a notification it accepted.
	if _, err := chromedp.Call(s.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordNotifications}); err != nil {
		t.Fatal(err)
	}
	s.setClock(time.Date(2026, time.November, 25, 18, 5, 0, 0, zone))
	s.waitContains("Time to shut down. It is 18:05.")
	shown := `(self.sundownNotifications || []).some(n => n.title === "Time to shut down" && n.path === "/" && n.outcome === "shown")`
	for deadline := time.Now().Add(patience); !get(s, "reading the notifications", chromedp.Evaluate[bool](shown)); {
		if time.Now().After(deadline) {
			t.Fatalf("no notification that it is time to shut down, opening Today, was shown through the service worker's registration; asked: %s",
				get(s, "reading the notifications", chromedp.Evaluate[string](`JSON.stringify(self.sundownNotifications || [])`)))
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.assertClean()
}
