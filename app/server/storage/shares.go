package storage

import (
	"time"

	"github.com/remoteml/sundown/app/protocol"
)

// NewShare is the share a request makes at now, to the second (the
// engines store Unix seconds).
func NewShare(req protocol.ShareRequest, now time.Time) protocol.Share {
	created := now.UTC().Truncate(time.Second)
	return protocol.Share{ID: req.ID, Label: req.Label, Created: created, Expires: created.AddDate(0, 0, req.Days)}
}

// Rows are the rows of a query, as both engines' drivers give them.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// ListShares reads the rows of a query of id, label, created, expires and
// revoked (times in Unix seconds) as the shares its owner lists.
func ListShares(rows Rows) ([]protocol.Share, error) {
	shares := []protocol.Share{}
	for rows.Next() {
		var s protocol.Share
		var created, expires, revoked int64
		if err := rows.Scan(&s.ID, &s.Label, &created, &expires, &revoked); err != nil {
			return nil, err
		}
		s.Created, s.Expires, s.Revoked = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC(), revoked != 0
		shares = append(shares, s)
	}
	return shares, rows.Err()
}

// SharedAt is a stored share as its link opens at now: its ciphertext
// while it is live, else why not. Expiry is checked here, by the server,
// whatever the page's clock says. An expired link's ciphertext is of no
// use to anyone: the engines forget it when they meet it (a link opened, a
// link made), and keep the row, so that the link can say it expired.
func SharedAt(ciphertext []byte, expires, revoked int64, now time.Time) (protocol.SharedResponse, error) {
	switch {
	case revoked != 0:
		return protocol.SharedResponse{}, protocol.ErrShareRevoked
	case now.Unix() >= expires || ciphertext == nil:
		return protocol.SharedResponse{}, protocol.ErrShareExpired
	}
	return protocol.SharedResponse{Ciphertext: ciphertext, Expires: time.Unix(expires, 0).UTC()}, nil
}
