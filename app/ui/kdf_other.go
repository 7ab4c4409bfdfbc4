//go:build !(js && wasm)

package ui

import syncproto "github.com/remoteml/sundown/app/sync"

// deriveInWorker derives the key in place outside the browser.
func deriveInWorker(passphrase string, p syncproto.KDFParams) ([]byte, error) {
	return syncproto.PassphraseKey(passphrase, p), nil
}
