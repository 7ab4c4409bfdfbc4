package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
)

// wasmLengthHeader carries the uncompressed size of app.wasm, so go-app's
// loading percentage counts right while the compressed file arrives.
const wasmLengthHeader = "X-Wasm-Content-Length"

// wasmHandler serves app.wasm compressed: the brotli file the build made
// when the brotli tool was there, else gzip (made here if the build did not).
// app.wasm is several megabytes raw and about a quarter of that compressed.
// Only the compressed variants stay in memory; the rare client that takes
// no compression gets the raw file read from disk.
type wasmHandler struct {
	path     string
	size     int64
	variants []wasmVariant // best first
	etag     string
}

type wasmVariant struct {
	encoding string
	body     []byte
}

func newWasmHandler(path string) (*wasmHandler, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("the app is not built (%s is missing): run make build: %w", path, err)
	}
	sum := sha256.Sum256(raw)
	h := &wasmHandler{path: path, size: int64(len(raw)), etag: fmt.Sprintf(`"%x"`, sum[:10])}
	for _, enc := range []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if b, err := os.ReadFile(path + enc.ext); err == nil {
			h.variants = append(h.variants, wasmVariant{encoding: enc.name, body: b})
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
	if v, ok := h.pick(r.Header.Get("Accept-Encoding")); ok {
		header.Set("Content-Encoding", v.encoding)
		header.Set("Content-Length", strconv.Itoa(len(v.body)))
		if r.Method != http.MethodHead {
			w.Write(v.body)
		}
		return
	}
	f, err := os.Open(h.path)
	if err != nil {
		http.Error(w, "app.wasm is missing: rebuild the app (make build)", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	header.Set("Content-Length", strconv.FormatInt(h.size, 10))
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
