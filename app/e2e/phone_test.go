//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/ritual"
)

// demoDay is the day the demo history leads up to: a Wednesday.
var demoDay = time.Date(2026, time.November, 25, 17, 40, 0, 0, zone)

// importDemo gives the browser eight weeks of a made-up person's history up
// to the day before demoDay, the same every time, and sets the clock to it.
func (s *session) importDemo() {
	s.t.Helper()
	end := ritual.DateOf(demoDay).AddDays(-1)
	var days []ritual.Day
	for _, d := range ritual.GenerateHistory(7, end, 1) {
		if !d.Date.Before(end.AddDays(-56)) {
			days = append(days, d)
		}
	}
	data, err := ritual.NewBackup(ritual.DefaultSettings(), ritual.DefaultChecklist(), days, demoDay).Marshal()
	if err != nil {
		s.t.Fatal(err)
	}
	path := filepath.Join(s.t.TempDir(), "demo.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		s.t.Fatal(err)
	}
	s.open("/settings")
	s.setClock(demoDay)
	s.run("choosing the demo history", chromedp.SetUploadFiles(chromedp.CSS("#backup-file"), []string{path}))
	s.run("waiting for the plan", chromedp.WaitVisible(button("Import")))
	s.click("Import")
	s.waitContains("Imported:")
}

// asPhone makes the page 360 × 740 CSS pixels, a small phone.
func (s *session) asPhone() {
	s.t.Helper()
	if _, err := chromedp.Call(s.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true}); err != nil {
		s.t.Fatal(err)
	}
}

// phoneProblems lists what is wrong with the page on a phone: anything
// wider than the screen, and controls smaller than 44 × 44 px (a check box
// counts with its label, whose row is the target).
const phoneProblems = `(() => {
	const problems = [];
	if (document.documentElement.scrollWidth > innerWidth) {
		const wide = [...document.querySelectorAll("body *")].find(e => e.getBoundingClientRect().right > innerWidth + 1);
		problems.push("scrolls sideways: " + document.documentElement.scrollWidth + "px, e.g. " + (wide ? wide.outerHTML.slice(0, 80) : "?"));
	}
	for (const e of document.querySelectorAll("button, a, input, select, textarea, summary")) {
		const r = e.getBoundingClientRect();
		if (r.width === 0 || r.height === 0 || e.closest("p, li.entry .entry-details, .skip-link") && e.tagName === "A") continue;
		const target = (e.type === "checkbox" || e.type === "radio") ? e.closest(".check").getBoundingClientRect() : r;
		if (target.height < 44 || target.width < 44) {
			problems.push("too small (" + Math.round(target.width) + "×" + Math.round(target.height) + "): " + e.outerHTML.slice(0, 80));
		}
	}
	return problems.join("\n");
})()`

// TestPhoneFitsAndTargetsAreBigEnough opens every page, and a ritual step,
// on a 360 px wide phone.
func TestPhoneFitsAndTargetsAreBigEnough(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	s.importDemo()
	s.asPhone()
	check := func(what string) {
		t.Helper()
		if problems := eval[string](s, phoneProblems); problems != "" {
			t.Errorf("%s on a phone:\n%s", what, problems)
		}
	}
	for _, path := range []string{"/", "/history", "/history/2026-11-24", "/insights", "/review", "/settings"} {
		s.open(path)
		check(path)
	}
	s.walkRitual(func(title string) { check("the ritual's step " + title) })
	check("the done screen")
	s.assertClean()
}

// defaultSteps are the titles of the default checklist's steps, in order.
var defaultSteps = []string{"Mark the stop", "Sweep your inputs", "Wins", "Unseen work", "Open loops", "Tomorrow's first move", "Energy", "Close"}

// walkRitual goes through today's ritual with the default checklist,
// calling at on each step before going on, and waits for the done screen.
func (s *session) walkRitual(at func(title string)) {
	s.t.Helper()
	s.open("/ritual")
	for _, title := range defaultSteps {
		s.waitText("#step-title", title)
		at(title)
		if title == "Close" {
			s.click("Finish")
		} else {
			s.click("Next")
		}
	}
	s.run("waiting for the done screen", chromedp.WaitVisible(chromedp.CSS("#done-title")))
}
