package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/store"
)

// calendarCard puts the shutdown into the user's calendar, and takes the
// user's calendar (an .ics file exported from Google, Outlook or Apple) so
// that the ritual can offer the day's meetings as unseen work. The file
// stays on this device; choosing a newer one replaces it.
type calendarCard struct {
	app.Compo
	env *Env

	file    store.CalendarFile
	hasFile bool
	status  string
	failed  bool
}

func (c *calendarCard) OnMount(ctx app.Context) {
	if c.env.ready() {
		c.file, c.hasFile = c.env.Store.CalendarFile()
	}
}

func (c *calendarCard) Render() app.UI {
	return app.Section().Class("card").Aria("labelledby", "calendar-title").Body(
		app.H2().ID("calendar-title").Text("Calendar"),
		hint("Put the shutdown in your calendar: a recurring event at your end time on your workdays."),
		app.Button().Type("button").Class("secondary").Text("Add to calendar").OnClick(c.download),
		app.H3().Text("Meetings"),
		hint("Meetings are unseen work too. Choose your calendar exported as an .ics file, and the ritual offers each day's meetings to add; nothing is added unless you say so. The file stays in this browser and is not synced."),
		app.If(c.hasFile, app.P().Class("calendar-file").Text(c.fileLine())),
		app.Div().Class("field").Body(
			app.Label().For("calendar-file").Text(c.chooseLabel()),
			app.Input().Type("file").ID("calendar-file").Accept(".ics,text/calendar").OnChange(c.read),
		),
		app.If(c.hasFile, app.Button().Type("button").Class("quiet").Text("Remove the calendar").OnClick(c.remove)),
		statusLine(c.status, c.failed),
	)
}

func (c *calendarCard) fileLine() string {
	return fmt.Sprintf("Meetings come from %s, chosen %s.", c.file.Name, c.env.Style().Long(ritual.DateOf(c.file.Chosen.In(c.env.Now().Location()))))
}

func (c *calendarCard) chooseLabel() string {
	if c.hasFile {
		return "Choose a newer calendar file"
	}
	return "Choose a calendar file"
}

func (c *calendarCard) download(ctx app.Context, e app.Event) {
	now := c.env.Now()
	text, err := ritual.ShutdownCalendar(c.env.Store.Settings(), ritual.DateOf(now), now)
	if err != nil {
		c.status, c.failed = errText(err), true
		return
	}
	downloadFile("sundown-shutdown.ics", "text/calendar;charset=utf-8", text)
	c.status, c.failed = "Downloaded sundown-shutdown.ics: open it to add the event to your calendar.", false
}

// read reads the chosen file and its meetings of today off the UI
// goroutine, and keeps it only when it reads as a calendar.
func (c *calendarCard) read(ctx app.Context, e app.Event) {
	input := ctx.JSSrc()
	name := input.Get("files").Index(0).Get("name").String()
	today := c.env.Today()
	c.status, c.failed = "Reading the calendar…", false
	ctx.Async(func() {
		text, size, err := readChosenFile(input)
		if err == nil && size > maxReadBytes {
			err = fmt.Errorf("the file is %.1f MB, larger than Sundown reads (%d MB): export a shorter span of the calendar", float64(size)/(1<<20), maxReadBytes>>20)
		}
		var byDay map[ritual.Date][]ritual.Meeting
		if err == nil {
			byDay, err = meetingsOn(text, []ritual.Date{today})
		}
		ctx.Dispatch(func(ctx app.Context) { c.keep(name, text, len(byDay[today]), err) })
	})
}

func (c *calendarCard) keep(name, text string, today int, err error) {
	if err == nil {
		f := store.CalendarFile{Name: name, Chosen: c.env.Now(), Text: text}
		if err = c.env.Store.SaveCalendarFile(f); err == nil {
			c.file, c.hasFile = f, true
		}
	}
	if err != nil {
		c.status, c.failed = "The calendar was not kept. "+errText(err), true
		return
	}
	c.status, c.failed = fmt.Sprintf("Kept %s: %s today.", name, ritual.Plural(today, "meeting")), false
}

func (c *calendarCard) remove(ctx app.Context, e app.Event) {
	if err := c.env.Store.ForgetCalendarFile(); err != nil {
		c.status, c.failed = errText(err), true
		return
	}
	c.file, c.hasFile = store.CalendarFile{}, false
	c.status, c.failed = "The calendar was removed from this browser.", false
}
