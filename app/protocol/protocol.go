// Package protocol holds what Sundown's devices and its sync server say to each
// other: the wire types of the protocol and their limits. The server sees
// only opaque records (an id, a version, a deleted flag and ciphertext); it
// never learns what a record holds.
//
// # Protocol
//
// A device is paired once with a one-time code printed by `sundown user add`:
//
//	curl -s -X POST http://127.0.0.1:8000/api/pair \
//	  -d '{"code":"K7QF-2M9D-XW4P","device_name":"laptop"}'
//	{"token":"…","device_id":1,"user":"ana"}
//
// The token then authorises every call, as "Authorization: Bearer TOKEN".
//
// Push sends a batch of mutations. Each carries mid, a per-device mutation
// number that increases by one with every mutation the device makes, and
// base_version, the version of the record the device last saw (0 for a new
// record). The whole batch is applied in one transaction, and the response
// is sent only after it committed:
//
//		curl -s -X POST http://127.0.0.1:8000/api/push -H "Authorization: Bearer $TOKEN" \
//		  -d '{"mutations":[{"mid":1,"record_id":"r1","base_version":0,"ciphertext":"aGVsbG8="}]}'
//		{"results":[{"mid":1,"status":"applied","version":1}]}
//
//	  - A mutation whose base_version is the record's current version is
//	    applied and gets the next version of the user's sequence.
//	  - Otherwise the result is "conflict", with the server's current record;
//	    nothing is overwritten.
//	  - A mid at or below the device's last applied one returns the stored
//	    result again, so a retry after a lost response is harmless.
//	  - A mid that skips a number is refused (409, "mid_gap", with the
//	    "next_mid" the server expects), and so is the whole batch. A device
//	    ahead of the server (restored from an older backup) renumbers its
//	    batch from next_mid: the server has no mutation of those numbers.
//
// Deletes are mutations with "deleted": true; the record stays as a
// tombstone with a version, so other devices learn of the delete.
//
// Pull returns the user's records with a version above since, in version
// order, a page at a time:
//
//	curl -s "http://127.0.0.1:8000/api/pull?since=0&limit=100" -H "Authorization: Bearer $TOKEN"
//	{"records":[{"record_id":"r1","version":1,"ciphertext":"aGVsbG8="}],"next":1,"more":false}
//
// A since above the user's sequence (the server was restored from an older
// backup) answers 410 with "resync_required": the device must send its whole
// state again.
//
// Errors are JSON, {"error":"what happened and what to do","code":"bad_request"},
// with the HTTP status saying the class: 400 bad input, 401 no or bad token,
// 409 mid gap, 410 resync required, 413 body too large, 429 slow down (see
// Retry-After), 5xx the server could not store the write (it was not
// acknowledged; send it again).
package protocol

import (
	"fmt"
	"unicode/utf8"
)

// Limits of the protocol. A request beyond them is refused whole.
const (
	MaxBodyBytes     = 1 << 20  // a request body
	MaxMutations     = 500      // mutations in one push
	MaxRecordBytes   = 64 << 10 // ciphertext of one record
	MaxRecordIDBytes = 128
	DefaultPullLimit = 200
	MaxPullLimit     = 1000
	// MaxPullBytes bounds the ciphertext of one pull page: a page of large
	// records ends early (with more: true), so an answer stays a size a
	// phone on a slow link receives whole.
	MaxPullBytes = 768 << 10
)

// Mutation is one change a device sends.
type Mutation struct {
	MID         int64  `json:"mid"`
	RecordID    string `json:"record_id"`
	BaseVersion int64  `json:"base_version"`
	Deleted     bool   `json:"deleted,omitempty"`
	Ciphertext  []byte `json:"ciphertext,omitempty"` // base64 in JSON
}

// PushRequest is a batch of mutations, in mid order.
type PushRequest struct {
	Mutations []Mutation `json:"mutations"`
}

// Statuses of a mutation's result.
const (
	StatusApplied  = "applied"
	StatusConflict = "conflict"
)

// Result says what became of one mutation.
type Result struct {
	MID     int64   `json:"mid"`
	Status  string  `json:"status"`
	Version int64   `json:"version,omitempty"` // the new version, when applied
	Current *Record `json:"current,omitempty"` // the server's record, on conflict
}

// PushResponse answers a push, one result per mutation, in order.
type PushResponse struct {
	Results []Result `json:"results"`
}

// Record is what the server keeps of one record.
type Record struct {
	RecordID   string `json:"record_id"`
	Version    int64  `json:"version"`
	Deleted    bool   `json:"deleted,omitempty"`
	Ciphertext []byte `json:"ciphertext,omitempty"`
}

// PullResponse is one page of records with a version above the cursor.
type PullResponse struct {
	Records []Record `json:"records"`
	Next    int64    `json:"next"` // the cursor for the next page
	More    bool     `json:"more"`
}

// PairRequest trades a one-time pairing code for a device token.
type PairRequest struct {
	Code       string `json:"code"`
	DeviceName string `json:"device_name"`
}

// PairResponse carries the device's token. It is shown only this once.
type PairResponse struct {
	Token    string `json:"token"`
	DeviceID int64  `json:"device_id"`
	User     string `json:"user"`
}

// Error codes in error responses.
const (
	CodeBadRequest     = "bad_request"
	CodeUnauthorized   = "unauthorized"
	CodeMIDGap         = "mid_gap"
	CodeResyncRequired = "resync_required"
	CodeTooLarge       = "too_large"
	CodeRateLimited    = "rate_limited"
	CodeQuotaExceeded  = "quota_exceeded"
	CodeUnavailable    = "unavailable"
)

// ErrorResponse is the body of every error.
type ErrorResponse struct {
	Error string `json:"error"`
	Code  string `json:"code"`
	// NextMID, with "mid_gap", is the mid the server expects next.
	NextMID int64 `json:"next_mid,omitempty"`
}

// Validate checks a push against the limits and names the first problem.
func (p PushRequest) Validate() error {
	if len(p.Mutations) == 0 {
		return fmt.Errorf("mutations: empty; send at least one")
	}
	if len(p.Mutations) > MaxMutations {
		return fmt.Errorf("mutations: %d in one push; send at most %d", len(p.Mutations), MaxMutations)
	}
	for i, m := range p.Mutations {
		switch {
		case m.MID < 1:
			return fmt.Errorf("mutations[%d].mid: %d; mids start at 1", i, m.MID)
		case i > 0 && m.MID != p.Mutations[i-1].MID+1:
			return fmt.Errorf("mutations[%d].mid: %d follows %d; send mids in order without gaps", i, m.MID, p.Mutations[i-1].MID)
		case m.RecordID == "" || len(m.RecordID) > MaxRecordIDBytes || !utf8.ValidString(m.RecordID):
			return fmt.Errorf("mutations[%d].record_id: must be 1 to %d bytes of text", i, MaxRecordIDBytes)
		case m.BaseVersion < 0:
			return fmt.Errorf("mutations[%d].base_version: %d is negative", i, m.BaseVersion)
		case len(m.Ciphertext) > MaxRecordBytes:
			return fmt.Errorf("mutations[%d].ciphertext: %d bytes; a record holds at most %d", i, len(m.Ciphertext), MaxRecordBytes)
		case m.Deleted && len(m.Ciphertext) > 0:
			return fmt.Errorf("mutations[%d]: a delete carries no ciphertext", i)
		case !m.Deleted && len(m.Ciphertext) == 0:
			return fmt.Errorf("mutations[%d].ciphertext: missing", i)
		}
	}
	return nil
}
