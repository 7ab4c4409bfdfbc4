package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/remoteml/sundown/app/protocol"
)

// ShareStorage keeps read-only links ("Share this week"): ciphertext the
// server cannot open, for a number of days. Both engines implement it.
type ShareStorage interface {
	CreateShare(ctx context.Context, userID int64, req protocol.ShareRequest, now time.Time) (protocol.Share, error)
	Shares(ctx context.Context, userID int64) ([]protocol.Share, error)
	RevokeShare(ctx context.Context, userID int64, id string, now time.Time) error
	Shared(ctx context.Context, id string, now time.Time) (protocol.SharedResponse, error)
}

// shareRoutes: a device makes, lists and revokes its user's links; anyone
// with a link's id fetches its ciphertext while it is live.
func (a *syncAPI) shareRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/shares", a.authenticated(a.createShare))
	mux.HandleFunc("GET /api/shares", a.authenticated(a.listShares))
	mux.HandleFunc("DELETE /api/shares/{id}", a.authenticated(a.revokeShare))
	mux.HandleFunc("GET /api/shared/{id}", a.shared)
}

func (a *syncAPI) createShare(w http.ResponseWriter, r *http.Request, dev protocol.Device) {
	var req protocol.ShareRequest
	if !decode(w, r, &req) {
		return
	}
	if err := req.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, err.Error())
		return
	}
	share, err := a.store.CreateShare(r.Context(), dev.UserID, req, a.now())
	if errors.Is(err, protocol.ErrExists) {
		writeError(w, http.StatusConflict, protocol.CodeShareIDTaken, protocol.ErrShareIDTaken.Error())
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, share)
}

func (a *syncAPI) listShares(w http.ResponseWriter, r *http.Request, dev protocol.Device) {
	shares, err := a.store.Shares(r.Context(), dev.UserID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, protocol.SharesResponse{Shares: shares})
}

func (a *syncAPI) revokeShare(w http.ResponseWriter, r *http.Request, dev protocol.Device) {
	id := r.PathValue("id")
	if !protocol.ValidShareID(id) {
		writeError(w, http.StatusNotFound, protocol.CodeShareGone, protocol.ErrShareGone.Error())
		return
	}
	err := a.store.RevokeShare(r.Context(), dev.UserID, id, a.now())
	if errors.Is(err, protocol.ErrNotFound) {
		writeError(w, http.StatusNotFound, protocol.CodeShareGone, protocol.ErrShareGone.Error())
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"revoked": true})
}

// shared answers a link's page. It needs no token: the id is the
// capability to fetch the ciphertext, the fragment the key to open it.
func (a *syncAPI) shared(w http.ResponseWriter, r *http.Request) {
	if !a.readers.allow(w, a.clientIP(r)) {
		return
	}
	id := r.PathValue("id")
	if !protocol.ValidShareID(id) {
		writeError(w, http.StatusNotFound, protocol.CodeShareUnknown, protocol.ErrShareUnknown.Error())
		return
	}
	shared, err := a.store.Shared(r.Context(), id, a.now())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, shared)
}
