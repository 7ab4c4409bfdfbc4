package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// contentSecurityPolicy lets the page load only what its own origin serves;
// 'wasm-unsafe-eval' is what compiling app.wasm needs, and nothing more.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
	"manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'"

// apiSecurityPolicy is for answers that are data, never a page: nothing
// loads from them and nothing may frame them.
const apiSecurityPolicy = "default-src 'none'; frame-ancestors 'none'"

func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if r.TLS != nil {
			// Only over HTTPS: sent over plain HTTP it would be ignored by
			// browsers at best. No includeSubDomains: other names of the
			// same domain may be someone else's plain-HTTP service.
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			h.Set("Content-Security-Policy", apiSecurityPolicy)
			h.Set("Cache-Control", "no-store")
		} else {
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Frame-Options", "DENY")
		}
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status a handler wrote, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// withLogging logs one line per request: never a body, a token, a query,
// or a path that says something of a user (a page of History is named by
// its date): the route it took instead.
func withLogging(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		// Typed attributes: this line is written for every request, and
		// these put none of its values in an interface.
		log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("route", route(r)),
			slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
	})
}

// route names what a request asked for without its user's data: the
// pattern that served it (ServeMux sets it on the request as it routes),
// and for the app's pages, which all share "/", the page's first segment
// ("/history/…" for a day of History). Static files keep their names.
func route(r *http.Request) string {
	if pattern := metricRoute(r); pattern != "/" && pattern != "unmatched" {
		return pattern
	}
	p := r.URL.Path
	if strings.HasPrefix(p, "/web/") {
		return p
	}
	if i := strings.IndexByte(p[min(1, len(p)):], '/'); i >= 0 {
		return p[:i+1] + "/…"
	}
	return p
}

// allowZoom takes out of go-app's pages the part of their viewport tag that
// forbids zooming ("maximum-scale=1, user-scalable=0"): people who need a
// larger text must be able to pinch (WCAG 1.4.4), and go-app has no option
// for it. Only HTML is held back and rewritten; everything else streams
// through unchanged.
func allowZoom(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		z := &zoomWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(z, r)
		if z.html == nil {
			return
		}
		body := bytes.Replace(z.html.Bytes(), []byte("maximum-scale=1, user-scalable=0, "), nil, 1)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(z.status)
		w.Write(body)
	})
}

// zoomWriter holds back a response whose Content-Type is HTML.
type zoomWriter struct {
	http.ResponseWriter
	status  int
	started bool
	html    *bytes.Buffer // the page, when the response is one
}

func (z *zoomWriter) WriteHeader(status int) {
	z.status, z.started = status, true
	if strings.HasPrefix(z.Header().Get("Content-Type"), "text/html") {
		z.html = &bytes.Buffer{}
		return
	}
	z.ResponseWriter.WriteHeader(status)
}

func (z *zoomWriter) Write(p []byte) (int, error) {
	if !z.started {
		z.WriteHeader(http.StatusOK)
	}
	if z.html != nil {
		return z.html.Write(p)
	}
	return z.ResponseWriter.Write(p)
}
