//go:build !(js && wasm)

package main

import (
	"fmt"
	"strings"
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
}

type unit int

const (
	bytes unit = iota
	millis
	micros
	nanos
	perSecond
	mebibytes
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
)

func rows() []row {
	loop, slow, scale10, scale0 := "Start/link=loopback", "Start/link=throttled", "Scale/history=10y", "Scale/history=0y"
	var rs []row
	rs = append(rs,
		row{"app.wasm as served (brotli)", metric{loop, "sundown-brotli-B"}, metric{loop, "hello-brotli-B"}, "hello world", bytes, budget{valueAtMost, 2.5e6}},
		row{"app.wasm gzip", metric{loop, "sundown-gzip-B"}, metric{loop, "hello-gzip-B"}, "hello world", bytes, budget{}},
		row{"app.wasm raw", metric{loop, "sundown-raw-B"}, metric{loop, "hello-raw-B"}, "hello world", bytes, budget{}},
		row{"bytes transferred by a cold start", metric{loop, "sundown-transfer-B"}, metric{loop, "hello-transfer-B"}, "hello world", bytes, budget{ratioAtMost, 1.25}},
	)
	for _, link := range []struct{ bench, name string }{{loop, "loopback"}, {slow, "20 Mbit/s, 40 ms"}} {
		rs = append(rs,
			row{"cold start, " + link.name, metric{link.bench, "sundown-cold-ms"}, metric{link.bench, "hello-cold-ms"}, "hello world", millis, budget{ratioAtMost, 1.3}},
			row{"cold start, " + link.name, metric{link.bench, "sundown-cold-ms"}, metric{link.bench, "floor-cold-ms"}, "instantiating app.wasm", millis, budget{}},
			row{"warm start (service worker), " + link.name, metric{link.bench, "sundown-warm-ms"}, metric{link.bench, "hello-warm-ms"}, "hello world", millis, budget{ratioAtMost, 1.2}},
		)
	}
	rs = append(rs,
		row{"start, 10 years of history", metric{scale10, "start-ms"}, metric{scale0, "start-ms"}, "empty history", millis, budget{ratioAtMost, 1.5}},
		row{"save one edit, 10 years of history", metric{scale10, "save-ms"}, metric{scale0, "save-ms"}, "empty history", millis, budget{ratioAtMost, 2}},
		row{"render History, 10 years", metric{scale10, "history-ms"}, metric{scale0, "history-ms"}, "empty history", millis, budget{valueAtMost, 100}},
		row{"render Insights, 10 years", metric{scale10, "insights-ms"}, metric{scale0, "insights-ms"}, "empty history", millis, budget{valueAtMost, 100}},
		row{"90-day Markdown export, 10 years", metric{scale10, "export90-ms"}, metric{scale0, "export90-ms"}, "empty history", millis, budget{valueAtMost, 100}},
		row{"save one edit, in-memory storage (Go)", metric{"SaveDay/history=10y", "ns/op"}, metric{"SaveDay/history=0y", "ns/op"}, "empty history", nanos, budget{ratioAtMost, 2}},
	)
	clients := map[string]string{"1": "1 client", "8": "8 clients", "64": "64 clients"}
	for _, c := range []string{"1", "8", "64"} {
		rs = append(rs,
			row{"sync pulls, " + clients[c], metric{"Server", "pull-c" + c + "-rps"}, metric{"Server", "bare-pull-c" + c + "-rps"}, "bare net/http", perSecond, budget{ratioAtLeast, 0.5}},
			row{"  pull p50 latency", metric{"Server", "pull-c" + c + "-p50-µs"}, metric{"Server", "bare-pull-c" + c + "-p50-µs"}, "bare net/http", micros, budget{}},
			row{"  pull p99 latency", metric{"Server", "pull-c" + c + "-p99-µs"}, metric{"Server", "bare-pull-c" + c + "-p99-µs"}, "bare net/http", micros, budget{}},
		)
	}
	for _, c := range []string{"1", "8", "64"} {
		rs = append(rs,
			row{"sync pushes, " + clients[c], metric{"Server", "push-c" + c + "-rps"}, metric{"Server", "bare-push-c" + c + "-rps"}, "bare net/http", perSecond, budget{}},
			row{"  push p50 latency", metric{"Server", "push-c" + c + "-p50-µs"}, metric{"Server", "bare-push-c" + c + "-p50-µs"}, "bare net/http", micros, budget{}},
			row{"  push p99 latency", metric{"Server", "push-c" + c + "-p99-µs"}, metric{"Server", "bare-push-c" + c + "-p99-µs"}, "bare net/http", micros, budget{}},
		)
	}
	rs = append(rs,
		row{"pull of a one-record delta, 50,000 records stored", metric{"DeltaPull/records=50000", "ns/op"}, metric{"DeltaPull/records=0", "ns/op"}, "no records", nanos, budget{ratioAtMost, 2}},
		row{"server memory, idle (RSS)", metric{"Server", "idle-RSS-MiB"}, metric{}, "", mebibytes, budget{valueAtMost, 30}},
		row{"server memory, after the load (RSS)", metric{"Server", "loaded-RSS-MiB"}, metric{}, "", mebibytes, budget{}},
		row{"seal and open a typical day, wasm", metric{"SealDay", "ns/op"}, metric{}, "", nanos, budget{valueAtMost, 1e6}},
		row{"derive the passphrase key, wasm", metric{"PassphraseKey", "ns/op"}, metric{}, "", nanos, budget{}},
		row{"Insights over 12 weeks (Go)", metric{"Insights12Weeks", "ns/op"}, metric{}, "", nanos, budget{}},
	)
	return rs
}

// render prints the table in Markdown, so it can go into README.md as is.
func render(r results, machine string, quick bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nMeasured %s.\n", machine)
	if quick {
		b.WriteString("Quick run (--quick): fewer samples, for a look only.\n")
	}
	b.WriteString("\n| figure | Sundown | floor | ratio | budget | |\n|---|---|---|---|---|---|\n")
	over := 0
	for _, row := range rows() {
		value, ok := r.get(row.value.bench, row.value.name)
		if !ok {
			fmt.Fprintf(&b, "| %s | not measured | | | %s | |\n", row.figure, row.budget.text(row.unit))
			continue
		}
		floorText, ratioText, ratio := "—", "—", 0.0
		if floor, ok := r.get(row.floor.bench, row.floor.name); ok && row.floor.name != "" {
			floorText = row.what + ": " + row.unit.format(floor)
			if floor > 0 {
				ratio = value / floor
				ratioText = fmt.Sprintf("%.2f", ratio)
			}
		}
		verdict := row.budget.verdict(value, ratio)
		if verdict == "over" {
			over++
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", row.figure, row.unit.format(value), floorText, ratioText, row.budget.text(row.unit), verdict)
	}
	fmt.Fprintf(&b, "\n%d figures over their budget.\n", over)
	return b.String()
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
	}
	return ""
}

func (b budget) verdict(value, ratio float64) string {
	ok := true
	switch b.kind {
	case none:
		return ""
	case ratioAtMost:
		ok = ratio > 0 && ratio <= b.limit
	case ratioAtLeast:
		ok = ratio >= b.limit
	case valueAtMost:
		ok = value <= b.limit
	}
	if ok {
		return "ok"
	}
	return "over"
}
