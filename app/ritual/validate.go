package ritual

import (
	"encoding/json"
	"fmt"
)

// Validate checks a whole day, as read from storage or an import, against
// the same rules the editing methods enforce, and names the first problem.
func (d *Day) Validate() error {
	if d.Date.IsZero() {
		return invalid("date", "is missing")
	}
	for id, status := range d.Steps {
		if status != StepDone && status != StepSkipped {
			return invalid("steps", fmt.Sprintf("step %q has status %q; use done or skipped", id, status))
		}
	}
	if err := checkEntries("wins", d.Wins, func(w Win) error { return checkText("Win", w.Text) }); err != nil {
		return err
	}
	unseen := func(u Unseen) error { return UnseenInput{Kind: u.Kind, Text: u.Text, Learned: u.Learned}.check() }
	if err := checkEntries("unseen", d.Unseen, unseen); err != nil {
		return err
	}
	loop := func(l OpenLoop) error { return LoopInput{Text: l.Text, NextStep: l.NextStep, When: l.When}.check() }
	if err := checkEntries("loops", d.Loops, loop); err != nil {
		return err
	}
	if err := checkLine("first_move", d.FirstMove); err != nil {
		return err
	}
	if err := checkLine("note", d.Note); err != nil {
		return err
	}
	return checkEnergy(d.Energy)
}

func checkLine(field string, l *Line) error {
	if l == nil {
		return nil
	}
	if l.ID == "" {
		return invalid(field, "has no id")
	}
	return checkText(field, l.Text)
}

// checkEntries validates each entry of a list and refuses missing or
// repeated IDs, which would make edits land on the wrong entry.
func checkEntries[T identified](field string, list []T, check func(T) error) error {
	seen := make(map[string]bool, len(list))
	for i, e := range list {
		id := e.entryID()
		if id == "" {
			return invalid(field, fmt.Sprintf("entry %d has no id", i+1))
		}
		if seen[id] {
			return invalid(field, fmt.Sprintf("id %q appears twice", id))
		}
		seen[id] = true
		if err := check(e); err != nil {
			return fmt.Errorf("%s, entry %d: %w", field, i+1, err)
		}
	}
	return nil
}

// MaxDayBytes is the most a day may hold, as JSON. It keeps a day within
// what one sync record carries (with room for its sealing), so that a day
// that can be saved can always be synced; a day of ordinary entries is a
// few kilobytes.
const MaxDayBytes = 60_000

// CheckSize reports a day that holds more than MaxDayBytes, saying what to do.
func (d *Day) CheckSize() error {
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	if len(data) > MaxDayBytes {
		return invalid("day", fmt.Sprintf("%s holds %d KB, more than the %d KB a day can hold: shorten or remove some of its entries (or write the rest on another day)",
			d.Date.Long(), len(data)/1000, MaxDayBytes/1000))
	}
	return nil
}
