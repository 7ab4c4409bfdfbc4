package ui

import (
	"bytes"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/remoteml/sundown/app/store"
	syncproto "github.com/remoteml/sundown/app/sync"
)

// uiReplica lets the sync engine, which runs beside the UI and waits on the
// network, use the store safely: every call runs on the UI goroutine, and a
// write checks that the day is still as the engine read it. If the user
// edited it in the meantime, the engine's version is merged with the edit
// instead of replacing it.
type uiReplica struct {
	ctx   app.Context
	inner *store.Replica
	read  map[string][]byte // what the engine last read of each record
}

// onUI runs fn on the UI goroutine and waits for it.
func onUI[T any](ctx app.Context, fn func() (T, error)) (T, error) {
	var v T
	var err error
	done := make(chan struct{})
	ctx.Dispatch(func(app.Context) {
		v, err = fn()
		close(done)
	})
	<-done
	return v, err
}

func (r *uiReplica) remember(locals []syncproto.Local) []syncproto.Local {
	for _, l := range locals {
		r.read[l.ID] = l.Plain
	}
	return locals
}

func (r *uiReplica) All() ([]syncproto.Local, error) {
	return onUI(r.ctx, func() ([]syncproto.Local, error) {
		all, err := r.inner.All()
		return r.remember(all), err
	})
}

func (r *uiReplica) Dirty() ([]syncproto.Local, error) {
	return onUI(r.ctx, func() ([]syncproto.Local, error) {
		dirty, err := r.inner.Dirty()
		return r.remember(dirty), err
	})
}

func (r *uiReplica) Get(id string) (syncproto.Local, bool, error) {
	type got struct {
		l  syncproto.Local
		ok bool
	}
	g, err := onUI(r.ctx, func() (got, error) {
		l, ok, err := r.inner.Get(id)
		if ok {
			r.read[id] = l.Plain
		}
		return got{l, ok}, err
	})
	return g.l, g.ok, err
}

func (r *uiReplica) Put(l syncproto.Local) error {
	_, err := onUI(r.ctx, func() (struct{}, error) {
		current, ok, err := r.inner.Get(l.ID)
		if err != nil {
			return struct{}{}, err
		}
		if read, seen := r.read[l.ID]; ok && seen && !bytes.Equal(current.Plain, read) {
			merged, err := syncproto.MergeRecord(current.Type, read, current.Plain, l.Plain)
			if err != nil {
				return struct{}{}, err
			}
			l.Plain, l.Dirty = merged, true // the user's edit still has to go out
		}
		r.read[l.ID] = l.Plain
		return struct{}{}, r.inner.Put(l)
	})
	return err
}

func (r *uiReplica) State() (syncproto.DeviceState, error) {
	return onUI(r.ctx, r.inner.State)
}

func (r *uiReplica) SaveState(s syncproto.DeviceState) error {
	_, err := onUI(r.ctx, func() (struct{}, error) { return struct{}{}, r.inner.SaveState(s) })
	return err
}
