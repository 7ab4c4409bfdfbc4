package ui

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/seal"
	"github.com/remoteml/sundown/app/store"
)

// shareClient is what sharing needs of the server that keeps the links:
// the account's sync server.
type shareClient interface {
	CreateShare(ctx context.Context, req protocol.ShareRequest) (protocol.Share, error)
	Shares(ctx context.Context) ([]protocol.Share, error)
	RevokeShare(ctx context.Context, id string) error
	Shared(ctx context.Context, id string) (protocol.SharedResponse, error)
}

// PathShared is where a shared link opens: PathShared + id + "#" + key.
const PathShared = "/shared/"

// shareLabelType is the sealed record type of a link's label (its range),
// which the account's devices open to list the link.
const shareLabelType = "share-label"

// madeLink is a link this device made.
type madeLink struct {
	URL   string
	Range ritual.Range
	Share protocol.Share
}

// shareProof seals proof with a key made for it alone, stores the
// ciphertext on the account's server for days, and returns the link, whose
// fragment carries the key. Only the proof's range goes with it, sealed with
// the account's key, so the user's devices can list the link.
func shareProof(ctx context.Context, cfg store.SyncConfig, client shareClient, proof ritual.Proof, days int) (madeLink, error) {
	keys, err := seal.KeyringFromDataKey(cfg.User, cfg.DataKey)
	if err != nil {
		return madeLink{}, err
	}
	id, key := newShareID(), seal.NewShareKey()
	plain, err := json.Marshal(proof)
	if err != nil {
		return madeLink{}, err
	}
	if len(plain) > protocol.MaxShareBytes-64 { // room for the envelope, nonce and tag
		return madeLink{}, fmt.Errorf("this range holds %d KB of text, more than a link carries (%d KB): share a shorter range", len(plain)>>10, protocol.MaxShareBytes>>10)
	}
	sealed, err := seal.SealShare(id, key, ritual.ProofFormat, plain)
	if err != nil {
		return madeLink{}, err
	}
	label, _ := json.Marshal(proof.Range)
	sealedLabel, err := keys.Seal(id, shareLabelType, 1, label)
	if err != nil {
		return madeLink{}, err
	}
	share, err := client.CreateShare(ctx, protocol.ShareRequest{ID: id, Label: sealedLabel, Ciphertext: sealed, Days: days})
	if err != nil {
		return madeLink{}, shareProblem(err)
	}
	return madeLink{URL: shareURL(cfg.Server, id, key), Range: proof.Range, Share: share}, nil
}

func newShareID() string {
	b := make([]byte, protocol.ShareIDBytes)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func shareURL(server, id string, key []byte) string {
	return strings.TrimRight(server, "/") + PathShared + id + "#" + base64.RawURLEncoding.EncodeToString(key)
}

// shareRange opens a listed link's label: the range it shows.
func shareRange(keys *seal.Keyring, s protocol.Share) (ritual.Range, bool) {
	plain, _, err := keys.Open(s.ID, shareLabelType, 1, s.Label)
	var r ritual.Range
	if err != nil || json.Unmarshal(plain, &r) != nil {
		return ritual.Range{}, false
	}
	return r, true
}

// openShared fetches link id and opens it with the key in its fragment.
func openShared(ctx context.Context, client shareClient, id, fragment string) (ritual.Proof, time.Time, error) {
	if !protocol.ValidShareID(id) {
		return ritual.Proof{}, time.Time{}, protocol.ErrShareUnknown // a link cut short, or mistyped
	}
	key, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(fragment, "#"))
	if err != nil || len(key) != seal.ShareKeySize {
		return ritual.Proof{}, time.Time{}, seal.ErrShareDamaged
	}
	shared, err := client.Shared(ctx, id)
	if err != nil {
		return ritual.Proof{}, time.Time{}, shareProblem(err)
	}
	plain, _, err := seal.OpenShare(id, key, ritual.ProofFormat, shared.Ciphertext)
	if errors.Is(err, seal.ErrNewerFormat) {
		return ritual.Proof{}, time.Time{}, errors.New("this link was made by a newer version of Sundown than this page: reload the page to update it")
	}
	if err != nil {
		return ritual.Proof{}, time.Time{}, err
	}
	proof, err := ritual.ParseProof(plain)
	return proof, shared.Expires, err
}

// shareProblem says what went wrong with a link in words for the page.
// (A server's refusal already reads as its message: see protocol.ServerError.)
func shareProblem(err error) error {
	if errors.Is(err, protocol.ErrUnreachable) {
		return errors.New("the server that keeps this link cannot be reached: check the connection and try again")
	}
	return err
}
