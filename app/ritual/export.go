package ritual

import (
	"fmt"
	"strings"
)

// Range is a span of calendar days, both ends included.
type Range struct{ From, To Date }

// Contains reports whether d lies in the range.
func (r Range) Contains(d Date) bool { return !d.Before(r.From) && !r.To.Before(d) }

// Range writes a range for people, e.g. "Mon 16 Nov – Sun 22 Nov 2026", or
// with the month first "Mon, Nov 16 – Sun, Nov 22, 2026".
func (s Style) Range(r Range) string {
	if r.From == r.To {
		return s.Long(r.From)
	}
	year := " "
	if s.MonthFirst {
		year = ", "
	}
	return s.Short(r.From) + " – " + s.Short(r.To) + year + fmt.Sprint(r.To.Year)
}

// Preset ranges for exports, relative to today; weeks start on the style's
// first day.
func (s Style) ThisWeek(today Date) Range { return Range{s.Week(today), today} }
func (s Style) LastWeek(today Date) Range {
	start := s.Week(today).AddDays(-7)
	return Range{start, start.AddDays(6)}
}
func ThisMonth(today Date) Range  { return Range{Date{today.Year, today.Month, 1}, today} }
func Last90Days(today Date) Range { return Range{today.AddDays(-89), today} }

// daysIn returns the days of the range, oldest first, leaving out days off.
func daysIn(days []Day, r Range) []Day {
	var in []Day
	for _, d := range days {
		if r.Contains(d.Date) && !d.Off {
			in = append(in, d)
		}
	}
	SortDays(in)
	return in
}

// Summary is the one line at the top of an export: how many days were closed
// and when work usually stopped (a day ends at dayEnds, Settings.DayEnds),
// its time written in style.
func Summary(days []Day, dayEnds ClockTime, style Style) string {
	closed := 0
	for _, d := range days {
		if d.IsClosed() {
			closed++
		}
	}
	var median *int
	if m, ok := MedianStop(days, dayEnds); ok {
		median = &m
	}
	return summaryLine(closed, median, style)
}

func summaryLine(closed int, medianStop *int, style Style) string {
	line := Plural(closed, "day") + " closed"
	if medianStop != nil {
		line += ", median stop " + style.Minutes(*medianStop)
	}
	return line
}

// ExportMarkdown writes a brag document for the range: wins, unseen work by
// kind with what was learned, and the loops still open, each dated. A day
// ends at dayEnds (Settings.DayEnds); dates and times are written in style.
func ExportMarkdown(days []Day, r Range, dayEnds ClockTime, style Style) string {
	in := daysIn(days, r)
	var b strings.Builder
	fmt.Fprintf(&b, "# Work record: %s\n\n%s.\n", style.Range(r), Summary(in, dayEnds, style))

	b.WriteString("\n## Wins\n\n")
	n := 0
	for _, d := range in {
		for _, w := range d.Wins {
			fmt.Fprintf(&b, "- %s (%s)\n", oneLine(w.Text), d.Date.Short())
			n++
		}
	}
	none(&b, n, "No wins recorded.")

	b.WriteString("\n## Unseen work\n")
	n = 0
	for _, kind := range UnseenKinds() {
		var lines []string
		for _, d := range in {
			for _, u := range d.Unseen {
				if u.Kind == kind {
					lines = append(lines, unseenLine(u, d.Date))
				}
			}
		}
		if len(lines) > 0 {
			fmt.Fprintf(&b, "\n### %s\n\n%s", kind.Label(), strings.Join(lines, ""))
			n += len(lines)
		}
	}
	if n == 0 {
		b.WriteString("\n")
	}
	none(&b, n, "No unseen work recorded.")

	b.WriteString("\n## Open loops\n\n")
	n = 0
	for _, d := range in {
		for _, l := range d.Loops {
			if l.IsOpen() {
				fmt.Fprintf(&b, "- %s: %s (%s)\n", oneLine(l.Text), planLine(l), d.Date.Short())
				n++
			}
		}
	}
	none(&b, n, "No open loops.")
	return b.String()
}

func unseenLine(u Unseen, d Date) string {
	line := "- " + oneLine(u.Text)
	if u.Learned != "" {
		line += ". Now I know: " + oneLine(u.Learned)
	}
	return fmt.Sprintf("%s (%s)\n", line, d.Short())
}

func planLine(l OpenLoop) string {
	if l.NextStep == "" {
		return strings.ToLower(l.When.Label())
	}
	return "next, " + oneLine(l.NextStep) + ", " + strings.ToLower(l.When.Label())
}

func none(b *strings.Builder, n int, text string) {
	if n == 0 {
		b.WriteString(text + "\n")
	}
}

// oneLine keeps an entry on its Markdown line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Standup is a short plain-text summary of one day, for pasting into a
// team's standup thread.
func Standup(d Day) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", d.Date.Long())
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s\n", title)
		for _, l := range lines {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	var wins, unseen, loops []string
	for _, w := range d.Wins {
		wins = append(wins, oneLine(w.Text))
	}
	for _, u := range d.Unseen {
		unseen = append(unseen, oneLine(u.Text)+" ("+strings.ToLower(u.Kind.Label())+")")
	}
	for _, l := range d.Loops {
		if l.IsOpen() {
			loops = append(loops, oneLine(l.Text))
		}
	}
	section("Done:", wins)
	section("Also:", unseen)
	if d.FirstMove != nil {
		section("Next:", []string{oneLine(d.FirstMove.Text)})
	}
	section("Open:", loops)
	if len(wins)+len(unseen)+len(loops) == 0 && d.FirstMove == nil {
		b.WriteString("Nothing recorded.\n")
	}
	return b.String()
}

// Plural writes a count with its noun, adding an s only where English
// does: "1 win", "2 wins", "3 unseen work" (a mass noun).
func Plural(n int, noun string) string {
	if n == 1 || noun == "unseen work" {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
