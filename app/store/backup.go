package store

import (
	"fmt"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

// DaysIn returns the stored days of the range, oldest first. It reads only
// those days, so a 90-day export costs the same after ten years as after
// one. Unreadable days are left out and reported in Problems.
func (s *Store) DaysIn(r ritual.Range) []ritual.Day {
	s.PreloadDays(r.From, r.To)
	var days []ritual.Day
	for i := len(s.dates) - 1; i >= 0; i-- {
		if d := s.dates[i]; r.Contains(d) {
			if day, err := s.Day(d); err == nil {
				days = append(days, day)
			}
		}
	}
	return days
}

// Backup gathers everything into one backup. An unreadable day stops it:
// a backup that silently lacks a day would be worse than none.
func (s *Store) Backup(now time.Time) (ritual.Backup, error) {
	var days []ritual.Day
	dates := s.Dates()
	if len(dates) > 0 {
		s.PreloadDays(dates[0], dates[len(dates)-1])
	}
	for _, d := range dates {
		day, err := s.Day(d)
		if err != nil {
			return ritual.Backup{}, err
		}
		days = append(days, day)
	}
	return ritual.NewBackup(s.Settings(), s.Checklist(), days, now), nil
}

// ImportPlan is what importing a backup would do, shown before it is done.
type ImportPlan struct {
	New, Updated, Unchanged int
	// TakeSettings and TakeChecklist are true when this browser has none of
	// its own yet; otherwise the local ones are kept.
	TakeSettings, TakeChecklist bool

	backup ritual.Backup
	// incoming are the backup's days that change the local ones. They are
	// merged again when the plan is carried out: the days may have changed
	// (another tab, a sync) while the user read the plan.
	incoming []ritual.Day
}

// Summary says the plan in one sentence.
func (p ImportPlan) Summary() string {
	return fmt.Sprintf("%d new %s, %d updated, %d unchanged.", p.New, dayWord(p.New), p.Updated, p.Unchanged)
}

func dayWord(n int) string {
	if n == 1 {
		return "day"
	}
	return "days"
}

// PlanImport works out what importing b would change. It writes nothing.
func (s *Store) PlanImport(b ritual.Backup) (ImportPlan, error) {
	p := ImportPlan{backup: b, TakeSettings: !s.has(settingsKey), TakeChecklist: !s.has(checklistKey)}
	for _, incoming := range b.Days {
		local, err := s.Day(incoming.Date)
		if err != nil {
			return ImportPlan{}, fmt.Errorf("%w Import again once you have dealt with it (Settings, Unreadable data)", err)
		}
		merged := ritual.MergeDay(local, incoming)
		switch {
		case local.IsEmpty() && !s.hasDay(incoming.Date):
			p.New++
		case ritual.SameDay(merged, local):
			p.Unchanged++
			continue
		default:
			p.Updated++
		}
		p.incoming = append(p.incoming, incoming)
	}
	return p, nil
}

// ApplyImport carries out a plan in one atomic write (IndexedDB: one
// transaction), so a failed import, a full storage above all, changes
// nothing: there is nothing to put back, which a full storage could refuse
// too. Each day is merged with the day as stored now, not as it was when
// the plan was made.
func (s *Store) ApplyImport(p ImportPlan) error {
	return s.inOneStep(func() error {
		if p.TakeSettings && !s.has(settingsKey) {
			if err := s.SaveSettings(p.backup.Settings); err != nil {
				return err
			}
		}
		if p.TakeChecklist && !s.has(checklistKey) {
			if err := s.SaveChecklist(p.backup.Checklist); err != nil {
				return err
			}
		}
		for _, incoming := range p.incoming {
			merge := func(d *ritual.Day) error { *d = ritual.MergeDay(*d, incoming); return nil }
			if _, err := s.EditDay(incoming.Date, merge); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) has(key string) bool {
	_, ok, err := s.kv.Get(key)
	return ok && err == nil
}

func (s *Store) hasDay(d ritual.Date) bool { return s.has(dayKey(d)) }
