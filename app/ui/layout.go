package ui

import (
	"errors"
	"unicode"
	"unicode/utf8"

	"github.com/remoteml/sundown/app/ritual"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/store"
)

// layout is the frame of every page: the banners, the navigation and the
// page's main content. ready marks the page as mounted in the browser with
// its data loaded; end-to-end tests wait for it before they act.
func layout(env *Env, current string, ready bool, content ...app.UI) app.UI {
	var problems []store.Problem
	var storeErr string
	if env.ready() {
		problems = env.Store.Problems()
	}
	if ready {
		markReady()
	}
	if env != nil && env.StoreErr != nil {
		storeErr = env.StoreErr.Error()
	}
	return app.Div().Class("shell").Body(
		app.A().Class("skip-link").Href("#main").Text("Skip to content"),
		&updateBanner{},
		&syncDriver{Env: env},
		app.If(current != "", &reminderBanner{Env: env}), // not during the ritual itself
		&navBar{Current: current},
		app.Main().ID("main").Class("page").DataSet("ready", strconv.FormatBool(ready)).Body(
			app.If(storeErr != "", app.P().Class("notice notice-error").Role("alert").Text(storeErr)),
			&problemsBanner{Problems: problems},
			app.Range(content).Slice(func(i int) app.UI { return content[i] }),
		),
	)
}

// copyThen puts text on the clipboard, which blocks, off the UI goroutine,
// and calls done with the outcome back on it.
func copyThen(ctx app.Context, text string, done func(err error)) {
	ctx.Async(func() {
		err := copyText(text)
		ctx.Dispatch(func(app.Context) { done(err) })
	})
}

// statusLine announces what the last save did to screen readers as well as eyes.
func statusLine(status string, failed bool) app.UI {
	class := "status"
	if failed {
		class += " status-error"
	}
	return app.P().Class(class).Role("status").Aria("live", "polite").Text(status)
}

// fieldError shows a field's validation message, or nothing.
func fieldError(id, msg string) app.UI {
	return app.If(msg != "", app.P().ID(id).Class("field-error").Role("alert").Text(msg))
}

// errText turns an error into the sentence shown to the user.
func errText(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	r, size := utf8.DecodeRuneInString(msg)
	return string(unicode.ToUpper(r)) + msg[size:]
}

// fieldText is the message shown beside a field: only a problem with what was
// typed. A failure to save is said once, in the page's status line.
func fieldText(err error) string {
	if !errors.Is(err, ritual.ErrInvalid) {
		return ""
	}
	return errText(err)
}
