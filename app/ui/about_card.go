package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/remoteml/sundown/app/release"
)

// aboutCard says which build this device runs: the version of its app, and
// the build the server gave it (go-app's version, a hash of the app's
// files), which `sundown version` prints on the server. Two devices that
// show the same build run the same app.
type aboutCard struct{ app.Compo }

func (c *aboutCard) Render() app.UI {
	build := app.Getenv("GOAPP_VERSION")
	if build == "" {
		build = "unknown"
	}
	return app.Section().ID("about").Class("card").Aria("labelledby", "about-title").Body(
		app.H2().ID("about-title").Text("About"),
		app.P().Class("about-version").Text("Version "+release.Version()),
		app.P().Class("about-build").Text("Build "+build),
		hint("Your days stay in this browser; with sync, your server keeps them encrypted with a key only your devices have."),
	)
}
