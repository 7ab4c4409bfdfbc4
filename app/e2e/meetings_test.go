//go:build e2e

package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestMeetingsAreOfferedAsUnseenWork chooses a calendar exported from
// Google in Settings; the ritual's unseen work step offers the day's
// meetings (a daily standup, a review set in New York's time; not the pitch
// the user declined), adds one when asked and forgets one dismissed, even
// after a reload. A broken file is refused by its line and the kept one
// stays; the calendar can be removed.
func TestMeetingsAreOfferedAsUnseenWork(t *testing.T) {
	t.Parallel()
	s := newSessionOn(t, nil, chromedp.Env("TZ=Europe/Berlin"))
	s.open("/")
	s.setClock(time.Date(2026, time.November, 25, 17, 40, 0, 0, zone)) // a Wednesday; Berlin is UTC+1 in November

	s.open("/settings")
	s.run("choosing the calendar", chromedp.SetUploadFiles(chromedp.CSS("#calendar-file"), []string{abs(t, "testdata/work.ics")}))
	s.waitContains("Kept work.ics: 2 meetings today.")
	s.waitContains("Meetings come from work.ics")

	s.open("/ritual")
	for _, title := range defaultSteps[:3] {
		s.waitText("#step-title", title)
		s.click("Next")
	}
	s.waitText("#step-title", "Unseen work")
	s.waitContains("Coordinated · Standup, 15 min")
	s.waitContains("Coordinated · Design review, 45 min")
	if strings.Contains(s.text("main"), "Vendor pitch") {
		t.Error("a meeting the user declined is offered")
	}
	s.waitContains("15:00") // 09:00 in New York

	s.click("Add Design review")
	s.run("waiting for the meeting in the unseen work", chromedp.Poll[chromedp.Void](
		`document.querySelector('ul[aria-label="Unseen work"]')?.textContent.includes("Design review, 45 min")`, chromedp.WithPollingTimeout(patience)))
	s.wantEntries("Unseen work", "Design review, 45 min")
	s.click("Dismiss Standup")
	s.run("waiting for the suggestions to go", chromedp.Poll[chromedp.Void](
		`!document.querySelector('[aria-label="Meetings to add"]')`, chromedp.WithPollingTimeout(patience)))

	s.reload()
	s.waitText("#step-title", "Unseen work")
	s.wantEntries("Unseen work", "Design review, 45 min")
	if text := s.text("main"); strings.Contains(text, "Coordinated · ") {
		t.Errorf("an added or dismissed meeting is offered again after a reload:\n%s", text)
	}
	if kind := eval[string](s, `document.querySelector('[aria-label="Unseen work"] li').textContent`); !strings.Contains(kind, "Coordinated") {
		t.Errorf("the added meeting is not coordination: %q", kind)
	}

	// Insights counts the week's meetings: the standup on Monday to
	// Wednesday and the review, 1 h 30 min.
	s.open("/insights")
	s.waitContains("This week: 1 h 30 min in meetings, next to 0 wins.")

	s.open("/settings")
	s.run("choosing a broken calendar", chromedp.SetUploadFiles(chromedp.CSS("#calendar-file"), []string{abs(t, "testdata/broken.ics")}))
	s.waitContains("The calendar was not kept. Line 3 of the calendar file is not iCalendar")
	s.waitContains("Meetings come from work.ics")
	s.click("Remove the calendar")
	s.waitContains("The calendar was removed from this browser.")
	s.assertClean()
}

func abs(t *testing.T, path string) string {
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMeetingsOffline: once the calendar reader has been used, the service
// worker keeps it, and the day's meetings are offered with the server gone.
func TestMeetingsOffline(t *testing.T) {
	t.Parallel()
	s := newSessionOn(t, nil, chromedp.Env("TZ=Europe/Berlin"))
	s.open("/")
	s.setClock(time.Date(2026, time.November, 25, 17, 40, 0, 0, zone))
	s.waitForServiceWorker()
	s.open("/settings")
	s.run("choosing the calendar", chromedp.SetUploadFiles(chromedp.CSS("#calendar-file"), []string{abs(t, "testdata/work.ics")}))
	s.waitContains("Kept work.ics: 2 meetings today.")

	s.stopServer()
	s.open("/ritual")
	for _, title := range defaultSteps[:3] {
		s.waitText("#step-title", title)
		s.click("Next")
	}
	s.waitText("#step-title", "Unseen work")
	s.waitContains("Coordinated · Design review, 45 min")
	s.assertClean()
}
