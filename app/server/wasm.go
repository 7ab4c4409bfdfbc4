package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// wasmLengthHeader carries the uncompressed size of app.wasm, so go-app's
// loading percentage counts right while the compressed file arrives.
const wasmLengthHeader = "X-Wasm-Content-Length"

// wasmHandler serves a wasm file (app.wasm, kdf.wasm) compressed: the
// brotli file the build made when the brotli tool was there, else gzip
// (made here, and then kept in memory, if the build did not). The files are
// opened at each request: embedded they are in the binary already, and on
// disk the operating system caches them, so the server's memory stays small. app.wasm is several megabytes raw and about
// a fifth of that compressed.
type wasmHandler struct {
	files    fs.FS
	name     string
	size     int64
	variants []wasmVariant // best first
	etag     string
}

// wasmVariant is one compressed form: a file, or, made at start, bytes.
type wasmVariant struct {
	encoding string
	name     string
	body     []byte
}

func newWasmHandler(files fs.FS, name string) (*wasmHandler, error) {
	raw, err := fs.ReadFile(files, name)
	if err != nil {
		return nil, fmt.Errorf("the app is not built (%s is missing): run make build: %w", name, err)
	}
	sum := sha256.Sum256(raw)
	h := &wasmHandler{files: files, name: name, size: int64(len(raw)), etag: fmt.Sprintf(`"%x"`, sum[:10])}
	for _, enc := range []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if fresh(files, name+enc.ext, name) {
			h.variants = append(h.variants, wasmVariant{encoding: enc.name, name: name + enc.ext})
		}
	}
	if len(h.variants) == 0 {
		gz, err := gzipBytes(raw)
		if err != nil {
			return nil, err
		}
		h.variants = append(h.variants, wasmVariant{encoding: "gzip", body: gz})
	}
	return h, nil
}

// fresh reports whether the compressed file exists and is not older than
// the file it was made from (a stale one would serve an old app). gzip -k
// and brotli give the compressed file the source's time, brotli to the
// second only, hence the rounding. Embedded files have no time: make build
// remade them together.
func fresh(files fs.FS, compressed, source string) bool {
	c, err := fs.Stat(files, compressed)
	if err != nil {
		return false
	}
	s, err := fs.Stat(files, source)
	return err == nil && !c.ModTime().Before(s.ModTime().Truncate(time.Second))
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	err := zw.Close()
	return buf.Bytes(), err
}

func (h *wasmHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	header := w.Header()
	header.Set("Content-Type", "application/wasm")
	header.Set("Cache-Control", "no-cache")
	header.Set("Vary", "Accept-Encoding")
	header.Set("ETag", h.etag)
	header.Set(wasmLengthHeader, strconv.FormatInt(h.size, 10))
	if r.Header.Get("If-None-Match") == h.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	name := h.name
	if v, ok := h.pick(r.Header.Get("Accept-Encoding")); ok {
		header.Set("Content-Encoding", v.encoding)
		if v.body != nil {
			header.Set("Content-Length", strconv.Itoa(len(v.body)))
			if r.Method != http.MethodHead {
				w.Write(v.body)
			}
			return
		}
		name = v.name
	}
	f, err := h.files.Open(name)
	if err != nil {
		header.Del("Content-Encoding")
		http.Error(w, h.name+" is missing: rebuild the app (make build)", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil {
		header.Set("Content-Length", strconv.FormatInt(info.Size(), 10))
	}
	if r.Method != http.MethodHead {
		io.Copy(w, f)
	}
}

// pick returns the best variant the client accepts.
func (h *wasmHandler) pick(acceptEncoding string) (wasmVariant, bool) {
	accepted := map[string]bool{}
	for _, part := range strings.Split(acceptEncoding, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		accepted[strings.ToLower(name)] = !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0")
	}
	for _, v := range h.variants {
		if accepted[v.encoding] {
			return v, true
		}
	}
	return wasmVariant{}, false
}
