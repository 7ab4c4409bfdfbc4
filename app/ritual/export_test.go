package ritual

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(path, []byte(got), 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func exportHistory() []Day {
	days := history()
	days[0].Unseen[0].Learned = "The retry loop hides the real error"
	days[0].AddLoop(LoopInput{Text: "Answer Ana\nabout the roadmap", NextStep: "Draft three bullets", When: When{Kind: WhenTomorrow}}, now)
	closedLoop, _ := days[1].AddLoop(LoopInput{Text: "Closed already", When: When{Kind: WhenSomeday}}, now)
	days[1].SetLoopClosed(closedLoop.ID, true, now)
	days[4].AddWin("A win on a day off is not exported", now)
	return days
}

func TestExportMarkdown(t *testing.T) {
	r := Range{Date{2026, time.November, 16}, Date{2026, time.November, 24}}
	golden(t, "export.md", ExportMarkdown(exportHistory(), r, DefaultDayEnds, DefaultStyle))
}

func TestExportOfAnEmptyRange(t *testing.T) {
	r := Range{Date{2025, time.January, 6}, Date{2025, time.January, 12}}
	golden(t, "export-empty.md", ExportMarkdown(exportHistory(), r, DefaultDayEnds, DefaultStyle))
}

func TestStandup(t *testing.T) {
	days := exportHistory()
	days[0].SetFirstMove("Write the importer docs", now)
	golden(t, "standup.txt", Standup(days[0]))
}

func TestPresetRanges(t *testing.T) {
	today := Date{2026, time.November, 25}
	for name, c := range map[string]struct {
		r    Range
		want string
	}{
		"this week":  {DefaultStyle.ThisWeek(today), "2026-11-23..2026-11-25"},
		"last week":  {DefaultStyle.LastWeek(today), "2026-11-16..2026-11-22"},
		"this month": {ThisMonth(today), "2026-11-01..2026-11-25"},
		"90 days":    {Last90Days(today), "2026-08-28..2026-11-25"},
	} {
		if got := c.r.From.String() + ".." + c.r.To.String(); got != c.want {
			t.Errorf("%s = %s, want %s", name, got, c.want)
		}
	}
}

func TestPluralCountsAsEnglishDoes(t *testing.T) {
	for _, c := range []struct {
		n    int
		noun string
		want string
	}{{0, "win", "0 wins"}, {1, "win", "1 win"}, {2, "open loop", "2 open loops"}, {1, "unseen work", "1 unseen work"}, {3, "unseen work", "3 unseen work"}} {
		if got := Plural(c.n, c.noun); got != c.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}
