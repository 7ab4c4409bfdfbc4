//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// lighthouseBars are the scores each Lighthouse category must reach.
var lighthouseBars = map[string]float64{"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 90}

// TestLighthouse runs Lighthouse (pinned in testdata/audit, desktop
// preset) against Debian's Chromium on Today, History and Settings, prints
// the scores, and fails below a bar. It runs with make audit, as
// SUNDOWN_LIGHTHOUSE=1.
func TestLighthouse(t *testing.T) {
	if os.Getenv("SUNDOWN_LIGHTHOUSE") == "" {
		t.Skip("Lighthouse runs with make audit (SUNDOWN_LIGHTHOUSE=1)")
	}
	bin, err := filepath.Abs(filepath.Join(auditModules, ".bin", "lighthouse"))
	if err != nil || !fileExists(bin) {
		t.Fatalf("Lighthouse is not installed: run make audit-deps")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("Lighthouse needs Debian's chromium: make chromium")
	}
	srv := serve(t, repoRoot)
	for _, path := range []string{"/", "/history", "/settings"} {
		report := filepath.Join(t.TempDir(), "report.json")
		cmd := exec.Command(bin, srv+path, "--preset=desktop", "--quiet", "--output=json", "--output-path="+report,
			"--only-categories=performance,accessibility,best-practices,seo", "--chrome-flags=--headless=new --no-sandbox")
		cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("lighthouse %s: %v\n%s", path, err, out)
		}
		scores, failing := lighthouseScores(t, report)
		var line []string
		for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
			line = append(line, fmt.Sprintf("%s %.0f", c, scores[c]))
			if scores[c] < lighthouseBars[c] {
				t.Errorf("%s: %s scores %.0f, under its bar of %.0f; what Lighthouse holds against it:\n%s", path, c, scores[c], lighthouseBars[c], failing)
			}
		}
		fmt.Printf("Lighthouse %s: %s\n", path, strings.Join(line, ", "))
	}
}

// lighthouseScores reads a report: each category's score out of 100, and
// the audits that lost points.
func lighthouseScores(t *testing.T, path string) (map[string]float64, string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Categories map[string]struct{ Score float64 }
		Audits     map[string]struct {
			Title, DisplayValue, ScoreDisplayMode string
			Score                                 *float64
		}
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	scores := map[string]float64{}
	for name, c := range r.Categories {
		scores[name] = c.Score * 100
	}
	var failing []string
	for id, a := range r.Audits {
		if a.Score != nil && *a.Score < 1 && a.ScoreDisplayMode != "informative" && a.ScoreDisplayMode != "manual" {
			failing = append(failing, fmt.Sprintf("  %s (%s): %.2f %s", id, a.Title, *a.Score, a.DisplayValue))
		}
	}
	return scores, strings.Join(failing, "\n")
}

func fileExists(path string) bool { _, err := os.Stat(path); return err == nil }
