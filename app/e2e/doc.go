// Package e2e drives Sundown in a real headless Chromium, as a user would:
// by the visible labels of fields and buttons. Its tests carry the e2e build
// tag and run with `make e2e` (part of `make test`), which builds the app first.
package e2e
