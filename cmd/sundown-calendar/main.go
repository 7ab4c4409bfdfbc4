//go:build js && wasm

// Command sundown-calendar reads the meetings of a day out of the calendar
// file the user chose (package meetings) inside a Web Worker
// (web/calendar-worker.js). It is a program of its own, loaded only by
// someone who chose a calendar: the iCalendar parser, the recurrence rules
// and the time zone database it needs would otherwise add to everyone's
// download of the app.
package main

import (
	"encoding/json"
	"strings"
	"syscall/js"
	"time"
	_ "time/tzdata" // the browser has no time zone files; TZIDs need them

	"github.com/remoteml/sundown/app/meetings"
	"github.com/remoteml/sundown/app/ritual"
)

func main() {
	js.Global().Set("sundownMeetings", js.FuncOf(meetingsOn))
	select {} // keep serving the worker's messages
}

// meetingsOn takes (calendar text, days as "YYYY-MM-DD,YYYY-MM-DD…", IANA
// time zone or "") and returns {meetings: JSON of each day's meetings} or
// {error: text}.
func meetingsOn(_ js.Value, args []js.Value) any {
	answer := func(key, value string) any { return map[string]any{key: value} }
	cal, err := meetings.Parse(args[0].String())
	if err != nil {
		return answer("error", err.Error())
	}
	loc := time.Local
	if l, err := time.LoadLocation(args[2].String()); err == nil && args[2].String() != "" {
		loc = l
	}
	byDay := map[ritual.Date][]ritual.Meeting{}
	for _, d := range strings.Split(args[1].String(), ",") {
		day, err := ritual.ParseDate(d)
		if err != nil {
			return answer("error", err.Error())
		}
		byDay[day] = cal.On(day, loc)
	}
	data, err := json.Marshal(byDay)
	if err != nil {
		return answer("error", err.Error())
	}
	return answer("meetings", string(data))
}
