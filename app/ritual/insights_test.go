package ritual

import (
	"testing"
	"time"
	_ "time/tzdata" // the summer-time test needs Europe/Berlin wherever it runs
)

// at builds a stamp for a local wall-clock time in UTC+1.
func at(date string, clock string) Stamp {
	d, _ := ParseDate(date)
	c, _ := ParseClock(clock)
	t := time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, time.FixedZone("", 3600))
	return StampOf(t)
}

func closedDay(date, clock string, edit ...func(*Day)) Day {
	d, _ := ParseDate(date)
	day := NewDay(d)
	stamp := at(date, clock)
	day.Complete(stamp)
	for _, e := range edit {
		e(&day)
	}
	return day
}

func TestStopMinutes(t *testing.T) {
	day := closedDay("2026-11-19", "23:00")
	day.Completed = ptr(at("2026-11-20", "00:30"))
	if m, ok := day.StopMinutes(DefaultDayEnds); !ok || m != 24*60+30 || DefaultStyle.Minutes(m) != "00:30" {
		t.Fatalf("after midnight: %d %v", m, ok)
	}
	day.Completed = ptr(at("2026-11-20", "09:00"))
	if _, ok := day.StopMinutes(DefaultDayEnds); ok {
		t.Fatal("a catch-up the next morning counted as a stop")
	}
	open := NewDay(day.Date)
	if _, ok := open.StopMinutes(DefaultDayEnds); ok {
		t.Fatal("an open day has a stop")
	}
}

func ptr[T any](v T) *T { return &v }

func TestWeekStart(t *testing.T) {
	for day, monday := range map[string]string{"2026-11-25": "2026-11-23", "2026-11-23": "2026-11-23", "2026-11-29": "2026-11-23", "2026-11-30": "2026-11-30", "2027-01-01": "2026-12-28"} {
		d, _ := ParseDate(day)
		if got := DefaultStyle.Week(d).String(); got != monday {
			t.Errorf("WeekStart(%s) = %s, want %s", day, got, monday)
		}
	}
}

// history is two weeks of a person who works late some days.
func history() []Day {
	catchUp := closedDay("2026-11-18", "17:00")
	catchUp.Completed = ptr(at("2026-11-19", "08:45"))
	afterMidnight := closedDay("2026-11-19", "23:00")
	afterMidnight.Completed = ptr(at("2026-11-20", "00:30"))
	return []Day{
		closedDay("2026-11-16", "19:00", func(d *Day) {
			d.AddWin("a", now)
			d.AddUnseen(UnseenInput{Kind: KindDebugged, Text: "x"}, now)
			d.SetEnergy(2)
		}),
		closedDay("2026-11-17", "17:30", func(d *Day) {
			d.AddUnseen(UnseenInput{Kind: KindHelped, Text: "x"}, now)
			d.AddUnseen(UnseenInput{Kind: KindDebugged, Text: "y"}, now)
			d.SetEnergy(3)
		}),
		catchUp,
		afterMidnight,
		closedDay("2026-11-20", "18:00", func(d *Day) { d.Off = true }),
		closedDay("2026-11-23", "18:10", func(d *Day) { d.AddWin("b", now); d.AddWin("c", now) }),
		closedDay("2026-11-24", "17:50", func(d *Day) { d.AddUnseen(UnseenInput{Kind: KindRead, Text: "z"}, now); d.SetEnergy(4) }),
		{Date: Date{2026, time.November, 25}}, // today, not closed yet
		closedDay("2026-10-01", "23:59"),      // outside the window
	}
}

func TestInsightsOnAHandBuiltHistory(t *testing.T) {
	today := Date{2026, time.November, 25}
	in := ComputeInsights(history(), DefaultSettings(), DefaultStyle, today, 4)

	if in.From.String() != "2026-11-02" || in.To != today {
		t.Fatalf("window = %s..%s", in.From, in.To)
	}
	var got []string
	for _, p := range in.Stops {
		got = append(got, p.Date.String()+"@"+DefaultStyle.Minutes(p.Minutes))
	}
	want := "2026-11-16@19:00 2026-11-17@17:30 2026-11-19@00:30 2026-11-23@18:10 2026-11-24@17:50"
	if joinSpace(got) != want {
		t.Fatalf("stops = %v\nwant   %s", got, want)
	}
	if !in.Has7 || DefaultStyle.Minutes(in.Median7) != "18:10" {
		t.Errorf("7-day median = %s", DefaultStyle.Minutes(in.Median7))
	}
	if !in.Has28 || DefaultStyle.Minutes(in.Median28) != "18:10" {
		t.Errorf("28-day median = %s", DefaultStyle.Minutes(in.Median28))
	}
	if in.LateDays != 3 {
		t.Errorf("late days = %d, want 3 (19:00, 00:30, 18:10)", in.LateDays)
	}
	if in.Consistency != (Consistency{Closed: 2, Workdays: 2}) || in.Consistency.Sentence() != "2 of 2 workdays closed this week" {
		t.Errorf("consistency = %+v", in.Consistency)
	}
	last, prev := in.Weeks[3], in.Weeks[2]
	if last.Start.String() != "2026-11-23" || last.Wins != 2 || last.Unseen != 1 || last.Energy != 4 {
		t.Errorf("this week = %+v", last)
	}
	if prev.Wins != 1 || prev.Unseen != 3 || prev.Energy != 2.5 || in.Weeks[0].Energy != 0 {
		t.Errorf("last week = %+v, first = %+v", prev, in.Weeks[0])
	}
	if len(in.Kinds) != 3 || in.Kinds[0] != (KindCount{KindDebugged, 2}) || in.Kinds[1].Kind != KindRead || in.Kinds[2].Kind != KindHelped {
		t.Errorf("kinds = %+v", in.Kinds)
	}
}

func joinSpace(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

func TestMedianOfAnEvenCountRoundsToTheMinute(t *testing.T) {
	if m, _ := median([]int{1080, 1085}); m != 1083 {
		t.Fatalf("median = %d, want 1083 (1082.5 rounded)", m)
	}
	if _, ok := median(nil); ok {
		t.Fatal("median of nothing")
	}
}

func TestTrendSentenceWhenStopsGetLater(t *testing.T) {
	today := Date{2026, time.November, 25}
	var days []Day
	for i := 27; i >= 0; i-- {
		d := today.AddDays(-i)
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		clock := "18:05"
		if i < 13 {
			clock = "19:20"
		}
		days = append(days, closedDay(d.String(), clock))
	}
	in := ComputeInsights(days, DefaultSettings(), DefaultStyle, today, 4)
	want := "Your median stop moved from 18:05 to 19:20 over four weeks. Evenings are worth protecting: could tomorrow end at your target?"
	if in.Trend != want {
		t.Fatalf("trend = %q", in.Trend)
	}
	steady := ComputeInsights(history(), DefaultSettings(), DefaultStyle, today, 4)
	if steady.Trend != "" {
		t.Fatalf("a trend from too few days: %q", steady.Trend)
	}
}

func TestStopTimeAcrossSummerTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// Clocks went forward on 29 March 2026 and back on 25 October 2026.
	for _, date := range []string{"2026-03-28", "2026-03-29", "2026-03-30", "2026-10-24", "2026-10-25", "2026-10-26"} {
		d, _ := ParseDate(date)
		day := NewDay(d)
		day.Complete(StampOf(time.Date(d.Year, d.Month, d.Day, 18, 30, 0, 0, berlin)))
		if m, ok := day.StopMinutes(DefaultDayEnds); !ok || DefaultStyle.Minutes(m) != "18:30" {
			t.Errorf("%s: stop = %s", date, DefaultStyle.Minutes(m))
		}
	}
	sunday := Date{2026, time.March, 29}
	if DefaultStyle.Week(sunday).String() != "2026-03-23" || DefaultStyle.Week(sunday.AddDays(1)).String() != "2026-03-30" {
		t.Error("week boundary wrong around the clock change")
	}
}

func TestDaysOffAreNotCounted(t *testing.T) {
	today := Date{2026, time.November, 27} // Friday
	off := NewDay(Date{2026, time.November, 24})
	off.Off = true
	days := []Day{closedDay("2026-11-23", "18:00"), off, closedDay("2026-11-26", "18:00")}
	c := ComputeInsights(days, DefaultSettings(), DefaultStyle, today, 1).Consistency
	if c != (Consistency{Closed: 2, Workdays: 3}) {
		t.Fatalf("consistency = %+v, want 2 of 3 (Tuesday off, Wednesday missed, Friday still open)", c)
	}
}

func TestGeneratedHistoryIsRealisticAndValid(t *testing.T) {
	end := Date{2026, time.November, 25}
	days := GenerateHistory(1, end, 10)
	if n := len(days); n < 2400 || n > 2700 {
		t.Fatalf("%d days in ten years of workdays", n)
	}
	for _, d := range days {
		if err := d.Validate(); err != nil {
			t.Fatalf("%s: %v", d.Date, err)
		}
	}
	again := GenerateHistory(1, end, 10)
	if len(again) != len(days) || again[100].Wins[0].Text != days[100].Wins[0].Text {
		t.Fatal("the same seed gave another history")
	}
}

func BenchmarkInsights12Weeks(b *testing.B) {
	end := Date{2026, time.November, 25}
	days := GenerateHistory(1, end, 10)
	for b.Loop() {
		ComputeInsights(days, DefaultSettings(), DefaultStyle, end, 12)
	}
}
