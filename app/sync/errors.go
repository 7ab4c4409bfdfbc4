package sync

import (
	"errors"
	"time"
)

// Errors a sync server's storage returns; the HTTP layer maps each to one
// status and code.
var (
	ErrUnauthorized   = errors.New("no valid device token: pair this device again")
	ErrBadCode        = errors.New("this pairing code is unknown, used or expired: print a new one with `sundown user code NAME`")
	ErrMIDGap         = errors.New("the mutation numbers skip one: send the missing mutations first")
	ErrResyncRequired = errors.New("the server does not know this cursor (it was restored from a backup): send your whole state again")
	ErrNotFound       = errors.New("not found")
	ErrExists         = errors.New("already exists")
)

// Device is a paired device, as the server knows it.
type Device struct {
	ID      int64
	UserID  int64
	User    string
	Name    string
	Created time.Time
	Revoked bool
	// UserSeq is the user's last record version when the device was
	// authenticated for this request: any version the device knows was
	// given out before, so a cursor above it is one the server cannot serve.
	UserSeq int64
}
