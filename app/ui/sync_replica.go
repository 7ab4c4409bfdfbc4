package ui

import (
	"bytes"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/syncengine"
)

// uiReplica lets the sync engine, which runs beside the UI and waits on the
// network, use the store safely: every call runs on the UI goroutine, and a
// write checks that the day is still as the engine read it. If the user
// edited it in the meantime, in this tab or another, the engine's version
// is merged with the edit instead of replacing it. Once its Syncer is
// stopped, every call fails: an engine turned off can no longer touch this
// device's data.
type uiReplica struct {
	ui      app.Context // the app's own context: it is never unmounted
	inner   *syncengine.StoreReplica
	read    map[string][]byte // what the engine last read of each record
	stopped *bool             // nil: never stopped (setting up)
}

// onUI runs fn on the UI goroutine and waits for it.
func (r *uiReplica) onUI(fn func() error) error {
	done := make(chan error, 1)
	r.ui.Dispatch(func(app.Context) {
		if r.stopped != nil && *r.stopped {
			done <- errStopped
			return
		}
		done <- fn()
	})
	return <-done
}

func (r *uiReplica) remember(locals []syncengine.Local) []syncengine.Local {
	for _, l := range locals {
		r.read[l.ID] = l.Plain
	}
	return locals
}

func (r *uiReplica) All() (all []syncengine.Local, err error) {
	err = r.onUI(func() (err error) {
		all, err = r.inner.All()
		r.remember(all)
		return err
	})
	return all, err
}

func (r *uiReplica) Dirty() (dirty []syncengine.Local, err error) {
	err = r.onUI(func() (err error) {
		dirty, err = r.inner.Dirty()
		r.remember(dirty)
		return err
	})
	return dirty, err
}

func (r *uiReplica) Get(id string) (l syncengine.Local, ok bool, err error) {
	err = r.onUI(func() (err error) {
		l, ok, err = r.inner.Get(id)
		if ok {
			r.read[id] = l.Plain
		}
		return err
	})
	return l, ok, err
}

func (r *uiReplica) Put(l syncengine.Local) error {
	if l.Plain == nil {
		return nil // a tombstone leaves the local value alone
	}
	return r.onUI(func() error {
		var written []byte
		err := r.inner.Update(l.ID, func(current syncengine.Local, ok bool) (syncengine.Local, error) {
			next := l
			if read, seen := r.read[l.ID]; ok && seen && !bytes.Equal(current.Plain, read) {
				merged, err := syncengine.MergeRecord(current.Type, read, current.Plain, l.Plain)
				if err != nil {
					return next, err
				}
				next.Plain, next.Dirty = merged, true // the user's edit still has to go out
			}
			written = next.Plain
			return next, nil
		})
		if err == nil {
			r.read[l.ID] = written
		}
		return err
	})
}

func (r *uiReplica) State() (st syncengine.DeviceState, err error) {
	err = r.onUI(func() (err error) {
		st, err = r.inner.State()
		return err
	})
	return st, err
}

func (r *uiReplica) SaveState(st syncengine.DeviceState) error {
	return r.onUI(func() error { return r.inner.SaveState(st) })
}

func (r *uiReplica) SetAside(a syncengine.SetAside) error {
	return r.onUI(func() error { return r.inner.SetAside(a) })
}

func (r *uiReplica) SetAsideRecords() (all []syncengine.SetAside, err error) {
	err = r.onUI(func() (err error) {
		all, err = r.inner.SetAsideRecords()
		return err
	})
	return all, err
}

func (r *uiReplica) DropSetAside(id string) error {
	return r.onUI(func() error { return r.inner.DropSetAside(id) })
}
