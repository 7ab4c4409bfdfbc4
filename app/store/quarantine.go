package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/remoteml/sundown/app/ritual"
)

// Problem is a stored value that could not be read. It is shown to the user
// by name ("the day Friday 20 November 2026") and kept, unchanged, under
// KeptAs so that nothing is lost.
type Problem struct {
	Key    string
	Date   ritual.Date // zero for values that are not days
	Reason string
	KeptAs string // the quarantine key; empty when the value was left in place
}

// What names the value in words.
func (p Problem) What() string {
	switch {
	case !p.Date.IsZero():
		return "the day " + p.Date.Long()
	case p.Key == settingsKey:
		return "your settings"
	case p.Key == checklistKey:
		return "your checklist"
	}
	return strings.TrimPrefix(p.Key, prefix)
}

// Message says what happened and what it means, in one sentence.
func (p Problem) Message() string {
	if p.KeptAs == "" {
		return fmt.Sprintf("The saved data for %s could not be read (%s).", p.What(), p.Reason)
	}
	return fmt.Sprintf("The saved data for %s could not be read (%s). It was kept aside unchanged; everything else works.", p.What(), p.Reason)
}

// Problems returns the unreadable values found so far, including those put
// aside in earlier sessions.
func (s *Store) Problems() []Problem { return append([]Problem(nil), s.problems...) }

// QuarantinedValue returns the raw text of a value kept aside, so the user can copy it.
func (s *Store) QuarantinedValue(keptAs string) (string, error) {
	raw, _, err := s.kv.Get(keptAs)
	return raw, err
}

// DiscardQuarantined deletes a value kept aside, once the user has decided to let it go.
func (s *Store) DiscardQuarantined(keptAs string) error {
	if !strings.HasPrefix(keptAs, quarantinePref) {
		return fmt.Errorf("%q is not a quarantined value", keptAs)
	}
	if err := s.kv.Delete(keptAs); err != nil {
		return err
	}
	s.dropProblem(keptAs)
	return nil
}

// dropProblem forgets the problem of the value kept aside as keptAs.
func (s *Store) dropProblem(keptAs string) {
	if i := slices.IndexFunc(s.problems, func(p Problem) bool { return p.KeptAs == keptAs }); i >= 0 {
		s.problems = slices.Delete(s.problems, i, i+1)
	}
}

// heardQuarantined follows a value another tab set aside (present) or let
// go of.
func (s *Store) heardQuarantined(keptAs string, present bool) {
	if !present {
		s.dropProblem(keptAs)
	} else if !slices.ContainsFunc(s.problems, func(p Problem) bool { return p.KeptAs == keptAs }) {
		s.problems = append(s.problems, quarantinedProblem(keptAs))
	}
}

// unreadable records a value that failed to read and moves it aside. The
// copy is written before the original is removed, so a failure in between
// leaves two copies, never none. A value from a newer app stays where it is.
func (s *Store) unreadable(key string, date ritual.Date, raw string, cause error) error {
	p := Problem{Key: key, Date: date, Reason: cause.Error()}
	if !errors.Is(cause, errNewerSchema) {
		keptAs := quarantinePref + strings.TrimPrefix(key, prefix)
		if err := s.kv.Set(keptAs, raw); err == nil {
			p.KeptAs = keptAs
			s.kv.Delete(key)
			s.dropDate(date)
		}
	}
	s.problems = append(s.problems, p)
	return readError{message: p.Message(), cause: cause}
}

// readError is a value that could not be read, said as the user reads it
// (Problem.Message), with its cause kept for errors.Is.
type readError struct {
	message string
	cause   error
}

func (e readError) Error() string { return e.message }
func (e readError) Unwrap() error { return e.cause }

func (s *Store) dropDate(date ritual.Date) {
	for i, d := range s.dates {
		if d == date && !date.IsZero() {
			s.dates = append(s.dates[:i], s.dates[i+1:]...)
			s.datesVersion++
			return
		}
	}
}

// quarantinedProblem describes a value put aside in an earlier session.
func quarantinedProblem(keptAs string) Problem {
	key := prefix + strings.TrimPrefix(keptAs, quarantinePref)
	p := Problem{Key: key, KeptAs: keptAs, Reason: "it was damaged"}
	if strings.HasPrefix(key, dayPrefix) {
		p.Date, _ = ritual.ParseDate(strings.TrimPrefix(key, dayPrefix))
	}
	return p
}
