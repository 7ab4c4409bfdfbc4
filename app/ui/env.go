// Package ui is Sundown's interface: go-app components, one per file.
//
// Pages reach the data only through the store's API and change a day only
// through ritual's methods; nothing here decides what a shutdown is.
package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/store"
)

// Env is what every page needs from outside the UI: the store and the clock.
// On the server, which only prerenders the pages' outline, Store is nil.
type Env struct {
	Store *store.Store
	// StoreErr says why there is no store in the browser (storage disabled),
	// or what is amiss with the one there is (it could not be moved).
	StoreErr error
	// Now returns the current time in the user's own time zone.
	Now func() time.Time
	// Syncer runs sync when this device is set up for it; nil otherwise.
	Syncer *Syncer
	// Locale is how the browser's locale writes times and dates and when
	// its weeks start (BrowserLocale); nil means ritual.DefaultStyle.
	Locale *ritual.Style
}

// StartSync prepares sync when the device was set up for it before. It
// starts with the first page (syncDriver).
func (e *Env) StartSync() error {
	cfg, ok := e.Store.SyncConfig()
	if !ok {
		return nil
	}
	s, err := newSyncer(e, cfg)
	if err != nil {
		return err
	}
	e.Syncer = s
	return nil
}

// turnOnSync saves a new sync set-up and starts its Syncer, after stopping
// any earlier one: there is never more than one engine on this device's
// sync state.
func (e *Env) turnOnSync(ctx app.Context, cfg store.SyncConfig) error {
	if err := e.Store.SaveSyncConfig(cfg); err != nil {
		return err
	}
	s, err := newSyncer(e, cfg)
	if err != nil {
		return err
	}
	e.Syncer.Stop()
	e.Syncer = s
	s.Start(ctx)
	return nil
}

// turnOffSync stops syncing on this device; the data stays.
func (e *Env) turnOffSync() error {
	if err := e.Store.ClearSyncConfig(); err != nil {
		return err
	}
	e.Syncer.Stop()
	e.Syncer = nil
	return nil
}

// Today is the workday the user is in (ritual.Settings.Workday): after
// midnight, until the day ends, still the evening's.
func (e *Env) Today() ritual.Date { return e.Store.Settings().Workday(e.Now()) }

// DateOf is the calendar date of instant t where the user is.
func (e *Env) DateOf(t time.Time) ritual.Date { return ritual.DateOf(t.In(e.Now().Location())) }

// Moment writes instant t where the user is, day and time: "Tuesday 8
// December 2026, 17:00".
func (e *Env) Moment(t time.Time) string {
	local, style := t.In(e.Now().Location()), e.Style()
	return style.Long(ritual.DateOf(local)) + ", " + style.Clock(ritual.ClockOf(local))
}

// Style is how this user reads times, dates and weeks: the choices of
// their settings over their browser's locale.
func (e *Env) Style() ritual.Style {
	if e.Store == nil { // the server's prerender
		return e.locale()
	}
	return e.styleFor(e.Store.Settings())
}

// styleFor is Style for settings already read.
func (e *Env) styleFor(settings ritual.Settings) ritual.Style {
	return ritual.StyleFor(settings, e.locale())
}

// locale is the browser locale's style.
func (e *Env) locale() ritual.Style {
	if e.Locale == nil {
		return ritual.DefaultStyle
	}
	return *e.Locale
}

// ready reports whether the pages can show and edit data.
func (e *Env) ready() bool { return e != nil && e.Store != nil }

// Paths of the pages.
const (
	PathToday    = "/"
	PathRitual   = "/ritual"
	PathHistory  = "/history"
	PathInsights = "/insights"
	PathReview   = "/review"
	PathSettings = "/settings"
)

// Pages lists the paths that are pages, so the server can make each of them
// load offline.
func Pages() []string {
	return []string{PathToday, PathRitual, PathHistory, PathInsights, PathReview, PathSettings}
}

// Routes tells go-app which component shows which path. It is called both by
// the browser's main and by the server (and by tests), since routes exist
// only where they are registered.
func Routes(env *Env) {
	app.RouteFunc(PathToday, func() app.Composer { return &todayPage{env: env} })
	app.RouteFunc(PathRitual, func() app.Composer { return &ritualPage{env: env} })
	app.RouteFunc(PathHistory, func() app.Composer { return &historyPage{env: env} })
	app.RouteWithRegexpFunc(`^/history/\d{4}-\d{2}-\d{2}$`, func() app.Composer { return &dayPage{env: env} })
	app.RouteFunc(PathInsights, func() app.Composer { return &insightsPage{env: env} })
	app.RouteFunc(PathReview, func() app.Composer { return &reviewPage{env: env} })
	app.RouteFunc(PathSettings, func() app.Composer { return &settingsPage{env: env} })
	app.RouteWithRegexpFunc(`^/shared/[^/]*$`, func() app.Composer { return &sharedPage{env: env} })
}

// dayPath is the History page of one day.
func dayPath(d ritual.Date) string { return PathHistory + "/" + d.String() }

// reviewPath is the review of the week that starts on first.
func reviewPath(first ritual.Date) string { return PathReview + "?week=" + first.String() }

// maxReadBytes bounds a file read into memory for an import.
const maxReadBytes = 20 << 20
