package ui

import (
	"context"
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/seal"
)

// sharesCard lists the account's shared links, as the server keeps them,
// and revokes them: a revoked link stops working at once, for everyone.
// Links made on this device can be copied again; the others' keys never
// left the device that made them.
type sharesCard struct {
	app.Compo
	env *Env

	loaded  bool
	loading bool
	rows    []shareRow
	status  string
	failed  bool
}

// shareRow is a listed link as the card shows it, worked out once per
// reading of the list: its range opened, and its link if this device made it.
type shareRow struct {
	protocol.Share
	label string
	url   string
}

// keptDeadLinks is how long past its expiry this device keeps a link it
// made: its own clock may run ahead of the server's.
const keptDeadLinks = 24 * time.Hour

func (c *sharesCard) OnMount(ctx app.Context) {
	ctx.Handle(sharesChangedAction, func(ctx app.Context, a app.Action) { c.load(ctx) })
	// Sync turned on while the page is open: list the account's links then.
	ctx.Handle(syncStatusAction, func(ctx app.Context, a app.Action) {
		if !c.loaded && !c.loading {
			c.load(ctx)
		}
	})
	c.load(ctx)
}

func (c *sharesCard) client() shareClient {
	cfg := c.env.Syncer.cfg
	return newShareClient(cfg.Server, cfg.Token)
}

func (c *sharesCard) load(ctx app.Context) {
	if c.env.Syncer == nil {
		return
	}
	client := c.client()
	c.loading = true
	ctx.Async(func() {
		shares, err := client.Shares(context.Background())
		ctx.Dispatch(func(ctx app.Context) {
			c.loading = false
			if err != nil {
				c.status, c.failed = "Could not read your links from the server: "+shareProblem(err).Error(), true
				return
			}
			c.loaded, c.rows = true, c.rowsOf(shares)
			if c.failed { // an earlier failure to read them is over
				c.status, c.failed = "", false
			}
		})
	})
}

// rowsOf opens the links' labels, finds the links this device kept, and
// forgets those that no longer work.
func (c *sharesCard) rowsOf(shares []protocol.Share) []shareRow {
	cfg := c.env.Syncer.cfg
	keys, _ := seal.KeyringFromDataKey(cfg.User, cfg.DataKey)
	kept := c.env.Store.ShareLinks()
	var dead []string
	rows := make([]shareRow, len(shares))
	for i, s := range shares {
		rows[i] = shareRow{Share: s, label: "A link (its range cannot be read on this device)", url: kept[s.ID]}
		if keys != nil {
			if r, ok := shareRange(keys, s); ok {
				rows[i].label = c.env.Style().Range(r)
			}
		}
		if _, ok := kept[s.ID]; ok && (s.Revoked || c.env.Now().After(s.Expires.Add(keptDeadLinks))) {
			dead = append(dead, s.ID)
		}
	}
	if len(dead) > 0 {
		c.env.Store.ForgetShareLinks(dead...)
	}
	return rows
}

func (c *sharesCard) Render() app.UI {
	return app.Section().ID("shared-links").Class("card").Aria("labelledby", "shares-title").Body(
		app.H2().ID("shares-title").Text("Shared links"),
		c.body(),
		statusLine(c.status, c.failed),
	)
}

func (c *sharesCard) body() app.UI {
	switch {
	case c.env.Syncer == nil:
		return hint("Read-only links to a week of your record (Insights → Proof of work → Share as a link) are listed here once sync is set up.")
	case !c.loaded:
		return hint("Reading your links from the server…")
	case len(c.rows) == 0:
		return hint("No links shared yet. Make one in Insights → Proof of work.")
	}
	return app.Ul().Class("share-list").Body(
		app.Range(c.rows).Slice(func(i int) app.UI { return c.row(c.rows[i]) }),
	)
}

func (c *sharesCard) row(s shareRow) app.UI {
	live := !s.Revoked && c.env.Now().Before(s.Expires)
	state := "Made " + c.env.Style().Short(c.env.DateOf(s.Created)) + ", works until " + c.env.Moment(s.Expires)
	switch {
	case s.Revoked:
		state = "Revoked"
	case !live:
		state = "Expired " + c.env.Moment(s.Expires)
	}
	return app.Li().Class("share-row").DataSet("share", s.ID).Body(
		app.Span().Class("share-label").Text(s.label),
		app.Span().Class("share-state").Text(state),
		app.If(live && s.url != "", app.Button().Type("button").Class("quiet").Text("Copy link").
			Aria("label", "Copy link to "+s.label).OnClick(func(ctx app.Context, e app.Event) { c.copy(ctx, s.url) })),
		app.If(live, app.Button().Type("button").Class("quiet danger").Text("Revoke").
			Aria("label", "Revoke the link to "+s.label).OnClick(func(ctx app.Context, e app.Event) { c.revoke(ctx, s.ID) })),
	)
}

func (c *sharesCard) revoke(ctx app.Context, id string) {
	client := c.client()
	c.status, c.failed = "Revoking…", false
	ctx.Async(func() {
		err := client.RevokeShare(context.Background(), id)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case errors.Is(err, protocol.ErrShareGone):
				c.status, c.failed = "This link was revoked already, perhaps on another device.", false
			case err != nil:
				c.status, c.failed = "The link still works: "+shareProblem(err).Error(), true
				return
			default:
				c.status, c.failed = "Revoked: the link no longer opens.", false
			}
			c.env.Store.ForgetShareLinks(id)
			// Through the action, not ctx: ctx belongs to the pressed button,
			// which the row's new render replaces, and go-app drops what is
			// dispatched for an element no longer on the page.
			ctx.NewAction(sharesChangedAction)
		})
	})
}

func (c *sharesCard) copy(ctx app.Context, url string) {
	copyThen(ctx, url, func(err error) {
		c.status, c.failed = "Copied the link.", false
		if err != nil {
			c.status, c.failed = "Could not copy ("+err.Error()+").", true
		}
	})
}
