package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// reminderBanner says "Time to shut down" once the target end time has
// passed on a workday that is not closed yet, on whatever page is open; and,
// when the user turned reminders on and the browser allows it, sends one
// notification too. It never nags: "Not now" hides it for the day.
type reminderBanner struct {
	app.Compo
	Env *Env

	due       bool
	clock     string // the time of the check, as the user reads it
	dismissed ritual.Date
}

// reminderCheck is how often the banner looks at the clock.
const reminderCheck = 30 * time.Second

// notifiedOn remembers the day a notification went out, across pages.
var notifiedOn ritual.Date

func (b *reminderBanner) OnMount(ctx app.Context) {
	b.check(ctx)
	b.tick(ctx)
}

// tick looks again later. It uses a plain timer rather than ctx.After, which
// go-app counts as pending work: a prerender or a test would wait for it.
func (b *reminderBanner) tick(ctx app.Context) {
	if !app.IsClient {
		return
	}
	time.AfterFunc(reminderCheck, func() {
		ctx.Dispatch(func(ctx app.Context) {
			if b.Mounted() {
				b.check(ctx)
				b.tick(ctx)
			}
		})
	})
}

func (b *reminderBanner) check(ctx app.Context) {
	if !b.Env.ready() {
		return
	}
	now := b.Env.Now()
	settings := b.Env.Store.Settings()
	today := settings.Workday(now)
	day, _ := b.Env.Store.Day(today)
	b.clock = b.Env.styleFor(settings).Clock(ritual.ClockOf(now))
	b.due = settings.IsWorkday(today) && settings.PastTargetEnd(now) &&
		!day.IsClosed() && !day.Off && b.dismissed != today
	if b.due && settings.Reminders && notifiedOn != today && app.IsClient &&
		ctx.Notifications().Permission() == app.NotificationGranted {
		notifiedOn = today
		body := "It is " + b.clock + ". Close the day on purpose: it takes five minutes."
		go func() { // it waits on the browser
			if err := showReminder("Time to shut down", body, PathToday); err != nil {
				// The banner stays; the next check tries the notification again.
				app.Logf("the end-of-day notification could not be shown: %v", err)
				ctx.Dispatch(func(app.Context) {
					if notifiedOn == today {
						notifiedOn = ritual.Date{}
					}
				})
			}
		}()
	}
}

func (b *reminderBanner) Render() app.UI {
	if !b.due {
		return app.Div().Hidden(true)
	}
	return app.Div().Class("banner reminder").Role("status").Body(
		app.Span().Text("Time to shut down. It is "+b.clock+"."),
		app.Div().Body(
			app.Button().Type("button").Class("primary").Text("Start shutdown").
				OnClick(func(ctx app.Context, e app.Event) { ctx.Navigate(PathRitual) }),
			app.Button().Type("button").Class("quiet").Text("Not now").
				OnClick(func(ctx app.Context, e app.Event) { b.dismissed, b.due = b.Env.Today(), false }),
		),
	)
}
