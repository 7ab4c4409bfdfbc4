//go:build !(js && wasm)

package ui

import (
	"time"

	"github.com/remoteml/sundown/app/meetings"
	"github.com/remoteml/sundown/app/ritual"
)

// meetingsOn reads the meetings of day out of a calendar file, in place.
func meetingsOn(calendar string, day ritual.Date) ([]ritual.Meeting, error) {
	c, err := meetings.Parse(calendar)
	if err != nil {
		return nil, err
	}
	return c.On(day, time.Local), nil
}
