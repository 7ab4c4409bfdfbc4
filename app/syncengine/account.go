package syncengine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/seal"
)

// AccountKeyID is the record that holds the account's data key, wrapped
// under the passphrase. It is readable by the server but useless without
// the passphrase; the engine leaves it out of the records it merges.
const AccountKeyID = "account-key"

// OpenAccount gives the engine its keys. The first device of an account
// makes the data key and stores it, wrapped, as the AccountKeyID record;
// every device, the first included, then fetches that record and unwraps it
// with the passphrase, so two devices setting up at the same moment end up
// with the same key. A wrong passphrase returns seal.ErrWrongPassphrase and
// changes nothing. The new key is queued like any mutation (saved before it
// is sent, sent again unchanged after a failure), so a lost answer cannot
// leave the server with one key and this device with another. progress is
// told what is happening: deriving the key takes a moment on purpose.
func (e *Engine) OpenAccount(ctx context.Context, user, passphrase string, progress func(string)) error {
	for attempt := 0; attempt < 2; attempt++ {
		if err := e.push(ctx, &Report{}); err != nil { // a key queued by an earlier attempt goes first
			return err
		}
		progress("Looking for this account's key…")
		wrapped, found, err := e.fetchAccountKey(ctx)
		if err != nil {
			return err
		}
		if found {
			if err := wrapped.KDF.Validate(); err != nil {
				return err
			}
			progress("Opening the key with your passphrase…")
			passKey, err := e.deriveKey(passphrase, wrapped.KDF)
			if err != nil {
				return err
			}
			keys, err := seal.UnwrapWith(user, passKey, wrapped)
			if err != nil {
				return err
			}
			e.Keys = keys
			return nil
		}
		progress("Making this account's key…")
		if err := e.queueAccountKey(user, passphrase); err != nil {
			return err
		}
	}
	return errors.New("the account's key could not be stored on the server: try again")
}

// queueAccountKey makes a new data key and queues it, wrapped, for the server.
func (e *Engine) queueAccountKey(user, passphrase string) error {
	keys, err := seal.NewKeyring(user)
	if err != nil {
		return err
	}
	params := seal.NewKDFParams()
	passKey, err := e.deriveKey(passphrase, params)
	if err != nil {
		return err
	}
	w, err := keys.WrapWith(passKey, params)
	if err != nil {
		return err
	}
	data, err := json.Marshal(w)
	if err != nil {
		return err
	}
	state, err := e.Replica.State()
	if err != nil {
		return err
	}
	state.NextMID++
	state.Sent = append(state.Sent, protocol.Mutation{MID: state.NextMID, RecordID: AccountKeyID, Ciphertext: data})
	state.SentIDs = append(state.SentIDs, SentRef{RecordID: AccountKeyID})
	return e.Replica.SaveState(state)
}

// fetchAccountKey finds the wrapped key among the account's records.
func (e *Engine) fetchAccountKey(ctx context.Context) (seal.WrappedKey, bool, error) {
	var since int64
	for {
		page, err := e.Transport.Pull(ctx, since, protocol.MaxPullLimit)
		if err != nil {
			return seal.WrappedKey{}, false, err
		}
		for _, r := range page.Records {
			if r.RecordID == AccountKeyID && !r.Deleted {
				var w seal.WrappedKey
				if err := json.Unmarshal(r.Ciphertext, &w); err != nil {
					return seal.WrappedKey{}, false, fmt.Errorf("the account's key record is damaged: %w", err)
				}
				return w, true, nil
			}
		}
		since = page.Next
		if !page.More {
			return seal.WrappedKey{}, false, nil
		}
	}
}

// skipRecord reports whether a record is not one of the merged data records.
func skipRecord(id string) bool { return id == AccountKeyID }

func (e *Engine) deriveKey(passphrase string, p seal.KDFParams) ([]byte, error) {
	if e.DeriveKey == nil {
		return nil, errors.New("no way to derive the passphrase key was given")
	}
	return e.DeriveKey(passphrase, p)
}
