//go:build !(js && wasm)

// Command sundown is the whole of Sundown in one binary. Compiled to
// WebAssembly it is the app in the browser; on a machine it is the server
// and its admin commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/release"
	"github.com/remoteml/sundown/app/server"
	"github.com/remoteml/sundown/app/ui"
	"github.com/remoteml/sundown/web"
)

const usage = `Sundown: an evening shutdown ritual, served as an installable web app.

Usage:
  sundown serve [flags]          serve the app, and with --sync the sync API
  sundown user add NAME          create a sync user and print a one-time pairing code
  sundown user code NAME         print another pairing code, for one more device
  sundown device list [NAME]     list the paired devices (of one user)
  sundown device revoke ID       stop a device's token from working
  sundown backup FILE            write a consistent copy of the sync database (a SQLite file), even while serving
  sundown migrate --from A --to B  copy the sync database into an empty one (sqlite:PATH, postgres://…), checked
  sundown version                print the version and the app build this binary serves
  sundown -h                     show this help

Every command takes -h. The admin commands find the sync data as serve does:
SQLite in --data (default ./data, or SUNDOWN_DATA), or the PostgreSQL
database of --db (SUNDOWN_DB).
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sundown:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stderr)
	case "user", "device", "backup":
		return admin(args, stdout, stderr)
	case "migrate":
		return migrate(args[1:], stdout, stderr)
	case "version", "--version":
		return printVersion(stdout)
	}
	return fmt.Errorf("unknown command %q; run \"sundown -h\" to see the commands", args[0])
}

func serve(args []string, stderr io.Writer) error {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", envOr("SUNDOWN_ADDR", "127.0.0.1:8000"), "address to listen on, host:port (env SUNDOWN_ADDR)")
	dir := flags.String("dir", envOr("SUNDOWN_DIR", ""), "for development: serve the app's files from this folder (web/ as make build leaves it) instead of those built into this binary (env SUNDOWN_DIR)")
	withSync := flags.Bool("sync", envOr("SUNDOWN_SYNC", "") == "true" || envOr("SUNDOWN_SYNC", "") == "1", "also serve the sync API (env SUNDOWN_SYNC=true)")
	where := dataFlags(flags)
	apiRate := flags.Float64("api-rate", server.DefaultLimits.APIPerSecond, "sync API requests per second allowed to each device, with bursts of three seconds' worth")
	pairRate := flags.Float64("pair-rate", server.DefaultLimits.PairPerSecond, "pairing attempts per second allowed to each address, with bursts of five")
	quotaRecords := flags.Int64("quota-records", protocol.DefaultQuota.Records, "records (days, settings, checklist) each sync user may store")
	quotaMB := flags.Int64("quota-mb", protocol.DefaultQuota.Bytes>>20, "megabytes of encrypted data each sync user may store")
	tlsOpts := tlsFlags(flags)
	behindProxy := flags.Bool("behind-proxy", envOr("SUNDOWN_BEHIND_PROXY", "") == "true", "a reverse proxy on this machine forwards the requests: count each client by the X-Forwarded-For it adds (env SUNDOWN_BEHIND_PROXY=true)")
	withMetrics := flags.Bool("metrics", envOr("SUNDOWN_METRICS", "") == "true", "serve Prometheus metrics at /metrics (env SUNDOWN_METRICS=true)")
	metricsAddr := flags.String("metrics-addr", envOr("SUNDOWN_METRICS_ADDR", ""), "serve Prometheus metrics at /metrics on this address of their own instead, e.g. 127.0.0.1:9100 (env SUNDOWN_METRICS_ADDR)")
	flags.Usage = func() {
		fmt.Fprint(stderr, "Usage: sundown serve [flags]\n\nServes the Sundown app over HTTP, or HTTPS with --tls-cert or --acme-domain, until interrupted (Ctrl-C or SIGTERM).\n\nFlags:\n")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if *apiRate <= 0 || *pairRate <= 0 {
		return fmt.Errorf("--api-rate and --pair-rate must be above 0")
	}
	if *quotaRecords < 1 || *quotaMB < 1 {
		return fmt.Errorf("--quota-records and --quota-mb must be 1 or more")
	}
	how, err := tlsOpts.plan(*where.data)
	if err != nil {
		return err
	}
	*addr = how.listenAddr(*addr, flagGiven(flags, "addr") || os.Getenv("SUNDOWN_ADDR") != "")
	limits := server.DefaultLimits
	limits.APIPerSecond, limits.APIBurst = *apiRate, int(min(max(1, 3**apiRate), 1e9))
	limits.PairPerSecond = *pairRate
	limits.BehindProxy = *behindProxy
	ui.Routes(&ui.Env{}) // the server prerenders each page's outline
	cfg := server.Config{Files: appFiles(*dir), Log: log, Limits: &limits, Pages: ui.Pages()}
	if *withMetrics || *metricsAddr != "" {
		cfg.Metrics = server.NewMetrics()
		how.metrics, how.metricsAddr = cfg.Metrics.Handler(), *metricsAddr
	}
	if *withSync {
		db, err := openStorage(context.Background(), where.location())
		if err != nil {
			return err
		}
		defer db.Close() // after the server has stopped: in-flight requests finish first
		db.SetQuota(protocol.Quota{Records: *quotaRecords, Bytes: *quotaMB << 20})
		cfg.Sync = db
		log.Info("sync enabled", "storage", storageName(*where.db, *where.data))
	}
	handler, err := server.New(cfg)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return listen(ctx, log, *addr, how, handler)
}

// flagGiven reports whether name was set on the command line.
func flagGiven(flags *flag.FlagSet, name string) bool {
	given := false
	flags.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// storageName says where the sync data is, without a password.
func storageName(dbURL, data string) string {
	if dbURL == "" {
		return "SQLite in " + data
	}
	if u, err := url.Parse(dbURL); err == nil {
		return "PostgreSQL at " + u.Redacted()
	}
	return "PostgreSQL"
}

// appFiles are the app's files this binary was built with, or with --dir
// the ones in that folder.
func appFiles(dir string) fs.FS {
	if dir == "" {
		return web.Files
	}
	return os.DirFS(dir)
}

// printVersion says which build this is: the binary's version, and the
// hash of the app it serves, which Settings → About shows on each device.
func printVersion(stdout io.Writer) error {
	fmt.Fprintf(stdout, "sundown %s (%s, %s/%s)\n", release.Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if _, err := fs.Stat(web.Files, "app.wasm"); err != nil {
		fmt.Fprintln(stdout, "app build: none (this binary was compiled before the app was built: run make build)")
		return nil
	}
	hash, err := server.BuildHash(web.Files)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "app build %s\n", hash)
	return nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
