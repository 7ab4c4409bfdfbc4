package store

import "github.com/remoteml/sundown/app/ritual"

// Drafts are the words typed into a field that adds an entry to a day (a
// win, unseen work, an open loop) and not added yet. Nothing is saved
// until Add, so closing the tab, or a phone dropping the page, took them.
// They are kept in the device's storage (localStorage, written at once and
// outliving the page) as they are typed, and go once the entry is added.
// They are this device's only: not data to back up, move or sync, so they
// are kept outside the data's prefix, as the notes of edits are.
const draftPrefix = "sundown-draft/"

func draftKey(date ritual.Date, field string) string {
	return draftPrefix + date.String() + "/" + field
}

// Draft returns what was typed into field for the day date and not added,
// "" when nothing was (or the device's storage cannot be read).
func (s *Store) Draft(date ritual.Date, field string) string {
	v, ok, err := s.device.Get(draftKey(date, field))
	if err != nil || !ok {
		return ""
	}
	return v
}

// KeepDraft keeps text as what is typed into field for the day date; ""
// removes it. A device storage that refuses it (full, or private mode)
// keeps nothing, and the words are in the field as before.
func (s *Store) KeepDraft(date ritual.Date, field, text string) error {
	if text == "" {
		return s.device.Delete(draftKey(date, field))
	}
	return s.device.Set(draftKey(date, field), text)
}
