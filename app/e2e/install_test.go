//go:build e2e

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// offerInstall does what a browser does when the app can be installed: it
// fires beforeinstallprompt with a prompt() to call. This one only notes
// that it was called (Chromium fires its own too, whose prompt a headless
// browser cannot show).
const offerInstall = `(() => {
	const e = new Event("beforeinstallprompt");
	e.prompt = () => { window.installPrompted = true; return Promise.resolve(); };
	e.userChoice = Promise.resolve({outcome: "accepted"});
	window.dispatchEvent(e);
})()`

// TestInstallIsOfferedOnce: where the browser can install Sundown, Today
// offers it; the offer opens the browser's own prompt, and once answered
// (or put off) it never comes back on this device.
func TestInstallIsOfferedOnce(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	eval[chromedp.Void](s, offerInstall)
	s.waitContains("Keep Sundown at hand")
	s.click("Install Sundown")
	s.run("waiting for the browser's prompt", chromedp.Poll[chromedp.Void](`window.installPrompted === true`, chromedp.WithPollingTimeout(patience)))
	s.run("waiting for the offer to go", chromedp.Poll[chromedp.Void](`!document.body.innerText.includes("Keep Sundown at hand")`, chromedp.WithPollingTimeout(patience)))

	s.reload()
	eval[chromedp.Void](s, offerInstall)
	// Back to Today through the app, which mounts the offer again while the
	// browser says it can install: the offer must stay away.
	s.click("History")
	s.waitText("h1", "History")
	s.click("Today")
	s.waitContains("Start shutdown")
	if !eval[bool](s, `goappIsAppInstallable()`) {
		t.Fatal("the browser's install prompt was not there to offer")
	}
	if eval[bool](s, `document.body.innerText.includes("Keep Sundown at hand")`) {
		t.Fatal("the install offer came back after it was answered")
	}
	s.assertClean()
}
