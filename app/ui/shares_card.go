package ui

import (
	"context"
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
	shares  []protocol.Share
	status  string
	failed  bool
}

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
			c.loaded, c.shares = true, shares
			if c.failed { // an earlier failure to read them is over
				c.status, c.failed = "", false
			}
			c.forgetDeadLinks()
		})
	})
}

// forgetDeadLinks drops the keys of links that no longer work.
func (c *sharesCard) forgetDeadLinks() {
	var dead []string
	now := time.Now()
	for _, s := range c.shares {
		if s.Revoked || !now.Before(s.Expires) {
			dead = append(dead, s.ID)
		}
	}
	if len(dead) > 0 {
		c.env.Store.ForgetShareLinks(dead...)
	}
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
	case len(c.shares) == 0:
		return hint("No links shared yet. Make one in Insights → Proof of work.")
	}
	keys, _ := seal.KeyringFromDataKey(c.env.Syncer.cfg.User, c.env.Syncer.cfg.DataKey)
	links := c.env.Store.ShareLinks()
	return app.Ul().Class("share-list").Body(
		app.Range(c.shares).Slice(func(i int) app.UI {
			return c.row(c.shares[i], keys, links[c.shares[i].ID])
		}),
	)
}

func (c *sharesCard) row(s protocol.Share, keys *seal.Keyring, url string) app.UI {
	style := c.env.Style()
	label := "A link (its range cannot be read on this device)"
	if keys != nil {
		if r, ok := shareRange(keys, s); ok {
			label = style.Range(r)
		}
	}
	live := !s.Revoked && time.Now().Before(s.Expires)
	state := "Made " + style.Short(c.env.DateOf(s.Created)) + ", works until " + style.Long(c.env.DateOf(s.Expires))
	switch {
	case s.Revoked:
		state = "Revoked"
	case !live:
		state = "Expired " + style.Short(c.env.DateOf(s.Expires))
	}
	return app.Li().Class("share-row").DataSet("share", s.ID).Body(
		app.Span().Class("share-label").Text(label),
		app.Span().Class("share-state").Text(state),
		app.If(live && url != "", app.Button().Type("button").Class("quiet").Text("Copy link").
			Aria("label", "Copy link to "+label).OnClick(func(ctx app.Context, e app.Event) { c.copy(ctx, url) })),
		app.If(live, app.Button().Type("button").Class("quiet danger").Text("Revoke").
			Aria("label", "Revoke the link to "+label).OnClick(func(ctx app.Context, e app.Event) { c.revoke(ctx, s.ID) })),
	)
}

func (c *sharesCard) revoke(ctx app.Context, id string) {
	client := c.client()
	c.status, c.failed = "Revoking…", false
	ctx.Async(func() {
		err := client.RevokeShare(context.Background(), id)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				c.status, c.failed = "The link still works: "+shareProblem(err).Error(), true
				return
			}
			c.status, c.failed = "Revoked: the link no longer opens.", false
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
