package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/store"
)

// backupCard exports everything as one file and imports such a file. An
// import is checked whole before anything is touched, shows what it will do,
// and waits for a yes; it merges and never deletes.
type backupCard struct {
	app.Compo
	env *Env

	plan    *store.ImportPlan
	status  string
	failed  bool
	reading bool
}

func (c *backupCard) Render() app.UI {
	return app.Section().ID("backup").Class("card").Aria("labelledby", "backup-title").Body(
		app.H2().ID("backup-title").Text("Backup"),
		hint("Your data lives only in this browser. Keep a copy: the backup file holds every day, your settings and your checklist."),
		app.Button().Type("button").Class("secondary").Text("Export backup").OnClick(c.export),
		app.Div().Class("field").Body(
			app.Label().For("backup-file").Text("Import backup"),
			app.Input().Type("file").ID("backup-file").Accept(".json,application/json").OnChange(c.read),
		),
		app.If(c.plan != nil, c.confirm()),
		statusLine(c.status, c.failed),
	)
}

// confirm shows the plan and asks for a yes. (app.If builds its body even
// when the condition is false, so this must cope with no plan.)
func (c *backupCard) confirm() app.UI {
	if c.plan == nil {
		return nil
	}
	take := ""
	if c.plan.TakeSettings {
		take = " Your settings and checklist come from the backup, since this browser has none yet."
	}
	return app.Div().Class("notice").Body(
		app.P().Text("The backup holds "+c.plan.Summary()+" Nothing here will be deleted; an entry changed on both sides keeps the newer edit."+take),
		app.Button().Type("button").Class("primary").Text("Import").OnClick(c.apply),
		app.Button().Type("button").Class("quiet").Text("Cancel").OnClick(func(ctx app.Context, e app.Event) { c.plan, c.status = nil, "Import cancelled. Nothing changed." }),
	)
}

func (c *backupCard) export(ctx app.Context, e app.Event) {
	now := c.env.Now()
	b, err := c.env.Store.Backup(now)
	var data []byte
	if err == nil {
		data, err = b.Marshal()
	}
	if err != nil {
		c.status, c.failed = "The backup could not be made: "+errText(err), true
		return
	}
	name := fmt.Sprintf("sundown-backup-%s.json", ritual.DateOf(now))
	downloadFile(name, "application/json", string(data))
	c.status, c.failed = fmt.Sprintf("Downloaded %s (%d days).", name, len(b.Days)), false
}

// read reads the chosen file off the UI goroutine, then checks it.
func (c *backupCard) read(ctx app.Context, e app.Event) {
	input := ctx.JSSrc()
	c.plan, c.status, c.failed = nil, "Reading the file…", false
	ctx.Async(func() {
		text, size, err := readChosenFile(input)
		ctx.Dispatch(func(ctx app.Context) { c.check(text, size, err) })
	})
}

func (c *backupCard) check(text string, size int, err error) {
	if err == nil && size > maxReadBytes {
		err = fmt.Errorf("the file is %.1f MB; a Sundown backup is far smaller. Is it the right file?", float64(size)/(1<<20))
	}
	var b ritual.Backup
	if err == nil {
		b, err = ritual.ParseBackup([]byte(text))
	}
	var plan store.ImportPlan
	if err == nil {
		plan, err = c.env.Store.PlanImport(b)
	}
	if err != nil {
		c.status, c.failed = "Nothing was imported. "+errText(err), true
		return
	}
	c.plan, c.status, c.failed = &plan, "", false
}

func (c *backupCard) apply(ctx app.Context, e app.Event) {
	defer ctx.NewAction(storageChangedAction) // the room it took, or the full storage that refused it
	if err := c.env.Store.ApplyImport(*c.plan); err != nil {
		c.status, c.failed = "Nothing was imported. "+errText(err), true
		return
	}
	c.status, c.failed = "Imported: "+c.plan.Summary(), false
	c.plan = nil
}
