package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
)

// sharedPage is what a shared link opens, for someone with no account and
// perhaps no Sundown of their own: the proof of a range of days, decrypted
// here with the key in the link's fragment. It is read-only and printable,
// and leads nowhere else in the app.
type sharedPage struct {
	app.Compo
	env *Env

	opening int // the latest OnNav's number
	opened  bool
	proof   ritual.Proof
	expires time.Time
	problem string
}

func (p *sharedPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Work record — Sundown")
	if !app.IsClient {
		return
	}
	id := strings.TrimPrefix(ctx.Page().URL().Path, PathShared)
	fragment := app.Window().Get("location").Get("hash").String()
	client := newShareClient(app.Window().Get("location").Get("origin").String(), "")
	// go-app navigates again when only the fragment changes (someone
	// corrects the key in the address bar): only the latest opening counts.
	p.opening++
	opening := p.opening
	ctx.Async(func() {
		proof, expires, err := openShared(context.Background(), client, id, fragment)
		ctx.Dispatch(func(ctx app.Context) {
			if opening != p.opening {
				return
			}
			p.opened, p.proof, p.expires, p.problem = true, proof, expires, ""
			if err != nil {
				p.problem = errText(err)
			}
		})
	})
}

func (p *sharedPage) Render() app.UI {
	if p.opened {
		markReady()
	}
	return app.Div().Class("shell shared").Body(
		app.Main().ID("main").Class("page shared-page").DataSet("ready", strconv.FormatBool(p.opened)).Body(p.content()),
	)
}

func (p *sharedPage) content() app.UI {
	switch {
	case !p.opened:
		return app.Div().Body(app.H1().Text("Shared work record"), app.P().Role("status").Text("Opening the shared record…"))
	case p.problem != "":
		return app.Div().Body(
			app.H1().Text("This link does not open"),
			app.P().ID("shared-problem").Class("notice notice-error").Role("alert").Text(p.problem),
		)
	}
	style := p.env.Style()
	return app.Article().Class("shared-record").Body(
		app.P().Class("shared-brand").Text("Sundown · a shared work record, read-only"),
		app.H1().Text("Work record: "+style.Range(p.proof.Range)),
		app.P().Class("shared-summary").Text(p.proof.Summary(style)+"."),
		p.wins(style),
		p.unseen(style),
		app.Footer().Class("shared-footer").Body(
			app.P().Class("hint").Text("Shared from Sundown, an end-of-day record of wins and of the work that leaves no trace. "+
				"This link works until "+p.env.Moment(p.expires)+", unless the person who shared it withdraws it sooner."),
			app.Button().Type("button").Class("secondary no-print").Text("Print").OnClick(func(ctx app.Context, e app.Event) {
				app.Window().Call("print")
			}),
		),
	)
}

func (p *sharedPage) wins(style ritual.Style) app.UI {
	wins := p.proof.Wins
	return app.Section().Aria("labelledby", "shared-wins").Body(
		app.H2().ID("shared-wins").Text("Wins"),
		app.If(len(wins) == 0, app.P().Text("No wins recorded.")),
		app.Ul().Class("shared-list").Body(app.Range(wins).Slice(func(i int) app.UI {
			return sharedItem(wins[i], style)
		})),
	)
}

func (p *sharedPage) unseen(style ritual.Style) app.UI {
	type group struct {
		kind    ritual.UnseenKind
		entries []ritual.ProofEntry
	}
	var groups []group
	for _, k := range ritual.UnseenKinds() {
		if entries := p.proof.UnseenOfKind(k); len(entries) > 0 {
			groups = append(groups, group{k, entries})
		}
	}
	return app.Section().Aria("labelledby", "shared-unseen").Body(
		app.H2().ID("shared-unseen").Text("Unseen work"),
		app.If(len(groups) == 0, app.P().Text("No unseen work recorded.")),
		app.Range(groups).Slice(func(i int) app.UI {
			g := groups[i]
			return app.Div().Class("shared-kind").Body(
				app.H3().Text(g.kind.Label()),
				app.Ul().Class("shared-list").Body(app.Range(g.entries).Slice(func(j int) app.UI {
					return sharedItem(g.entries[j], style)
				})),
			)
		}),
	)
}

func sharedItem(e ritual.ProofEntry, style ritual.Style) app.UI {
	return app.Li().Body(
		app.Span().Class("shared-text").Text(e.Text),
		app.If(e.Learned != "", app.Span().Class("shared-learned").Text(" Now I know: "+e.Learned)),
		app.Span().Class("shared-date").Text(" · "+style.Short(e.Date)),
	)
}
