// Package web holds the app's files as the browser gets them: the scripts,
// styles and icons kept in the repository, and what make build adds beside
// them (app.wasm and kdf.wasm with their compressed forms, and a copy of
// wasm_exec.js). They are embedded, so the server binary alone serves the
// whole app from any folder.
package web

import (
	"embed"
	"io/fs"
	"path"
	"slices"
)

// everything is this folder as it was when the server was compiled: the
// pattern "*" always matches (this file at least), so a clone that was
// never built still compiles, and the server then says the app is not built.
//
//go:embed *
var everything embed.FS

// Files are the embedded files, without this package's Go source.
var Files fs.FS = withoutGo{everything}

// withoutGo hides Go files: they are how the files get in, not part of the app.
type withoutGo struct{ fs.FS }

func (f withoutGo) Open(name string) (fs.File, error) {
	if path.Ext(name) == ".go" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f.FS.Open(name)
}

// ReadDir lists a folder without its Go files, as Open would have them.
func (f withoutGo) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(f.FS, name)
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return path.Ext(e.Name()) == ".go" }), err
}
