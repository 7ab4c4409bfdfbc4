// Command hello is the floor Sundown's start is measured against: a go-app
// v9 hello world, one component, built by the same toolchain with the same
// flags. It sets the same ready marker as Sundown's pages.
package main

import (
	"syscall/js"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

type hello struct{ app.Compo }

func (h *hello) OnMount(ctx app.Context) {
	js.Global().Get("performance").Call("mark", "sundown-ready")
}

func (h *hello) Render() app.UI {
	return app.Main().DataSet("ready", "true").Body(app.H1().Text("Hello, world"))
}

func main() {
	js.Global().Get("performance").Call("mark", "go-main")
	app.Route("/", &hello{})
	app.RunWhenOnBrowser()
}
