// Command bare is the floor the sync server's throughput is measured
// against: a bare net/http server answering /api/pull and /api/push with
// answers of the same size as Sundown's, without authentication, storage or
// logging. It listens on the address given as its only argument.
package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strings"
)

func main() {
	// A pull of one record of about 2 KB of ciphertext, as the benchmark stores.
	pull := []byte(`{"records":[{"record_id":"r","version":1,"ciphertext":"` + strings.Repeat("A", 2732) + `"}],"next":1,"more":false}`)
	push := []byte(`{"results":[{"mid":1,"status":"applied","version":1}]}`)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/pull", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(pull)
	})
	mux.HandleFunc("POST /api/push", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(push)
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { w.Write(bytes.TrimSpace([]byte("ok\n"))) })
	if err := http.ListenAndServe(os.Args[1], mux); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
}
