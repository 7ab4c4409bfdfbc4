package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// meetingTime shows, on Insights, the time in meetings of each week next to
// its wins, from the calendar chosen in Settings (nothing without one):
// meetings are unseen work too, and a week of them explains a week of few
// wins.
type meetingTime struct {
	app.Compo
	Env   *Env
	Weeks []ritual.WeekTotals
	To    ritual.Date // the last day counted: today
	Style ritual.Style

	minutes  []int
	loadedTo ritual.Date
	loadedN  int
	err      string
}

func (m *meetingTime) OnMount(ctx app.Context)  { m.load(ctx) }
func (m *meetingTime) OnUpdate(ctx app.Context) { m.load(ctx) }

// load reads the period's meetings in the calendar worker, once per period.
func (m *meetingTime) load(ctx app.Context) {
	if !m.Env.ready() || len(m.Weeks) == 0 || (m.loadedTo == m.To && m.loadedN == len(m.Weeks)) {
		return
	}
	file, ok := m.Env.Store.CalendarFile()
	if !ok {
		return
	}
	m.loadedTo, m.loadedN = m.To, len(m.Weeks)
	starts := make([]ritual.Date, len(m.Weeks))
	var days []ritual.Date
	for i, w := range m.Weeks {
		starts[i] = w.Start
		for i := range 7 {
			if d := w.Start.AddDays(i); !m.To.Before(d) {
				days = append(days, d)
			}
		}
	}
	ctx.Async(func() {
		byDay, err := meetingsOn(file.Text, days)
		ctx.Dispatch(func(ctx app.Context) {
			m.minutes, m.err = ritual.MeetingMinutes(starts, byDay), ""
			if err != nil {
				m.minutes, m.err = nil, "Your calendar's meetings could not be read ("+errText(err)+")."
			}
		})
	})
}

func (m *meetingTime) Render() app.UI {
	if m.err != "" {
		return app.P().Class("notice notice-error").Text(m.err)
	}
	if len(m.minutes) != len(m.Weeks) || len(m.Weeks) == 0 {
		return app.Div().Hidden(true)
	}
	last := len(m.Weeks) - 1
	var rows [][]string
	for i, w := range m.Weeks {
		rows = append(rows, []string{"Week of " + m.Style.Short(w.Start), ritual.Duration(m.minutes[i]), fmt.Sprint(w.Wins)})
	}
	return app.Div().Class("meeting-time").Body(
		app.H3().Text("Time in meetings"),
		app.P().Text(fmt.Sprintf("This week: %s in meetings, next to %s.", ritual.Duration(m.minutes[last]), ritual.Plural(m.Weeks[last].Wins, "win"))),
		numbers("Time in meetings per week, from your calendar", []string{"Week", "In meetings", "Wins"}, rows),
	)
}
