package store

import (
	"slices"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

// The calendar file the user chose for meetings stays on this device: it
// is neither synced nor in backups, and the page does not read it at start
// (web/open-storage.js leaves it out).
const (
	calendarFileKey      = prefix + "meetings/file"
	dismissedMeetingsKey = prefix + "meetings/dismissed"
)

var (
	calendarFileFormat = format{current: 1}
	dismissedFormat    = format{current: 1}
)

// dismissedDays is how long a dismissed meeting is remembered: past the
// catch-up of a missed day, and no longer.
const dismissedDays = 14

// CalendarFile is the calendar (.ics) the user chose, as it was chosen.
type CalendarFile struct {
	Name   string    `json:"name"`
	Chosen time.Time `json:"chosen"`
	Text   string    `json:"text"`
}

// CalendarFile returns the chosen calendar, if there is one.
func (s *Store) CalendarFile() (CalendarFile, bool) {
	f, _, _ := readSingle(s, calendarFileKey, calendarFileFormat, nil, empty[CalendarFile])
	return f, f.Text != ""
}

// SaveCalendarFile keeps f in place of any calendar chosen before.
func (s *Store) SaveCalendarFile(f CalendarFile) error {
	return s.writeSingle(calendarFileKey, calendarFileFormat, f)
}

// ForgetCalendarFile removes the chosen calendar and what was dismissed of it.
func (s *Store) ForgetCalendarFile() error {
	if err := s.kv.Delete(calendarFileKey); err != nil {
		return err
	}
	return s.kv.Delete(dismissedMeetingsKey)
}

// DismissedMeetings are the meetings of day the user dismissed (their IDs).
func (s *Store) DismissedMeetings(day ritual.Date) []string {
	return s.dismissed()[day]
}

// DismissMeeting remembers that the user does not want the meeting id of
// day offered again, and forgets what was dismissed more than two weeks
// before it.
func (s *Store) DismissMeeting(day ritual.Date, id string) error {
	_, err := changeSingle(s, dismissedMeetingsKey, "The dismissed meetings", dismissedFormat, nil, empty,
		func(all map[ritual.Date][]string) (map[ritual.Date][]string, bool) {
			if all == nil {
				all = map[ritual.Date][]string{}
			}
			for d := range all {
				if d.Before(day.AddDays(-dismissedDays)) {
					delete(all, d)
				}
			}
			if !slices.Contains(all[day], id) {
				all[day] = append(all[day], id)
			}
			return all, true
		})
	return err
}

func (s *Store) dismissed() map[ritual.Date][]string {
	all, _, _ := readSingle(s, dismissedMeetingsKey, dismissedFormat, nil, empty[map[ritual.Date][]string])
	return all
}
