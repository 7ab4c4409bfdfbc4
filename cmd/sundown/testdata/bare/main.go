// Command bare is the floor the sync server's throughput is measured
// against: a bare net/http server answering /api/pull and /api/push with
// answers of the same size and the same headers as Sundown's (its security
// headers, Content-Length), without authentication, storage or logging. It
// listens on the address given as its only argument.
package main

import (
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func main() {
	// A pull of one record of about 2 KB of ciphertext, as the benchmark
	// stores, with an id and version as long as the benchmark's.
	pull := []byte(`{"records":[{"record_id":"d0-r20","version":20,"ciphertext":"` + strings.Repeat("A", 2732) + `"}],"next":20,"more":false}` + "\n")
	push := []byte(`{"results":[{"mid":21,"status":"applied","version":21}]}` + "\n")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/pull", func(w http.ResponseWriter, r *http.Request) { answer(w, pull) })
	mux.HandleFunc("POST /api/push", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		answer(w, push)
	})
	// A body of n bytes of JSON, for the floor of moving what a pull moves.
	mux.HandleFunc("GET /bytes", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		if err != nil || n < 2 || n > 64<<20 {
			http.Error(w, "n: 2 to 64 MiB", http.StatusBadRequest)
			return
		}
		answer(w, []byte(`"`+strings.Repeat("A", n-2)+`"`))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { answer(w, []byte(`{"status":"ready"}`+"\n")) })
	if err := http.ListenAndServe(os.Args[1], mux); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
}

// answer writes body with the headers Sundown's sync API sends.
func answer(w http.ResponseWriter, body []byte) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
