package ritual

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// GenerateHistory makes a realistic history for tests and benchmarks: every
// workday of the given years up to end, most of them closed between about
// 17:00 and 20:30, with wins, unseen work, open loops and energy; a few days
// skipped, a few marked off. The same seed gives the same days and texts
// (entry IDs are always fresh).
func GenerateHistory(seed uint64, end Date, years int) []Day {
	rng := rand.New(rand.NewPCG(seed, seed^0x5d))
	start := end.AddDays(-365 * years)
	zone := time.FixedZone("", 3600)
	var days []Day
	for d := start; !end.Before(d); d = d.AddDays(1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		if rng.IntN(100) < 4 {
			continue // a missed day
		}
		days = append(days, synthDay(rng, d, zone))
	}
	return days
}

var (
	synthWins   = []string{"Shipped the importer", "Closed the release checklist", "Paired on the cache bug", "Wrote the design note", "Merged the migration"}
	synthUnseen = []string{"Read the payments RFC", "Chased a flaky test", "Waited on the CI queue", "Unblocked a new teammate", "Reviewed the API change"}
	synthLoops  = []string{"Reply to Ana", "Plan the Q3 roadmap", "Book the dentist", "Follow up on the invoice"}
)

func synthDay(rng *rand.Rand, d Date, zone *time.Location) Day {
	day := NewDay(d)
	if rng.IntN(100) < 2 {
		day.Off = true
		return day
	}
	stop := 17*60 + rng.IntN(210) // 17:00 to 20:30
	at := time.Date(d.Year, d.Month, d.Day, stop/60, stop%60, 0, 0, zone)
	for i := range 1 + rng.IntN(3) {
		day.AddWin(fmt.Sprintf("%s (%d)", synthWins[rng.IntN(len(synthWins))], i+1), at)
	}
	kinds := UnseenKinds()
	for range rng.IntN(3) {
		day.AddUnseen(UnseenInput{Kind: kinds[rng.IntN(len(kinds))], Text: synthUnseen[rng.IntN(len(synthUnseen))], Learned: "Where the time really goes"}, at)
	}
	if rng.IntN(3) == 0 {
		loop, _ := day.AddLoop(LoopInput{Text: synthLoops[rng.IntN(len(synthLoops))], NextStep: "Write the first line", When: When{Kind: WhenTomorrow}}, at)
		if rng.IntN(10) > 0 {
			day.SetLoopClosed(loop.ID, true, at)
		}
	}
	day.SetFirstMove("Start with the hardest thing", at)
	if rng.IntN(2) == 0 {
		day.SetEnergy(1 + rng.IntN(5))
	}
	day.Complete(StampOf(at))
	return day
}
