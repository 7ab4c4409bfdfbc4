//go:build !(js && wasm)

package main

import (
	"strings"
	"testing"
)

// The table reads go test's output, takes ratios run by run where the
// benchmark did not, and names every figure over its budget.
func TestTableJudgesEveryBudget(t *testing.T) {
	r := results{}
	for _, line := range []string{
		"BenchmarkSaveDay/history=0y-2   100  1000 ns/op",
		"BenchmarkSaveDay/history=10y-2  100  3000 ns/op",
		"BenchmarkSaveDay/history=0y-2   100  1000 ns/op",
		"BenchmarkSaveDay/history=10y-2  100  1500 ns/op",
		"BenchmarkSaveDay/history=0y-2   100  1000 ns/op",
		"BenchmarkSaveDay/history=10y-2  100  2500 ns/op",
		"BenchmarkStart/link=loopback-2  15  700 sundown-cold-ms  600 hello-cold-ms  1.1 cold-vs-hello-ratio  1.0 cold-vs-hello-ratio-min  1.4 cold-vs-hello-ratio-max",
		"BenchmarkLighthouse-2  5  88 performance-today  80 performance-today-min  95 performance-today-max",
		"BenchmarkScaleInFirefoxAndWebKit/browser=webkit-2  9  27 0y-history-ms  22 0y-history-ms-min  55 0y-history-ms-max  139 10y-history-ms  92 10y-history-ms-min  204 10y-history-ms-max  4.18 10y-vs-0y-history-ratio  2.09 10y-vs-0y-history-ratio-min  7.56 10y-vs-0y-history-ratio-max",
	} {
		r.parse(line)
	}
	table, over := render(r, "a test", false)
	for _, want := range []string{
		"| save one edit, in-memory storage (Go) | 2.5 µs | empty history: 1.0 µs | 2.50 (1.50–3.00) | ≤ 2× | over |",
		"| cold start, loopback | 700 ms | hello world: 600 ms | 1.10 (1.00–1.40) | ≤ 1.3× | ok |",
		"| Lighthouse performance, Today | 88 (80–95) | — | — | ≥ 90 | over |",
		"| render History, 10 years, WebKit | 139 ms (92 ms–204 ms) | empty history: 27 ms | 4.18 (2.09–7.56) | ≤ 100 ms | over |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks the row\n%s\nin\n%s", want, table)
		}
	}
	joined := strings.Join(over, "|")
	for _, want := range []string{"save one edit, in-memory storage (Go)", "Lighthouse performance, Today", "app.wasm as served (brotli) (not measured)"} {
		if !strings.Contains(joined, want) {
			t.Errorf("%q is not among the figures over: %v", want, over)
		}
	}
	if strings.Contains(joined, "cold start, loopback|") {
		t.Errorf("a figure within its budget is listed as over: %v", over)
	}
}
