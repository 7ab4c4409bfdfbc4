//go:build !(js && wasm)

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestHelpNamesTheCommandsAndFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"-h"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "sundown serve") {
		t.Fatalf("sundown -h: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run([]string{"serve", "-h"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-addr", "127.0.0.1:8000", "SUNDOWN_ADDR", "-dir"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("sundown serve -h does not mention %s:\n%s", want, errOut.String())
		}
	}
	if err := run([]string{"shutdown"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "sundown -h") {
		t.Fatalf("an unknown command: %v", err)
	}
}

func TestServeRefusesAMissingBuild(t *testing.T) {
	var errOut bytes.Buffer
	err := run([]string{"serve", "--dir", t.TempDir()}, &bytes.Buffer{}, &errOut)
	if err == nil || !strings.Contains(err.Error(), "make") {
		t.Fatalf("serving without a build: %v", err)
	}
}

// The committed wasm_exec.js must be the loader of the Go that builds
// app.wasm: another version fails in the browser with an obscure import error.
func TestWasmExecMatchesTheToolchain(t *testing.T) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../wasm_exec.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("wasm_exec.js differs from the Go toolchain's: run make wasm-exec and commit it")
	}
}
