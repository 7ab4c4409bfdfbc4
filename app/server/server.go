// Package server is the machine side of Sundown: it serves the PWA (and,
// later, the sync API) over plain net/http.
package server

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

//go:embed worker.js
var workerTemplate string

// Config says where the built app is and how to log.
type Config struct {
	// Dir holds web/ (app.wasm, icons, app.css) and wasm_exec.js.
	Dir string
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
}

// RateLimits bound how fast one client may guess pairing codes, how fast
// one device may call the API, and how many unknown tokens one address may
// send. They are kept in each process's memory: behind several server
// processes, each one counts on its own.
type RateLimits struct {
	PairPerSecond     float64
	PairBurst         int
	APIPerSecond      float64
	APIBurst          int
	BadTokenPerSecond float64
	BadTokenBurst     int
}

// DefaultLimits: a pairing guess every five seconds per address, a busy
// device's sync with room to spare, and a revoked device's retries (a
// bad token a minute, a few at once) without anyone scanning tokens.
var DefaultLimits = RateLimits{PairPerSecond: 0.2, PairBurst: 5, APIPerSecond: 20, APIBurst: 60, BadTokenPerSecond: 1, BadTokenBurst: 20}

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
	files, err := loadFiles(cfg.Dir)
	if err != nil {
		return nil, err
	}
	manifest := manifestJSON()
	version := contentVersion(files, workerTemplate, string(manifest))

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
		Scripts:         []string{"/web/theme.js"}, // the chosen theme, before the page paints
		// loader.js only has work if app.wasm fails to load: deferred, it
		// does not hold up the page as go-app's Scripts (parser-blocking) would.
		RawHeaders:              []string{`<script defer src="/web/loader.js"></script>`},
		CacheableResources:      append([]string{"/web/icon.svg", "/web/icon-maskable-512.png", "/web/loader.js"}, cfg.Pages...),
		Version:                 version,
		WasmContentLengthHeader: wasmLengthHeader,
		ServiceWorkerTemplate:   workerTemplate,
		Resources:               webDir{http.FileServer(http.Dir(cfg.Dir))},
	}))
	mux.Handle("/web/app.wasm", files.wasm)
	mux.Handle("/web/kdf.wasm", files.kdf)
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
		newSyncAPI(cfg.Sync, cfg.Log, limits).routes(mux)
	}
	return withLogging(cfg.Log, withSecurityHeaders(mux)), nil
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
	dir      string
	wasm     *wasmHandler
	kdf      *wasmHandler // derives sync keys in a Web Worker (cmd/sundown-kdf)
	wasmExec []byte
}

func loadFiles(dir string) (*builtFiles, error) {
	wasmExec, err := os.ReadFile(filepath.Join(dir, "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("wasm_exec.js is missing from %s: run the server from the repository (make run): %w", dir, err)
	}
	wasm, err := newWasmHandler(filepath.Join(dir, "web", "app.wasm"))
	if err != nil {
		return nil, err
	}
	kdf, err := newWasmHandler(filepath.Join(dir, "web", "kdf.wasm"))
	if err != nil {
		return nil, err
	}
	return &builtFiles{dir: dir, wasm: wasm, kdf: kdf, wasmExec: wasmExec}, nil
}

// contentVersion derives the app's version from everything the service
// worker caches, so a new build is always a new version and an unchanged one
// never makes browsers download it again.
func contentVersion(files *builtFiles, extra ...string) string {
	h := sha256.New()
	h.Write(files.wasmExec)
	web := os.DirFS(filepath.Join(files.dir, "web"))
	var names []string
	fs.WalkDir(web, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".br") && !strings.HasSuffix(path, ".gz") {
			names = append(names, path)
		}
		return nil
	})
	sort.Strings(names)
	for _, name := range names {
		f, err := web.Open(name)
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s\x00", name)
		io.Copy(h, f) // streamed: app.wasm is megabytes
		f.Close()
		h.Write([]byte{0})
	}
	for _, s := range extra {
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
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
// ones under /web/, served from Config.Dir. (app.LocalDir(".") would prefix
// every URL with "/./".)
type webDir struct{ http.Handler }

func (webDir) Package() string { return "" }
func (webDir) Static() string  { return "" }
func (webDir) AppWASM() string { return "/web/app.wasm" }
