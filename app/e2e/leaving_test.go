//go:build e2e

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWordsSurviveThePageGoing: a line is saved when its field is left. A
// page that goes away right after (Tab, then at once another page, a
// reload, the tab closed) or while the words are still being typed keeps
// them: the next start has every one. Each turn leaves the page as soon as
// the keys are sent, which is sooner than the database can write; before
// edits were noted in the device's storage first, about one turn in five
// lost its note on a busy machine.
func TestWordsSurviveThePageGoing(t *testing.T) {
	t.Parallel()
	d := newSession(t)
	d.open("/")
	d.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	const day = "/history/2026-11-25"
	for turn := range 8 {
		move, note := fmt.Sprintf("First move %d", turn), fmt.Sprintf("Note %d", turn)
		d.open(day)
		d.fill("Tomorrow's first move", move+"\t")
		d.fill("Note", note+"\t")
		if turn%2 == 0 {
			d.open("/settings")
		} else {
			d.reload()
		}
		d.open(day)
		if got := d.value("#first-move"); got != move {
			t.Errorf("turn %d: left with Tab, the first move reads %q after the page went", turn, got)
		}
		if got := d.value("#note"); got != note {
			t.Errorf("turn %d: left with Tab, the note reads %q after the page went", turn, got)
		}
	}

	// Still typing, in a second tab that is then closed.
	tab := d.newTab()
	tab.open(day)
	typed := "Typed and never left, then the tab was closed"
	tab.run("typing without leaving the field", chromedp.SendKeys(chromedp.CSS("#note"), typed))
	tab.close()
	d.open(day)
	if got := d.value("#note"); got != "Note 7"+typed {
		t.Errorf("typed in a tab then closed, the note reads %q", got)
	}

	// Still typing, then another page.
	d.open(day)
	d.fill("Note", "Typed, then another page")
	d.open("/insights")
	d.open(day)
	if got := d.value("#note"); got != "Typed, then another page" {
		t.Errorf("typed and then another page opened, the note reads %q", got)
	}
	d.assertClean()
}

// TestWordsTypedButNotAddedSurvive: words typed into a day's add forms and
// never added (the tab closed, the page reloaded) are in their fields when
// the day is opened again, with the kind chosen; once added, they are an
// entry, and the field is empty after a reload.
func TestWordsTypedButNotAddedSurvive(t *testing.T) {
	t.Parallel()
	d := newSession(t)
	d.open("/")
	d.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	const day = "/history/2026-11-25"

	tab := d.newTab()
	tab.open(day)
	tab.run("typing a win without adding it", chromedp.SendKeys(chromedp.CSS("#win-text"), "Half a win, never added"))
	tab.close()

	d.open(day)
	if got := d.value("#win-text"); got != "Half a win, never added" {
		t.Errorf("typed in a tab then closed, the Win field reads %q", got)
	}
	d.choose("Kind", "debugged")
	d.fill("Unseen work", "Chased the flaky test")
	d.fill("Open loop", "Reply to Sam")
	d.reload()
	for css, want := range map[string]string{"#unseen-kind": "debugged", "#unseen-text": "Chased the flaky test", "#loop-text": "Reply to Sam"} {
		if got := d.value(css); got != want {
			t.Errorf("after a reload, %s reads %q, want %q", css, got, want)
		}
	}

	d.run("adding the win", chromedp.SendKeys(chromedp.CSS("#win-text"), "\r"))
	d.waitText(`ul[aria-label="Wins"] li .entry-text > span`, "Half a win, never added")
	d.reload()
	if got := d.value("#win-text"); got != "" {
		t.Errorf("added, then reloaded, the Win field reads %q", got)
	}
	if got := eval[int](d, `document.querySelectorAll('ul[aria-label="Wins"] li').length`); got != 1 {
		t.Errorf("%d wins after adding one", got)
	}
	d.assertClean()
}

// TestWordsAreSavedAsThePageIsHidden: a phone may drop a hidden page with
// no pagehide, so words being typed are saved as the page is hidden (here
// the browser is told so by the page's own visibility event, as a phone
// switching apps would), and the field has its focus back once the page is
// shown again.
func TestWordsAreSavedAsThePageIsHidden(t *testing.T) {
	t.Parallel()
	d := newSession(t)
	d.open("/")
	d.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	const day = "/history/2026-11-25"
	d.open(day)
	typed := "Typed, then the phone switched apps"
	d.run("typing without leaving the field", chromedp.SendKeys(chromedp.CSS("#note"), typed))
	visibility := func(state string) {
		d.run("the page becoming "+state, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			Object.defineProperty(document, "visibilityState", {configurable: true, get: () => %q});
			document.dispatchEvent(new Event("visibilitychange", {bubbles: true}));
		})()`, state)))
	}
	visibility("hidden")

	other := d.newTab()
	other.open(day)
	other.run("waiting for the note in another tab", chromedp.Poll[chromedp.Void](fmt.Sprintf(
		`document.querySelector("#note")?.value === %q`, typed), chromedp.WithPollingTimeout(patience)))
	other.close()

	visibility("visible")
	d.run("waiting for the focus to come back", chromedp.Poll[chromedp.Void](`document.activeElement?.id === "note"`, chromedp.WithPollingTimeout(patience)))
	d.assertClean()
}
