//go:build e2e

package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestShutdownRitual is the first evening of a new user: the whole ritual,
// then History, then the same app with the server gone.
func TestShutdownRitual(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	// A Wednesday before the end time: the run must not depend on the day
	// (Fridays add the weekly review) or the hour (the reminder) it runs at.
	s.open("/")
	s.setClock(time.Date(2026, time.November, 25, 17, 40, 0, 0, zone))
	today := "2026-11-25"
	s.shot("today")
	s.click("Start shutdown")
	s.waitText("#step-title", "Mark the stop")
	if got := s.text(".progress-text"); got != "Step 1 of 8" {
		t.Fatalf("progress = %q", got)
	}
	s.shot("step-mark-stop")
	s.click("Next")
	s.waitText("#step-title", "Sweep your inputs")
	s.click("Next")

	s.waitText("#step-title", "Wins")
	s.fill("Win", "Shipped the CSV importer\r") // Enter adds
	s.waitContains("Shipped the CSV importer")
	s.fill("Win", "Unblocked the release")
	s.click("Add")
	s.waitContains("Unblocked the release")
	if got := s.text("#win-text"); got != "" {
		t.Fatalf("the Win field still holds %q after Add", got)
	}
	s.shot("step-wins")
	s.click("Next")

	s.waitText("#step-title", "Unseen work")
	if v := s.value("#unseen-text"); v != "" {
		t.Fatalf("the Unseen work field starts with %q: a field of the previous step was reused", v)
	}
	s.choose("Kind", "debugged")
	// A render that comes between keystrokes and their input handlers must
	// not write back the text of a moment ago: the field has heard "The test
	// clock", then a word arrives unheard, and the Add with no text renders
	// its error while the word is on screen.
	s.fill("What I now know", "The test clock")
	eval[bool](s, `(document.querySelector("#unseen-learned").value += " drifts", true)`)
	s.click("Add")
	s.run("waiting for the empty Add to be refused", chromedp.WaitVisible(chromedp.CSS("#unseen-error")))
	if v := s.value("#unseen-learned"); v != "The test clock drifts" {
		t.Fatalf("a render while typing changed the field to %q", v)
	}
	s.fill("Unseen work", "Chased a flaky integration test")
	s.fill("What I now know", "The test clock drifts under load")
	s.click("Add")
	s.waitContains("Now I know: The test clock drifts under load")
	s.waitContains("Chased a flaky integration test")
	s.waitContains("Debugged")
	s.shot("step-unseen")
	s.click("Next")

	s.waitText("#step-title", "Open loops")
	s.fill("Open loop", "Answer Ana about the roadmap")
	s.fill("Next step", "Draft three bullet points")
	s.click("Add")
	s.waitContains("Next: Draft three bullet points · Tomorrow")
	s.click("Next")

	s.waitText("#step-title", "Tomorrow's first move")
	s.fill("Tomorrow's first move", "Write the importer docs")
	s.click("Next")

	s.waitText("#step-title", "Energy")
	s.click("3 – Okay")
	s.waitContains("Energy: 3 – Okay")
	s.click("Next")

	s.waitText("#step-title", "Close")
	s.click("Finish")
	s.run("waiting for the done screen", chromedp.WaitVisible(chromedp.CSS("#done-title")))
	done := s.text("#done-title")
	if !regexp.MustCompile(`^Shutdown complete — \d\d:\d\d$`).MatchString(done) {
		t.Fatalf("done screen says %q", done)
	}
	s.shot("done")

	// Everything is still there after a reload.
	s.open("/")
	s.waitContains(done)
	s.open("/history")
	s.waitContains("2 wins · 1 unseen work · 1 open loop")
	s.shot("history")
	s.open("/history/" + today)
	for _, want := range []string{"Shipped the CSV importer", "Unblocked the release", "Chased a flaky integration test", "Answer Ana about the roadmap"} {
		s.waitContains(want)
	}
	if v := s.value("#first-move"); v != "Write the importer docs" {
		t.Fatalf("first move = %q", v)
	}
	s.click("Edit win: Unblocked the release")
	s.fill("Edit win", "Unblocked the 2.4 release")
	s.click("Save")
	s.waitContains("Unblocked the 2.4 release")
	s.shot("day")
	s.reload()
	s.waitContains("Unblocked the 2.4 release")

	// Chromium's own verdict on installability.
	installability, err := chromedp.Call(s.ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatalf("asking Chromium about installability: %v", err)
	}
	for _, e := range installability.InstallabilityErrors {
		t.Errorf("not installable: %s", e.ErrorID)
	}

	// Offline: the service worker serves every page, and edits still save.
	s.waitForServiceWorker()
	s.stopServer()
	for _, path := range []string{"/", "/history", "/settings", "/ritual", "/history/" + today} {
		s.open(path)
	}
	s.waitContains("Unblocked the 2.4 release")
	s.fill("Win", "Wrote this offline")
	s.click("Add")
	s.waitContains("Wrote this offline")
	s.reload()
	s.waitContains("Wrote this offline")

	s.assertClean()
}

// waitForServiceWorker waits until the worker controls the page and has
// cached the app, as it will for a user after the first visit.
func (s *session) waitForServiceWorker() {
	s.t.Helper()
	cached := get(s, "waiting for the service worker", chromedp.Evaluate[bool](
		`navigator.serviceWorker.ready.then(() => caches.keys()).then(k => k.length > 0)`, chromedp.EvalAwaitPromise))
	if !cached {
		s.t.Fatal("the service worker is ready but cached nothing")
	}
	s.reload()
	s.run("waiting for the worker to control the page", chromedp.Poll[chromedp.Void](
		`navigator.serviceWorker.controller !== null`, chromedp.WithPollingTimeout(patience)))
}

// value returns the current value of an input.
func (s *session) value(css string) string {
	s.t.Helper()
	return strings.TrimSpace(get(s, "reading the value of "+css, chromedp.Value(chromedp.CSS(css))))
}

// TestCorruptDayIsNamedAndTheRestWorks puts garbage under one day's key, as
// a broken extension or a disk error might, and checks the app shrugs it off.
// The values are written where versions before IndexedDB kept them, in
// localStorage, so this is also a move of values found there after the
// first one: each is brought into the database as it is.
func TestCorruptDayIsNamedAndTheRestWorks(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	yesterday := time.Now().AddDate(0, 0, -1)
	before := time.Now().AddDate(0, 0, -2)
	eval[chromedp.Void](s, `localStorage.setItem("sundown/day/`+before.Format("2006-01-02")+`", JSON.stringify({schema: 2, data: {date: "`+before.Format("2006-01-02")+`", wins: [{id: "a", text: "An older win"}]}}))`)
	eval[chromedp.Void](s, `localStorage.setItem("sundown/day/`+yesterday.Format("2006-01-02")+`", "{\"schema\":2,\"data\":{\"date\":")`)

	s.open("/history")
	s.waitContains("The saved data for the day " + yesterday.Format("Monday 2 January 2006") + " could not be read")
	s.waitContains("1 win · 0 unseen work · 0 open loops")
	s.shot("corrupt")
	s.open("/history/" + before.Format("2006-01-02"))
	s.waitContains("An older win")

	// The broken value was kept aside, unchanged, and Settings shows it.
	kept := s.stored("sundown/quarantine/day/" + yesterday.Format("2006-01-02"))
	if kept != `{"schema":2,"data":{"date":` {
		t.Fatalf("quarantined value = %q", kept)
	}
	s.open("/settings")
	s.waitContains("Unreadable data")
	s.assertClean()
}
