package ritual

import (
	"fmt"
	"time"
)

// Meeting is a meeting of the user's calendar (package meetings reads them
// out of the .ics file they chose). Meetings are unseen work too: the
// ritual offers each of a day's as coordination, and adds one only when the
// user says so.
type Meeting struct {
	Title   string    `json:"title"`
	Start   time.Time `json:"start"`
	Minutes int       `json:"minutes"`
}

// ID names the meeting among a day's: its start and title, so that one
// dismissed stays dismissed.
func (m Meeting) ID() string { return m.Start.UTC().Format("20060102T1504") + " " + m.Title }

// Entry is the unseen work the meeting becomes: "Design review, 45 min".
func (m Meeting) Entry() string {
	if m.Minutes <= 0 {
		return m.Title
	}
	if m.Minutes >= 60 && m.Minutes%60 == 0 {
		return fmt.Sprintf("%s, %s", m.Title, Plural(m.Minutes/60, "hour"))
	}
	return fmt.Sprintf("%s, %d min", m.Title, m.Minutes)
}

// Duration writes minutes as people say them: "45 min", "2 h", "6 h 30 min".
func Duration(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// MeetingMinutes adds up the minutes of the meetings of each week: weeks
// are the first days of consecutive weeks, byDay the meetings of each day.
func MeetingMinutes(weeks []Date, byDay map[Date][]Meeting) []int {
	totals := make([]int, len(weeks))
	for i, start := range weeks {
		for d := 0; d < 7; d++ {
			for _, m := range byDay[start.AddDays(d)] {
				totals[i] += m.Minutes
			}
		}
	}
	return totals
}
