package ritual

import (
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

func dump(d Day) string { return fmt.Sprintf("%+v", fields(d)) }

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

// TestMergeAgreesWhateverTheEdits edits a day at random on two devices and
// checks the two merges agree and nothing written is lost.
func TestMergeAgreesWhateverTheEdits(t *testing.T) {
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 3))
		base, _, _ := baseDay()
		for range rng.IntN(4) {
			base.AddWin(fmt.Sprintf("base %d", rng.IntN(100)), now)
		}
		a, b := randomEdits(rng, base, "a"), randomEdits(rng, base, "b")
		m := mergeBoth(t, base, a, b)
		for _, side := range []Day{a, b} {
			for _, w := range side.Wins {
				if i := indexByID(m.Wins, w.ID); i < 0 && !deletedUntouched(base, a, b, w.ID) {
					t.Fatalf("seed %d: win %q was lost", seed, w.Text)
				}
			}
		}
	}
}

// deletedUntouched reports whether a win may rightly be gone: one side
// deleted it and the other left it as it was (or deleted it too).
func deletedUntouched(base, a, b Day, id string) bool {
	bw, inBase := find(base.Wins, id)
	aw, inA := find(a.Wins, id)
	ow, inB := find(b.Wins, id)
	switch {
	case !inBase:
		return false // added on a side: must survive
	case !inA && !inB:
		return true
	case !inA:
		return same(bw, ow)
	case !inB:
		return same(bw, aw)
	}
	return false
}

func randomEdits(rng *rand.Rand, base Day, side string) Day {
	d := base.Clone()
	at := now.Add(time.Duration(rng.IntN(100)) * time.Second)
	for range rng.IntN(5) {
		switch n := len(d.Wins); rng.IntN(4) {
		case 0:
			d.AddWin(side+" new", at)
		case 1:
			if n > 0 {
				d.EditWin(d.Wins[rng.IntN(n)].ID, fmt.Sprintf("%s edit %d", side, rng.IntN(3)), at)
			}
		case 2:
			if n > 0 {
				d.RemoveWin(d.Wins[rng.IntN(n)].ID)
			}
		case 3:
			d.SetEnergy(1 + rng.IntN(5))
		}
	}
	return d
}
