package ritual

import (
	"errors"
	"testing"
	"time"
)

func kinds(c Checklist) []StepKind {
	var ks []StepKind
	for _, s := range c.Steps {
		ks = append(ks, s.Kind)
	}
	return ks
}

func TestDefaultChecklistIsTheRitual(t *testing.T) {
	c := DefaultChecklist()
	want := []StepKind{StepMarkStop, StepSweep, StepWins, StepUnseen, StepLoops, StepFirstMove, StepEnergy, StepClose}
	if got := kinds(c); len(got) != len(want) {
		t.Fatalf("kinds = %v", got)
	}
	for i := range want {
		if c.Steps[i].Kind != want[i] {
			t.Fatalf("step %d = %v, want %v", i+1, c.Steps[i].Kind, want[i])
		}
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestChecklistEditing(t *testing.T) {
	c := DefaultChecklist()
	if err := c.Add(Step{Kind: StepCustom, Title: "Close the laptop lid"}); err != nil {
		t.Fatal(err)
	}
	if c.Steps[len(c.Steps)-2].Title != "Close the laptop lid" || c.Steps[len(c.Steps)-1].Kind != StepClose {
		t.Fatalf("custom step not placed before the close: %v", kinds(c))
	}
	if err := c.Rename("sweep", "Inbox sweep"); err != nil || c.Steps[1].Title != "Inbox sweep" {
		t.Fatalf("rename: %v", err)
	}
	c.Move("sweep", -1)
	if c.Steps[0].ID != "sweep" {
		t.Fatalf("move up: %v", kinds(c))
	}
	last := c.Steps[len(c.Steps)-2].ID
	c.Move(last, +1)
	if c.Steps[len(c.Steps)-1].Kind != StepClose {
		t.Fatal("a step moved past the close")
	}
	if err := c.Remove("close"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("removing the close: %v", err)
	}
	if err := c.Remove("energy"); err != nil {
		t.Fatal(err)
	}
	if m := c.Missing(); len(m) != 1 || m[0].Kind != StepEnergy {
		t.Fatalf("missing = %v", m)
	}
	if err := c.Add(c.Missing()[0]); err != nil {
		t.Fatalf("restoring a removed built-in step: %v", err)
	}
	if err := c.Add(Step{ID: "wins", Kind: StepWins, Title: "Wins again"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a second wins step was accepted: %v", err)
	}
}

func TestSettings(t *testing.T) {
	s := DefaultSettings()
	if s.TargetEnd.String() != "18:00" || s.ClosingPhrase != "Shutdown complete" {
		t.Fatalf("defaults = %+v", s)
	}
	sat := Date{2026, time.November, 28}
	if s.IsWorkday(sat) || !s.IsWorkday(sat.AddDays(2)) {
		t.Fatal("Mon–Fri workdays wrong")
	}
	s.SetWorkday(time.Saturday, true)
	s.SetWorkday(time.Monday, false)
	if !s.IsWorkday(sat) || s.IsWorkday(sat.AddDays(2)) || s.Workdays[len(s.Workdays)-1] != time.Saturday {
		t.Fatalf("workdays = %v", s.Workdays)
	}
	if !s.IsLate(18*60+1) || s.IsLate(18*60) {
		t.Fatal("IsLate wrong at the boundary")
	}
	s.ClosingPhrase = ""
	if err := s.Validate(); !errors.Is(err, ErrInvalid) {
		t.Fatalf("empty phrase accepted: %v", err)
	}
}

func TestWeeklyReviewJoinsTheRitualOnTheReviewDay(t *testing.T) {
	c := DefaultChecklist()
	s := DefaultSettings()
	friday, thursday := Date{2026, time.November, 27}, Date{2026, time.November, 26}
	steps := c.StepsFor(friday, s)
	if len(steps) != 9 || steps[7].Kind != StepWeeklyReview || steps[8].Kind != StepClose {
		t.Fatalf("Friday's steps = %v", kinds(Checklist{Steps: steps}))
	}
	if len(c.StepsFor(thursday, s)) != 8 || len(c.Steps) != 8 {
		t.Fatal("the review appeared on another day, or changed the checklist")
	}
	s.ReviewDay = time.Thursday
	if c.StepsFor(thursday, s)[7].Kind != StepWeeklyReview {
		t.Fatal("the review day setting is ignored")
	}
}
