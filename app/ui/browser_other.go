//go:build !(js && wasm)

package ui

import (
	"errors"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Outside the browser there is nothing to download to or copy into; these
// keep the components testable with plain go test.

func downloadFile(name, mime, content string) { lastDownload = download{name, mime, content} }

func copyText(text string) error { return errors.New("no clipboard outside the browser") }

// download records what downloadFile was asked for, for tests.
type download struct{ name, mime, content string }

var lastDownload download

func readChosenFile(input app.Value) (string, int, error) {
	return "", 0, errors.New("no files outside the browser")
}
