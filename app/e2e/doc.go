// Package e2e drives Sundown in a real headless Chromium, as a user would:
// by the visible labels of fields and buttons. Its tests carry the e2e build
// tag and run with `make e2e` (part of `make test`), which builds the app first.
//
// Every test starts its own server and browser profiles and shares nothing
// with another, so the tests run in parallel (make e2e: two at a time).
package e2e
