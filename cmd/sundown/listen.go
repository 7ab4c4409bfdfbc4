//go:build !(js && wasm)

package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/acme/autocert"
)

// tlsOptions say how serve speaks HTTPS: with certificate files, with
// certificates from an ACME authority (Let's Encrypt), or not at all
// (behind a reverse proxy that does, or on this machine only).
type tlsOptions struct {
	certFile, keyFile string
	acmeDomains       string // comma-separated
	acmeEmail         string
	redirectAddr      string // plain-HTTP listener that sends browsers to HTTPS
}

func tlsFlags(flags *flag.FlagSet) *tlsOptions {
	o := &tlsOptions{}
	flags.StringVar(&o.certFile, "tls-cert", envOr("SUNDOWN_TLS_CERT", ""), "serve HTTPS with this certificate (PEM, the full chain) (env SUNDOWN_TLS_CERT)")
	flags.StringVar(&o.keyFile, "tls-key", envOr("SUNDOWN_TLS_KEY", ""), "the certificate's private key (PEM) (env SUNDOWN_TLS_KEY)")
	flags.StringVar(&o.acmeDomains, "acme-domain", envOr("SUNDOWN_ACME_DOMAIN", ""), "serve HTTPS with certificates from Let's Encrypt for these names (comma-separated), got and renewed on their own and kept in --data; the names must reach this server on port 443, where it listens unless --addr says otherwise (env SUNDOWN_ACME_DOMAIN)")
	flags.StringVar(&o.acmeEmail, "acme-email", envOr("SUNDOWN_ACME_EMAIL", ""), "an address Let's Encrypt may write to about the certificates (optional) (env SUNDOWN_ACME_EMAIL)")
	flags.StringVar(&o.redirectAddr, "redirect-http", envOr("SUNDOWN_REDIRECT_HTTP", ""), "also listen on this address (e.g. :80) for plain HTTP, sending every request to HTTPS (env SUNDOWN_REDIRECT_HTTP)")
	return o
}

// serving is how the server listens, made from the flags.
type serving struct {
	tls      *tls.Config // nil: plain HTTP
	certFile string
	keyFile  string
	acme     *autocert.Manager
	redirect string
	// metrics, when set, is served at /metrics: on metricsAddr, a plain-HTTP
	// listener of its own, or else beside the app.
	metrics     http.Handler
	metricsAddr string
}

func (o *tlsOptions) plan(dataDir string) (*serving, error) {
	s := &serving{redirect: o.redirectAddr, certFile: o.certFile, keyFile: o.keyFile}
	files := o.certFile != "" || o.keyFile != ""
	switch {
	case files && o.acmeDomains != "":
		return nil, errors.New("--tls-cert and --acme-domain are two ways to get a certificate: give one")
	case files && (o.certFile == "" || o.keyFile == ""):
		return nil, errors.New("--tls-cert and --tls-key go together: give both")
	case files:
		// Load once now, so a wrong path or a key that does not match
		// stops the start with a clear message, not the first visitor.
		if _, err := tls.LoadX509KeyPair(o.certFile, o.keyFile); err != nil {
			return nil, fmt.Errorf("reading the certificate: %w", err)
		}
		s.tls = secureTLS(&tls.Config{})
	case o.acmeDomains != "":
		var names []string
		for _, n := range strings.Split(o.acmeDomains, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			return nil, errors.New("--acme-domain needs a name, such as sundown.example.com")
		}
		s.acme = &autocert.Manager{
			Prompt:     autocert.AcceptTOS,
			HostPolicy: autocert.HostWhitelist(names...),
			Cache:      autocert.DirCache(filepath.Join(dataDir, "acme")),
			Email:      o.acmeEmail,
		}
		s.tls = secureTLS(s.acme.TLSConfig())
	case o.redirectAddr != "":
		return nil, errors.New("--redirect-http sends browsers to HTTPS, which needs --tls-cert or --acme-domain")
	}
	return s, nil
}

// secureTLS sets what every HTTPS listener of Sundown holds to: TLS 1.2 or
// newer, HTTP/2 offered first. Go's default cipher suites are already the
// safe ones.
func secureTLS(c *tls.Config) *tls.Config {
	c.MinVersion = tls.VersionTLS12
	if !slices.Contains(c.NextProtos, "h2") {
		c.NextProtos = append([]string{"h2", "http/1.1"}, c.NextProtos...)
	}
	return c
}

// listenAddr is where to listen: addr, except that with ACME and no
// address given it is :443, where the authority checks the name (the
// default address is this machine's alone).
func (s *serving) listenAddr(addr string, given bool) string {
	if s.acme != nil && !given {
		return ":443"
	}
	return addr
}

func (s *serving) scheme() string {
	if s.tls != nil {
		return "https"
	}
	return "http"
}

// listen serves until ctx ends, then lets requests in flight finish.
func listen(ctx context.Context, log *slog.Logger, addr string, how *serving, handler http.Handler) error {
	if how.metrics != nil && how.metricsAddr == "" {
		handler = withMetricsRoute(handler, how.metrics)
	}
	srv := &http.Server{
		Addr:              addr,
		Handler:           handler,
		TLSConfig:         how.tls,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn), // TLS handshake failures, in the same log
	}
	servers := []*http.Server{srv}
	if how.redirect != "" {
		_, port, _ := net.SplitHostPort(addr)
		servers = append(servers, redirectServer(how, port))
	}
	if how.metrics != nil && how.metricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", how.metrics)
		servers = append(servers, &http.Server{Addr: how.metricsAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second})
	}
	failed := make(chan error, len(servers))
	for _, s := range servers {
		ln, err := net.Listen("tcp", s.Addr)
		if err != nil {
			return err
		}
		go func() {
			var err error
			if s.TLSConfig != nil {
				err = s.ServeTLS(ln, how.certFile, how.keyFile) // both empty with ACME: the config has the certificates
			} else {
				err = s.Serve(ln)
			}
			if !errors.Is(err, http.ErrServerClosed) {
				failed <- err
			}
		}()
	}
	log.Info("serving Sundown", "url", how.scheme()+"://"+addr)
	if how.redirect != "" {
		log.Info("sending plain HTTP to HTTPS", "addr", how.redirect)
	}
	if how.metrics != nil && how.metricsAddr != "" {
		log.Info("serving metrics", "url", "http://"+how.metricsAddr+"/metrics")
	}
	var err error
	select {
	case err = <-failed:
	case <-ctx.Done():
		log.Info("shutting down")
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, s := range servers {
		err = errors.Join(err, s.Shutdown(shutdownCtx))
	}
	return err
}

// withMetricsRoute serves the metrics at /metrics, the app everywhere else.
func withMetricsRoute(app, metrics http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	mux.Handle("/", app)
	return mux
}

// redirectServer answers plain HTTP with a permanent redirect to the same
// host and path on HTTPS (at httpsPort), and, with ACME, the authority's
// HTTP challenges.
func redirectServer(how *serving, httpsPort string) *http.Server {
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if host == "" {
			http.Error(w, "this server speaks HTTPS", http.StatusBadRequest)
			return
		}
		if httpsPort != "" && httpsPort != "443" {
			host = net.JoinHostPort(host, httpsPort)
		}
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusPermanentRedirect)
	})
	if how.acme != nil {
		h = how.acme.HTTPHandler(h)
	}
	return &http.Server{Addr: how.redirect, Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 60 * time.Second}
}
