package store

import (
	"slices"

	"github.com/remoteml/sundown/app/ritual"
)

// loopRef points at one open loop: the day it lives in and its ID.
type loopRef struct {
	Date ritual.Date `json:"date"`
	ID   string      `json:"id"`
}

// loopIndex lists where the open loops are, so the ritual can show the ones
// still open without reading every day ever stored. It only grows with the
// number of open loops, not with the length of the history.
type loopIndex []loopRef

// replace returns the index with date's entries replaced by refs.
func (idx loopIndex) replace(date ritual.Date, refs []ritual.LoopRef) loopIndex {
	next := slices.DeleteFunc(slices.Clone(idx), func(r loopRef) bool { return r.Date == date })
	for _, r := range refs {
		next = append(next, loopRef{Date: date, ID: r.Loop.ID})
	}
	return next
}

// union returns the entries of idx and other, each once.
func (idx loopIndex) union(other loopIndex) loopIndex {
	u := slices.Clone(idx)
	seen := idx.set()
	for _, r := range other {
		if !seen[r] {
			seen[r] = true
			u = append(u, r)
		}
	}
	return u
}

// equal reports whether both hold the same entries. Sets, not nested loops:
// ten years of history can leave thousands of loops open, and this runs
// at every save.
func (idx loopIndex) equal(other loopIndex) bool {
	if len(idx) != len(other) {
		return false
	}
	seen := idx.set()
	for _, r := range other {
		if !seen[r] {
			return false
		}
	}
	return true
}

func (idx loopIndex) set() map[loopRef]bool {
	set := make(map[loopRef]bool, len(idx))
	for _, r := range idx {
		set[r] = true
	}
	return set
}

// loopIndex returns the index, reading it on first use. An unreadable index
// is quarantined and rebuilt from the days themselves, which is slow once
// but loses nothing.
func (s *Store) loopIndex() (loopIndex, error) {
	return readCached(s, openLoopsKey, loopIndexFormat, &s.loops, s.startLoopIndex), nil
}

// startLoopIndex is the index when none is stored, or the one stored
// cannot be read.
func (s *Store) startLoopIndex(damaged bool) loopIndex {
	if damaged {
		return s.rebuildLoopIndex()
	}
	return loopIndex{}
}

func (s *Store) rebuildLoopIndex() loopIndex {
	idx := loopIndex{}
	for _, date := range s.dates {
		day, err := s.Day(date)
		if err == nil {
			idx = idx.replace(date, day.OpenLoopRefs())
		}
	}
	return idx
}

// changeLoopIndex writes what change makes of the index as stored now,
// keeping another tab's entries (see changeSingle).
func (s *Store) changeLoopIndex(change func(loopIndex) loopIndex) error {
	_, err := changeSingle(s, openLoopsKey, "The list of open loops", loopIndexFormat, &s.loops, s.startLoopIndex,
		func(idx loopIndex) (loopIndex, bool) {
			next := change(idx)
			return next, !next.equal(idx)
		})
	return err
}

// OpenLoops returns the loops still open on days before date, oldest first,
// so the ritual can bring them back until they are closed.
func (s *Store) OpenLoops(before ritual.Date) ([]ritual.LoopRef, error) {
	idx, err := s.loopIndex()
	if err != nil {
		return nil, err
	}
	var dates []ritual.Date
	for _, r := range idx {
		if r.Date.Before(before) && !slices.Contains(dates, r.Date) {
			dates = append(dates, r.Date)
		}
	}
	ritual.SortDates(dates)
	var refs []ritual.LoopRef
	for _, date := range dates {
		day, err := s.Day(date)
		if err != nil {
			continue // reported through Problems; the other days still count
		}
		refs = append(refs, day.OpenLoopRefs()...)
	}
	return refs, nil
}
