package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/remoteml/sundown/app/protocol"
)

// Metrics are the server's figures in Prometheus's text format: requests
// by route and status and how long they took, what sync did, refusals for
// rate, failures of the database, and the Go runtime's and the process's
// own. They never carry user data: labels are routes, statuses and kinds,
// never a path, a user, a device or a record. A nil *Metrics counts nothing.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	pushes      prometheus.Counter
	mutations   *prometheus.CounterVec
	pulls       prometheus.Counter
	pulled      prometheus.Counter
	rateLimited *prometheus.CounterVec
	dbErrors    prometheus.Counter
}

// NewMetrics makes the server's metrics, in a registry of their own.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sundown_http_requests_total", Help: "HTTP requests answered, by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "sundown_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
		pushes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sundown_sync_pushes_total", Help: "Pushes stored.",
		}),
		mutations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sundown_sync_mutations_total", Help: "Mutations of pushes stored, by result: applied or conflict.",
		}, []string{"result"}),
		pulls: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sundown_sync_pulls_total", Help: "Pull pages served.",
		}),
		pulled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sundown_sync_pulled_records_total", Help: "Records sent in pull pages.",
		}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sundown_rate_limited_total", Help: "Requests refused with 429, by limit: pair (per address), device, unknown_token (per address), shared (links opened, per address).",
		}, []string{"limit"}),
		dbErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sundown_database_errors_total", Help: "Sync requests that failed in the database (answered 503).",
		}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.pushes, m.mutations, m.pulls, m.pulled, m.rateLimited, m.dbErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, limit := range []string{"pair", "device", "unknown_token", "shared"} {
		m.rateLimited.WithLabelValues(limit) // present at 0 from the start, so rates are defined
	}
	for _, result := range []string{protocol.StatusApplied, protocol.StatusConflict} {
		m.mutations.WithLabelValues(result)
	}
	return m
}

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// measure counts every request by the route that served it.
func (m *Metrics) measure(next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := metricRoute(r)
		m.requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// metricRoute is the pattern that served the request: a fixed set, however
// many paths are asked for (the app's pages all share "/").
func metricRoute(r *http.Request) string {
	pattern := r.Pattern
	if _, path, ok := strings.Cut(pattern, " "); ok {
		pattern = path
	}
	if pattern == "" {
		return "unmatched"
	}
	return pattern
}

func (m *Metrics) pushed(results []protocol.Result) {
	if m == nil {
		return
	}
	m.pushes.Inc()
	for _, r := range results {
		m.mutations.WithLabelValues(r.Status).Inc()
	}
}

func (m *Metrics) pulledPage(records int) {
	if m == nil {
		return
	}
	m.pulls.Inc()
	m.pulled.Add(float64(records))
}

func (m *Metrics) refusedForRate(limit string) {
	if m != nil {
		m.rateLimited.WithLabelValues(limit).Inc()
	}
}

func (m *Metrics) databaseFailed() {
	if m != nil {
		m.dbErrors.Inc()
	}
}
