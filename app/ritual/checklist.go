package ritual

import (
	"fmt"
	"slices"

	"github.com/google/uuid"
)

// StepKind says what a checklist step does; the UI has one screen per kind.
type StepKind string

// The kinds of step. Only KindCustom may appear more than once: it is a plain
// reminder the user wrote ("Water the plants", "Close the laptop lid").
const (
	StepMarkStop  StepKind = "mark-stop"
	StepSweep     StepKind = "sweep"
	StepWins      StepKind = "wins"
	StepUnseen    StepKind = "unseen"
	StepLoops     StepKind = "loops"
	StepFirstMove StepKind = "first-move"
	StepEnergy    StepKind = "energy"
	StepClose     StepKind = "close"
	StepCustom    StepKind = "custom"
	// StepWeeklyReview is added by the ritual itself on the review day; it
	// is never part of a saved checklist.
	StepWeeklyReview StepKind = "weekly-review"
)

// Step is one screen of the ritual.
type Step struct {
	ID    string   `json:"id"`
	Kind  StepKind `json:"kind"`
	Title string   `json:"title"`
}

// Checklist is the user's own version of the ritual: which steps, in which
// order, with which titles. It always ends with the close, because the close
// is what makes it a shutdown rather than a list.
type Checklist struct {
	Steps []Step `json:"steps"`
}

// DefaultChecklist is the ritual as Sundown suggests it.
func DefaultChecklist() Checklist {
	return Checklist{Steps: []Step{
		{ID: "mark-stop", Kind: StepMarkStop, Title: "Mark the stop"},
		{ID: "sweep", Kind: StepSweep, Title: "Sweep your inputs"},
		{ID: "wins", Kind: StepWins, Title: "Wins"},
		{ID: "unseen", Kind: StepUnseen, Title: "Unseen work"},
		{ID: "loops", Kind: StepLoops, Title: "Open loops"},
		{ID: "first-move", Kind: StepFirstMove, Title: "Tomorrow's first move"},
		{ID: "energy", Kind: StepEnergy, Title: "Energy"},
		{ID: "close", Kind: StepClose, Title: "Close"},
	}}
}

// Missing returns the built-in steps that the user removed, so the editor
// can offer to put them back.
func (c Checklist) Missing() []Step {
	var missing []Step
	for _, s := range DefaultChecklist().Steps {
		if !slices.ContainsFunc(c.Steps, func(have Step) bool { return have.Kind == s.Kind }) {
			missing = append(missing, s)
		}
	}
	return missing
}

// Add appends a step just before the close. A built-in kind that is already
// present is refused; custom steps get a fresh ID.
func (c *Checklist) Add(s Step) error {
	if s.Kind == StepCustom {
		s.ID = uuid.NewString()
	}
	if err := checkText("Step title", s.Title); err != nil {
		return err
	}
	next := Checklist{Steps: slices.Insert(slices.Clone(c.Steps), len(c.Steps)-1, s)}
	if err := next.Validate(); err != nil {
		return err
	}
	*c = next
	return nil
}

// Rename changes a step's title.
func (c *Checklist) Rename(id, title string) error {
	i := c.index(id)
	if i < 0 {
		return unknownStep(id)
	}
	if err := checkText("Step title", title); err != nil {
		return err
	}
	c.Steps[i].Title = title
	return nil
}

// Remove deletes a step. The close cannot be removed.
func (c *Checklist) Remove(id string) error {
	i := c.index(id)
	if i < 0 {
		return unknownStep(id)
	}
	if c.Steps[i].Kind == StepClose {
		return invalid("Checklist", "the close cannot be removed: it is what ends the day")
	}
	c.Steps = slices.Delete(c.Steps, i, i+1)
	return nil
}

// Move shifts a step up (delta -1) or down (delta +1). The close stays last.
func (c *Checklist) Move(id string, delta int) error {
	i := c.index(id)
	if i < 0 {
		return unknownStep(id)
	}
	j := i + delta
	if j < 0 || j >= len(c.Steps) || c.Steps[i].Kind == StepClose || c.Steps[j].Kind == StepClose {
		return nil // already as far as it can go; nothing to do
	}
	c.Steps[i], c.Steps[j] = c.Steps[j], c.Steps[i]
	return nil
}

// index returns the position of the step with id, or -1.
func (c Checklist) index(id string) int {
	return slices.IndexFunc(c.Steps, func(s Step) bool { return s.ID == id })
}

// Validate checks that the checklist is one the ritual can walk: known kinds,
// unique IDs, each built-in step at most once, and the close last.
func (c Checklist) Validate() error {
	if len(c.Steps) == 0 || c.Steps[len(c.Steps)-1].Kind != StepClose {
		return invalid("Checklist", "must end with the close step")
	}
	ids := map[string]bool{}
	kinds := map[StepKind]bool{}
	for i, s := range c.Steps {
		if !validStepKinds[s.Kind] {
			return invalid("Checklist", fmt.Sprintf("step %d has unknown kind %q", i+1, s.Kind))
		}
		if s.ID == "" || ids[s.ID] {
			return invalid("Checklist", fmt.Sprintf("step %d has a missing or repeated id", i+1))
		}
		if s.Kind != StepCustom && kinds[s.Kind] {
			return invalid("Checklist", fmt.Sprintf("the %q step appears twice", s.Title))
		}
		if err := checkText("Step title", s.Title); err != nil {
			return err
		}
		ids[s.ID], kinds[s.Kind] = true, true
	}
	return nil
}

var validStepKinds = map[StepKind]bool{
	StepMarkStop: true, StepSweep: true, StepWins: true, StepUnseen: true, StepLoops: true,
	StepFirstMove: true, StepEnergy: true, StepClose: true, StepCustom: true,
}

func unknownStep(id string) error {
	return invalid("Checklist", fmt.Sprintf("no step with id %q; reload and try again", id))
}

// StepsFor is the ritual for one day: the checklist, with the weekly review
// before the close on the user's review day.
func (c Checklist) StepsFor(date Date, s Settings) []Step {
	steps := slices.Clone(c.Steps)
	if date.Weekday() == s.ReviewDay {
		review := Step{ID: "weekly-review", Kind: StepWeeklyReview, Title: "Weekly review"}
		steps = slices.Insert(steps, len(steps)-1, review)
	}
	return steps
}
