package ritual

import "slices"

// Merging the settings and the checklist edited on two devices. Unlike a
// day, they hold choices, not words: there is nothing to keep side by side.
// A field (a step) changed on one side takes that side; when both changed
// the same one, the device merging keeps its own choice, which it then
// sends, so the other device follows. A record never synced before merges
// against the defaults, so a new device's untouched defaults never undo
// the account's choices.

// MergeSettings merges two versions of the settings against their base.
func MergeSettings(base, local, remote Settings) Settings {
	m := Settings{
		TargetEnd:       pick3(base.TargetEnd, local.TargetEnd, remote.TargetEnd),
		ClosingPhrase:   pick3(base.ClosingPhrase, local.ClosingPhrase, remote.ClosingPhrase),
		ReviewDay:       pick3(base.ReviewDay, local.ReviewDay, remote.ReviewDay),
		HideConsistency: pick3(base.HideConsistency, local.HideConsistency, remote.HideConsistency),
		Reminders:       pick3(base.Reminders, local.Reminders, remote.Reminders),
		DayEnds:         pick3(base.DayEnds, local.DayEnds, remote.DayEnds),
		TimeFormat:      pick3(base.TimeFormat, local.TimeFormat, remote.TimeFormat),
		WeekStart:       pick3(base.WeekStart, local.WeekStart, remote.WeekStart),
		Workdays:        slices.Clone(remote.Workdays),
	}
	if !slices.Equal(local.Workdays, base.Workdays) {
		m.Workdays = slices.Clone(local.Workdays)
	}
	return m
}

// MergeChecklists merges two versions of the checklist against their base:
// the order is that of the side that reordered steps (local when both did),
// steps added on either side are kept (the other side's before the close), a step removed on one side goes
// unless the other renamed it, and a title changed on one side takes that
// side. The close always stays last.
func MergeChecklists(base, local, remote Checklist) Checklist {
	first, second := remote, local
	if reordered(local, base) {
		first, second = local, remote
	}
	var m Checklist
	for _, s := range first.Steps {
		if step, keep := mergeStep(s.ID, base, local, remote); keep {
			m.Steps = append(m.Steps, step)
		}
	}
	for _, s := range second.Steps { // added, or renamed where the other side removed it
		if m.index(s.ID) >= 0 {
			continue
		}
		if step, keep := mergeStep(s.ID, base, local, remote); keep {
			m.Steps = slices.Insert(m.Steps, max(len(m.Steps)-1, 0), step) // before the close
		}
	}
	if m.Validate() != nil {
		return local // cannot happen with valid inputs; never store a checklist the ritual cannot walk
	}
	return m
}

// mergeStep decides one step of the merged checklist.
func mergeStep(id string, base, local, remote Checklist) (Step, bool) {
	b, inBase := base.step(id)
	l, inLocal := local.step(id)
	r, inRemote := remote.step(id)
	switch {
	case inLocal && inRemote:
		l.Title = pick3(b.Title, l.Title, r.Title)
		return l, true
	case !inBase: // added on one side
		if inLocal {
			return l, true
		}
		return r, inRemote
	case inLocal: // removed on the remote side: kept only if renamed here
		return l, l.Title != b.Title
	case inRemote:
		return r, r.Title != b.Title
	}
	return Step{}, false
}

func (c Checklist) step(id string) (Step, bool) {
	if i := c.index(id); i >= 0 {
		return c.Steps[i], true
	}
	return Step{}, false
}

// reordered reports whether the steps c shares with base are in another order.
func reordered(c, base Checklist) bool {
	var shared []string
	for _, s := range c.Steps {
		if base.index(s.ID) >= 0 {
			shared = append(shared, s.ID)
		}
	}
	var inBase []string
	for _, s := range base.Steps {
		if c.index(s.ID) >= 0 {
			inBase = append(inBase, s.ID)
		}
	}
	return !slices.Equal(shared, inBase)
}
