package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/ritual"
)

// sharesChangedAction tells the list of links (Settings) that one was made.
const sharesChangedAction = "sundown-shares-changed"

// shareForm makes a read-only link to the range chosen in the export card:
// the proof of those days (wins, unseen work, days closed, median stop),
// encrypted here with a key that only the link carries, kept on the
// account's sync server for a number of days.
type shareForm struct {
	app.Compo
	env    *Env
	chosen func() (ritual.Range, error)

	days   string
	busy   bool
	link   madeLink
	status string
	failed bool
}

func (f *shareForm) OnInit() { f.days = strconv.Itoa(protocol.DefaultShareDays) }

func (f *shareForm) Render() app.UI {
	syncing := f.env.Syncer != nil
	return app.Div().Class("share-form").Body(
		app.H3().Text("Share as a link"),
		app.If(!syncing, app.P().ID("share-needs-sync").Class("hint").Text(
			"A link needs sync: what it shows is kept, encrypted, on your own sync server. Set up sync in Settings, or export Markdown and send the file.")),
		app.Div().Class("field").Body(
			app.Label().For("share-days").Text(fmt.Sprintf("Link works for (days, %d to %d)", protocol.MinShareDays, protocol.MaxShareDays)),
			app.Input().Type("number").ID("share-days").Min(protocol.MinShareDays).Max(protocol.MaxShareDays).Value(f.days).
				OnChange(f.ValueTo(&f.days)),
		),
		app.Div().Class("actions").Body(f.makeButton(syncing)),
		app.If(f.link.URL != "", f.made()),
		statusLine(f.status, f.failed),
	)
}

func (f *shareForm) makeButton(syncing bool) app.UI {
	button := app.Button().Type("button").ID("share-make").Class("secondary").Text("Make a read-only link").
		Disabled(!syncing || f.busy).OnClick(rendered(f.make))
	if !syncing {
		button = button.Aria("describedby", "share-needs-sync")
	}
	return button
}

func (f *shareForm) made() app.UI {
	return app.Div().Class("field").Body(
		app.Label().For("share-link").Text("Link"),
		app.Input().Type("text").ID("share-link").ReadOnly(true).Value(f.link.URL),
		app.P().Class("hint").Text("Anyone with this link can read the wins and unseen work of "+f.env.Style().Range(f.link.Range)+
			" until "+f.env.Moment(f.link.Share.Expires)+
			". The key is the part after #: it never reaches the server, so only a browser with the whole link can read it. Revoke it in Settings → Shared links."),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("secondary").Text("Copy link").OnClick(f.copy),
		),
	)
}

// days is the number of days the link works, or a message that says what to type.
func (f *shareForm) lifetime() (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(f.days))
	if err != nil || n < protocol.MinShareDays || n > protocol.MaxShareDays {
		return 0, fmt.Errorf("a link works for %d to %d days: type a number in that range", protocol.MinShareDays, protocol.MaxShareDays)
	}
	return n, nil
}

func (f *shareForm) make(ctx app.Context, e app.Event) {
	if f.env.Syncer == nil {
		f.status, f.failed = "A link needs sync: set it up in Settings first.", true
		return
	}
	days, err := f.lifetime()
	if err == nil {
		var r ritual.Range
		if r, err = f.chosen(); err == nil {
			f.start(ctx, r, days)
			return
		}
	}
	f.status, f.failed = errText(err), true
}

func (f *shareForm) start(ctx app.Context, r ritual.Range, days int) {
	cfg := f.env.Syncer.cfg
	proof := ritual.NewProof(f.env.Store.DaysIn(r), r, f.env.Store.Settings().DayEnds)
	client := newShareClient(cfg.Server, cfg.Token)
	f.busy, f.status, f.failed = true, "Making the link…", false
	ctx.Async(func() {
		link, err := shareProof(context.Background(), cfg, client, proof, days)
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			if err != nil {
				f.status, f.failed = "No link was made: "+err.Error(), true
				return
			}
			f.link, f.status, f.failed = link, "Link made. Copy it and send it.", false
			if err := f.env.Store.SaveShareLink(link.Share.ID, link.URL); err != nil {
				f.status = "Link made, but this device could not keep it to copy again later (" + err.Error() + "): copy it now."
			}
			ctx.NewAction(sharesChangedAction)
		})
	})
}

func (f *shareForm) copy(ctx app.Context, e app.Event) {
	copyThen(ctx, f.link.URL, func(err error) {
		f.status, f.failed = "Copied the link.", false
		if err != nil {
			f.status, f.failed = "Could not copy ("+err.Error()+"): select the link above and copy it.", true
		}
	})
}
