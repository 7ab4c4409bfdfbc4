// Package ritual is Sundown's domain: the Day and its entries, the checklist
// the ritual walks through, the user's settings, and the rules that keep them
// valid.
//
// It is pure Go on purpose: no go-app, no syscall/js, no I/O. Everything that
// decides what a shutdown is lives here so it can be tested with plain
// `go test`, and every other package (store, ui, sync, server) depends on it,
// never the other way round.
package ritual
