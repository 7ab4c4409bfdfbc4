package ritual

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// mergeBoth merges the three versions both ways round and fails unless the
// two devices agree.
func mergeBoth(t *testing.T, base, a, b Day) Day {
	t.Helper()
	ab, ba := MergeDays(base, a, b), MergeDays(base, b, a)
	if !SameDay(ab, ba) {
		t.Fatalf("the devices disagree:\n%s\n%s", dump(ab), dump(ba))
	}
	if err := ab.Validate(); err != nil {
		t.Fatalf("the merged day is invalid: %v", err)
	}
	return ab
}

func dump(d Day) string { data, _ := json.Marshal(d); return string(data) }

func winTexts(d Day) string {
	var out []string
	for _, w := range d.Wins {
		out = append(out, w.Text)
	}
	return strings.Join(out, "|")
}

func baseDay() (Day, Win, Unseen) {
	d := NewDay(Date{2026, time.November, 25})
	w, _ := d.AddWin("Shipped the importer", now)
	u, _ := d.AddUnseen(UnseenInput{Kind: KindRead, Text: "Read the RFC", Learned: "ETags"}, now)
	return d, w, u
}

func TestMergeTakesTheSideThatChanged(t *testing.T) {
	base, w, u := baseDay()
	a, b := base.Clone(), base.Clone()
	later := now.Add(time.Minute)
	a.EditWin(w.ID, "Shipped the CSV importer", later)
	a.EditUnseen(u.ID, UnseenInput{Kind: KindDebugged, Text: "Read the RFC", Learned: "ETags"}, later)
	b.EditUnseen(u.ID, UnseenInput{Kind: KindRead, Text: "Read the RFC", Learned: "ETags and Last-Modified"}, later.Add(time.Minute))
	b.AddWin("Fixed the flaky test", later)
	b.SetEnergy(4)
	m := mergeBoth(t, base, a, b)
	if winTexts(m) != "Shipped the CSV importer|Fixed the flaky test" {
		t.Fatalf("wins = %s", winTexts(m))
	}
	if got := m.Unseen[0]; got.Kind != KindDebugged || got.Learned != "ETags and Last-Modified" || got.ConflictWith != "" {
		t.Fatalf("unseen = %+v, want a's kind and b's learned, no conflict", got)
	}
	if m.Energy != 4 || m.ConflictCount() != 0 {
		t.Fatalf("energy %d, conflicts %d", m.Energy, m.ConflictCount())
	}
}

func TestTextEditedOnBothSidesKeepsBoth(t *testing.T) {
	base, w, _ := baseDay()
	a, b := base.Clone(), base.Clone()
	a.EditWin(w.ID, "Shipped the importer to staging", now.Add(time.Minute))
	b.EditWin(w.ID, "Shipped the importer, finally", now.Add(2*time.Minute))
	m := mergeBoth(t, base, a, b)
	if len(m.Wins) != 2 || m.ConflictCount() != 1 {
		t.Fatalf("wins = %+v", m.Wins)
	}
	kept := m.Wins[indexByID(m.Wins, w.ID)]
	if kept.Text != "Shipped the importer, finally" {
		t.Fatalf("the newer edit does not keep the id: %q", kept.Text)
	}
	other := m.Wins[indexByID(m.Wins, kept.ConflictWith)]
	if other.Text != "Shipped the importer to staging" || other.ConflictWith != w.ID {
		t.Fatalf("the other version = %+v", other)
	}
	// Resolving: keep one, or both.
	one := m.Clone()
	if err := one.KeepVersion(other.ID); err != nil || winTexts(one) != "Shipped the importer to staging" || one.ConflictCount() != 0 {
		t.Fatalf("keep one: %v %s", err, winTexts(one))
	}
	both := m.Clone()
	if err := both.KeepBoth(w.ID); err != nil || len(both.Wins) != 2 || both.ConflictCount() != 0 {
		t.Fatalf("keep both: %v", err)
	}
	if err := both.KeepBoth(w.ID); err == nil {
		t.Fatal("resolving twice did not say so")
	}
}

func TestAnEditBeatsADelete(t *testing.T) {
	base, w, u := baseDay()
	a, b := base.Clone(), base.Clone()
	a.RemoveWin(w.ID)
	a.RemoveUnseen(u.ID)
	b.EditWin(w.ID, "Shipped the importer (edited)", now.Add(time.Minute))
	m := mergeBoth(t, base, a, b)
	if winTexts(m) != "Shipped the importer (edited)" || len(m.Unseen) != 0 {
		t.Fatalf("wins %s, unseen %d: the edited win must stay, the untouched unseen go", winTexts(m), len(m.Unseen))
	}
}

func TestLinesAndStepsAndStamps(t *testing.T) {
	base := NewDay(Date{2026, time.November, 25})
	base.SetFirstMove("Write docs", now)
	a, b := base.Clone(), base.Clone()
	a.SetFirstMove("Write the importer docs", now.Add(time.Minute))
	b.SetFirstMove("Call Ana first", now.Add(2*time.Minute))
	a.MarkStep("wins", StepSkipped)
	b.MarkStep("wins", StepDone)
	a.Complete(StampOf(now.Add(time.Hour)))
	b.Complete(StampOf(now.Add(30 * time.Minute)))
	m := mergeBoth(t, base, a, b)
	if m.FirstMove.Text != "Call Ana first" || m.FirstMove.Other != "Write the importer docs" || m.ConflictCount() != 1 {
		t.Fatalf("first move = %+v", m.FirstMove)
	}
	ResolveLine(m.FirstMove, JoinBoth)
	if m.FirstMove.Text != "Call Ana first / Write the importer docs" || m.ConflictCount() != 0 {
		t.Fatalf("joined = %q", m.FirstMove.Text)
	}
	if m.Steps["wins"] != StepDone || !m.Completed.At.Equal(now.Add(30*time.Minute)) {
		t.Fatalf("steps %v, completed %v", m.Steps, m.Completed.At)
	}
}

// TestMergeAgreesWhateverTheEdits edits a day at random on two devices,
// touching every field a merge combines (wins, unseen work, open loops,
// tomorrow's first move and the note, steps, the start and close stamps,
// energy, the day off), and checks that the two devices' merges agree, that
// the result is a valid day, and that nothing either device wrote is lost.
func TestMergeAgreesWhateverTheEdits(t *testing.T) {
	for seed := range uint64(2000) {
		rng := rand.New(rand.NewPCG(seed, 3))
		base := randomEdits(rng, NewDay(Date{2026, time.November, 25}), "base", now)
		a := randomEdits(rng, base.Clone(), "a", now.Add(time.Duration(rng.IntN(3))*time.Minute))
		b := randomEdits(rng, base.Clone(), "b", now.Add(time.Duration(rng.IntN(3))*time.Minute))
		ab, ba := MergeDays(base, a, b), MergeDays(base, b, a)
		if !SameDay(ab, ba) {
			t.Fatalf("seed %d: the devices disagree:\n%s\n%s", seed, dump(ab), dump(ba))
		}
		if err := ab.Validate(); err != nil {
			t.Fatalf("seed %d: the merged day is invalid: %v\n%s", seed, err, dump(ab))
		}
		if lost := lostWrites(base, a, b, ab); lost != "" {
			t.Fatalf("seed %d: %s\nbase %s\na    %s\nb    %s\nmerged %s", seed, lost, dump(base), dump(a), dump(b), dump(ab))
		}
	}
}

// lostWrites names the first thing a device wrote that the merge m of a and
// b (both edited from base) does not hold, or returns "".
func lostWrites(base, a, b, m Day) string {
	for _, c := range []struct{ side, other Day }{{a, b}, {b, a}} {
		if lost := lostEntries("win", base.Wins, c.side.Wins, c.other.Wins, m.Wins, func(w Win) []string { return []string{w.Text} }); lost != "" {
			return lost
		}
		if lost := lostEntries("unseen work", base.Unseen, c.side.Unseen, c.other.Unseen, m.Unseen, func(u Unseen) []string { return []string{u.Text, u.Learned} }); lost != "" {
			return lost
		}
		if lost := lostEntries("open loop", base.Loops, c.side.Loops, c.other.Loops, m.Loops, func(l OpenLoop) []string { return []string{l.Text, l.NextStep} }); lost != "" {
			return lost
		}
		for _, line := range []struct {
			name              string
			base, side, merge *Line
		}{{"first move", base.FirstMove, c.side.FirstMove, m.FirstMove}, {"note", base.Note, c.side.Note, m.Note}} {
			if line.side != nil && (line.base == nil || line.side.Text != line.base.Text) &&
				(line.merge == nil || (line.merge.Text != line.side.Text && line.merge.Other != line.side.Text)) {
				return fmt.Sprintf("the %s %q was lost", line.name, line.side.Text)
			}
		}
		for id, status := range c.side.Steps {
			if got := m.Steps[id]; got == "" || (status == StepDone && got != StepDone) {
				return fmt.Sprintf("step %s was %s on a device and is %q merged", id, status, got)
			}
		}
		if c.side.Started != nil && (m.Started == nil || m.Started.At.After(c.side.Started.At)) {
			return "the shutdown's start is later than a device recorded"
		}
		if c.side.Completed != nil && (m.Completed == nil || m.Completed.At.After(c.side.Completed.At)) {
			return "the close is later than a device recorded, or gone"
		}
		if c.side.Energy != base.Energy && c.other.Energy == base.Energy && m.Energy != c.side.Energy {
			return fmt.Sprintf("energy set to %d on one device only is %d merged", c.side.Energy, m.Energy)
		}
		if c.side.Off != base.Off && m.Off != c.side.Off {
			return "the day off set on a device was lost"
		}
	}
	return ""
}

// lostEntries checks one list: an entry a side added or changed is still
// there under its ID, with every text this side wrote somewhere in the list (a
// text changed on both sides keeps one version under the ID and the other
// as its conflicting twin); an entry a side left untouched may only be gone
// if the other side deleted it.
func lostEntries[T identified](kind string, base, side, other, merged []T, texts func(T) []string) string {
	held := map[string]bool{}
	for _, e := range merged {
		for _, text := range texts(e) {
			held[text] = true
		}
	}
	for _, e := range side {
		b, inBase := find(base, e.entryID())
		_, inOther := find(other, e.entryID())
		changed := !inBase || !same(b, e)
		if !changed && !inOther {
			continue // deleted on the other side, untouched here: gone is right
		}
		if indexByID(merged, e.entryID()) < 0 {
			return fmt.Sprintf("the %s %q is gone", kind, texts(e)[0])
		}
		for i, text := range texts(e) {
			written := !inBase || texts(b)[i] != text // a field the other side may have changed instead is not this side's
			if written && !held[text] {
				return fmt.Sprintf("the %s text %q is gone", kind, text)
			}
		}
	}
	return ""
}

func find[T identified](list []T, id string) (T, bool) {
	if i := indexByID(list, id); i >= 0 {
		return list[i], true
	}
	var zero T
	return zero, false
}

// randomEdits makes up to six random edits to d, on every field a merge
// combines, as the user of one device might between two syncs. Most texts
// are marked with side, so each device writes texts of its own; some are
// the same words on both.
func randomEdits(rng *rand.Rand, d Day, side string, at time.Time) Day {
	text := func(what string) string {
		if rng.IntN(4) == 0 {
			return fmt.Sprintf("%s %d", what, rng.IntN(2)) // the same words typed on both devices
		}
		return fmt.Sprintf("%s %s %d", side, what, rng.IntN(3))
	}
	pick := func(n int) int { return rng.IntN(n) }
	for range rng.IntN(7) {
		switch rng.IntN(14) {
		case 0:
			d.AddWin(text("win"), at)
		case 1:
			if n := len(d.Wins); n > 0 {
				d.EditWin(d.Wins[pick(n)].ID, text("edited win"), at)
			}
		case 2:
			if n := len(d.Wins); n > 0 {
				d.RemoveWin(d.Wins[pick(n)].ID)
			}
		case 3:
			d.AddUnseen(UnseenInput{Kind: UnseenKinds()[pick(len(UnseenKinds()))], Text: text("unseen"), Learned: text("learned")}, at)
		case 4:
			if n := len(d.Unseen); n > 0 {
				u := d.Unseen[pick(n)]
				in := UnseenInput{Kind: u.Kind, Text: u.Text, Learned: u.Learned}
				switch pick(3) {
				case 0:
					in.Kind = UnseenKinds()[pick(len(UnseenKinds()))]
				case 1:
					in.Text = text("edited unseen")
				case 2:
					in.Learned = text("edited learned")
				}
				d.EditUnseen(u.ID, in, at)
			}
		case 5:
			if n := len(d.Unseen); n > 0 {
				d.RemoveUnseen(d.Unseen[pick(n)].ID)
			}
		case 6:
			d.AddLoop(LoopInput{Text: text("loop"), NextStep: text("next step"), When: When{Kind: WhenTomorrow}}, at)
		case 7:
			if n := len(d.Loops); n > 0 {
				l := d.Loops[pick(n)]
				switch pick(3) {
				case 0:
					d.EditLoop(l.ID, LoopInput{Text: text("edited loop"), NextStep: l.NextStep, When: When{Kind: WhenThisWeek}}, at)
				case 1:
					d.SetLoopClosed(l.ID, l.IsOpen(), at)
				case 2:
					d.RemoveLoop(l.ID)
				}
			}
		case 8:
			if pick(4) == 0 {
				d.SetFirstMove("", at)
			} else {
				d.SetFirstMove(text("first move"), at)
			}
		case 9:
			if pick(4) == 0 {
				d.SetNote("", at)
			} else {
				d.SetNote(text("note"), at)
			}
		case 10:
			d.MarkStep([]string{"wins", "unseen", "loops", "close"}[pick(4)], []StepStatus{StepDone, StepSkipped}[pick(2)])
		case 11:
			stamp := StampOf(at.Add(time.Duration(pick(120)) * time.Minute))
			if pick(2) == 0 {
				d.Start(stamp)
			} else {
				d.Complete(stamp)
			}
		case 12:
			d.SetEnergy(pick(6))
		case 13:
			d.Off = !d.Off
		}
	}
	return d
}
