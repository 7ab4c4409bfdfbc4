//go:build js && wasm

package ui

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/remoteml/sundown/app/ritual"
)

// meetingsOn reads the meetings of days out of a calendar file, in the
// calendar worker (web/calendar-worker.js running cmd/sundown-calendar):
// the parser and the time zone database stay out of the app's download.
// It blocks: call it in ctx.Async.
func meetingsOn(calendar string, days []ritual.Date) (map[ritual.Date][]ritual.Meeting, error) {
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = d.String()
	}
	data, err := askWorker("/web/calendar-worker.js", "reads your calendar", map[string]any{"calendar": calendar, "days": strings.Join(names, ",")})
	if err != nil {
		return nil, err
	}
	if e := data.Get("error"); e.Truthy() {
		return nil, errors.New(e.String())
	}
	var byDay map[ritual.Date][]ritual.Meeting
	if err := json.Unmarshal([]byte(data.Get("meetings").String()), &byDay); err != nil {
		return nil, errors.New("the calendar reader gave an answer Sundown cannot read: reload the page and try again")
	}
	return byDay, nil
}
