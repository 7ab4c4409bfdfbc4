package ritual

import (
	"encoding/json"
	"fmt"
)

// Proof is what a shared link shows of a range of days: its wins, its
// unseen work with what was learned, how many days were closed and when work
// usually stopped. Nothing else of the days goes into it (no open loops, no
// plans, no energy, no lines): sharing a week shares only its proof.
type Proof struct {
	Range      Range        `json:"range"`
	Wins       []ProofEntry `json:"wins"`
	Unseen     []ProofEntry `json:"unseen"`
	DaysClosed int          `json:"days_closed"`
	// MedianStop is in minutes after midnight of the evening (it may pass
	// 24 h for a day closed after midnight); absent when no day was closed.
	MedianStop *int `json:"median_stop,omitempty"`
}

// ProofEntry is one win or one piece of unseen work, with its day.
type ProofEntry struct {
	Date    Date       `json:"date"`
	Kind    UnseenKind `json:"kind,omitempty"`
	Text    string     `json:"text"`
	Learned string     `json:"learned,omitempty"`
}

// ProofFormat is the version of Proof's JSON, sealed with it: a viewer
// that meets a later one says it needs updating.
const ProofFormat = 1

// NewProof gathers the proof of the range from days (any days: those
// outside the range, and days off, are left out). A day ends at dayEnds.
func NewProof(days []Day, r Range, dayEnds ClockTime) Proof {
	in := daysIn(days, r)
	p := Proof{Range: r, Wins: []ProofEntry{}, Unseen: []ProofEntry{}}
	for _, d := range in {
		if d.IsClosed() {
			p.DaysClosed++
		}
		for _, w := range d.Wins {
			p.Wins = append(p.Wins, ProofEntry{Date: d.Date, Text: w.Text})
		}
		for _, u := range d.Unseen {
			p.Unseen = append(p.Unseen, ProofEntry{Date: d.Date, Kind: u.Kind, Text: u.Text, Learned: u.Learned})
		}
	}
	if m, ok := MedianStop(in, dayEnds); ok {
		p.MedianStop = &m
	}
	return p
}

// Summary is the proof's line of days closed and median stop, as the
// exports write it.
func (p Proof) Summary(style Style) string {
	return summaryLine(p.DaysClosed, p.MedianStop, style)
}

// UnseenOfKind is the proof's unseen work of one kind; kinds this version
// does not know (a newer sender's) count as Other.
func (p Proof) UnseenOfKind(kind UnseenKind) []ProofEntry {
	var of []ProofEntry
	for _, u := range p.Unseen {
		k := u.Kind
		if !k.Valid() {
			k = KindOther
		}
		if k == kind {
			of = append(of, u)
		}
	}
	return of
}

// ParseProof reads a proof opened from a link.
func ParseProof(b []byte) (Proof, error) {
	var p Proof
	if err := json.Unmarshal(b, &p); err != nil {
		return Proof{}, fmt.Errorf("the shared record is not readable (%v): ask for the link again", err)
	}
	if p.Range.To.Before(p.Range.From) || p.Range.From.IsZero() {
		return Proof{}, fmt.Errorf("the shared record names no range of days: ask for the link again")
	}
	return p, nil
}
