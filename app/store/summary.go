package store

import (
	"encoding/json"

	"github.com/remoteml/sundown/app/ritual"
)

// DaySummary returns what a list of days shows of the stored day for date
// (an empty day's when there is none). It decodes only that (see
// ritual.SummaryJSON) and does not check the day: a value in another format,
// or one that does not decode, goes the way of Day, which migrates, refuses
// or sets it aside, and says so.
func (s *Store) DaySummary(date ritual.Date) (ritual.DaySummary, error) {
	raw, ok, err := s.kv.Get(dayKey(date))
	if err == nil && ok {
		if sum, read := readSummary(raw, date); read {
			return sum, nil
		}
	}
	day, err := s.Day(date)
	return day.Summary(), err
}

// readSummary decodes the summary of a day stored in the current format.
func readSummary(raw string, date ritual.Date) (ritual.DaySummary, bool) {
	env, err := split(raw)
	if err != nil || env.Schema != dayFormat.current {
		return ritual.DaySummary{}, false
	}
	var v struct {
		Day ritual.SummaryJSON `json:"day"`
	}
	if err := json.Unmarshal(env.Data, &v); err != nil || v.Day.Date != date {
		return ritual.DaySummary{}, false
	}
	return v.Day.Summary(), true
}
