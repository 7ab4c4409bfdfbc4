//go:build !(js && wasm)

package main

import (
	"context"
	"crypto/tls"
	"flag"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/acme/autocert"

	"github.com/remoteml/sundown/app/testcert"
)

// The binary serves HTTPS over HTTP/2 with TLS 1.2 or newer, says so with
// HSTS, and its plain-HTTP listener sends browsers to the same path there.
func TestServeHTTPS(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "sundown")
	goBuild(t, bin, ".")
	cert, err := testcert.Write(dir, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	addr, plain := freeAddr(t), freeAddr(t)
	cmd := startBinary(t, bin, "serve", "--sync", "--data", filepath.Join(dir, "data"), "--dir", fakeWeb(t), "--addr", addr,
		"--tls-cert", cert.CertFile, "--tls-key", cert.KeyFile, "--redirect-http", plain)
	defer cmd.Process.Kill()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: cert.Pool}, ForceAttemptHTTP2: true}}
	if !waitAnswer(client, "https://"+addr+"/readyz") {
		t.Fatal("the HTTPS server did not start")
	}

	resp, err := client.Get("https://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Errorf("HTTPS speaks %s, not HTTP/2", resp.Proto)
	}
	if hsts := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
		t.Errorf("no HSTS over HTTPS: %q", hsts)
	}

	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: cert.Pool, MaxVersion: tls.VersionTLS11}}}
	if resp, err := old.Get("https://" + addr + "/"); err == nil {
		resp.Body.Close()
		t.Error("TLS 1.1 was accepted")
	}

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noFollow.Get("http://" + plain + "/history?x=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, port, _ := strings.Cut(addr, ":")
	if want := "https://127.0.0.1:" + port + "/history?x=1"; resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
		t.Errorf("plain HTTP: %d to %q, want 308 to %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	if resp.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain HTTP")
	}
}

// Plain HTTP (behind a proxy, or on this machine) sends no HSTS.
func TestPlainHTTPHasNoHSTS(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "sundown")
	goBuild(t, bin, ".")
	addr := freeAddr(t)
	cmd := startServer(t, bin, fakeWeb(t), filepath.Join(dir, "data"), addr)
	defer cmd.Process.Kill()
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain HTTP")
	}
}

func TestTLSFlagsThatCannotWork(t *testing.T) {
	dir := t.TempDir()
	cert, err := testcert.Write(dir, "sundown.test")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		opts tlsOptions
		want string
	}{
		{tlsOptions{certFile: cert.CertFile}, "give both"},
		{tlsOptions{certFile: cert.CertFile, keyFile: cert.KeyFile, acmeDomains: "a.example"}, "give one"},
		{tlsOptions{redirectAddr: ":80"}, "needs --tls-cert or --acme-domain"},
		{tlsOptions{certFile: cert.CertFile, keyFile: filepath.Join(dir, "missing.pem")}, "reading the certificate"},
		{tlsOptions{certFile: cert.KeyFile, keyFile: cert.CertFile}, "reading the certificate"},
		{tlsOptions{acmeDomains: " , "}, "needs a name"},
	} {
		if _, err := tc.opts.plan(dir); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.opts, err, tc.want)
		}
	}
}

// With ACME the certificates are asked for only the names given, kept in
// the data folder, and the listener offers HTTP/2 and the TLS-ALPN challenge.
func TestACMEPlan(t *testing.T) {
	data := t.TempDir()
	how, err := (&tlsOptions{acmeDomains: "sundown.example.com, sync.example.com"}).plan(data)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := how.acme.HostPolicy(ctx, "sync.example.com"); err != nil {
		t.Errorf("a named host refused: %v", err)
	}
	if err := how.acme.HostPolicy(ctx, "other.example.com"); err == nil {
		t.Error("a certificate would be asked for a name not given")
	}
	if got, ok := how.acme.Cache.(autocert.DirCache); !ok || string(got) != filepath.Join(data, "acme") {
		t.Errorf("certificates kept in %v", how.acme.Cache)
	}
	if how.tls.MinVersion != tls.VersionTLS12 || how.tls.NextProtos[0] != "h2" || !strings.Contains(strings.Join(how.tls.NextProtos, " "), "acme-tls/1") {
		t.Errorf("TLS config: min %x, protocols %v", how.tls.MinVersion, how.tls.NextProtos)
	}
}

// Metrics are off unless asked for; --metrics serves them beside the app,
// --metrics-addr on a listener of their own.
func TestMetricsListeners(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "sundown")
	goBuild(t, bin, ".")
	isMetrics := func(url string) bool {
		resp, err := http.Get(url)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == 200 && strings.Contains(string(body), "sundown_http_requests_total")
	}

	off := freeAddr(t)
	cmd := startServer(t, bin, fakeWeb(t), filepath.Join(dir, "off"), off)
	defer cmd.Process.Kill()
	if isMetrics("http://" + off + "/metrics") {
		t.Error("metrics served without --metrics")
	}

	beside := freeAddr(t)
	cmd = startServer(t, bin, fakeWeb(t), filepath.Join(dir, "beside"), beside, "--metrics")
	defer cmd.Process.Kill()
	if !isMetrics("http://" + beside + "/metrics") {
		t.Error("--metrics: no metrics at /metrics")
	}

	app, own := freeAddr(t), freeAddr(t)
	cmd = startServer(t, bin, fakeWeb(t), filepath.Join(dir, "own"), app, "--metrics-addr", own)
	defer cmd.Process.Kill()
	if !isMetrics("http://" + own + "/metrics") {
		t.Error("--metrics-addr: no metrics on their own listener")
	}
	if isMetrics("http://" + app + "/metrics") {
		t.Error("--metrics-addr: the metrics are also beside the app")
	}
}

// With --acme-domain and no --addr the server listens on :443, where the
// authority checks the name; an --addr given is kept, and without ACME the
// default stays.
func TestACMEListensOn443UnlessTold(t *testing.T) {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.String("addr", "127.0.0.1:8000", "")
	flags.Parse(nil)
	acme, err := (&tlsOptions{acmeDomains: "sundown.example.com"}).plan(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if got := acme.listenAddr("127.0.0.1:8000", flagGiven(flags, "addr")); got != ":443" {
		t.Errorf("ACME without --addr listens on %q", got)
	}
	flags.Parse([]string{"--addr", ":8443"})
	if got := acme.listenAddr(":8443", flagGiven(flags, "addr")); got != ":8443" {
		t.Errorf("ACME with --addr :8443 listens on %q", got)
	}
	if got := (&serving{}).listenAddr("127.0.0.1:8000", false); got != "127.0.0.1:8000" {
		t.Errorf("plain HTTP listens on %q", got)
	}
}
