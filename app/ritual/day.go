package ritual

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// StepStatus records what the user did with one step of the ritual.
type StepStatus string

// A step is either done or deliberately skipped; a step never reached has no status.
const (
	StepDone    StepStatus = "done"
	StepSkipped StepStatus = "skipped"
)

// Day is one calendar day's shutdown: how far the ritual got, when it started
// and ended, and everything written down along the way.
type Day struct {
	Date      Date                  `json:"date"`
	Steps     map[string]StepStatus `json:"steps,omitempty"` // by checklist step ID
	Started   *Stamp                `json:"started,omitempty"`
	Completed *Stamp                `json:"completed,omitempty"`
	Wins      []Win                 `json:"wins,omitempty"`
	Unseen    []Unseen              `json:"unseen,omitempty"`
	Loops     []OpenLoop            `json:"loops,omitempty"`
	FirstMove *Line                 `json:"first_move,omitempty"`
	Energy    int                   `json:"energy,omitempty"` // 1–5; 0 means not recorded
	Note      *Line                 `json:"note,omitempty"`
	// Off marks a vacation or other day off: never counted, never blamed.
	Off bool `json:"off,omitempty"`
}

// NewDay returns an empty day for date.
func NewDay(date Date) Day { return Day{Date: date} }

// IsClosed reports whether the day's shutdown was completed.
func (d *Day) IsClosed() bool { return d.Completed != nil }

// IsEmpty reports whether nothing at all was recorded for the day.
func (d *Day) IsEmpty() bool {
	return d.Started == nil && d.Completed == nil && len(d.Wins) == 0 && len(d.Unseen) == 0 &&
		len(d.Loops) == 0 && d.FirstMove == nil && d.Energy == 0 && d.Note == nil && len(d.Steps) == 0 && !d.Off
}

// Start records the moment the shutdown began; starting again keeps the first moment.
func (d *Day) Start(at Stamp) {
	if d.Started == nil {
		d.Started = &at
	}
}

// Complete closes the day at the given moment. Closing a day again (after an
// edit in History, say) keeps the original closing time: that is the time the
// workday really ended.
func (d *Day) Complete(at Stamp) {
	d.Start(at)
	if d.Completed == nil {
		d.Completed = &at
	}
}

// MarkStep records what happened to one checklist step.
func (d *Day) MarkStep(stepID string, status StepStatus) {
	if d.Steps == nil {
		d.Steps = map[string]StepStatus{}
	}
	d.Steps[stepID] = status
}

// AddWin records a win.
func (d *Day) AddWin(text string, now time.Time) (Win, error) {
	text = strings.TrimSpace(text)
	if err := checkText("Win", text); err != nil {
		return Win{}, err
	}
	w := Win{Meta: newMeta(now), Text: text}
	d.Wins = append(d.Wins, w)
	return w, nil
}

// EditWin changes a win's text.
func (d *Day) EditWin(id, text string, now time.Time) error {
	text = strings.TrimSpace(text)
	i := indexByID(d.Wins, id)
	if i < 0 {
		return notFound(id)
	}
	if err := checkText("Win", text); err != nil {
		return err
	}
	d.Wins[i].Text = text
	d.Wins[i].touch(now)
	return nil
}

// RemoveWin deletes a win.
func (d *Day) RemoveWin(id string) (err error) {
	d.Wins, err = removeByID(d.Wins, id)
	return err
}

// UnseenInput is what the user writes for one piece of unseen work.
type UnseenInput struct {
	Kind    UnseenKind
	Text    string
	Learned string
}

// trimmed drops the spaces a paste or a stray key leaves around the texts.
func (in UnseenInput) trimmed() UnseenInput {
	in.Text, in.Learned = strings.TrimSpace(in.Text), strings.TrimSpace(in.Learned)
	return in
}

func (in UnseenInput) check() error {
	if err := checkKind(in.Kind); err != nil {
		return err
	}
	if err := checkText("Unseen work", in.Text); err != nil {
		return err
	}
	return checkOptionalText("What I now know", in.Learned)
}

// AddUnseen records a piece of unseen work.
func (d *Day) AddUnseen(in UnseenInput, now time.Time) (Unseen, error) {
	in = in.trimmed()
	if err := in.check(); err != nil {
		return Unseen{}, err
	}
	u := Unseen{Meta: newMeta(now), Kind: in.Kind, Text: in.Text, Learned: in.Learned}
	d.Unseen = append(d.Unseen, u)
	return u, nil
}

// EditUnseen replaces what a piece of unseen work says.
func (d *Day) EditUnseen(id string, in UnseenInput, now time.Time) error {
	in = in.trimmed()
	i := indexByID(d.Unseen, id)
	if i < 0 {
		return notFound(id)
	}
	if err := in.check(); err != nil {
		return err
	}
	u := &d.Unseen[i]
	u.Kind, u.Text, u.Learned = in.Kind, in.Text, in.Learned
	u.touch(now)
	return nil
}

// RemoveUnseen deletes a piece of unseen work.
func (d *Day) RemoveUnseen(id string) (err error) {
	d.Unseen, err = removeByID(d.Unseen, id)
	return err
}

// LoopInput is what the user writes for an open loop.
type LoopInput struct {
	Text     string
	NextStep string
	When     When
}

// trimmed drops the spaces a paste or a stray key leaves around the texts.
func (in LoopInput) trimmed() LoopInput {
	in.Text, in.NextStep = strings.TrimSpace(in.Text), strings.TrimSpace(in.NextStep)
	return in
}

func (in LoopInput) check() error {
	if err := checkText("Open loop", in.Text); err != nil {
		return err
	}
	if err := checkOptionalText("Next step", in.NextStep); err != nil {
		return err
	}
	return checkWhen(in.When)
}

// AddLoop records an open loop.
func (d *Day) AddLoop(in LoopInput, now time.Time) (OpenLoop, error) {
	in = in.trimmed()
	if err := in.check(); err != nil {
		return OpenLoop{}, err
	}
	l := OpenLoop{Meta: newMeta(now), Text: in.Text, NextStep: in.NextStep, When: in.When}
	d.Loops = append(d.Loops, l)
	return l, nil
}

// EditLoop replaces what an open loop says.
func (d *Day) EditLoop(id string, in LoopInput, now time.Time) error {
	in = in.trimmed()
	i := indexByID(d.Loops, id)
	if i < 0 {
		return notFound(id)
	}
	if err := in.check(); err != nil {
		return err
	}
	l := &d.Loops[i]
	l.Text, l.NextStep, l.When = in.Text, in.NextStep, in.When
	l.touch(now)
	return nil
}

// SetLoopClosed closes an open loop, or reopens a closed one.
func (d *Day) SetLoopClosed(id string, closed bool, now time.Time) error {
	i := indexByID(d.Loops, id)
	if i < 0 {
		return notFound(id)
	}
	l := &d.Loops[i]
	l.Closed = nil
	if closed {
		at := now.UTC()
		l.Closed = &at
	}
	l.touch(now)
	return nil
}

// RemoveLoop deletes an open loop.
func (d *Day) RemoveLoop(id string) (err error) {
	d.Loops, err = removeByID(d.Loops, id)
	return err
}

// OpenLoopCount counts the loops of the day that are not closed.
func (d *Day) OpenLoopCount() int {
	n := 0
	for _, l := range d.Loops {
		if l.IsOpen() {
			n++
		}
	}
	return n
}

// SetFirstMove sets tomorrow's first move; an empty text clears it.
func (d *Day) SetFirstMove(text string, now time.Time) error {
	return setLine(&d.FirstMove, "Tomorrow's first move", text, now)
}

// SetNote sets the day's free note; an empty text clears it.
func (d *Day) SetNote(text string, now time.Time) error {
	return setLine(&d.Note, "Note", text, now)
}

func setLine(line **Line, field, text string, now time.Time) error {
	text = strings.TrimSpace(text)
	if text == "" {
		*line = nil
		return nil
	}
	if err := checkOptionalText(field, text); err != nil {
		return err
	}
	if *line == nil {
		*line = &Line{Meta: newMeta(now)}
	}
	(*line).Text = text
	(*line).touch(now)
	return nil
}

func checkEnergy(level int) error {
	if level < 0 || level > 5 {
		return invalid("Energy", fmt.Sprintf("%d is out of range: pick 1 to 5, or leave it empty", level))
	}
	return nil
}

// SetEnergy records the day's energy from 1 (drained) to 5 (full); 0 clears it.
func (d *Day) SetEnergy(level int) error {
	if err := checkEnergy(level); err != nil {
		return err
	}
	d.Energy = level
	return nil
}

// Clone returns a copy of d that shares nothing with it, so a change can be
// tried on the copy and thrown away if saving it fails.
func (d Day) Clone() Day {
	c := d
	c.Steps = maps.Clone(d.Steps)
	c.Wins = slices.Clone(d.Wins)
	c.Unseen = slices.Clone(d.Unseen)
	c.Loops = slices.Clone(d.Loops)
	c.FirstMove = clonePtr(d.FirstMove)
	c.Note = clonePtr(d.Note)
	c.Started = clonePtr(d.Started)
	c.Completed = clonePtr(d.Completed)
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}
