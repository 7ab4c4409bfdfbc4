package protocol

import (
	"errors"
	"fmt"
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
	ErrQuotaExceeded  = errors.New("this account is over its quota on the server")
)

// QuotaError is ErrQuotaExceeded with what was exceeded, in words.
type QuotaError struct{ What string }

func (e *QuotaError) Error() string {
	return fmt.Sprintf("%v (%s): nothing of this push was stored; ask the server's owner to raise the quota (sundown serve --quota-records, --quota-mb), or remove days you no longer need", ErrQuotaExceeded, e.What)
}
func (e *QuotaError) Is(target error) bool { return target == ErrQuotaExceeded }

// ErrUnreachable is a request that got no answer, or only part of one: the
// network or the server is down. Nothing is known to have happened; the
// same request is safe to send again.
var ErrUnreachable = errors.New("the sync server cannot be reached")

// MIDGapError is ErrMIDGap with the mid the server expects next. A device
// whose numbers run ahead of the server's (the server was restored from an
// older backup, which forgot the device's latest mutations) renumbers the
// batch it is sending from there.
type MIDGapError struct{ Next int64 }

func (e *MIDGapError) Error() string        { return ErrMIDGap.Error() }
func (e *MIDGapError) Is(target error) bool { return target == ErrMIDGap }

// NextMID returns the mid the server expects, when err says the numbers
// skip one and the server said where to resume.
func NextMID(err error) (int64, bool) {
	var gap *MIDGapError
	if errors.As(err, &gap) && gap.Next > 0 {
		return gap.Next, true
	}
	var se *ServerError
	if errors.As(err, &se) && se.Code == CodeMIDGap && se.NextMID > 0 {
		return se.NextMID, true
	}
	return 0, false
}

// Device is a paired device, as the server knows it.
type Device struct {
	ID      int64
	UserID  int64
	User    string
	Name    string
	Created time.Time
	Revoked bool
}
