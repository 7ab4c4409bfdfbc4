//go:build !(js && wasm)

package ui

import syncproto "github.com/remoteml/sundown/app/sync"

// deriveInWorker derives the key in place outside the browser.
var deriveInWorker = syncproto.DeriveHere
