//go:build !(js && wasm)

package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/remoteml/sundown/app/benchmark"
)

// metric names one figure of one benchmark.
type metric struct{ bench, name string }

// A row of the table: a figure of Sundown's, the floor it is measured
// against (if any), and its budget (if any).
type row struct {
	figure string
	value  metric
	floor  metric
	what   string // what the floor is
	unit   unit
	budget budget
	// ratio names the benchmark's own per-turn ratio of value to floor
	// (reported as ratio-ratio, with -ratio-min and -ratio-max). Without
	// it the ratio is taken here, run by run: the Go benchmarks run several
	// times (go test -count), their cases taking turns.
	ratio metric
}

type unit int

const (
	bytes unit = iota
	millis
	micros
	nanos
	perSecond
	mebibytes
	score
)

// budget is a limit on the ratio to the floor, or on the value itself.
type budget struct {
	kind  budgetKind
	limit float64
}

type budgetKind int

const (
	none budgetKind = iota
	ratioAtMost
	ratioAtLeast
	valueAtMost
	valueAtLeast
	completes // measured at all: the benchmark fails when the work does not complete
)

func rows() []row {
	loop, slow := "Start/link=loopback", "Start/link=throttled"
	var rs []row
	rs = append(rs,
		row{figure: "app.wasm as served (brotli)", value: metric{loop, "sundown-brotli-B"}, floor: metric{loop, "hello-brotli-B"}, what: "hello world", unit: bytes, budget: budget{valueAtMost, 2.5e6}},
		row{figure: "app.wasm gzip", value: metric{loop, "sundown-gzip-B"}, floor: metric{loop, "hello-gzip-B"}, what: "hello world", unit: bytes},
		row{figure: "app.wasm raw", value: metric{loop, "sundown-raw-B"}, floor: metric{loop, "hello-raw-B"}, what: "hello world", unit: bytes},
		row{figure: "bytes transferred by a cold start", value: metric{loop, "sundown-transfer-B"}, floor: metric{loop, "hello-transfer-B"}, what: "hello world", unit: bytes,
			budget: budget{ratioAtMost, 1.25}, ratio: metric{loop, "transfer-vs-hello"}},
	)
	for _, link := range []struct{ bench, name string }{{loop, "loopback"}, {slow, "20 Mbit/s, 40 ms"}} {
		rs = append(rs,
			row{figure: "cold start, " + link.name, value: metric{link.bench, "sundown-cold-ms"}, floor: metric{link.bench, "hello-cold-ms"}, what: "hello world", unit: millis,
				budget: budget{ratioAtMost, 1.3}, ratio: metric{link.bench, "cold-vs-hello"}},
			row{figure: "cold start, " + link.name, value: metric{link.bench, "sundown-cold-ms"}, floor: metric{link.bench, "floor-cold-ms"}, what: "instantiating app.wasm", unit: millis,
				ratio: metric{link.bench, "cold-vs-floor"}},
			row{figure: "warm start (service worker), " + link.name, value: metric{link.bench, "sundown-warm-ms"}, floor: metric{link.bench, "hello-warm-ms"}, what: "hello world", unit: millis,
				budget: budget{ratioAtMost, 1.2}, ratio: metric{link.bench, "warm-vs-hello"}},
		)
	}
	for _, page := range []struct{ name, figure string }{{"today", "Today"}, {"ritual", "the ritual"}, {"history", "History"}, {"insights", "Insights"}, {"settings", "Settings"}} {
		rs = append(rs, row{figure: "Lighthouse performance, " + page.figure, value: metric{"Lighthouse", "performance-" + page.name}, unit: score, budget: budget{valueAtLeast, 90}})
	}
	rs = append(rs,
		row{figure: "start, 10 years of history", value: metric{"Scale", "10y-start-ms"}, floor: metric{"Scale", "0y-start-ms"}, what: "empty history", unit: millis,
			budget: budget{ratioAtMost, 1.5}, ratio: metric{"Scale", "10y-vs-0y-start"}},
		row{figure: "save one edit, 10 years of history", value: metric{"Scale", "10y-save-ms"}, floor: metric{"Scale", "0y-save-ms"}, what: "empty history", unit: millis,
			budget: budget{ratioAtMost, 2}, ratio: metric{"Scale", "10y-vs-0y-save"}},
		row{figure: "render History, 10 years", value: metric{"Scale", "10y-history-ms"}, floor: metric{"Scale", "0y-history-ms"}, what: "empty history", unit: millis, budget: budget{valueAtMost, 100},
			ratio: metric{"Scale", "10y-vs-0y-history"}},
		row{figure: "  History clicked at once after the start", value: metric{"Scale", "10y-history-at-once-ms"}, floor: metric{"Scale", "0y-history-at-once-ms"}, what: "empty history", unit: millis,
			ratio: metric{"Scale", "10y-vs-0y-history-at-once"}},
		row{figure: "render Insights, 10 years", value: metric{"Scale", "10y-insights-ms"}, floor: metric{"Scale", "0y-insights-ms"}, what: "empty history", unit: millis, budget: budget{valueAtMost, 100},
			ratio: metric{"Scale", "10y-vs-0y-insights"}},
		row{figure: "90-day Markdown export, 10 years", value: metric{"Scale", "10y-export90-ms"}, floor: metric{"Scale", "0y-export90-ms"}, what: "empty history", unit: millis, budget: budget{valueAtMost, 100},
			ratio: metric{"Scale", "10y-vs-0y-export90"}},
	)
	for _, engine := range []struct{ bench, name string }{{"ScaleInFirefoxAndWebKit/browser=firefox", "Firefox"}, {"ScaleInFirefoxAndWebKit/browser=webkit", "WebKit"}} {
		b := engine.bench
		rs = append(rs,
			row{figure: "start, 10 years of history, " + engine.name, value: metric{b, "10y-start-ms"}, floor: metric{b, "0y-start-ms"}, what: "empty history", unit: millis,
				budget: budget{ratioAtMost, 1.5}, ratio: metric{b, "10y-vs-0y-start"}},
			row{figure: "save one edit, 10 years of history, " + engine.name, value: metric{b, "10y-save-ms"}, floor: metric{b, "0y-save-ms"}, what: "empty history", unit: millis,
				budget: budget{ratioAtMost, 2}, ratio: metric{b, "10y-vs-0y-save"}},
			row{figure: "render History, 10 years, " + engine.name, value: metric{b, "10y-history-ms"}, floor: metric{b, "0y-history-ms"}, what: "empty history", unit: millis, budget: budget{valueAtMost, 100},
				ratio: metric{b, "10y-vs-0y-history"}},
			row{figure: "  History clicked at once after the start, " + engine.name, value: metric{b, "10y-history-at-once-ms"}, floor: metric{b, "0y-history-at-once-ms"}, what: "empty history", unit: millis,
				ratio: metric{b, "10y-vs-0y-history-at-once"}},
			row{figure: "render Insights, 10 years, " + engine.name, value: metric{b, "10y-insights-ms"}, floor: metric{b, "0y-insights-ms"}, what: "empty history", unit: millis, budget: budget{valueAtMost, 100},
				ratio: metric{b, "10y-vs-0y-insights"}},
			row{figure: "90-day Markdown export, 10 years, " + engine.name, value: metric{b, "10y-export90-ms"}, floor: metric{b, "0y-export90-ms"}, what: "empty history", unit: millis, budget: budget{valueAtMost, 100},
				ratio: metric{b, "10y-vs-0y-export90"}},
		)
	}
	rs = append(rs,
		row{figure: "save one edit, in-memory storage (Go)", value: metric{"SaveDay/history=10y", "ns/op"}, floor: metric{"SaveDay/history=0y", "ns/op"}, what: "empty history", unit: nanos, budget: budget{ratioAtMost, 2}},
	)
	clients := map[string]string{"1": "1 client", "8": "8 clients", "64": "64 clients"}
	for _, kind := range []struct {
		name, figure string
		budget       budget
	}{{"pull", "sync pulls", budget{ratioAtLeast, 0.5}}, {"push", "sync pushes", budget{}}} {
		for _, engine := range []struct{ prefix, name string }{{"", "SQLite"}, {"pg-", "PostgreSQL"}} {
			for _, c := range []string{"1", "8", "64"} {
				name := engine.prefix + kind.name + "-c" + c
				bare := "bare-" + kind.name + "-c" + c
				b := kind.budget
				if engine.prefix != "" {
					b = budget{} // a figure to compare; its own machine and settings decide it
				}
				rs = append(rs,
					row{figure: kind.figure + ", " + engine.name + ", " + clients[c], value: metric{"Server", name + "-rps"}, floor: metric{"Server", bare + "-rps"}, what: "bare net/http", unit: perSecond,
						budget: b, ratio: metric{"Server", name + "-vs-bare"}},
					row{figure: "  " + kind.name + " p50 latency", value: metric{"Server", name + "-p50-µs"}, floor: metric{"Server", bare + "-p50-µs"}, what: "bare net/http", unit: micros},
					row{figure: "  " + kind.name + " p99 latency", value: metric{"Server", name + "-p99-µs"}, floor: metric{"Server", bare + "-p99-µs"}, what: "bare net/http", unit: micros},
				)
			}
		}
	}
	rs = append(rs,
		row{figure: "first sync of 10 years (2,500 days), sending", value: metric{"FirstSync", "send-ms"}, unit: millis, budget: budget{completes, 0}},
		row{figure: "first sync of 10 years, receiving on another device", value: metric{"FirstSync", "receive-ms"}, floor: metric{"FirstSync", "bare-receive-ms"},
			what: "bare net/http, the same bytes", unit: millis, budget: budget{completes, 0}, ratio: metric{"FirstSync", "receive-vs-bare"}},
		row{figure: "pull of a one-record delta, 50,000 records stored", value: metric{"DeltaPull/records=50000", "ns/op"}, floor: metric{"DeltaPull/records=0", "ns/op"}, what: "no records", unit: nanos, budget: budget{ratioAtMost, 2}},
		row{figure: "server memory, idle (RSS)", value: metric{"Server", "idle-RSS-MiB"}, unit: mebibytes, budget: budget{valueAtMost, 30}},
		row{figure: "server memory, after the load (RSS)", value: metric{"Server", "loaded-RSS-MiB"}, unit: mebibytes},
		row{figure: "seal and open a typical day, wasm", value: metric{"SealDay", "ns/op"}, unit: nanos, budget: budget{valueAtMost, 1e6}},
		row{figure: "derive the passphrase key, wasm", value: metric{"PassphraseKey", "ns/op"}, unit: nanos},
		row{figure: "Insights over 12 weeks (Go)", value: metric{"Insights12Weeks", "ns/op"}, unit: nanos},
	)
	return rs
}

// measured is one row's figures as read from the results.
type measured struct {
	value, floor           float64
	valueSpread            string // "(92–99)" when the benchmark reported one
	hasFloor               bool
	ratio, lowest, highest float64
	hasRatio               bool
}

// measure reads a row's figures: the medians of the runs, and the ratio
// with its spread.
func (r results) measure(rw row) (measured, bool) {
	var m measured
	values, ok := r[rw.value.bench][rw.value.name]
	if !ok {
		return m, false
	}
	m.value = benchmark.Median(values)
	if low, ok := r.get(rw.value.bench, rw.value.name+"-min"); ok {
		high, _ := r.get(rw.value.bench, rw.value.name+"-max")
		m.valueSpread = fmt.Sprintf(" (%s–%s)", rw.unit.format(low), rw.unit.format(high))
	}
	floors, hasFloor := r[rw.floor.bench][rw.floor.name]
	if hasFloor && rw.floor.name != "" {
		m.floor, m.hasFloor = benchmark.Median(floors), true
	}
	switch {
	case rw.ratio.name != "":
		m.ratio, m.hasRatio = r.get(rw.ratio.bench, rw.ratio.name+"-ratio")
		m.lowest, _ = r.get(rw.ratio.bench, rw.ratio.name+"-ratio-min")
		m.highest, _ = r.get(rw.ratio.bench, rw.ratio.name+"-ratio-max")
	case m.hasFloor:
		// Run by run: the i-th run of the case against the i-th of its floor.
		var ratios benchmark.Ratios
		for i := range min(len(values), len(floors)) {
			ratios.Add(values[i], floors[i])
		}
		if len(ratios) > 0 {
			m.ratio, m.lowest, m.highest, m.hasRatio = benchmark.Median(ratios), slices.Min(ratios), slices.Max(ratios), true
		}
	}
	return m, true
}

// render prints the table in Markdown, so it can go into README.md as is,
// and returns the figures over their budget.
func render(r results, machine string, quick bool) (string, []string) {
	var b strings.Builder
	fmt.Fprintf(&b, "\nMeasured %s.\n", machine)
	if quick {
		b.WriteString("Quick run (--quick): fewer samples, for a look only.\n")
	}
	b.WriteString("\n| figure | Sundown | floor | ratio (lowest–highest) | budget | |\n|---|---|---|---|---|---|\n")
	var over []string
	for _, rw := range rows() {
		m, ok := r.measure(rw)
		if !ok {
			fmt.Fprintf(&b, "| %s | not measured | | | %s | |\n", rw.figure, rw.budget.text(rw.unit))
			if rw.budget.kind != none {
				over = append(over, rw.figure+" (not measured)")
			}
			continue
		}
		floorText, ratioText := "—", "—"
		if m.hasFloor {
			floorText = rw.what + ": " + rw.unit.format(m.floor)
		}
		if m.hasRatio {
			ratioText = ratioDigits(m.ratio, rw.budget)
			if m.lowest != m.highest {
				ratioText += fmt.Sprintf(" (%.2f–%.2f)", m.lowest, m.highest)
			}
		}
		verdict := rw.budget.verdict(m)
		if verdict == "over" {
			over = append(over, rw.figure)
		}
		fmt.Fprintf(&b, "| %s | %s%s | %s | %s | %s | %s |\n", rw.figure, rw.unit.format(m.value), m.valueSpread, floorText, ratioText, rw.budget.text(rw.unit), verdict)
	}
	fmt.Fprintf(&b, "\n%d figures over their budget%s\n", len(over), listed(over))
	return b.String(), over
}

// ratioDigits prints a ratio with two decimals, or three when two would
// show it equal to the limit it is over (1.255 against ≤ 1.25).
func ratioDigits(ratio float64, b budget) string {
	text := fmt.Sprintf("%.2f", ratio)
	if (b.kind == ratioAtMost || b.kind == ratioAtLeast) && ratio != b.limit && text == fmt.Sprintf("%.2f", b.limit) {
		text = fmt.Sprintf("%.3f", ratio)
	}
	return text
}

func listed(names []string) string {
	if len(names) == 0 {
		return "."
	}
	return ": " + strings.Join(names, "; ") + "."
}

func (u unit) format(v float64) string {
	switch u {
	case bytes:
		return fmt.Sprintf("%.2f MB", v/1e6)
	case millis:
		if v < 10 {
			return fmt.Sprintf("%.1f ms", v)
		}
		return fmt.Sprintf("%.0f ms", v)
	case micros:
		return fmt.Sprintf("%.0f µs", v)
	case nanos:
		switch {
		case v >= 1e9:
			return fmt.Sprintf("%.2f s", v/1e9)
		case v >= 1e6:
			return fmt.Sprintf("%.2f ms", v/1e6)
		}
		return fmt.Sprintf("%.1f µs", v/1e3)
	case perSecond:
		return fmt.Sprintf("%.0f/s", v)
	case mebibytes:
		return fmt.Sprintf("%.1f MiB", v)
	case score:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprint(v)
}

func (b budget) text(u unit) string {
	switch b.kind {
	case ratioAtMost:
		return fmt.Sprintf("≤ %g×", b.limit)
	case ratioAtLeast:
		return fmt.Sprintf("≥ %g×", b.limit)
	case valueAtMost:
		return "≤ " + u.format(b.limit)
	case valueAtLeast:
		return "≥ " + u.format(b.limit)
	case completes:
		return "completes"
	}
	return ""
}

// verdict judges the median: the ratio's for a ratio budget, the value's
// for a value budget. A ratio budget with no ratio measured is over.
func (b budget) verdict(m measured) string {
	ok := true
	switch b.kind {
	case none:
		return ""
	case ratioAtMost:
		ok = m.hasRatio && m.ratio <= b.limit
	case ratioAtLeast:
		ok = m.hasRatio && m.ratio >= b.limit
	case valueAtMost:
		ok = m.value <= b.limit
	case valueAtLeast:
		ok = m.value >= b.limit
	case completes:
		ok = true // a figure not measured never reaches the verdict
	}
	if ok {
		return "ok"
	}
	return "over"
}
