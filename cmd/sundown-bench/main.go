//go:build !(js && wasm)

// Command sundown-bench runs every benchmark of Sundown and prints one
// table: each figure next to the floor measured in the same run, the
// ratio, the budget and whether it is met. make bench runs it after
// building; --quick takes fewer samples for a fast look.
//
// The measurements themselves are Go benchmarks (testing.B) in the
// packages; this command runs them with go test, keeps their raw output in
// .build/bench.txt (comparable between runs with benchstat) and reads the
// figures from it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/remoteml/sundown/app/benchmark"
)

func main() {
	quick := flag.Bool("quick", false, "fewer samples: a fast look, not figures to publish")
	out := flag.String("out", ".build", "folder for the raw results (bench.txt) and the table (bench.md)")
	flag.Parse()
	if err := run(*quick, *out); err != nil {
		fmt.Fprintln(os.Stderr, "sundown-bench:", err)
		os.Exit(1)
	}
}

func run(quick bool, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	raw, err := os.Create(filepath.Join(out, "bench.txt"))
	if err != nil {
		return err
	}
	defer raw.Close()
	results := results{}
	for _, s := range suites(quick) {
		fmt.Fprintf(os.Stderr, "== %s\n", s.what)
		if s.needs != "" {
			if _, err := exec.LookPath(s.needs); err != nil {
				return fmt.Errorf("%s: %s is not installed, and a figure left out would pass unmeasured", s.what, s.needs)
			}
		}
		if err := s.run(raw, results); err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
	}
	table, over := render(results, machine(), quick)
	fmt.Print(table)
	if err := os.WriteFile(filepath.Join(out, "bench.md"), []byte(table), 0o644); err != nil {
		return err
	}
	if len(over) > 0 {
		return fmt.Errorf("%d figures over their budget: %s", len(over), strings.Join(over, "; "))
	}
	return nil
}

// suite is one go test run.
type suite struct {
	what  string
	needs string // a program it cannot run without
	env   []string
	args  []string
}

// How many turns each comparison takes. Enough that two runs in a row agree
// within the spread they print; --quick takes a fraction, for a look only.
type turns struct{ goRuns, starts, scale, otherScale, lighthouse, firstSyncs int }

var (
	fullTurns  = turns{goRuns: 5, starts: 15, scale: 7, otherScale: 9, lighthouse: 5, firstSyncs: 5}
	quickTurns = turns{goRuns: 2, starts: 3, scale: 2, otherScale: 1, lighthouse: 1, firstSyncs: 1}
)

func suites(quick bool) []suite {
	n, goTime, env := fullTurns, "1s", []string{}
	if quick {
		n, goTime, env = quickTurns, "200ms", []string{"SUNDOWN_BENCH_QUICK=1"}
	}
	x := func(n int) string { return strconv.Itoa(n) + "x" }
	wasmPath := "PATH=" + os.Getenv("PATH") + string(os.PathListSeparator) + filepath.Join(goEnv("GOROOT"), "lib", "wasm")
	e2e := func(what, bench string, turns int) suite {
		return suite{what: what, args: []string{"test", "-tags", "e2e", "-run", "^$", "-bench", "^" + bench + "$", "-benchtime", x(turns), "-timeout", "60m", "./app/e2e/"}}
	}
	return []suite{
		// -count runs each benchmark again after the others, so the cases
		// of one (0 and 10 years of history, say) take turns.
		{what: "domain, storage and sync storage (Go benchmarks)",
			args: []string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", goTime, "-count", strconv.Itoa(n.goRuns), "./app/ritual/", "./app/store/", "./app/server/"}},
		{what: "sealing records, compiled to WebAssembly, run by Node.js", needs: "node",
			env:  []string{"GOOS=js", "GOARCH=wasm", wasmPath},
			args: []string{"test", "-run", "^$", "-bench", "SealDay", "-benchtime", "300x", "./app/seal/"}},
		{what: "deriving the passphrase key, compiled to WebAssembly, run by Node.js", needs: "node",
			env:  []string{"GOOS=js", "GOARCH=wasm", wasmPath},
			args: []string{"test", "-run", "^$", "-bench", "PassphraseKey", "-benchtime", "3x", "./app/seal/"}},
		{what: "the first sync of ten years through the server",
			args: []string{"test", "-run", "^$", "-bench", "^BenchmarkFirstSync$", "-benchtime", x(n.firstSyncs), "-timeout", "20m", "./cmd/sundown/"}},
		{what: "the sync server under load, from another process", env: env,
			args: []string{"test", "-run", "^$", "-bench", "^BenchmarkServer$", "-benchtime", "1x", "-timeout", "20m", "./cmd/sundown/"}},
		e2e("download and start in headless Chromium", "BenchmarkStart", n.starts),
		e2e("ten years of history in headless Chromium", "BenchmarkScale", n.scale),
		e2e("ten years of history in Firefox and WebKit", "BenchmarkScaleInFirefoxAndWebKit", n.otherScale),
		e2e("Lighthouse's performance score of every page", "BenchmarkLighthouse", n.lighthouse),
	}
}

func (s suite) run(raw io.Writer, into results) error {
	cmd := exec.Command("go", s.args...)
	cmd.Env = append(os.Environ(), s.env...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		line := lines.Text()
		fmt.Fprintln(raw, line)
		if strings.HasPrefix(line, "Benchmark") || strings.HasPrefix(line, "--- FAIL") || strings.HasPrefix(line, "FAIL") {
			fmt.Fprintln(os.Stderr, "   "+line)
		}
		into.parse(line)
	}
	return cmd.Wait()
}

// results holds each benchmark's metrics, one value per run:
// results["Start/link=loopback"]["sundown-cold-ms"].
type results map[string]map[string][]float64

// parse reads one line of go test -bench output:
// "BenchmarkStart/link=loopback-2  7  601.7 sundown-cold-ms  ...".
func (r results) parse(line string) {
	fields := strings.Fields(line)
	if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
		return
	}
	name := strings.TrimPrefix(fields[0], "Benchmark")
	if i := strings.LastIndex(name, "-"); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i] // the GOMAXPROCS suffix
		}
	}
	if r[name] == nil {
		r[name] = map[string][]float64{}
	}
	for i := 2; i+1 < len(fields); i += 2 {
		if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
			r[name][fields[i+1]] = append(r[name][fields[i+1]], v)
		}
	}
}

// get returns the median of a metric's runs.
func (r results) get(bench, metric string) (float64, bool) {
	v, ok := r[bench][metric]
	return benchmark.Median(v), ok
}

func goEnv(name string) string {
	out, _ := exec.Command("go", "env", name).Output()
	return strings.TrimSpace(string(out))
}

// machine describes where the figures came from.
func machine() string {
	cpu := "unknown processor"
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(info), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	browsers := []string{}
	for _, v := range []struct {
		name string
		args []string
	}{
		{"chromium", []string{"--version"}}, {"firefox-esr", []string{"--version"}}, {"dpkg-query", []string{"-W", "-f", "WebKitGTK ${Version}", "libwebkit2gtk-4.1-0"}},
	} {
		if out, err := exec.Command(v.name, v.args...).Output(); err == nil {
			browsers = append(browsers, strings.TrimSpace(string(out)))
		}
	}
	return fmt.Sprintf("%s, %d cores, %s, %s, %s", time.Now().Format("2006-01-02"), runtime.NumCPU(), cpu, goEnv("GOVERSION"), strings.Join(browsers, ", "))
}
