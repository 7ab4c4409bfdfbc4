//go:build js && wasm

package ui

import (
	"encoding/json"
	"errors"

	"github.com/remoteml/sundown/app/ritual"
)

// meetingsOn reads the meetings of day out of a calendar file, in the
// calendar worker (web/calendar-worker.js running cmd/sundown-calendar):
// the parser and the time zone database stay out of the app's download.
// It blocks: call it in ctx.Async.
func meetingsOn(calendar string, day ritual.Date) ([]ritual.Meeting, error) {
	data, err := askWorker("/web/calendar-worker.js", "reads your calendar", map[string]any{"calendar": calendar, "day": day.String()})
	if err != nil {
		return nil, err
	}
	if e := data.Get("error"); e.Truthy() {
		return nil, errors.New(e.String())
	}
	var ms []ritual.Meeting
	if err := json.Unmarshal([]byte(data.Get("meetings").String()), &ms); err != nil {
		return nil, errors.New("the calendar reader gave an answer Sundown cannot read: reload the page and try again")
	}
	return ms, nil
}
