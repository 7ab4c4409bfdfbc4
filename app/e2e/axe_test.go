//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// auditModules is where make installs the audits' npm packages, from the
// committed lock file (npm ci).
const auditModules = "testdata/audit/node_modules"

// axeSource is axe-core's script, read once.
func axeSource(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(auditModules, "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is not installed (%v): run make audit-deps, or npm ci --prefix app/e2e/testdata/audit", err)
	}
	return string(src)
}

// axeViolations runs axe-core on the page as it is and describes every
// violation of the WCAG 2.2 A and AA rules and of axe's best practices.
func (s *session) axeViolations(source string) string {
	s.t.Helper()
	// A button that changed its kind (Next became Finish) fades to its new
	// colours; axe judges the page at rest, as people read it.
	s.run("waiting for the page to be at rest", chromedp.Poll[chromedp.Void](
		`document.getAnimations().every(a => a.playState !== "running")`, chromedp.WithPollingTimeout(patience)))
	if !eval[bool](s, `typeof axe !== "undefined"`) {
		eval[chromedp.Void](s, source)
	}
	return get(s, "running axe-core", chromedp.Evaluate[string](`axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
		resultTypes: ["violations"],
	}).then(r => r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + "\n      " +
		v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary.replace(/\n/g, " ")).join("\n      ")).join("\n   "))`,
		chromedp.EvalAwaitPromise))
}

// TestAxeFindsNothing runs axe-core on every page and every step of the
// ritual, with a demo history, in the light and the dark theme.
func TestAxeFindsNothing(t *testing.T) {
	t.Parallel()
	source := axeSource(t)
	for _, dark := range []bool{false, true} {
		name := map[bool]string{false: "light", true: "dark"}[dark]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newSession(t)
			s.open("/")
			s.importDemo()
			if dark {
				if _, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}); err != nil {
					t.Fatal(err)
				}
			}
			var report []string
			check := func(what string) {
				if v := s.axeViolations(source); v != "" {
					report = append(report, fmt.Sprintf("%s:\n   %s", what, v))
				}
			}
			for _, path := range []string{"/", "/history", "/history/2026-11-24", "/insights", "/review", "/settings"} {
				s.open(path)
				check(path)
			}
			s.walkRitual(func(title string) { check("the ritual's step " + title) })
			check("the done screen")
			if len(report) > 0 {
				t.Fatalf("axe-core found violations (%s theme):\n%s", name, strings.Join(report, "\n"))
			}
			s.assertClean()
		})
	}
}
