package protocol

import (
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// A share is one read-only link to a range of a user's record ("Share this
// week"). The device encrypts what the link shows with a fresh key that
// lives only in the link's fragment, so the server keeps ciphertext it
// cannot open, for a number of days, and hands it to whoever has the link's
// id until it expires or its owner revokes it.
const (
	ShareIDBytes       = 16        // random bytes of a share's id, base64url in the link
	MaxShareBytes      = 512 << 10 // ciphertext of one share: a year of a busy record
	MaxShareLabelBytes = 1 << 10   // the sealed label (the range, for the owner's list)
	MinShareDays       = 1
	MaxShareDays       = 90
	DefaultShareDays   = 7
	// MaxLiveShares bounds the links one user has live at once.
	MaxLiveShares = 100
)

// Errors of a share, as the one who opens a link meets them.
var (
	ErrShareExpired  = errors.New("this link has expired: ask the person who shared it for a new one")
	ErrShareRevoked  = errors.New("this link was withdrawn by the person who shared it")
	ErrShareUnknown  = errors.New("there is no shared record at this link: check that the whole link was copied")
	ErrTooManyShares = fmt.Errorf("%d links are live already: revoke one you no longer need (Settings → Shared links)", MaxLiveShares)
	// ErrShareGone is a revoke of a link that is not the user's, or no longer live.
	ErrShareGone = errors.New("this link is revoked already, or is not one of yours: nothing was changed")
	// ErrShareIDTaken is a new link whose id another has (a device picks
	// it at random, so this is a retry of a link already made, or a bug).
	ErrShareIDTaken = errors.New("a link with this id exists already: make the link again, which picks a new id")
)

// Error codes of a share.
const (
	CodeShareExpired  = "share_expired"
	CodeShareRevoked  = "share_revoked"
	CodeShareUnknown  = "share_unknown"
	CodeShareIDTaken  = "share_id_taken"
	CodeShareGone     = "share_gone"
	CodeTooManyShares = "too_many_shares"
)

// ShareRequest makes a share. The device picks the id (ShareIDBytes random
// bytes), so the ciphertext can be bound to it before it is sent.
type ShareRequest struct {
	ID         string `json:"id"`
	Label      []byte `json:"label"`      // the range, sealed with the account's key
	Ciphertext []byte `json:"ciphertext"` // what the link shows, sealed with the link's key
	Days       int    `json:"days"`       // how long the link works
}

// Share is a share as its owner's devices list it: never its ciphertext.
type Share struct {
	ID      string    `json:"id"`
	Label   []byte    `json:"label"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	Revoked bool      `json:"revoked,omitempty"`
}

// SharesResponse lists a user's shares, newest first.
type SharesResponse struct {
	Shares []Share `json:"shares"`
}

// SharedResponse is what a link's page fetches.
type SharedResponse struct {
	Ciphertext []byte    `json:"ciphertext"`
	Expires    time.Time `json:"expires"`
}

// ValidShareID reports whether id has the form of a share's id.
func ValidShareID(id string) bool {
	b, err := base64.RawURLEncoding.DecodeString(id)
	return err == nil && len(b) == ShareIDBytes && base64.RawURLEncoding.EncodeToString(b) == id
}

// Validate checks a share request and names the first problem.
func (r ShareRequest) Validate() error {
	switch {
	case !ValidShareID(r.ID):
		return fmt.Errorf("id: must be %d random bytes in base64url", ShareIDBytes)
	case len(r.Ciphertext) == 0 || len(r.Ciphertext) > MaxShareBytes:
		return fmt.Errorf("ciphertext: must be 1 to %d bytes; share a shorter range", MaxShareBytes)
	case len(r.Label) == 0 || len(r.Label) > MaxShareLabelBytes:
		return fmt.Errorf("label: must be 1 to %d bytes", MaxShareLabelBytes)
	case r.Days < MinShareDays || r.Days > MaxShareDays:
		return fmt.Errorf("days: a link lasts %d to %d days", MinShareDays, MaxShareDays)
	}
	return nil
}
