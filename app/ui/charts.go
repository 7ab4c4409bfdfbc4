package ui

import (
	"fmt"
	"html"
	"strings"

	"github.com/remoteml/sundown/app/ritual"
)

// The charts are SVG written here, in Go, and placed in the page as markup:
// no chart library, no script. Colours come from CSS classes, so they follow
// the light and dark themes. Each chart has a text alternative beside it.

const (
	chartW, chartH = 640, 220
	padLeft        = 48
	padRight       = 12
	padTop         = 12
	padBottom      = 28
)

// svgOpen starts a chart with its accessible name.
func svgOpen(b *strings.Builder, label string) {
	fmt.Fprintf(b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" preserveAspectRatio="xMidYMid meet">`,
		chartW, chartH, html.EscapeString(label))
}

// stopChart plots each day's stop time against the target; days without a
// shutdown are simply absent, not zero.
func stopChart(in ritual.Insights) string {
	days := in.From.DaysUntil(in.To) + 1
	low, high := 16*60, 21*60
	for _, p := range in.Stops {
		low, high = min(low, p.Minutes/60*60), max(high, (p.Minutes+59)/60*60)
	}
	x := func(d ritual.Date) float64 {
		return padLeft + (float64(in.From.DaysUntil(d))+0.5)*float64(chartW-padLeft-padRight)/float64(days)
	}
	y := func(m int) float64 {
		return padTop + float64(high-m)*float64(chartH-padTop-padBottom)/float64(high-low)
	}
	var b strings.Builder
	svgOpen(&b, fmt.Sprintf("Stop times for %d days against a target of %s", len(in.Stops), in.Style.Clock(in.Target)))
	for h := low; h <= high; h += 60 {
		fmt.Fprintf(&b, `<line class="chart-grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, chartW-padRight, y(h), y(h))
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%.1f" text-anchor="end">%s</text>`, padLeft-6, y(h)+4, in.Style.Minutes(h))
	}
	ty := y(int(in.Target))
	fmt.Fprintf(&b, `<line class="chart-target" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, chartW-padRight, ty, ty)
	step := 7 * max(1, days/7/6) // at most about six labels
	for w := in.From; !in.To.Before(w); w = w.AddDays(step) {
		fmt.Fprintf(&b, `<text class="chart-label" x="%.1f" y="%d">%s</text>`, x(w)-4, chartH-8, html.EscapeString(in.Style.DayMonth(w)))
	}
	for _, p := range in.Stops {
		class := "chart-dot"
		if p.Late {
			class += " chart-dot-late"
		}
		fmt.Fprintf(&b, `<circle class="%s" cx="%.1f" cy="%.1f" r="4"><title>%s: %s</title></circle>`,
			class, x(p.Date), y(p.Minutes), html.EscapeString(in.Style.Short(p.Date)), in.Style.Minutes(p.Minutes))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// weekBars draws, per week, two bars side by side: wins and unseen work.
func weekBars(weeks []ritual.WeekTotals, style ritual.Style) string {
	top := 1
	for _, w := range weeks {
		top = max(top, w.Wins, w.Unseen)
	}
	slot := float64(chartW-padLeft-padRight) / float64(len(weeks))
	bar := slot * 0.35
	y := func(n int) float64 { return padTop + float64(top-n)*float64(chartH-padTop-padBottom)/float64(top) }
	var b strings.Builder
	svgOpen(&b, fmt.Sprintf("Wins and unseen work in each of the last %d weeks", len(weeks)))
	fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%.1f" text-anchor="end">%d</text>`, padLeft-6, y(top)+4, top)
	fmt.Fprintf(&b, `<line class="chart-grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, chartW-padRight, y(0), y(0))
	for i, w := range weeks {
		left := padLeft + float64(i)*slot + slot*0.1
		fmt.Fprintf(&b, `<rect class="chart-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>Week of %s: %s</title></rect>`,
			left, y(w.Wins), bar, y(0)-y(w.Wins), html.EscapeString(style.Short(w.Start)), plural(w.Wins, "win"))
		fmt.Fprintf(&b, `<rect class="chart-bar-alt" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>Week of %s: %d unseen work</title></rect>`,
			left+bar, y(w.Unseen), bar, y(0)-y(w.Unseen), html.EscapeString(style.Short(w.Start)), w.Unseen)
		if len(weeks) <= 6 || i%2 == 0 {
			fmt.Fprintf(&b, `<text class="chart-label" x="%.1f" y="%d">%s</text>`, left, chartH-8, html.EscapeString(style.DayMonth(w.Start)))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// kindBars draws one horizontal bar per kind of unseen work.
func kindBars(kinds []ritual.KindCount) string {
	top := 1
	for _, k := range kinds {
		top = max(top, k.Count)
	}
	row := 26
	height := padTop + row*len(kinds) + 4
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="Unseen work by kind" preserveAspectRatio="xMidYMid meet">`, chartW, height)
	labelW := 170
	for i, k := range kinds {
		yy := padTop + i*row
		w := float64(chartW-labelW-60) * float64(k.Count) / float64(top)
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text>`, labelW-8, yy+15, html.EscapeString(k.Kind.Label()))
		fmt.Fprintf(&b, `<rect class="chart-bar-alt" x="%d" y="%d" width="%.1f" height="18"/>`, labelW, yy+2, w)
		fmt.Fprintf(&b, `<text class="chart-label" x="%.1f" y="%d">%d</text>`, float64(labelW)+w+6, yy+15, k.Count)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// energyLine draws the weekly average energy, 1 to 5; weeks without any
// recorded energy are gaps.
func energyLine(weeks []ritual.WeekTotals, style ritual.Style) string {
	slot := float64(chartW-padLeft-padRight) / float64(len(weeks))
	y := func(e float64) float64 { return padTop + (5-e)*float64(chartH-padTop-padBottom)/4 }
	var b strings.Builder
	svgOpen(&b, "Average energy per week, from 1 to 5")
	for e := 1; e <= 5; e++ {
		fmt.Fprintf(&b, `<line class="chart-grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, chartW-padRight, y(float64(e)), y(float64(e)))
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%.1f" text-anchor="end">%d</text>`, padLeft-6, y(float64(e))+4, e)
	}
	var path []string
	for i, w := range weeks {
		if w.Energy == 0 {
			continue
		}
		cx := padLeft + (float64(i)+0.5)*slot
		path = append(path, fmt.Sprintf("%.1f,%.1f", cx, y(w.Energy)))
		fmt.Fprintf(&b, `<circle class="chart-dot" cx="%.1f" cy="%.1f" r="4"><title>Week of %s: %.1f</title></circle>`, cx, y(w.Energy), html.EscapeString(style.Short(w.Start)), w.Energy)
	}
	if len(path) > 1 {
		fmt.Fprintf(&b, `<polyline class="chart-line" points="%s"/>`, strings.Join(path, " "))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// shortDay is a compact date for chart axes, e.g. "16 Nov".
