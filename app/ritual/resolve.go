package ritual

// Resolving what a merge marked as edited on two devices.

// ConflictCount counts the entries and lines waiting for the user to
// choose; an entry's two versions count once.
func (d *Day) ConflictCount() int {
	n := 0
	count := func(m Meta) {
		if firstOfConflict(m.ID, m.ConflictWith) {
			n++
		}
	}
	for _, w := range d.Wins {
		count(w.Meta)
	}
	for _, u := range d.Unseen {
		count(u.Meta)
	}
	for _, l := range d.Loops {
		count(l.Meta)
	}
	for _, l := range []*Line{d.FirstMove, d.Note} {
		if l != nil && l.Other != "" {
			n++
		}
	}
	return n
}

// firstOfConflict reports whether the entry id is the one of its two
// versions that counts the conflict, so that the pair counts once.
func firstOfConflict(id, conflictWith string) bool { return conflictWith != "" && id < conflictWith }

// KeepVersion keeps the entry with id and removes the other version of it.
func (d *Day) KeepVersion(id string) error { return d.settleConflict(id, true) }

// KeepBoth keeps both versions as separate entries.
func (d *Day) KeepBoth(id string) error { return d.settleConflict(id, false) }

// settleConflict looks for the entry in each list and clears its conflict.
func (d *Day) settleConflict(id string, dropOther bool) error {
	for _, try := range []func() error{
		func() error { return resolve(&d.Wins, id, dropOther) },
		func() error { return resolve(&d.Unseen, id, dropOther) },
		func() error { return resolve(&d.Loops, id, dropOther) },
	} {
		if err := try(); err != errNoSuchEntry {
			return err
		}
	}
	return notFound(id)
}

var errNoSuchEntry = invalid("entry", "not in this list")

// conflicted is an entry whose conflict mark can be read and cleared.
type conflicted interface {
	identified
	conflictWith() string
	clearConflict() any
}

func (w Win) conflictWith() string      { return w.ConflictWith }
func (u Unseen) conflictWith() string   { return u.ConflictWith }
func (l OpenLoop) conflictWith() string { return l.ConflictWith }
func (w Win) clearConflict() any        { w.ConflictWith = ""; return w }
func (u Unseen) clearConflict() any     { u.ConflictWith = ""; return u }
func (l OpenLoop) clearConflict() any   { l.ConflictWith = ""; return l }

func resolve[T conflicted](list *[]T, id string, dropOther bool) error {
	i := indexByID(*list, id)
	if i < 0 {
		return errNoSuchEntry
	}
	other := (*list)[i].conflictWith()
	if other == "" {
		return invalid("entry", "was not edited on two devices; nothing to choose")
	}
	for j, e := range *list {
		if e.entryID() == id || e.entryID() == other {
			(*list)[j] = e.clearConflict().(T)
		}
	}
	if dropOther {
		*list, _ = removeByID(*list, other)
	}
	return nil
}

// ResolveLine settles a line written on two devices: keep its text, take
// the other device's, or keep both joined.
func ResolveLine(l *Line, choice LineChoice) {
	if l == nil || l.Other == "" {
		return
	}
	switch choice {
	case TakeOther:
		l.Text = l.Other
	case JoinBoth:
		l.Text = l.Text + " / " + l.Other
	}
	l.Other = ""
}

// LineChoice is what the user picks for a line written on two devices.
type LineChoice int

// The choices for a line written on two devices.
const (
	KeepThis LineChoice = iota
	TakeOther
	JoinBoth
)
