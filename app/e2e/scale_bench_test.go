//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/ritual"
)

// timeUntil clicks the element matching css and returns the milliseconds
// until the app puts the mark named end on the performance timeline.
func (s *session) timeUntil(css, end string) float64 {
	s.t.Helper()
	return get(s, "timing "+css+" until "+end, chromedp.Evaluate[float64](fmt.Sprintf(`(async () => {
		const t0 = performance.now();
		document.querySelector(%q).click();
		while (performance.now() - t0 < 20000) {
			const m = performance.getEntriesByName(%q).find(e => e.startTime > t0);
			if (m) return m.startTime - t0;
			await new Promise(r => setTimeout(r, 2));
		}
		throw new Error("the app never marked it");
	})()`, css, end), chromedp.EvalAwaitPromise))
}

// historyFile writes years of generated history as a backup file.
func historyFile(b *testing.B, years int) string {
	today := ritual.DateOf(time.Now())
	data, err := ritual.NewBackup(ritual.DefaultSettings(), ritual.DefaultChecklist(), ritual.GenerateHistory(1, today.AddDays(-1), years), time.Now()).Marshal()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "history.json")
	os.WriteFile(path, data, 0o644)
	return path
}

// BenchmarkScale measures the app with ten years of history (≈ 2,600
// workdays) next to an empty one: start (a reload), saving one edit, and
// rendering History, Insights and a 90-day export. Budgets: every render
// under 100 ms; saving ≤ 2 × empty; start ≤ 1.5 × empty.
func BenchmarkScale(b *testing.B) {
	for _, years := range []int{0, 10} {
		b.Run(fmt.Sprintf("history=%dy", years), func(b *testing.B) {
			s := newSession(b)
			s.open("/settings")
			if years > 0 {
				s.run("choosing the history", chromedp.SetUploadFiles(chromedp.CSS("#backup-file"), []string{historyFile(b, years)}))
				s.run("waiting for the plan", chromedp.WaitVisible(button("Import")))
				s.click("Import")
				s.run("waiting for the import", chromedp.Poll[chromedp.Void](`document.body.innerText.includes("Imported:")`, chromedp.WithPollingTimeout(5*time.Minute)))
			}
			metrics := map[string][]float64{}
			for b.Loop() {
				s.open("/")
				metrics["start-ms"] = append(metrics["start-ms"], eval[float64](s, `performance.getEntriesByName("sundown-ready")[0].startTime`))
				metrics["history-ms"] = append(metrics["history-ms"], s.timeUntil(`nav a[href="/history"]`, "sundown-page-ready"))
				metrics["insights-ms"] = append(metrics["insights-ms"], s.timeUntil(`nav a[href="/insights"]`, "sundown-page-ready"))
				s.choose("Range", "last-90")
				s.timeUntil(`#export-markdown`, "sundown-export-done") // the first export pays for compiling its code
				metrics["export90-ms"] = append(metrics["export90-ms"], exportTime(s))
				s.open("/history/" + ritual.DateOf(time.Now()).String())
				// Several edits in a row: the median is a typical save, not the
				// first one of a fresh page, which also loads the indexes.
				for i := range 5 {
					s.fill("Win", fmt.Sprintf("One more win, %d", i))
					s.timeUntil(`form.add-form button[type="submit"]`, "sundown-save-done")
					metrics["save-ms"] = append(metrics["save-ms"], eval[float64](s,
						`(() => { const a = performance.getEntriesByName("sundown-save-start"), z = performance.getEntriesByName("sundown-save-done"); return z[z.length-1].startTime - a[a.length-1].startTime; })()`))
				}
			}
			for name, values := range metrics {
				b.ReportMetric(median(values), name)
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// exportTime is how long the last 90-day export took to build and hand over.
func exportTime(s *session) float64 {
	s.timeUntil(`#export-markdown`, "sundown-export-done")
	return eval[float64](s, `(() => { const a = performance.getEntriesByName("sundown-export-start"), z = performance.getEntriesByName("sundown-export-done"); return z[z.length-1].startTime - a[a.length-1].startTime; })()`)
}
