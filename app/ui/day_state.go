package ui

import (
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

// dayState is a day shown by a page that can edit it. Every change goes
// through apply: it is made to the day as stored (which another tab or a
// sync may have changed since the page read it), saved, and only then
// shown, so the screen never claims more than the storage holds.
type dayState struct {
	day    ritual.Day
	status string // what the last save did, for the status line
	failed bool
}

// editFunc is how editors ask their page to change the day. It returns the
// validation or storage error, for the editor to show next to its field.
// The change gets the current time, so entries are stamped by the page's clock.
type editFunc func(change dayChange) error

type dayChange func(day *ritual.Day, now time.Time) error

func (s *dayState) apply(env *Env, change dayChange) error {
	now := env.Now()
	var refused error // the change itself, as typed; the status line stays as it was
	mark("sundown-save-start")
	next, err := env.Store.EditDay(s.day.Date, func(d *ritual.Day) error { refused = change(d, now); return refused })
	mark("sundown-save-done")
	if refused != nil {
		return refused
	}
	if err != nil {
		s.status, s.failed = errText(err), true
		return err
	}
	s.day = next
	s.status, s.failed = "Saved", false
	return nil
}

// The savers connect the one-value editors to a page's edit.

func firstMoveSaver(edit editFunc) func(string) error {
	return func(text string) error {
		return edit(func(d *ritual.Day, now time.Time) error { return d.SetFirstMove(text, now) })
	}
}

func noteSaver(edit editFunc) func(string) error {
	return func(text string) error {
		return edit(func(d *ritual.Day, now time.Time) error { return d.SetNote(text, now) })
	}
}

func energySaver(edit editFunc) func(int) error {
	return func(level int) error {
		return edit(func(d *ritual.Day, _ time.Time) error { return d.SetEnergy(level) })
	}
}

// lineResolver settles a line written on two devices (which line: first move or note).
func lineResolver(edit editFunc, line func(*ritual.Day) *ritual.Line) func(ritual.LineChoice) error {
	return func(c ritual.LineChoice) error {
		return edit(func(d *ritual.Day, _ time.Time) error { ritual.ResolveLine(line(d), c); return nil })
	}
}
