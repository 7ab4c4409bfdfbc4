//go:build !(js && wasm)

package ui

import "github.com/remoteml/sundown/app/seal"

// deriveInWorker derives the key in place outside the browser.
var deriveInWorker = seal.DeriveHere
