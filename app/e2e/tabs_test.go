//go:build e2e

package e2e

import (
	"testing"
	"time"
)

// TestTwoTabsKeepEachOthersEdits: the app open twice on the same day (two
// tabs, or the installed app beside a browser tab). Each adds to the day it
// read before the other wrote; neither undoes the other.
func TestTwoTabsKeepEachOthersEdits(t *testing.T) {
	first := newSession(t)
	first.open("/")
	first.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	second := first.newTab()
	first.open("/history/2026-11-25")
	second.open("/history/2026-11-25")

	first.fill("Win", "Written in the first tab")
	first.click("Add")
	first.waitContains("Written in the first tab")
	first.fill("Tomorrow's first move", "The first tab's first move\t")
	first.waitContains("Saved")

	// The second tab still shows the day as it was when it opened.
	second.fill("Win", "Written in the second tab")
	second.click("Add")
	second.waitContains("Written in the second tab")
	second.wantEntries("Wins", "Written in the first tab", "Written in the second tab")

	first.reload()
	first.wantEntries("Wins", "Written in the first tab", "Written in the second tab")
	if got := first.value("#first-move"); got != "The first tab's first move" {
		t.Fatalf("the first move is %q", got)
	}
	first.assertClean()
	second.assertClean()
}
