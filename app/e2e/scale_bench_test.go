//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/benchmark"
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
func historyFile(b testing.TB, years int) string {
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
// workdays) next to an empty one: start (opening Today), saving one edit,
// and rendering History, Insights and a 90-day export. Two browser profiles,
// one of each, take turns in an order that rotates (-benchtime Nx: N turns);
// ratios are taken within a turn. Budgets: every render under 100 ms;
// saving ≤ 2 × empty; start ≤ 1.5 × empty.
func BenchmarkScale(b *testing.B) {
	histories := []int{0, 10}
	sessions := make([]*session, len(histories))
	for i, years := range histories {
		s := newSession(b)
		if err := observeReady(s.ctx); err != nil {
			b.Fatal(err)
		}
		s.open("/settings")
		if years > 0 {
			s.run("choosing the history", chromedp.SetUploadFiles(chromedp.CSS("#backup-file"), []string{historyFile(b, years)}))
			s.run("waiting for the plan", chromedp.WaitVisible(button("Import")))
			s.click("Import")
			s.run("waiting for the import", chromedp.Poll[chromedp.Void](`document.body.innerText.includes("Imported:")`, chromedp.WithPollingTimeout(10*patience)))
		}
		sessions[i] = s
	}
	var turns []map[int]map[string]float64 // turn → years → figure → ms
	for b.Loop() {
		turn := map[int]map[string]float64{}
		for _, i := range benchmark.Rotation(len(turns), len(sessions)) {
			turn[histories[i]] = scaleFigures(sessions[i])
		}
		turns = append(turns, turn)
	}
	reportScale(b, turns)
}

// scaleFigureNames are the figures of a turn, in milliseconds.
var scaleFigureNames = []string{"start-ms", "save-ms", "history-at-once-ms", "history-ms", "insights-ms", "export90-ms"}

// settle is how long a page is left after its first screen before its
// renders are timed. In the first second after a start the browser is still
// compiling the app's code in the background (WebKit's JavaScriptCore, on
// two cores, made History up to twice as slow and four times as uneven), so
// a render timed then measures that compiling as much as the render.
// History clicked at once ("history-at-once-ms") keeps that moment in view.
const settle = 2 * time.Second

// reportScale reports each figure's median over the turns with its lowest
// and highest, and for each the ratio of ten years to an empty history
// taken within each turn, with its spread.
func reportScale(b *testing.B, turns []map[int]map[string]float64) {
	for _, years := range []int{0, 10} {
		for _, figure := range scaleFigureNames {
			var values []float64
			for _, turn := range turns {
				values = append(values, turn[years][figure])
			}
			benchmark.Spread(b, fmt.Sprintf("%dy-%s", years, figure), values)
		}
	}
	for _, figure := range scaleFigureNames {
		var ratios benchmark.Ratios
		for _, turn := range turns {
			ratios.Add(turn[10][figure], turn[0][figure])
		}
		ratios.Report(b, "10y-vs-0y-"+strings.TrimSuffix(figure, "-ms"))
	}
	b.ReportMetric(0, "ns/op")
}

// scaleFigures takes one turn's figures in one profile.
func scaleFigures(s *session) map[string]float64 {
	figures := map[string]float64{}
	s.open("/")
	figures["start-ms"] = eval[float64](s, `performance.getEntriesByName("bench-ready")[0].startTime`)
	figures["history-at-once-ms"] = s.timeUntil(`nav a[href="/history"]`, "sundown-page-ready")
	s.open("/")
	time.Sleep(settle)
	figures["history-ms"] = s.timeUntil(`nav a[href="/history"]`, "sundown-page-ready")
	figures["insights-ms"] = s.timeUntil(`nav a[href="/insights"]`, "sundown-page-ready")
	s.choose("Range", "last-90")
	s.timeUntil(`#export-markdown`, "sundown-export-done") // the first export pays for compiling its code
	figures["export90-ms"] = exportTime(s)
	s.open("/history/" + ritual.DateOf(time.Now()).String())
	// Several edits in a row: the median is a typical save, not the first
	// one of a fresh page, which also loads the indexes.
	var saves []float64
	for i := range 5 {
		s.fill("Win", fmt.Sprintf("One more win, %d", i))
		s.timeUntil(`form.add-form button[type="submit"]`, "sundown-save-done")
		saves = append(saves, eval[float64](s,
			`(() => { const a = performance.getEntriesByName("sundown-save-start"), z = performance.getEntriesByName("sundown-save-done"); return z[z.length-1].startTime - a[a.length-1].startTime; })()`))
	}
	figures["save-ms"] = benchmark.Median(saves)
	return figures
}

// exportTime is how long the last 90-day export took to build and hand over.
func exportTime(s *session) float64 {
	s.timeUntil(`#export-markdown`, "sundown-export-done")
	return eval[float64](s, `(() => { const a = performance.getEntriesByName("sundown-export-start"), z = performance.getEntriesByName("sundown-export-done"); return z[z.length-1].startTime - a[a.length-1].startTime; })()`)
}
