package storage

import (
	"time"

	"github.com/remoteml/sundown/app/protocol"
)

// ShareRetention is how long an expired link's ciphertext is kept before it
// is forgotten (its row stays, so the link still says it expired).
const ShareRetention = 30 * 24 * time.Hour

// NewShare is the share a request makes at now, to the second (the
// engines store Unix seconds).
func NewShare(req protocol.ShareRequest, now time.Time) protocol.Share {
	created := now.UTC().Truncate(time.Second)
	return protocol.Share{ID: req.ID, Label: req.Label, Created: created, Expires: created.AddDate(0, 0, req.Days)}
}

// ListedShare fills in a listed share's times from their stored seconds.
func ListedShare(s protocol.Share, created, expires, revoked int64) protocol.Share {
	s.Created, s.Expires, s.Revoked = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC(), revoked != 0
	return s
}

// SharedAt is a stored share as its link opens at now: its ciphertext
// while it is live, else why not. Expiry is checked here, by the server,
// whatever the page's clock says.
func SharedAt(ciphertext []byte, expires, revoked int64, now time.Time) (protocol.SharedResponse, error) {
	switch {
	case revoked != 0:
		return protocol.SharedResponse{}, protocol.ErrShareRevoked
	case now.Unix() >= expires || ciphertext == nil:
		return protocol.SharedResponse{}, protocol.ErrShareExpired
	}
	return protocol.SharedResponse{Ciphertext: ciphertext, Expires: time.Unix(expires, 0).UTC()}, nil
}
