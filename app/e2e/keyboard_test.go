//go:build e2e

package e2e

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// press sends one key to whatever has the focus, as a keyboard would.
func (s *session) press(key string, opts ...chromedp.KeyOption) {
	s.t.Helper()
	s.run("pressing "+fmt.Sprintf("%q", key), chromedp.KeyEvent(key, opts...))
}

// focused describes the element that has the focus: its id, or its text.
func (s *session) focused() string {
	return eval[string](s, `(() => { const e = document.activeElement; return e ? (e.id || e.getAttribute("aria-label") || e.textContent.trim()) : ""; })()`)
}

// tabTo presses Tab until the element named name (its id, accessible name
// or text) has the focus, as someone without a mouse would.
func (s *session) tabTo(name string) {
	s.t.Helper()
	var seen []string
	for range 40 {
		s.press("\t")
		got := s.focused()
		if got == name {
			return
		}
		seen = append(seen, got)
	}
	s.t.Fatalf("Tab never reached %q; it went through %q", name, seen)
}

// nextStep uses the ritual's shortcut and waits for the next step's title
// to take the focus.
func (s *session) nextStep(title string) {
	s.t.Helper()
	s.press("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	s.waitText("#step-title", title)
	s.run("waiting for the focus on the new step", chromedp.Poll[chromedp.Void](
		`document.activeElement && document.activeElement.id === "step-title"`, chromedp.WithPollingTimeout(patience)))
}

// TestRitualWithTheKeyboardAlone goes from Today to the close without a
// mouse: Tab to reach things, Enter to press or add, the shortcut shown on
// screen to go on. The focus always lands on the new step's title, and is
// visible.
func TestRitualWithTheKeyboardAlone(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	s.setClock(time.Date(2026, time.November, 25, 17, 40, 0, 0, zone))

	s.tabTo("Start shutdown")
	if outline := eval[string](s, `getComputedStyle(document.activeElement).outlineStyle`); outline == "none" {
		t.Fatal("the focused button shows no outline")
	}
	s.press("\r")
	s.waitText("#step-title", "Mark the stop")
	s.waitContains("goes to the next step")

	s.nextStep("Sweep your inputs")
	s.nextStep("Wins")
	s.tabTo("win-text")
	s.press("Shipped the importer")
	s.press("\r") // Enter adds
	s.waitContains("Shipped the importer")
	if s.focused() != "win-text" {
		t.Fatalf("after adding, the focus is on %q, not the field for the next win", s.focused())
	}

	s.nextStep("Unseen work")
	s.tabTo("unseen-text")
	s.press("Read the payments RFC")
	s.press("\r")
	s.waitContains("Read the payments RFC")

	s.nextStep("Open loops")
	s.nextStep("Tomorrow's first move")
	s.nextStep("Energy")
	s.nextStep("Close")
	s.waitContains("closes the day")
	s.press("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	s.run("waiting for the done screen", chromedp.WaitVisible(chromedp.CSS("#done-title")))
	if done := s.text("#done-title"); !regexp.MustCompile(`^Shutdown complete — \d\d:\d\d$`).MatchString(done) {
		t.Fatalf("done screen says %q", done)
	}
	if s.focused() != "done-title" {
		t.Fatalf("the focus is on %q, not the done screen's title", s.focused())
	}
	s.assertClean()
}

// TestThemeChoiceOverridesTheSystem: the page follows the system until
// Settings chooses a theme, which lasts across reloads on this device.
func TestThemeChoiceOverridesTheSystem(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/settings")
	background := func() string { return eval[string](s, `getComputedStyle(document.body).backgroundColor`) }
	light := background()
	s.choose("Theme", "dark")
	s.run("waiting for the dark theme", chromedp.Poll[chromedp.Void](`document.documentElement.dataset.theme === "dark"`, chromedp.WithPollingTimeout(patience)))
	dark := background()
	if dark == light {
		t.Fatalf("the background stayed %s in the dark theme", light)
	}
	s.reload()
	if got := background(); got != dark {
		t.Fatalf("after a reload the background is %s, want the dark %s", got, dark)
	}
	s.choose("Theme", "system")
	s.run("waiting for the system theme", chromedp.Poll[chromedp.Void](`!("theme" in document.documentElement.dataset)`, chromedp.WithPollingTimeout(patience)))
	if got := background(); got != light {
		t.Fatalf("back to the system's theme, the background is %s, want %s", got, light)
	}
	s.assertClean()
}
