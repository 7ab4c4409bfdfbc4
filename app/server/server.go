// Package server is the machine side of Sundown: it serves the PWA (and,
// later, the sync API) over plain net/http.
package server

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

//go:embed worker.js
var workerTemplate string

// Config says where the built app is and how to log.
type Config struct {
	// Files are the app's files as make build leaves web/: app.wasm,
	// kdf.wasm and calendar.wasm (with their .br and .gz), wasm_exec.js, the stylesheet,
	// scripts and icons. The server binary passes the copy built into it
	// (package web); --dir, a folder on disk.
	Files fs.FS
	// Pages are the paths of the app's pages, so that each of them loads
	// offline. The app's routes are registered with go-app by the caller
	// (cmd/sundown: ui.Routes) before New: this package is the HTTP side
	// only, and knows nothing of the pages themselves.
	Pages []string
	Log   *slog.Logger
	// Sync, when set, serves the sync API from this storage.
	Sync SyncStorage
	// Limits overrides the default rate limits (tests that make thousands
	// of requests raise them).
	Limits *RateLimits
	// Metrics, when set, counts requests and what sync does; the caller
	// serves Metrics.Handler where it chooses (never with user data).
	Metrics *Metrics
	// Now is the server's clock (time.Now when nil): it decides when a
	// pairing code or a shared link has expired; tests move it.
	Now func() time.Time
}

// RateLimits bound how fast one client may guess pairing codes, how fast
// one device may call the API, and how many unknown tokens one address may
// send. They are kept in each process's memory: behind several server
// processes, each one counts on its own. BehindProxy counts addresses by
// the X-Forwarded-For a reverse proxy on this machine adds (without it,
// every client behind the proxy would share one address's limits).
type RateLimits struct {
	BehindProxy       bool
	PairPerSecond     float64
	PairBurst         int
	APIPerSecond      float64
	APIBurst          int
	BadTokenPerSecond float64
	BadTokenBurst     int
	// SharedPerSecond and SharedBurst bound how fast one address opens
	// shared links (their ids are unguessable; this keeps anyone from
	// trying all the same).
	SharedPerSecond float64
	SharedBurst     int
}

// DefaultLimits: a pairing guess every five seconds per address, a busy
// device's sync with room to spare, and a revoked device's retries (a
// bad token a minute, a few at once) without anyone scanning tokens.
var DefaultLimits = RateLimits{PairPerSecond: 0.2, PairBurst: 5, APIPerSecond: 20, APIBurst: 60, BadTokenPerSecond: 1, BadTokenBurst: 20,
	SharedPerSecond: 1, SharedBurst: 30}

// Colours of the installed app's window and splash screen.
const (
	themeColor      = "#1d1b2f"
	backgroundColor = "#1d1b2f"
)

// New returns the handler that serves the PWA. It fails when the build is
// missing, saying which command makes it.
func New(cfg Config) (http.Handler, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	files, err := loadFiles(cfg.Files)
	if err != nil {
		return nil, err
	}
	manifest := manifestJSON()
	version, err := BuildHash(cfg.Files)
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	mux.Handle("/", allowZoom(&app.Handler{
		Name:            "Sundown",
		ShortName:       "Sundown",
		Title:           "Sundown — end your workday on purpose",
		Description:     "An evening shutdown ritual: record your wins and unseen work, plan open loops, and close the day.",
		Lang:            "en",
		BackgroundColor: backgroundColor,
		ThemeColor:      themeColor,
		LoadingLabel:    "Loading Sundown… {progress}%",
		Icon:            app.Icon{Default: "/web/icon-192.png", Large: "/web/icon-512.png", SVG: "/web/icon.svg"},
		Styles:          []string{"/web/app.css"},
		// The chosen theme, before the page paints; the database, opened while
		// app.wasm compiles.
		Scripts: []string{"/web/theme.js", "/web/open-storage.js"},
		// loader.js only has work if app.wasm fails to load: deferred, it
		// does not hold up the page as go-app's Scripts (parser-blocking) would.
		RawHeaders:              []string{`<script defer src="/web/loader.js"></script>`},
		CacheableResources:      append([]string{"/web/icon.svg", "/web/icon-maskable-512.png", "/web/loader.js"}, cfg.Pages...),
		Version:                 version,
		WasmContentLengthHeader: wasmLengthHeader,
		ServiceWorkerTemplate:   workerTemplate,
		Resources:               webDir{http.StripPrefix("/web", http.FileServerFS(cfg.Files))},
	}))
	mux.Handle("/web/app.wasm", files.wasm)
	mux.Handle("/web/kdf.wasm", files.kdf)
	mux.Handle("/web/calendar.wasm", files.calendar)
	mux.Handle("/wasm_exec.js", staticBytes("text/javascript; charset=utf-8", files.wasmExec, version))
	mux.Handle("/manifest.webmanifest", staticBytes("application/manifest+json", manifest, version))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", readyz(cfg.Sync))
	if cfg.Sync != nil {
		limits := DefaultLimits
		if cfg.Limits != nil {
			limits = *cfg.Limits
		}
		api := newSyncAPI(cfg.Sync, cfg.Log, limits, cfg.Metrics)
		if cfg.Now != nil {
			api.now = cfg.Now
		}
		api.routes(mux)
	}
	return withLogging(cfg.Log, cfg.Metrics.measure(withSecurityHeaders(mux))), nil
}

// readyz says whether the server can do its work: with sync, whether the
// database answers.
func readyz(store SyncStorage) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if store != nil {
			if err := store.Ping(r.Context()); err != nil {
				writeError(w, http.StatusServiceUnavailable, "unavailable", "the database does not answer")
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	}
}

// builtFiles are the build outputs the server needs before it can start.
type builtFiles struct {
	wasm     *wasmHandler
	kdf      *wasmHandler // derives sync keys in a Web Worker (cmd/sundown-kdf)
	calendar *wasmHandler // reads meetings in a Web Worker (cmd/sundown-calendar)
	wasmExec []byte
}

func loadFiles(files fs.FS) (*builtFiles, error) {
	if files == nil {
		return nil, errors.New("no app files given")
	}
	wasmExec, err := fs.ReadFile(files, "wasm_exec.js")
	if err != nil {
		return nil, fmt.Errorf("the app is not built (wasm_exec.js is missing): run make build: %w", err)
	}
	wasm, err := newWasmHandler(files, "app.wasm")
	if err != nil {
		return nil, err
	}
	kdf, err := newWasmHandler(files, "kdf.wasm")
	if err != nil {
		return nil, err
	}
	calendar, err := newWasmHandler(files, "calendar.wasm")
	if err != nil {
		return nil, err
	}
	return &builtFiles{wasm: wasm, kdf: kdf, calendar: calendar, wasmExec: wasmExec}, nil
}

// BuildHash is the app's version as browsers see it (go-app's
// GOAPP_VERSION, shown in Settings → About): a hash of everything the
// service worker caches, so a new build is always a new version and an
// unchanged one never makes browsers download it again (a wasm file counts
// by its compressed form: see identifying). sundown version prints it too,
// so a user can tell which build a device runs.
func BuildHash(files fs.FS) (string, error) {
	h := sha256.New()
	var names []string
	err := fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".br") && !strings.HasSuffix(path, ".gz") {
			names = append(names, path)
		}
		return err
	})
	if err != nil {
		return "", fmt.Errorf("reading the app's files: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00", name)
		source := name
		if strings.HasSuffix(name, ".wasm") {
			source = identifying(files, name)
		}
		if err := hashFile(h, files, source); err != nil { // streamed: app.wasm is megabytes
			return "", fmt.Errorf("reading %s: %w", source, err)
		}
		h.Write([]byte{0})
	}
	h.Write([]byte(workerTemplate))
	h.Write(manifestJSON())
	return hex.EncodeToString(h.Sum(nil))[:20], nil
}

// staticBytes serves fixed content with the app's version as its ETag.
func staticBytes(contentType string, body []byte, version string) http.Handler {
	etag := `"` + version + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(body)
	})
}

// webDir tells go-app that the package files sit at the root and the static
// ones under /web/, served from Config.Files. (app.LocalDir(".") would prefix
// every URL with "/./".)
type webDir struct{ http.Handler }

func (webDir) Package() string { return "" }
func (webDir) Static() string  { return "" }
func (webDir) AppWASM() string { return "/web/app.wasm" }
