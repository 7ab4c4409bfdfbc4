//go:build !(js && wasm)

package ui

import "context"

// oneTabAtATime runs sync: outside the browser there are no other tabs.
func oneTabAtATime(_ context.Context, sync func()) error {
	sync()
	return nil
}
