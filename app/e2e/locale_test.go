//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestTimesDatesAndWeeksFollowTheBrowsersLocale opens the same history in
// browsers of three locales: the done screen, History and Insights write
// times and dates as each locale does, and weeks start where it starts them.
// Then a choice in Settings wins over the locale.
func TestTimesDatesAndWeeksFollowTheBrowsersLocale(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang             string
		done, historyRow string // the done screen's title; History's row of Tuesday 24 November
		figures          string // Insights: the median stops and the late days (the four imported and tonight's)
		week             string // the first day of the week of Wednesday 25 November
	}{
		{"en-US", "Shutdown complete — 7:00 PM", "Tuesday, November 24, 2026 Closed at 5:50 PM", "6:10 PM|6:10 PM|3 of 5", "2026-11-22"},
		{"en-GB", "Shutdown complete — 19:00", "Tuesday 24 November 2026 Closed at 17:50", "18:10|18:10|3 of 5", "2026-11-23"},
		{"de-DE", "Shutdown complete — 19:00", "Tuesday 24 November 2026 Closed at 17:50", "18:10|18:10|3 of 5", "2026-11-23"},
	}
	history := fixedHistory(t)
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			s := newSessionOn(t, nil, chromedp.Flag("accept-lang", c.lang))
			s.open("/")
			s.setClock(time.Date(2026, time.November, 25, 19, 0, 0, 0, zone)) // Wednesday evening
			s.open("/settings")
			s.importFile(history, "4 new days, 0 updated, 0 unchanged.")

			s.walkRitual(func(string) {})
			if got := s.text("#done-title"); got != c.done {
				t.Errorf("done screen: %q, want %q", got, c.done)
			}

			s.open("/history")
			s.waitContains("Closed at")
			rows := eval[[]string](s, `[...document.querySelectorAll(".day-row a")].map(a => [...a.children].slice(0, 2).map(e => e.textContent).join(" "))`)
			if !contains(rows, c.historyRow) {
				t.Errorf("History's rows %q, want one of them %q", rows, c.historyRow)
			}

			s.open("/insights")
			s.waitContains("When you stop")
			figures := eval[[]string](s, `[...document.querySelectorAll(".figure dd")].map(e => e.textContent)`)
			if got := strings.Join(figures, "|"); got != c.figures {
				t.Errorf("Insights' figures %q, want %q", got, c.figures)
			}
			if got := eval[string](s, `new URL(document.querySelector('a[href*="week="]').href).searchParams.get("week")`); got != c.week {
				t.Errorf("this week's review starts on %s, want %s", got, c.week)
			}

			// A choice in Settings wins over the locale.
			s.open("/settings")
			s.choose("Time format", "12h")
			s.choose("Weeks start on", "saturday")
			s.click("Save settings")
			s.waitContains("Saved")
			s.open("/insights")
			s.waitContains("When you stop")
			figures = eval[[]string](s, `[...document.querySelectorAll(".figure dd")].map(e => e.textContent)`)
			if got := strings.Join(figures, "|"); got != "6:10 PM|6:10 PM|3 of 5" {
				t.Errorf("with 12-hour chosen, Insights' figures %q", got)
			}
			if got := eval[string](s, `new URL(document.querySelector('a[href*="week="]').href).searchParams.get("week")`); got != "2026-11-21" {
				t.Errorf("with weeks chosen to start on Saturday, this week's review starts on %s", got)
			}
			s.assertClean()
		})
	}
}

func contains(list []string, want string) bool {
	for _, v := range list {
		if v == want {
			return true
		}
	}
	return false
}
