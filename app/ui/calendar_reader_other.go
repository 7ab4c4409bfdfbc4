//go:build !(js && wasm)

package ui

import (
	"time"

	"github.com/remoteml/sundown/app/meetings"
	"github.com/remoteml/sundown/app/ritual"
)

// meetingsOn reads the meetings of days out of a calendar file, in place.
func meetingsOn(calendar string, days []ritual.Date) (map[ritual.Date][]ritual.Meeting, error) {
	c, err := meetings.Parse(calendar)
	if err != nil {
		return nil, err
	}
	byDay := map[ritual.Date][]ritual.Meeting{}
	for _, d := range days {
		byDay[d] = c.On(d, time.Local)
	}
	return byDay, nil
}
