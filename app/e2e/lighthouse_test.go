//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/remoteml/sundown/app/benchmark"
)

// lighthousePages are the pages Lighthouse audits: every page of the app,
// and the ritual at its first step.
var lighthousePages = []string{"/", "/ritual", "/history", "/insights", "/settings"}

// lighthouseBars are the scores that make test holds each page to. These
// categories judge what the page is (its markup, headers, contrast,
// labels), not how fast the machine was, so one run of each page decides.
// Performance is timing: make bench measures it (BenchmarkLighthouse).
var lighthouseBars = map[string]float64{"accessibility": 100, "best-practices": 100, "seo": 90}

// TestLighthouse runs Lighthouse (pinned in testdata/audit, desktop
// preset) against Debian's Chromium on every page, prints the scores, and
// fails when a category is below its bar, naming the audits that lost
// points. make audit runs it, and make test through it.
func TestLighthouse(t *testing.T) {
	bin, chrome := lighthouse(t)
	srv := serve(t, builtWeb)
	categories := slices.Sorted(maps.Keys(lighthouseBars))
	for _, path := range lighthousePages {
		report := runLighthouse(t, bin, chrome, srv+path, categories)
		var line []string
		for _, c := range categories {
			score, ok := report.scores[c]
			line = append(line, fmt.Sprintf("%s %.0f", c, score))
			if !ok || score < lighthouseBars[c] {
				t.Errorf("%s: %s scores %.0f, under its bar of %.0f; the audits that lost points:\n%s", path, c, score, lighthouseBars[c], report.failing)
			}
		}
		fmt.Printf("Lighthouse %s: %s\n", path, strings.Join(line, ", "))
	}
}

// BenchmarkLighthouse is Lighthouse's performance score of each page, in
// fresh profiles: each turn (-benchtime Nx: N turns) audits every page once,
// the pages in an order that rotates, so a slow moment of the machine falls
// on all. The score moves from run to run with the machine's load (mostly
// through Total Blocking Time): the figure is the median, with the lowest
// and highest run beside it. Budget (make bench): a median of at least 90
// on every page.
func BenchmarkLighthouse(b *testing.B) {
	bin, chrome := lighthouse(b)
	srv := serve(b, builtWeb)
	scores := map[string][]float64{}
	for turn := 0; b.Loop(); turn++ {
		for _, i := range benchmark.Rotation(turn, len(lighthousePages)) {
			path := lighthousePages[i]
			report := runLighthouse(b, bin, chrome, srv+path, []string{"performance"})
			scores[path] = append(scores[path], report.scores["performance"])
		}
	}
	for _, path := range lighthousePages {
		benchmark.Spread(b, "performance-"+pageName(path), scores[path])
	}
	b.ReportMetric(0, "ns/op")
}

// pageName names a page in a metric: "/" is "today", "/history" "history".
func pageName(path string) string {
	if path == "/" {
		return "today"
	}
	return strings.TrimPrefix(path, "/")
}

// lighthouse finds Lighthouse and the Chromium it drives.
func lighthouse(t testing.TB) (bin, chrome string) {
	t.Helper()
	bin, err := filepath.Abs(filepath.Join(auditModules, ".bin", "lighthouse"))
	if err != nil || !fileExists(bin) {
		t.Fatalf("Lighthouse is not installed: run make audit-deps")
	}
	chrome, err = exec.LookPath("chromium")
	if err != nil {
		t.Fatal("Lighthouse needs Debian's chromium: make chromium")
	}
	return bin, chrome
}

// lighthouseReport is what one audit found: each category's score out of
// 100, and the audits that lost points.
type lighthouseReport struct {
	scores  map[string]float64
	failing string
}

// runLighthouse audits one page once, in a fresh browser profile.
func runLighthouse(t testing.TB, bin, chrome, url string, categories []string) lighthouseReport {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command(bin, url, "--preset=desktop", "--quiet", "--output=json", "--output-path="+path,
		"--only-categories="+strings.Join(categories, ","), "--chrome-flags=--headless=new --no-sandbox")
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lighthouse %s: %v\n%s", url, err, out)
	}
	report, err := readLighthouse(path)
	if err != nil {
		t.Fatalf("lighthouse %s: %v", url, err)
	}
	return report
}

func readLighthouse(path string) (lighthouseReport, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return lighthouseReport{}, err
	}
	var r struct {
		Categories map[string]struct{ Score *float64 }
		Audits     map[string]struct {
			Title, DisplayValue, ScoreDisplayMode string
			Score                                 *float64
		}
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return lighthouseReport{}, fmt.Errorf("reading its report: %w", err)
	}
	report := lighthouseReport{scores: map[string]float64{}}
	for name, c := range r.Categories {
		if c.Score != nil { // null when the category could not be scored
			report.scores[name] = *c.Score * 100
		}
	}
	var failing []string
	for id, a := range r.Audits {
		if a.Score != nil && *a.Score < 1 && a.ScoreDisplayMode != "informative" && a.ScoreDisplayMode != "manual" {
			failing = append(failing, fmt.Sprintf("  %s (%s): %.2f %s", id, a.Title, *a.Score, a.DisplayValue))
		}
	}
	slices.Sort(failing)
	report.failing = strings.Join(failing, "\n")
	return report, nil
}

func fileExists(path string) bool { _, err := os.Stat(path); return err == nil }
