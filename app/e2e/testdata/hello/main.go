// Command hello is the floor Sundown's start is measured against: a go-app
// v9 hello world, one component, built by the same toolchain with the same
// flags. Its page carries the same ready marker as Sundown's pages, set
// only in the browser, as Sundown's is.
package main

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

type hello struct{ app.Compo }

func (h *hello) Render() app.UI {
	return app.Main().DataSet("ready", strconv.FormatBool(app.IsClient)).Body(app.H1().Text("Hello, world"))
}

func main() {
	app.Route("/", &hello{})
	app.RunWhenOnBrowser()
}
