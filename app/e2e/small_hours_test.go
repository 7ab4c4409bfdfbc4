//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestAShutdownAfterMidnightClosesTheEvening: at 00:30 on Thursday, before
// the day ends (04:00 by default), Today is still Wednesday's; the ritual
// closes Wednesday, History says it closed at 00:30, not "later", and
// Insights counts the stop. After 04:00 it is Thursday.
func TestAShutdownAfterMidnightClosesTheEvening(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.open("/")
	s.setClock(time.Date(2026, time.November, 26, 0, 30, 0, 0, zone))
	s.waitContains("Wednesday 25 November 2026")
	s.waitContains("Start shutdown")

	s.walkRitual(func(string) {})
	if got := s.text("#done-title"); got != "Shutdown complete — 00:30" {
		t.Errorf("done screen: %q", got)
	}
	if got := s.text(".done-date"); got != "Wednesday 25 November 2026" {
		t.Errorf("the ritual at 00:30 closed %q, want Wednesday", got)
	}

	s.open("/history/2026-11-25")
	s.waitContains("Closed at 00:30")
	s.open("/insights")
	s.waitContains("When you stop")
	figures := eval[[]string](s, `[...document.querySelectorAll(".figure dd")].map(e => e.textContent)`)
	if got := strings.Join(figures, "|"); got != "00:30|00:30|1 of 1" {
		t.Errorf("Insights' figures %q, want the 00:30 stop counted, late", got)
	}

	s.setClock(time.Date(2026, time.November, 26, 4, 0, 0, 0, zone))
	s.open("/")
	s.waitContains("Thursday 26 November 2026")
	s.assertClean()
}
