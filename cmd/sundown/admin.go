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
	"time"

	"github.com/remoteml/sundown/app/server"
	"github.com/remoteml/sundown/app/server/sqlite"
)

// codeLifetime is how long a pairing code works.
const codeLifetime = 24 * time.Hour

func dataFlag(flags *flag.FlagSet) *string {
	return flags.String("data", envOr("SUNDOWN_DATA", "data"), "folder of the sync database (env SUNDOWN_DATA)")
}

// openData opens the sync database in dir, creating both if needed.
func openData(dir string) (*sqlite.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("making the data folder: %w", err)
	}
	return sqlite.Open(filepath.Join(dir, "sundown.db"))
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
	data := dataFlag(flags)
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
	db, err := openData(*data)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, now := context.Background(), time.Now()
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
		if _, err := os.Stat(arg); err == nil {
			return fmt.Errorf("%s exists already: choose a new file name", arg)
		}
		if err := db.Backup(ctx, arg); err != nil {
			return fmt.Errorf("writing the backup: %w", err)
		}
		fmt.Fprintf(stdout, "Backup written to %s.\n", arg)
	default:
		return fmt.Errorf("unknown command %q; run \"sundown -h\"", cmd)
	}
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
