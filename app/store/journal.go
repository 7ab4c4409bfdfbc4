package store

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/remoteml/sundown/app/ritual"
)

// An edit of a day reaches the browser's database in several steps, each
// waiting for it. A page closed or reloaded in that moment (a field left
// with Tab, and the tab closed at once) cuts them short, and the words
// would be gone with no word of it. So an edit made here is first noted in
// the device's storage (localStorage, which a script writes at once and
// which an unload does not undo), and the note is removed as soon as the day
// is written. The next store opened on this device finishes what a note left
// behind describes (finishEdits).

// editNotePrefix is where the notes are kept, one per day and store (a
// tab: two tabs editing one day must not take each other's note), outside
// the data's prefix: they are not data to move, back up or sync.
const editNotePrefix = "sundown-unfinished-edit/"

// editNote is an edit on its way to the database: the day's value it was
// made to, and the value it writes.
type editNote struct {
	Read  *string `json:"read"` // nil when no day was stored
	Wrote string  `json:"wrote"`
}

func (s *Store) editNoteKey(d ritual.Date) string {
	return editNotePrefix + d.String() + "/" + s.tab
}

// noteEdit notes an edit of the day date before it is written. Should the
// device's storage refuse the note, the edit is written all the same, as it
// was before notes: the note only covers the moment of an unload.
func (s *Store) noteEdit(date ritual.Date, over *asRead, value string) {
	note := editNote{Wrote: value}
	if over.present {
		note.Read = &over.value
	}
	raw, err := json.Marshal(note)
	if err == nil {
		_ = s.device.Set(s.editNoteKey(date), string(raw))
	}
}

// editWritten removes the note of an edit once its day is written, or its
// write has failed and said so.
func (s *Store) editWritten(date ritual.Date) { _ = s.device.Delete(s.editNoteKey(date)) }

// finishEdits writes the edits whose notes a page left behind. A note that
// cannot be finished now (the database refused) is kept for the next start.
func (s *Store) finishEdits() {
	keys, err := s.device.Keys()
	if err != nil {
		return
	}
	for _, k := range keys {
		rest, ok := strings.CutPrefix(k, editNotePrefix)
		if !ok {
			continue
		}
		day, _, _ := strings.Cut(rest, "/")
		date, err := ritual.ParseDate(day)
		raw, found, readErr := s.device.Get(k)
		if readErr != nil {
			continue // kept for the next start, which may read it
		}
		var note editNote
		if err != nil || !found || json.Unmarshal([]byte(raw), &note) != nil {
			_ = s.device.Delete(k) // not a note this version wrote: nothing can be made of it
			continue
		}
		if s.finishEdit(date, note) == nil {
			_ = s.device.Delete(k)
		}
	}
}

// finishEdit writes a noted edit of the day date. The day may hold what
// the edit wrote (only the note's removal was cut short), or still what
// it was made to; or another tab or a sync wrote the day since, and then
// the edit is merged into what it holds, as two devices' edits are. The
// sync state is the day's as it is now: a sync may have moved it on.
func (s *Store) finishEdit(date ritual.Date, note editNote) error {
	var wrote, read storedDay
	if err := dayFormat.decode(note.Wrote, &wrote); errors.Is(err, errNewerSchema) {
		return err // a newer Sundown's note: kept for it
	} else if err != nil || wrote.Day.Date != date {
		return nil // nothing a day can be made of: the note goes
	}
	read.Day = ritual.NewDay(date)
	if note.Read != nil {
		if dayFormat.decode(*note.Read, &read) != nil {
			read.Day = ritual.NewDay(date)
		}
	}
	_, err := s.rewriteDay(date, s.currentDay, func(current storedDay, found bool) (storedDay, error) {
		switch {
		case found && ritual.SameDay(current.Day, wrote.Day):
			return storedDay{}, errWrittenAlready
		case same(note.Read, found, current, read):
			current.Day = wrote.Day
		default:
			current.Day = ritual.MergeDays(read.Day, wrote.Day, current.Day)
		}
		if s.syncing || (wrote.Sync != nil && wrote.Sync.Dirty) { // sync may have been turned on since
			if current.Sync == nil {
				current.Sync = &SyncMeta{}
			}
			current.Sync.Dirty = true
		}
		return current, nil
	}, false)
	if errors.Is(err, errWrittenAlready) {
		return nil
	}
	return err
}

// errWrittenAlready means the day holds what a noted edit wrote.
var errWrittenAlready = errors.New("the edit is written already")

// same reports whether the day as it is now is the one an edit was made to.
func same(read *string, found bool, current, wasRead storedDay) bool {
	if read == nil {
		return !found
	}
	return found && ritual.SameDay(current.Day, wasRead.Day)
}
