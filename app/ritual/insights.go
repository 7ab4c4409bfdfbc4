package ritual

import (
	"fmt"
	"slices"
	"sort"
)

// StopPoint is when one day's work stopped, for the "When you stop" chart.
type StopPoint struct {
	Date Date
	// Minutes after the day's midnight. A stop after midnight counts as the
	// same working day, so 00:30 the next morning is 24×60+30.
	Minutes int
	Late    bool
}

// StopMinutes says when the work of day stopped: the moment the shutdown
// was completed, if it was completed that evening or in the small hours
// after, before dayEnds (Settings.DayEnds). A day closed later as a
// catch-up has no stop time: the moment of the catch-up says nothing about
// when work ended.
func (d *Day) StopMinutes(dayEnds ClockTime) (int, bool) {
	if d.Completed == nil {
		return 0, false
	}
	return d.Completed.MinutesInto(d.Date, dayEnds)
}

// WeekTotals counts what one week recorded.
type WeekTotals struct {
	Start  Date // the week's first day (Style.WeekStart)
	Wins   int
	Unseen int
	// Energy is the average energy of the days that recorded one; 0 when none did.
	Energy float64
}

// KindCount is how many pieces of unseen work were of one kind.
type KindCount struct {
	Kind  UnseenKind
	Count int
}

// Consistency counts the workdays of the current week that were closed.
// Days off are neither counted nor blamed, and today counts only once it
// is closed: the evening is not over yet.
type Consistency struct {
	Closed   int
	Workdays int
}

// Insights are the figures of the Insights page for a window of weeks.
type Insights struct {
	From, To    Date // the window, inclusive
	Target      ClockTime
	Style       Style       // how its times and dates are to be written
	Stops       []StopPoint // oldest first; days with no stop are gaps
	Median7     int         // minutes; valid when Has7
	Has7        bool
	Median28    int
	Has28       bool
	LateDays    int
	Trend       string // one kind sentence, or ""
	Weeks       []WeekTotals
	Kinds       []KindCount // most frequent first, kinds never used left out
	Consistency Consistency
}

// ComputeInsights works out the figures for the weeks up to today from the
// days stored in that window (in any order; days outside it are ignored).
func ComputeInsights(days []Day, s Settings, style Style, today Date, weeks int) Insights {
	from := style.Week(today).AddDays(-7 * (weeks - 1))
	in := Insights{From: from, To: today, Target: s.TargetEnd, Style: style}
	byDate := make(map[Date]*Day, len(days))
	for i := range days {
		d := &days[i]
		if !d.Date.Before(from) && !today.Before(d.Date) {
			byDate[d.Date] = d
		}
	}
	in.Stops = stopPoints(byDate, s, from, today)
	in.Median7, in.Has7 = medianStop(in.Stops, today.AddDays(-6))
	in.Median28, in.Has28 = medianStop(in.Stops, today.AddDays(-27))
	for _, p := range in.Stops {
		if p.Late {
			in.LateDays++
		}
	}
	in.Trend = trendSentence(in.Stops, today, style)
	in.Weeks = weekTotals(byDate, from, weeks)
	in.Kinds = kindCounts(byDate)
	in.Consistency = consistency(byDate, s, style.Week(today), today)
	return in
}

func stopPoints(byDate map[Date]*Day, s Settings, from, today Date) []StopPoint {
	var stops []StopPoint
	for d := from; !today.Before(d); d = d.AddDays(1) {
		day, ok := byDate[d]
		if !ok || day.Off {
			continue
		}
		if m, ok := day.StopMinutes(s.DayEnds); ok {
			stops = append(stops, StopPoint{Date: d, Minutes: m, Late: m > int(s.TargetEnd)})
		}
	}
	return stops
}

// medianStop is the median stop of the days from since on; the average of
// the two middle values, rounded, when their number is even.
func medianStop(stops []StopPoint, since Date) (int, bool) {
	var ms []int
	for _, p := range stops {
		if !p.Date.Before(since) {
			ms = append(ms, p.Minutes)
		}
	}
	return median(ms)
}

func median(ms []int) (int, bool) {
	if len(ms) == 0 {
		return 0, false
	}
	slices.Sort(ms)
	n := len(ms)
	if n%2 == 1 {
		return ms[n/2], true
	}
	return (ms[n/2-1] + ms[n/2] + 1) / 2, true
}

// trendThreshold is how far the median must move before it is worth a word.
const trendThreshold = 20

// trendSentence compares the median stop of the first two of the last four
// weeks with that of the last two, and says so when it moved clearly.
func trendSentence(stops []StopPoint, today Date, style Style) string {
	start := today.AddDays(-27)
	middle := today.AddDays(-13)
	var before, after []int
	for _, p := range stops {
		switch {
		case p.Date.Before(start):
		case p.Date.Before(middle):
			before = append(before, p.Minutes)
		default:
			after = append(after, p.Minutes)
		}
	}
	if len(before) < 3 || len(after) < 3 {
		return ""
	}
	a, _ := median(before)
	b, _ := median(after)
	switch {
	case b-a >= trendThreshold:
		return fmt.Sprintf("Your median stop moved from %s to %s over four weeks. Evenings are worth protecting: could tomorrow end at your target?", style.Minutes(a), style.Minutes(b))
	case a-b >= trendThreshold:
		return fmt.Sprintf("Your median stop moved from %s to %s over four weeks. Your evenings are coming back.", style.Minutes(a), style.Minutes(b))
	}
	return ""
}

func weekTotals(byDate map[Date]*Day, from Date, weeks int) []WeekTotals {
	totals := make([]WeekTotals, weeks)
	energySum := make([]int, weeks)
	energyDays := make([]int, weeks)
	for i := range totals {
		totals[i].Start = from.AddDays(7 * i)
	}
	for _, d := range byDate {
		i := from.DaysUntil(d.Date) / 7
		totals[i].Wins += len(d.Wins)
		totals[i].Unseen += len(d.Unseen)
		if d.Energy > 0 {
			energySum[i] += d.Energy
			energyDays[i]++
		}
	}
	for i := range totals {
		if energyDays[i] > 0 {
			totals[i].Energy = float64(energySum[i]) / float64(energyDays[i])
		}
	}
	return totals
}

func kindCounts(byDate map[Date]*Day) []KindCount {
	counts := map[UnseenKind]int{}
	for _, d := range byDate {
		for _, u := range d.Unseen {
			counts[u.Kind]++
		}
	}
	var kinds []KindCount
	for _, k := range UnseenKinds() {
		if counts[k] > 0 {
			kinds = append(kinds, KindCount{Kind: k, Count: counts[k]})
		}
	}
	sort.SliceStable(kinds, func(i, j int) bool { return kinds[i].Count > kinds[j].Count }) // see SortDates
	return kinds
}

func consistency(byDate map[Date]*Day, s Settings, week, today Date) Consistency {
	var c Consistency
	for d := week; !today.Before(d); d = d.AddDays(1) {
		day := byDate[d]
		closed := day != nil && day.IsClosed()
		if !s.IsWorkday(d) || (day != nil && day.Off) || (d == today && !closed) {
			continue
		}
		c.Workdays++
		if closed {
			c.Closed++
		}
	}
	return c
}

// Sentence says the consistency in words, e.g. "4 of 5 workdays this week".
func (c Consistency) Sentence() string {
	if c.Workdays == 0 {
		return "No workdays to count yet this week."
	}
	return fmt.Sprintf("%d of %d workdays closed this week", c.Closed, c.Workdays)
}

// MedianStop is the median stop time of the days that have one; a day
// ends at dayEnds (Settings.DayEnds).
func MedianStop(days []Day, dayEnds ClockTime) (int, bool) {
	var ms []int
	for _, d := range days {
		if m, ok := d.StopMinutes(dayEnds); ok && !d.Off {
			ms = append(ms, m)
		}
	}
	return median(ms)
}
