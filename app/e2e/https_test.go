//go:build e2e

package e2e

import (
	"crypto/tls"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/remoteml/sundown/app/testcert"
)

// builtServer is the server binary make build leaves, with the app in it.
const builtServer = "../../.build/sundown"

// The binary make build made, copied alone into an empty folder, serves
// HTTPS with a certificate of its own at a name that is not localhost (as
// a phone on the home network would reach it): the page is a secure
// context over HTTP/2, the service worker registers, the app starts
// offline, and Settings → About shows the build sundown version names.
func TestBinaryServesTheAppOverHTTPSAtAName(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "sundown")
	copyExecutable(t, builtServer, bin)
	cert, err := testcert.Write(t.TempDir(), "sundown.test")
	if err != nil {
		t.Fatal(err)
	}
	version, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(freePort(t))
	addr := "127.0.0.1:" + port
	cmd := exec.Command(bin, "serve", "--addr", addr, "--tls-cert", cert.CertFile, "--tls-key", cert.KeyFile)
	cmd.Dir = dir // nothing there but the binary
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitHTTPS(t, addr, cert)

	s := &session{t: t, stop: func() { cmd.Process.Kill(); cmd.Wait() }}
	s.startBrowser("https://sundown.test:"+port,
		chromedp.Flag("host-resolver-rules", "MAP sundown.test 127.0.0.1"),
		chromedp.Flag("ignore-certificate-errors-spki-list", cert.SPKIHash))
	s.open("/")
	if got := eval[string](s, `[isSecureContext, location.protocol, performance.getEntriesByType("navigation")[0].nextHopProtocol].join(" ")`); got != "true https: h2" {
		t.Fatalf("the page: %q, want a secure context over HTTPS and HTTP/2", got)
	}
	s.open("/settings")
	build := "Build " + strings.Fields(strings.Split(string(version), "\n")[1])[2]
	if got := s.text("#about .about-build"); got != build {
		t.Errorf("Settings → About: %q; sundown version says %q", got, build)
	}

	s.waitForServiceWorker()
	s.stopServer()
	for _, path := range []string{"/", "/history", "/settings"} {
		s.open(path)
	}
	s.assertClean()
}

func copyExecutable(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatalf("the server binary is not built (%v): run make build", err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

// waitHTTPS waits for the server to answer over HTTPS at the test's name.
func waitHTTPS(t *testing.T, addr string, cert *testcert.Cert) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: cert.Pool, ServerName: "sundown.test"}}}
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		if resp, err := client.Get("https://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the server did not answer over HTTPS")
}
