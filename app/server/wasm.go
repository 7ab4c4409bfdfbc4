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

// compressions are the variants a build may leave beside a wasm file, best first.
var compressions = []struct{ encoding, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

// newWasmHandler serves the wasm file name of files. It reads the raw file
// only when there is no compressed one to serve: embedded in the binary, a
// page of it that is never read is never in the server's memory.
func newWasmHandler(files fs.FS, name string) (*wasmHandler, error) {
	info, err := fs.Stat(files, name)
	if err != nil {
		return nil, fmt.Errorf("the app is not built (%s is missing): run make build: %w", name, err)
	}
	h := &wasmHandler{files: files, name: name, size: info.Size()}
	for _, c := range compressions {
		if fresh(files, name+c.ext, name) {
			h.variants = append(h.variants, wasmVariant{encoding: c.encoding, name: name + c.ext})
		}
	}
	if len(h.variants) == 0 {
		raw, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, err
		}
		gz, err := gzipBytes(raw)
		if err != nil {
			return nil, err
		}
		h.variants = append(h.variants, wasmVariant{encoding: "gzip", body: gz})
	}
	sum := sha256.New()
	if err := hashFile(sum, files, identifying(files, name)); err != nil {
		return nil, err
	}
	h.etag = fmt.Sprintf(`"%x"`, sum.Sum(nil)[:10])
	return h, nil
}

// identifying is the file whose bytes stand for a wasm file's content in
// hashes (the ETag, the build's version): its best fresh compressed form,
// which make build derives from it byte for byte (gzip -n, brotli) and which
// is the one served, else the file itself.
func identifying(files fs.FS, name string) string {
	for _, c := range compressions {
		if fresh(files, name+c.ext, name) {
			return name + c.ext
		}
	}
	return name
}

// hashFile streams a file into h.
func hashFile(h io.Writer, files fs.FS, name string) error {
	f, err := files.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(h, f)
	return err
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
