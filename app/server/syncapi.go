package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/remoteml/sundown/app/protocol"
)

// SyncStorage is what the sync API needs from a database. The SQLite one
// lives in app/server/sqlite; another engine only has to do the same.
type SyncStorage interface {
	Pair(ctx context.Context, codeHash []byte, deviceName string, tokenHash []byte, now time.Time) (protocol.Device, error)
	Authenticate(ctx context.Context, tokenHash []byte) (protocol.Device, error)
	Push(ctx context.Context, dev protocol.Device, muts []protocol.Mutation) ([]protocol.Result, error)
	// Pull authenticates and reads the page together: it is the request
	// every device makes every minute.
	Pull(ctx context.Context, tokenHash []byte, since int64, limit int) (protocol.Device, protocol.PullResponse, error)
	Ping(ctx context.Context) error
	ShareStorage
}

// syncAPI serves /api/pair, /api/push and /api/pull.
type syncAPI struct {
	store  SyncStorage
	log    *slog.Logger
	now    func() time.Time
	pairs  *limiters // per client IP
	tokens *limiters // per device
	// strangers counts requests with a token the server does not know, per
	// client IP: an address that keeps guessing is refused before any
	// database work.
	strangers *limiters
	// behindProxy: a request from this machine names its client in the
	// X-Forwarded-For its proxy added (RateLimits.BehindProxy).
	behindProxy bool
	// readers counts shared links opened, per client IP.
	readers *limiters
	metrics *Metrics
}

func newSyncAPI(store SyncStorage, log *slog.Logger, limits RateLimits, metrics *Metrics) *syncAPI {
	if limits.BadTokenPerSecond <= 0 || limits.BadTokenBurst <= 0 {
		limits.BadTokenPerSecond, limits.BadTokenBurst = DefaultLimits.BadTokenPerSecond, DefaultLimits.BadTokenBurst
	}
	if limits.SharedPerSecond <= 0 || limits.SharedBurst <= 0 {
		limits.SharedPerSecond, limits.SharedBurst = DefaultLimits.SharedPerSecond, DefaultLimits.SharedBurst
	}
	return &syncAPI{
		store: store, log: log, now: time.Now,
		pairs:       newLimiters(limits.PairPerSecond, limits.PairBurst, func() { metrics.refusedForRate("pair") }),
		tokens:      newLimiters(limits.APIPerSecond, limits.APIBurst, func() { metrics.refusedForRate("device") }),
		strangers:   newLimiters(limits.BadTokenPerSecond, limits.BadTokenBurst, func() { metrics.refusedForRate("unknown_token") }),
		readers:     newLimiters(limits.SharedPerSecond, limits.SharedBurst, func() { metrics.refusedForRate("shared") }),
		behindProxy: limits.BehindProxy,
		metrics:     metrics,
	}
}

func (a *syncAPI) routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/pair", a.pair)
	mux.HandleFunc("POST /api/push", a.authenticated(a.push))
	mux.HandleFunc("GET /api/pull", a.pull)
	a.shareRoutes(mux)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, protocol.CodeBadRequest, "no such endpoint: see the protocol in app/protocol")
	})
}

// HashSecret is how codes and tokens are stored: only their SHA-256.
func HashSecret(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

// newToken makes a device token: 32 random bytes, base64url.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics on an unusable source)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (a *syncAPI) pair(w http.ResponseWriter, r *http.Request) {
	if !a.pairs.allow(w, a.clientIP(r)) {
		return
	}
	var req protocol.PairRequest
	if !decode(w, r, &req) {
		return
	}
	code := NormalizeCode(req.Code)
	name := strings.TrimSpace(req.DeviceName)
	if code == "" || name == "" || len(name) > 80 || !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "send a pairing code and a device name of 1 to 80 characters, without control characters")
		return
	}
	token := newToken()
	dev, err := a.store.Pair(r.Context(), HashSecret(code), name, HashSecret(token), a.now())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.log.Info("device paired", "user", dev.User, "device", dev.ID)
	writeJSON(w, http.StatusOK, protocol.PairResponse{Token: token, DeviceID: dev.ID, User: dev.User})
}

// NormalizeCode lets a pairing code be typed with any case and separators.
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '2' && r <= '9':
			return r
		}
		return -1
	}, code)
}

type authedHandler func(w http.ResponseWriter, r *http.Request, dev protocol.Device)

// authenticated checks the bearer token and the device's rate before the handler runs.
func (a *syncAPI) authenticated(next authedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := a.bearerToken(w, r)
		if !ok {
			return
		}
		dev, err := a.store.Authenticate(r.Context(), HashSecret(token))
		if err != nil {
			a.refuse(w, r, err)
			return
		}
		if !a.allow(w, dev) {
			return
		}
		next(w, r, dev)
	}
}

// bearerToken reads the device token, or answers itself: 401 without one,
// 429 when the client's address has sent too many unknown tokens lately.
func (a *syncAPI) bearerToken(w http.ResponseWriter, r *http.Request) (string, bool) {
	if a.strangers.exhausted(w, a.clientIP(r)) {
		return "", false
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		a.strangers.take(a.clientIP(r))
		writeError(w, http.StatusUnauthorized, protocol.CodeUnauthorized, "send the device token as \"Authorization: Bearer TOKEN\"")
		return "", false
	}
	return token, true
}

// refuse answers a storage error; an unknown token also counts against the
// client's address.
func (a *syncAPI) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, protocol.ErrUnauthorized) {
		a.strangers.take(a.clientIP(r))
	}
	a.fail(w, r, err)
}

// allow takes one request from the device's rate, or answers 429 itself.
func (a *syncAPI) allow(w http.ResponseWriter, dev protocol.Device) bool {
	return a.tokens.allow(w, strconv.FormatInt(dev.ID, 10))
}

func (a *syncAPI) push(w http.ResponseWriter, r *http.Request, dev protocol.Device) {
	var req protocol.PushRequest
	if !decode(w, r, &req) {
		return
	}
	if err := req.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, err.Error())
		return
	}
	results, err := a.store.Push(r.Context(), dev, req.Mutations)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.metrics.pushed(results)
	writeJSON(w, http.StatusOK, protocol.PushResponse{Results: results})
}

// pull authenticates and reads in one storage call (see SyncStorage.Pull),
// so the device's rate is taken once its identity is known, after the read.
func (a *syncAPI) pull(w http.ResponseWriter, r *http.Request) {
	token, ok := a.bearerToken(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	since, err := queryInt(q.Get("since"), 0)
	if err != nil || since < 0 {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "since: must be a whole number, 0 or more")
		return
	}
	limit, err := queryInt(q.Get("limit"), protocol.DefaultPullLimit)
	if err != nil || limit < 1 || limit > protocol.MaxPullLimit {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, fmt.Sprintf("limit: must be a whole number from 1 to %d", protocol.MaxPullLimit))
		return
	}
	dev, page, err := a.store.Pull(r.Context(), HashSecret(token), since, int(limit))
	if dev.ID != 0 && !a.allow(w, dev) {
		return
	}
	if err != nil {
		a.refuse(w, r, err)
		return
	}
	a.metrics.pulledPage(len(page.Records))
	writeJSON(w, http.StatusOK, page)
}

func queryInt(s string, fallback int64) (int64, error) {
	if s == "" {
		return fallback, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// fail maps a storage error to its status, in this one place. A failure of
// the database is a 503: the write was not acknowledged, and the client
// sends it again.
func (a *syncAPI) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, protocol.ErrUnauthorized):
		writeError(w, http.StatusUnauthorized, protocol.CodeUnauthorized, err.Error())
	case errors.Is(err, protocol.ErrBadCode):
		writeError(w, http.StatusUnauthorized, protocol.CodeUnauthorized, err.Error())
	case errors.Is(err, protocol.ErrMIDGap):
		next, _ := protocol.NextMID(err)
		writeJSON(w, http.StatusConflict, protocol.ErrorResponse{Error: err.Error(), Code: protocol.CodeMIDGap, NextMID: next})
	case errors.Is(err, protocol.ErrResyncRequired):
		writeError(w, http.StatusGone, protocol.CodeResyncRequired, err.Error())
	case errors.Is(err, protocol.ErrQuotaExceeded):
		writeError(w, http.StatusForbidden, protocol.CodeQuotaExceeded, err.Error())
	case errors.Is(err, protocol.ErrShareExpired):
		writeError(w, http.StatusGone, protocol.CodeShareExpired, err.Error())
	case errors.Is(err, protocol.ErrShareRevoked):
		writeError(w, http.StatusGone, protocol.CodeShareRevoked, err.Error())
	case errors.Is(err, protocol.ErrShareUnknown):
		writeError(w, http.StatusNotFound, protocol.CodeShareUnknown, err.Error())
	case errors.Is(err, protocol.ErrTooManyShares):
		writeError(w, http.StatusForbidden, protocol.CodeTooManyShares, err.Error())
	default:
		a.metrics.databaseFailed()
		a.log.Error("sync storage failed", "route", route(r), "err", err)
		writeError(w, http.StatusServiceUnavailable, protocol.CodeUnavailable, "the server could not store this: nothing was saved, try again later")
	}
}

// decode reads a JSON body of at most MaxBodyBytes, refusing unknown fields,
// wrong types and trailing data, and answers the error itself.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, protocol.MaxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("extra data after the JSON value")
		}
	}
	if err == nil {
		return true
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, http.StatusRequestEntityTooLarge, protocol.CodeTooLarge, fmt.Sprintf("the body is over %d bytes: send fewer mutations per push", protocol.MaxBodyBytes))
		return false
	}
	writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "the body is not valid: "+describeDecodeError(err))
	return false
}

func describeDecodeError(err error) string {
	var typ *json.UnmarshalTypeError
	var b64 base64.CorruptInputError
	switch {
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q must be %s, not %s", typ.Field, typ.Type, typ.Value)
	case errors.As(err, &b64):
		return "a ciphertext is not valid base64"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends too early"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // only a bug can get here: every answer is a plain struct
		http.Error(w, "the answer could not be encoded", http.StatusInternalServerError)
		return
	}
	// A known length lets the answer go out in one piece, not chunked.
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, protocol.ErrorResponse{Error: msg, Code: code})
}

// clientIP is the address the request came from. Behind a reverse proxy on
// this machine (BehindProxy) it is the last address of X-Forwarded-For,
// the one the proxy itself added; the header is trusted from nowhere else,
// as anyone can send one.
func (a *syncAPI) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); a.behindProxy && ip != nil && ip.IsLoopback() {
		forwarded := r.Header.Values("X-Forwarded-For")
		if len(forwarded) > 0 {
			hops := strings.Split(forwarded[len(forwarded)-1], ",")
			if last := strings.TrimSpace(hops[len(hops)-1]); net.ParseIP(last) != nil {
				return last
			}
		}
	}
	return host
}
