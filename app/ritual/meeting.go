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
