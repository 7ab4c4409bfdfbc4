package ritual

// DaySummary is what a list of days shows of one: whether it was closed and
// when, what it holds, and whether anything in it waits for a choice.
type DaySummary struct {
	Date                Date
	Off                 bool
	Closed              bool
	ClosedAt            ClockTime
	Wins, Unseen, Loops int
	Conflicts           int
}

// Summary is the day as a list of days shows it.
func (d *Day) Summary() DaySummary {
	s := DaySummary{Date: d.Date, Off: d.Off, Closed: d.IsClosed(), Wins: len(d.Wins), Unseen: len(d.Unseen), Loops: len(d.Loops), Conflicts: d.ConflictCount()}
	if d.Completed != nil {
		s.ClosedAt = d.Completed.Clock
	}
	return s
}

// IsEmpty reports whether the summary counts no entry at all.
func (s DaySummary) IsEmpty() bool { return s.Wins+s.Unseen+s.Loops == 0 }

// SummaryJSON is the part of a Day's JSON a summary reads: the entries'
// texts, times and steps are skipped, not decoded. A store decodes a stored
// day straight into it (a field of the value's own struct): a DaySummary
// with an UnmarshalJSON of its own had the day's JSON scanned four times
// rather than twice, which in WebKit was most of the time History took.
type SummaryJSON struct {
	Date      Date `json:"date"`
	Completed *struct {
		Clock ClockTime `json:"clock"`
	} `json:"completed"`
	Wins      []conflictMark `json:"wins"`
	Unseen    []conflictMark `json:"unseen"`
	Loops     []conflictMark `json:"loops"`
	FirstMove *lineMark      `json:"first_move"`
	Note      *lineMark      `json:"note"`
	Off       bool           `json:"off"`
}

// conflictMark and lineMark are what an entry and a line say of a conflict.
type conflictMark struct {
	ID           string `json:"id"`
	ConflictWith string `json:"conflict_with"`
}

type lineMark struct {
	Other string `json:"other"`
}

// Summary is the summary of the day v was decoded from.
func (v SummaryJSON) Summary() DaySummary {
	s := DaySummary{Date: v.Date, Off: v.Off, Closed: v.Completed != nil, Wins: len(v.Wins), Unseen: len(v.Unseen), Loops: len(v.Loops)}
	if v.Completed != nil {
		s.ClosedAt = v.Completed.Clock
	}
	for _, list := range [][]conflictMark{v.Wins, v.Unseen, v.Loops} {
		for _, m := range list {
			if firstOfConflict(m.ID, m.ConflictWith) {
				s.Conflicts++
			}
		}
	}
	for _, l := range []*lineMark{v.FirstMove, v.Note} {
		if l != nil && l.Other != "" {
			s.Conflicts++
		}
	}
	return s
}
