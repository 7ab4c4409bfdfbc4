package ritual

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, time.November, 25, 18, 4, 0, 0, time.UTC)

func TestEntriesAreValidated(t *testing.T) {
	d := NewDay(DateOf(now))
	cases := map[string]error{}
	_, cases["empty win"] = d.AddWin("", now)
	_, cases["long win"] = d.AddWin(strings.Repeat("é", MaxTextLength+1), now)
	_, cases["unknown kind"] = d.AddUnseen(UnseenInput{Kind: "napped", Text: "x"}, now)
	_, cases["long learned"] = d.AddUnseen(UnseenInput{Kind: KindRead, Text: "x", Learned: strings.Repeat("a", 2001)}, now)
	_, cases["empty loop"] = d.AddLoop(LoopInput{When: When{Kind: WhenTomorrow}}, now)
	_, cases["date plan without date"] = d.AddLoop(LoopInput{Text: "x", When: When{Kind: WhenOnDate}}, now)
	_, cases["unknown plan"] = d.AddLoop(LoopInput{Text: "x", When: When{Kind: "later"}}, now)
	cases["energy 6"] = d.SetEnergy(6)
	for name, err := range cases {
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: error = %v, want invalid", name, err)
		}
	}
	if !d.IsEmpty() {
		t.Fatalf("rejected input changed the day: %+v", d)
	}
	if _, err := d.AddWin(strings.Repeat("é", MaxTextLength), now); err != nil {
		t.Fatalf("a text of exactly %d characters must be accepted: %v", MaxTextLength, err)
	}
}

func TestErrorMessagesSayWhatToDo(t *testing.T) {
	d := NewDay(DateOf(now))
	_, err := d.AddUnseen(UnseenInput{Kind: "napped", Text: "x"}, now)
	if got := err.Error(); !strings.Contains(got, `"napped"`) || !strings.Contains(got, "use one of read, debugged") {
		t.Fatalf("message %q does not name the problem and the way out", got)
	}
}

func TestEditAndRemoveEntries(t *testing.T) {
	d := NewDay(DateOf(now))
	w1, _ := d.AddWin("Shipped the importer", now)
	w2, _ := d.AddWin("Fixed the flaky test", now)
	later := now.Add(time.Minute)
	if err := d.EditWin(w1.ID, "Shipped the CSV importer", later); err != nil {
		t.Fatal(err)
	}
	if d.Wins[0].Text != "Shipped the CSV importer" || !d.Wins[0].Updated.Equal(later) || !d.Wins[0].Created.Equal(now) {
		t.Fatalf("edit: %+v", d.Wins[0])
	}
	if err := d.RemoveWin(w1.ID); err != nil || len(d.Wins) != 1 || d.Wins[0].ID != w2.ID {
		t.Fatalf("remove: %v %+v", err, d.Wins)
	}
	if err := d.RemoveWin(w1.ID); !errors.Is(err, ErrInvalid) {
		t.Fatalf("removing twice: %v", err)
	}
	if w1.ID == w2.ID || len(w1.ID) != 36 {
		t.Fatalf("ids are not UUIDs: %q %q", w1.ID, w2.ID)
	}
}

func TestOpenLoopsCloseAndCarry(t *testing.T) {
	d := NewDay(DateOf(now))
	a, _ := d.AddLoop(LoopInput{Text: "Reply to Ana", NextStep: "Draft answer", When: When{Kind: WhenTomorrow}}, now)
	d.AddLoop(LoopInput{Text: "Plan Q1", When: When{Kind: WhenOnDate, Date: Date{2026, time.December, 2}}}, now)
	if err := d.SetLoopClosed(a.ID, true, now); err != nil {
		t.Fatal(err)
	}
	refs := d.OpenLoopRefs()
	if len(refs) != 1 || refs[0].Loop.Text != "Plan Q1" || refs[0].Date != d.Date || d.OpenLoopCount() != 1 {
		t.Fatalf("open refs = %+v", refs)
	}
	d.SetLoopClosed(a.ID, false, now)
	if d.OpenLoopCount() != 2 {
		t.Fatal("reopening failed")
	}
}

func TestCompleteKeepsTheFirstClosingTime(t *testing.T) {
	d := NewDay(DateOf(now))
	d.Complete(StampOf(now))
	d.Complete(StampOf(now.Add(time.Hour)))
	if !d.IsClosed() || d.Completed.Clock.String() != "18:04" || d.Started.Clock.String() != "18:04" {
		t.Fatalf("completed = %+v started = %+v", d.Completed, d.Started)
	}
}

func TestValidateFindsBrokenStoredDays(t *testing.T) {
	good := NewDay(DateOf(now))
	good.AddWin("ok", now)
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	dup := good
	dup.Wins = append(dup.Wins, dup.Wins[0])
	noDate := good
	noDate.Date = Date{}
	badStep := good
	badStep.Steps = map[string]StepStatus{"wins": "maybe"}
	badKind := good
	badKind.Unseen = []Unseen{{Meta: Meta{ID: "x"}, Kind: "slept", Text: "zzz"}}
	for name, d := range map[string]Day{"duplicate id": dup, "no date": noDate, "bad step": badStep, "bad kind": badKind} {
		if err := d.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Validate() = %v", name, err)
		}
	}
}

func TestCloneSharesNothing(t *testing.T) {
	d := NewDay(DateOf(now))
	w, _ := d.AddWin("original", now)
	d.SetFirstMove("first", now)
	d.MarkStep("wins", StepDone)
	c := d.Clone()
	c.EditWin(w.ID, "changed", now)
	c.SetFirstMove("other", now)
	c.MarkStep("wins", StepSkipped)
	if d.Wins[0].Text != "original" || d.FirstMove.Text != "first" || d.Steps["wins"] != StepDone {
		t.Fatalf("changing the clone changed the original: %+v", d)
	}
}

func TestTextsAreTrimmed(t *testing.T) {
	d := NewDay(DateOf(now))
	if _, err := d.AddWin("   ", now); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a win of spaces was accepted: %v", err)
	}
	w, _ := d.AddWin("  Shipped \n", now)
	u, _ := d.AddUnseen(UnseenInput{Kind: KindRead, Text: " Read RFC ", Learned: " how ETags work "}, now)
	l, _ := d.AddLoop(LoopInput{Text: " Call Sam ", NextStep: " dial ", When: When{Kind: WhenSomeday}}, now)
	d.SetFirstMove("  ", now)
	if w.Text != "Shipped" || u.Text != "Read RFC" || u.Learned != "how ETags work" || l.Text != "Call Sam" || l.NextStep != "dial" || d.FirstMove != nil {
		t.Fatalf("not trimmed: %q %q %q %q %q %v", w.Text, u.Text, u.Learned, l.Text, l.NextStep, d.FirstMove)
	}
}

// A day is bounded as a whole, not only entry by entry, so it always fits
// in one sync record; the message says what to do.
func TestADayHasABound(t *testing.T) {
	d := NewDay(DateOf(now))
	for i := 0; d.CheckSize() == nil; i++ {
		if _, err := d.AddWin(strings.Repeat("x", MaxTextLength-10)+fmt.Sprint(i), now); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.CheckSize(); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "shorten or remove some of its entries") {
		t.Fatalf("an oversized day: %v", err)
	}
	if len(d.Wins) < 25 {
		t.Fatalf("only %d long wins fit in a day: the bound is too tight", len(d.Wins))
	}
}
