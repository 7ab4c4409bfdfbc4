//go:build !(js && wasm)

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/remoteml/sundown/app/server"
	"github.com/remoteml/sundown/app/server/postgres"
	"github.com/remoteml/sundown/app/server/sqlite"
	"github.com/remoteml/sundown/app/server/tables"
)

// codeLifetime is how long a pairing code works.
const codeLifetime = 24 * time.Hour

// storageFlags name where the sync data is: a folder for SQLite (the
// default), or a PostgreSQL database.
type storageFlags struct{ data, db *string }

func dataFlags(flags *flag.FlagSet) storageFlags {
	return storageFlags{
		data: flags.String("data", envOr("SUNDOWN_DATA", "data"), "folder of the sync data: the SQLite database, and with --acme-domain the certificates (env SUNDOWN_DATA)"),
		db:   flags.String("db", envOr("SUNDOWN_DB", ""), "keep the sync data in this PostgreSQL database (postgres://user:password@host/name) instead of SQLite in --data (env SUNDOWN_DB)"),
	}
}

// location is where the flags put the database: postgres://… or sqlite:PATH.
func (f storageFlags) location() string {
	if *f.db != "" {
		return *f.db
	}
	return "sqlite:" + filepath.Join(*f.data, "sundown.db")
}

// openStorage opens the database at a location: postgres://… (or
// postgresql://…) for PostgreSQL, sqlite:PATH for a SQLite file (made,
// with its folder, when missing).
func openStorage(ctx context.Context, location string) (server.Storage, error) {
	if strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://") {
		return postgres.Open(ctx, location)
	}
	path, ok := strings.CutPrefix(location, "sqlite:")
	if !ok || path == "" {
		return nil, fmt.Errorf("%q is not a database: give postgres://user:password@host/name or sqlite:PATH", location)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("making the data folder: %w", err)
	}
	return sqlite.Open(path)
}

// admin runs the commands that manage users, devices and backups.
func admin(args []string, stdout, stderr io.Writer) error {
	cmd := args[0]
	rest := args[1:]
	if cmd != "backup" {
		if len(rest) == 0 {
			return fmt.Errorf("%s needs a subcommand; run \"sundown -h\"", cmd)
		}
		cmd += " " + rest[0]
		rest = rest[1:]
	}
	flags := flag.NewFlagSet(cmd, flag.ContinueOnError)
	flags.SetOutput(stderr)
	where := dataFlags(flags)
	flags.Usage = func() {
		fmt.Fprintf(stderr, "Usage: sundown %s [flags]\n\nFlags:\n", cmd)
		flags.PrintDefaults()
	}
	positional, err := parseInterspersed(flags, rest)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	ctx, now := context.Background(), time.Now()
	db, err := openStorage(ctx, where.location())
	if err != nil {
		return err
	}
	defer db.Close()
	var arg string
	if len(positional) > 0 {
		arg = positional[0]
	}
	switch cmd {
	case "user add", "user code":
		if arg == "" {
			return fmt.Errorf("sundown %s NAME: name the user", cmd)
		}
		code := server.NewPairingCode()
		hash, expires := server.HashSecret(server.NormalizeCode(code)), now.Add(codeLifetime)
		if cmd == "user add" {
			err = db.AddUser(ctx, arg, hash, expires, now)
		} else {
			err = db.AddCode(ctx, arg, hash, expires)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Pairing code for %s: %s\nType it on the device in Settings → Sync within 24 hours. It works once.\n", arg, code)
	case "device list":
		devices, err := db.Devices(ctx, arg)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-4s %-16s %-20s %-20s %s\n", "ID", "USER", "DEVICE", "PAIRED", "STATE")
		for _, d := range devices {
			state := "active"
			if d.Revoked {
				state = "revoked"
			}
			fmt.Fprintf(stdout, "%-4d %-16s %-20s %-20s %s\n", d.ID, d.User, d.Name, d.Created.Format("2006-01-02 15:04"), state)
		}
	case "device revoke":
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			return fmt.Errorf("sundown device revoke ID: ID is the number from \"sundown device list\"")
		}
		if err := db.Revoke(ctx, id, now); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Device %d revoked: its token no longer works.\n", id)
	case "backup":
		if arg == "" {
			return errors.New("sundown backup FILE: name the file to write")
		}
		if err := backup(ctx, db, arg); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Backup written to %s: a SQLite database (sundown serve --data, or sundown migrate --from sqlite:%s).\n", arg, arg)
	default:
		return fmt.Errorf("unknown command %q; run \"sundown -h\"", cmd)
	}
	return nil
}

// backup writes a consistent copy of db to a new SQLite file: SQLite's own
// (VACUUM INTO), or for PostgreSQL a copy of one snapshot, checked table
// by table.
func backup(ctx context.Context, db server.Storage, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists already: choose a new file name", path)
	}
	if file, ok := db.(*sqlite.DB); ok {
		if err := file.Backup(ctx, path); err != nil {
			return fmt.Errorf("writing the backup: %w", err)
		}
		return nil
	}
	copyDB, err := sqlite.Open(path)
	if err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	defer copyDB.Close()
	if _, err := tables.Copy(ctx, db, copyDB); err != nil {
		copyDB.Close()
		os.Remove(path)
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
		return fmt.Errorf("writing the backup: %w", err)
	}
	return nil
}

// migrate copies a whole sync database into an empty one of either engine.
func migrate(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("migrate", flag.ContinueOnError)
	flags.SetOutput(stderr)
	from := flags.String("from", "", "the database to copy: sqlite:PATH or postgres://…")
	to := flags.String("to", "", "the empty database to copy into: sqlite:PATH or postgres://…")
	flags.Usage = func() {
		fmt.Fprint(stderr, "Usage: sundown migrate --from sqlite:data/sundown.db --to postgres://user:password@host/name\n\n"+
			"Copies every user, device, record and pairing code into an empty database, then checks the copy:\n"+
			"row counts and checksums, table by table. Stop the server first; point it at the new database after.\n\nFlags:\n")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *from == "" || *to == "" {
		return errors.New("sundown migrate needs --from and --to: sqlite:PATH or postgres://…")
	}
	ctx := context.Background()
	source, err := openStorage(ctx, *from)
	if err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	defer source.Close()
	target, err := openStorage(ctx, *to)
	if err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	defer target.Close()
	summaries, err := tables.Copy(ctx, source, target)
	if err != nil {
		return err
	}
	for _, s := range summaries {
		fmt.Fprintf(stdout, "%-17s %8d rows  checksum %s\n", s.Table, s.Rows, s.Sum)
	}
	fmt.Fprintln(stdout, "Copied and checked: the two databases hold the same rows.")
	return nil
}

// parseInterspersed parses flags wherever they stand among the arguments,
// so "user add ana --data /srv/sundown" works as well as the flags-first form.
func parseInterspersed(flags *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		if flags.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, flags.Arg(0))
		args = flags.Args()[1:]
	}
}
