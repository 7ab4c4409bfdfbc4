//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

// BenchmarkScaleInFirefoxAndWebKit takes BenchmarkScale's figures in
// Firefox ESR and in WebKitGTK (testdata/audit/scale.mjs): ten years of
// history next to an empty one, two origins standing for two profiles,
// taking turns (-benchtime Nx: N turns). The same budgets hold in every
// engine: renders under 100 ms, saving ≤ 2 × empty, start ≤ 1.5 × empty.
func BenchmarkScaleInFirefoxAndWebKit(b *testing.B) {
	node := needProgram(b, "node", "nodejs")
	turns := 0
	for b.Loop() {
		turns++
	}
	b.Run("browser=firefox", func(b *testing.B) {
		needProgram(b, "firefox-esr", "firefox-esr")
		scaleIn(b, node, "firefox", turns, nil)
	})
	b.Run("browser=webkit", func(b *testing.B) {
		driver, minibrowser := webkitDriver(b)
		scaleIn(b, node, "webkit", turns, []string{"--webdriver", driver, "--minibrowser", minibrowser})
	})
}

// scaleIn runs scale.mjs in one browser and reports its figures as
// BenchmarkScale names them.
func scaleIn(b *testing.B, node, browser string, turns int, extra []string) {
	history, err := os.ReadFile(historyFile(b, 10))
	if err != nil {
		b.Fatal(err)
	}
	empty, full := scaleServer(b, nil), scaleServer(b, history)
	args := append([]string{"testdata/audit/scale.mjs", "--browser", browser, "--empty", empty, "--full", full,
		"--today", ritual.DateOf(time.Now()).String(), "--turns", fmt.Sprint(turns)}, extra...)
	ctx, cancel := context.WithTimeout(context.Background(), 30*patience) // a guard against a hung browser
	defer cancel()
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = append(os.Environ(), "HOME="+b.TempDir()) // Firefox makes its profile under HOME
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("scale.mjs in %s: %v\n%s", browser, err, stderr.String())
	}
	byTurn := map[int]map[int]map[string]float64{} // turn → years → figure → ms
	scanner := bufio.NewScanner(bytes.NewReader(out))
	for scanner.Scan() {
		var line map[string]float64
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			b.Fatalf("scale.mjs printed %q: %v", scanner.Text(), err)
		}
		turn, years := int(line["turn"]), int(line["years"])
		if byTurn[turn] == nil {
			byTurn[turn] = map[int]map[string]float64{}
		}
		byTurn[turn][years] = line
	}
	if len(byTurn) != turns {
		b.Fatalf("scale.mjs in %s gave %d turns of %d:\n%s", browser, len(byTurn), turns, out)
	}
	var turnsTaken []map[int]map[string]float64
	for _, turn := range byTurn {
		turnsTaken = append(turnsTaken, turn)
	}
	reportScale(b, turnsTaken)
}

// scaleServer serves the app, and the history to import when there is one.
func scaleServer(b *testing.B, history []byte) string {
	s := &session{t: b}
	s.deploy(builtWeb)
	mux := http.NewServeMux()
	if history != nil {
		serveHistory(mux, history)
	}
	mux.Handle("/", s.handler.Load().(http.Handler))
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv.URL
}

// serveHistory serves a backup file at /test-history.json, where the
// scripts' pages fetch it to import.
func serveHistory(mux *http.ServeMux, history []byte) {
	mux.HandleFunc("GET /test-history.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(history)
	})
}
