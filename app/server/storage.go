package server

import (
	"context"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/server/tables"
)

// Storage is everything the server and its admin commands keep: the sync
// API's storage, the accounts, and whole-database copies (tables.Store).
// SQLite (server/sqlite) is the default; PostgreSQL (server/postgres)
// serves installations of several processes.
type Storage interface {
	SyncStorage
	tables.Store
	AddUser(ctx context.Context, name string, codeHash []byte, expires, now time.Time) error
	AddCode(ctx context.Context, name string, codeHash []byte, expires time.Time) error
	Devices(ctx context.Context, user string) ([]protocol.Device, error)
	Revoke(ctx context.Context, deviceID int64, now time.Time) error
	SetQuota(q protocol.Quota)
	Close() error
}
