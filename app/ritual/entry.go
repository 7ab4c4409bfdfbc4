package ritual

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Meta identifies an entry and says when it was written and last changed.
// The ID lets an edit find its entry and lets two devices merge lists by
// entry rather than by position.
type Meta struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// ConflictWith names the other version of this entry when its text was
	// changed on two devices at once: both versions are kept, marked, until
	// the user keeps one or both.
	ConflictWith string `json:"conflict_with,omitempty"`
}

func newMeta(now time.Time) Meta {
	return Meta{ID: uuid.NewString(), Created: now.UTC(), Updated: now.UTC()}
}

func (m Meta) entryID() string { return m.ID }

func (m *Meta) touch(now time.Time) { m.Updated = now.UTC() }

// Win is something that shipped, got done or moved forward.
type Win struct {
	Meta
	Text string `json:"text"`
}

// UnseenKind says what sort of invisible work took the time.
type UnseenKind string

// The kinds of unseen work: work that fills a day and leaves no artifact.
const (
	KindRead        UnseenKind = "read"
	KindDebugged    UnseenKind = "debugged"
	KindWaited      UnseenKind = "waited"
	KindHelped      UnseenKind = "helped"
	KindReviewed    UnseenKind = "reviewed"
	KindCoordinated UnseenKind = "coordinated"
	KindLearned     UnseenKind = "learned"
	KindOther       UnseenKind = "other"
)

// UnseenKinds lists every kind in the order the UI offers them.
func UnseenKinds() []UnseenKind {
	return []UnseenKind{KindRead, KindDebugged, KindWaited, KindHelped, KindReviewed, KindCoordinated, KindLearned, KindOther}
}

var unseenKindLabels = map[UnseenKind]string{
	KindRead: "Read", KindDebugged: "Debugged", KindWaited: "Waited", KindHelped: "Helped or unblocked",
	KindReviewed: "Reviewed", KindCoordinated: "Coordinated", KindLearned: "Learned", KindOther: "Other",
}

// Label is the kind as the UI shows it.
func (k UnseenKind) Label() string { return unseenKindLabels[k] }

// Valid reports whether k is one of the known kinds.
func (k UnseenKind) Valid() bool { _, ok := unseenKindLabels[k]; return ok }

func checkKind(k UnseenKind) error {
	if !k.Valid() {
		names := make([]string, 0, len(unseenKindLabels))
		for _, known := range UnseenKinds() {
			names = append(names, string(known))
		}
		return invalid("Kind", fmt.Sprintf("%q is not a kind of unseen work; use one of %s", k, strings.Join(names, ", ")))
	}
	return nil
}

// Unseen is work that took the day but left nothing to show: reading,
// debugging, waiting, helping. Learned keeps what the person now knows, which
// is the proof that the time was not lost.
type Unseen struct {
	Meta
	Kind    UnseenKind `json:"kind"`
	Text    string     `json:"text"`
	Learned string     `json:"learned,omitempty"`
}

// WhenKind is how precisely an open loop's next step is planned.
type WhenKind string

// The ways to say when an open loop's next step happens.
const (
	WhenTomorrow WhenKind = "tomorrow"
	WhenThisWeek WhenKind = "this-week"
	WhenSomeday  WhenKind = "someday"
	WhenOnDate   WhenKind = "date"
)

// When is the plan for an open loop's next step: a day, or a looser horizon.
type When struct {
	Kind WhenKind `json:"kind"`
	Date Date     `json:"date,omitzero"`
}

// KindLabel names the kind of plan, as a choice in a list.
func (w When) KindLabel() string {
	switch w.Kind {
	case WhenTomorrow:
		return "Tomorrow"
	case WhenThisWeek:
		return "This week"
	case WhenOnDate:
		return "On a date"
	default:
		return "Someday"
	}
}

// Label is the plan as the UI shows it, with its date when it has one.
func (w When) Label() string {
	if w.Kind == WhenOnDate {
		return "On " + w.Date.Short()
	}
	return w.KindLabel()
}

func checkWhen(w When) error {
	switch w.Kind {
	case WhenTomorrow, WhenThisWeek, WhenSomeday:
		return nil
	case WhenOnDate:
		if w.Date.IsZero() {
			return invalid("When", "needs a date: pick the day of the next step")
		}
		return nil
	}
	return invalid("When", fmt.Sprintf("%q is not a plan; use tomorrow, this-week, someday or date", w.Kind))
}

// OpenLoop is something still on the mind at the end of the day, turned into
// a plan: a next step and a when. Open loops that are not closed come back in
// the next day's ritual until they are.
type OpenLoop struct {
	Meta
	Text     string     `json:"text"`
	NextStep string     `json:"next_step,omitempty"`
	When     When       `json:"when"`
	Closed   *time.Time `json:"closed,omitempty"`
}

// IsOpen reports whether the loop still needs attention.
func (l OpenLoop) IsOpen() bool { return l.Closed == nil }

// Line is a one-line entry such as tomorrow's first move.
type Line struct {
	Meta
	Text string `json:"text"`
	// Other is the text written on another device at the same time, kept
	// until the user chooses.
	Other string `json:"other,omitempty"`
}

// identified is what every entry list shares, so one set of helpers finds,
// replaces and removes entries by ID for all of them.
type identified interface{ entryID() string }

func indexByID[T identified](list []T, id string) int {
	for i, e := range list {
		if e.entryID() == id {
			return i
		}
	}
	return -1
}

func removeByID[T identified](list []T, id string) ([]T, error) {
	i := indexByID(list, id)
	if i < 0 {
		return list, notFound(id)
	}
	return append(list[:i:i], list[i+1:]...), nil
}

func notFound(id string) error {
	return invalid("entry", fmt.Sprintf("no entry with id %q on this day; reload and try again", id))
}
