//go:build e2e

package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestTwoTabsKeepEachOthersEdits: the app open twice (two tabs, or the
// installed app beside a browser tab). What one saves, the other shows
// without a reload, the ritual on the step it is at included; each adds to
// the day as stored, undoing nothing.
func TestTwoTabsKeepEachOthersEdits(t *testing.T) {
	t.Parallel()
	first := newSession(t)
	first.open("/")
	first.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	second := first.newTab()
	second.open("/ritual")
	second.click("Next")
	second.click("Next")
	second.fieldID("Win") // the wins step

	first.open("/history/2026-11-25")
	first.fill("Win", "Written in the first tab")
	first.click("Add")
	first.waitContains("Written in the first tab")
	first.fill("Tomorrow's first move", "The first tab's first move\t")
	first.waitContains("Saved")

	second.waitContains("Written in the first tab") // on the wins step still
	second.fieldID("Win")
	second.fill("Win", "Written in the second tab")
	second.click("Add")
	second.waitContains("Written in the second tab")
	second.wantEntries("Wins", "Written in the first tab", "Written in the second tab")

	// The first tab's History page shows the second tab's win by itself.
	first.waitContains("Written in the second tab")
	first.reload()
	first.wantEntries("Wins", "Written in the first tab", "Written in the second tab")
	if got := first.value("#first-move"); got != "The first tab's first move" {
		t.Fatalf("the first move is %q", got)
	}

	// Settings: each tab saves only what it changed, even when the other
	// saved while this one's form held a change.
	first.open("/settings")
	second.open("/settings")
	hide := second.fieldID("Hide the count of closed workdays")
	second.run("hiding the count", chromedp.Click(chromedp.CSS(hide), chromedp.NodeVisible))
	first.fill("Closing phrase", "Lid closed in the first tab")
	first.click("Save settings")
	first.waitContains("Saved")
	second.click("Save settings")
	second.waitContains("Saved")
	if got := second.value("#closing-phrase"); got != "Lid closed in the first tab" {
		t.Fatalf("the second tab's save shows the closing phrase %q", got)
	}
	first.reload()
	if got := first.value("#closing-phrase"); got != "Lid closed in the first tab" {
		t.Fatalf("the closing phrase is %q after the second tab saved", got)
	}
	if !eval[bool](first, `document.querySelector(`+strconv.Quote(hide)+`).checked`) {
		t.Fatal("the second tab's choice was not saved")
	}
	first.assertClean()
	second.assertClean()
}

// TestTwoTabsKeepEachOthersLoops: each tab keeps the index of open loops in
// memory. A tab that wrote it back from memory after the other tab added a
// loop would drop that loop from it, and the loop would never come back.
func TestTwoTabsKeepEachOthersLoops(t *testing.T) {
	t.Parallel()
	first := newSession(t)
	first.open("/")
	first.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	second := first.newTab()
	second.open("/history/2026-11-24")
	second.fill("Open loop", "The second tab's first loop\n")
	second.waitContains("The second tab's first loop")

	first.open("/history/2026-11-23")
	first.fill("Open loop", "The first tab's loop\n")
	first.waitContains("The first tab's loop")

	second.fill("Open loop", "The second tab's next loop\n")
	second.waitContains("The second tab's next loop")

	first.reload()
	first.open("/ritual")
	first.waitText("#step-title", "Mark the stop")
	for _, step := range []string{"Sweep your inputs", "Wins", "Unseen work", "Open loops"} {
		first.click("Next")
		first.waitText("#step-title", step)
	}
	first.waitContains("Still open from earlier days")
	for _, loop := range []string{"The first tab's loop", "The second tab's first loop", "The second tab's next loop"} {
		first.waitContains(loop)
	}
	first.assertClean()
	second.assertClean()
}

// TestAnEditKeepsAWriteNotYetHeardOf: a tab keeps the days it read, and
// hears from the others, a moment after their writes, which days they
// changed. A win written in that moment (here by a script that writes the
// browser's database and tells no one) is kept when this tab adds one: the
// edit is made over what the database holds, not what the tab last read.
func TestAnEditKeepsAWriteNotYetHeardOf(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	s.setClock(time.Date(2026, time.November, 25, 17, 0, 0, 0, zone))
	s.open("/history/2026-11-25")
	s.fill("Win", "Added in this tab\n")
	s.waitContains("Added in this tab")
	s.run("writing a win in the database behind the tab's back", chromedp.Evaluate[chromedp.Void](`new Promise((done, failed) => {
		const q = indexedDB.open("sundown");
		q.onerror = () => failed(q.error);
		q.onsuccess = () => {
			const kv = q.result.transaction("kv", "readwrite").objectStore("kv"), key = "sundown/day/2026-11-25";
			const get = kv.get(key);
			get.onsuccess = () => {
				const raw = get.result, at = raw.indexOf(":"), stored = JSON.parse(raw.slice(at + 1));
				const win = { ...stored.day.wins[0], id: crypto.randomUUID(), text: "Written unheard" };
				stored.day.wins.push(win);
				kv.put(raw.slice(0, at + 1) + JSON.stringify(stored), key);
			};
			kv.transaction.oncomplete = () => done();
			kv.transaction.onerror = () => failed(kv.transaction.error);
		};
	})`, chromedp.EvalAwaitPromise))

	s.fill("Win", "Added again in this tab\n")
	s.waitContains("Added again in this tab")
	s.wantEntries("Wins", "Added in this tab", "Written unheard", "Added again in this tab")
	s.reload()
	s.wantEntries("Wins", "Added in this tab", "Written unheard", "Added again in this tab")
	s.assertClean()
}
