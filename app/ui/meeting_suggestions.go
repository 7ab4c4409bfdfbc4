package ui

import (
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// meetingSuggestions offers the day's meetings, from the calendar the user
// chose in Settings, as unseen work: each to add with one press
// ("Coordinated · Design review, 45 min") or to dismiss. Nothing is added
// without the user; a meeting added or dismissed is not offered again.
type meetingSuggestions struct {
	app.Compo
	Env    *Env
	Date   ritual.Date
	Unseen []ritual.Unseen
	Edit   editFunc

	meetings  []ritual.Meeting
	dismissed []string
	loadedFor ritual.Date
	err       string
}

func (m *meetingSuggestions) OnMount(ctx app.Context) { m.load(ctx) }

// load reads the day's meetings in the calendar worker, once per day shown.
func (m *meetingSuggestions) load(ctx app.Context) {
	if !m.Env.ready() || m.loadedFor == m.Date {
		return
	}
	file, ok := m.Env.Store.CalendarFile()
	if !ok {
		return
	}
	day := m.Date
	m.loadedFor, m.dismissed = day, m.Env.Store.DismissedMeetings(day)
	ctx.Async(func() {
		byDay, err := meetingsOn(file.Text, []ritual.Date{day})
		ctx.Dispatch(func(ctx app.Context) {
			m.meetings, m.err = byDay[day], ""
			if err != nil {
				m.err = "The meetings of your calendar could not be read (" + errText(err) + "). Choose the file again in Settings → Calendar."
			}
		})
	})
}

// offered are the meetings neither added nor dismissed.
func (m *meetingSuggestions) offered() []ritual.Meeting {
	var out []ritual.Meeting
	for _, mt := range m.meetings {
		added := slices.ContainsFunc(m.Unseen, func(u ritual.Unseen) bool { return u.Text == mt.Entry() })
		if !added && !slices.Contains(m.dismissed, mt.ID()) {
			out = append(out, mt)
		}
	}
	return out
}

func (m *meetingSuggestions) Render() app.UI {
	offered := m.offered()
	if len(offered) == 0 && m.err == "" {
		return app.Div().Hidden(true)
	}
	style := m.Env.Style()
	return app.Section().Class("suggestions").Aria("labelledby", "meetings-title").Body(
		app.H3().ID("meetings-title").Text("From your calendar"),
		app.If(m.err != "", app.P().Class("notice notice-error").Text(m.err)),
		app.Ul().Class("entries").Aria("label", "Meetings to add").Body(app.Range(offered).Slice(func(i int) app.UI {
			mt := offered[i]
			return app.Li().Class("entry").Body(
				app.Div().Class("entry-text").Body(
					app.Span().Text(ritual.KindCoordinated.Label()+" · "+mt.Entry()),
					app.Span().Class("entry-details").Text("at "+style.Clock(ritual.ClockOf(mt.Start))),
				),
				app.Div().Class("entry-actions").Body(
					app.Button().Type("button").Class("secondary").Text("Add").Aria("label", "Add "+mt.Title).
						OnClick(func(ctx app.Context, e app.Event) { m.add(mt) }),
					app.Button().Type("button").Class("quiet").Text("Dismiss").Aria("label", "Dismiss "+mt.Title).
						OnClick(func(ctx app.Context, e app.Event) { m.dismiss(mt) }),
				),
			)
		})),
	)
}

func (m *meetingSuggestions) add(mt ritual.Meeting) {
	err := m.Edit(func(d *ritual.Day, now time.Time) error {
		_, err := d.AddUnseen(ritual.UnseenInput{Kind: ritual.KindCoordinated, Text: mt.Entry()}, now)
		return err
	})
	if err != nil {
		m.err = errText(err)
	}
}

func (m *meetingSuggestions) dismiss(mt ritual.Meeting) {
	if err := m.Env.Store.DismissMeeting(m.Date, mt.ID()); err != nil {
		m.err = errText(err)
		return
	}
	m.dismissed = append(m.dismissed, mt.ID())
}
