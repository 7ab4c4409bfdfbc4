//go:build !(js && wasm)

// Package pgtest runs a PostgreSQL server of its own for tests: a new
// cluster in a temporary folder, run as an unprivileged user (PostgreSQL
// refuses to run as root), listening on a free port of 127.0.0.1 only,
// stopped and removed afterwards. It uses Debian's postgresql package and
// fails, never skips, when it is missing: a skipped test would pass for one
// that never ran.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Install says how to get what these tests need.
const Install = "PostgreSQL is not installed, and the tests of the PostgreSQL storage need it: apt-get install postgresql (make test installs it when run as root)"

// Server is a running test cluster.
type Server struct {
	dir  string
	port int
	cmd  *exec.Cmd
	log  string
	next atomic.Int64 // for database names
}

// unprivileged is who runs the cluster when the tests run as root.
const unprivileged = 65534 // nobody

// Start makes and starts a cluster. settings are extra server settings
// ("fsync=off"). Stop it with Stop.
func Start(settings ...string) (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "sundown-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, log: filepath.Join(dir, "server.log")}
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		for _, p := range []string{dir, data} {
			if err := os.Chown(p, unprivileged, unprivileged); err != nil {
				return nil, err
			}
		}
	}
	initdb := command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-instructions")
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	if s.port, err = freePort(); err != nil {
		return nil, err
	}
	args := []string{"-D", data, "-p", strconv.Itoa(s.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"}
	for _, setting := range settings {
		args = append(args, "-c", setting)
	}
	s.cmd = command(filepath.Join(bin, "postgres"), args...)
	logFile, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := s.waitReady(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// binDir finds the server's programs: Debian keeps them in
// /usr/lib/postgresql/VERSION/bin, out of PATH.
func binDir() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	sort.Slice(found, func(i, j int) bool { return version(found[i]) > version(found[j]) })
	if len(found) > 0 {
		return filepath.Dir(found[0]), nil
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New(Install)
}

func version(postgresPath string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(postgresPath))))
	return n
}

func command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: unprivileged, Gid: unprivileged}}
		cmd.Dir = "/"
	}
	return cmd
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady waits for the server to take connections: up to a minute, a
// guard against one that never starts.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(time.Minute)
	for {
		conn, err := pgx.Connect(context.Background(), s.url("postgres"))
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(s.log)
			return fmt.Errorf("PostgreSQL did not start: %v\n%s", err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) url(database string) string {
	u := url.URL{Scheme: "postgres", User: url.User("postgres"), Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)), Path: "/" + database, RawQuery: "sslmode=disable"}
	return u.String()
}

// NewDatabase makes an empty database and returns its URL.
func (s *Server) NewDatabase() (string, error) {
	name := fmt.Sprintf("sundown_%d", s.next.Add(1))
	conn, err := pgx.Connect(context.Background(), s.url("postgres"))
	if err != nil {
		return "", err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	return s.url(name), nil
}

// Stop shuts the server down (fast shutdown) and removes its folder.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGINT)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			s.cmd.Process.Kill()
			<-done
		}
	}
	os.RemoveAll(s.dir)
}

var (
	shared     *Server
	sharedErr  error
	sharedOnce sync.Once
)

// Shared is one cluster for all the tests of a test binary, started on
// first use, made for speed (fsync off: what is tested is Sundown's
// transactions, not PostgreSQL's disk). StopShared, from TestMain, stops it.
func Shared() (*Server, error) {
	sharedOnce.Do(func() { shared, sharedErr = Start("fsync=off", "synchronous_commit=off", "full_page_writes=off") })
	return shared, sharedErr
}

// StopShared stops the shared cluster, if one was started.
func StopShared() {
	if shared != nil {
		shared.Stop()
	}
}

// TB is what the helpers need of a test.
type TB interface {
	Helper()
	Fatal(args ...any)
}

// Database is a new database on the shared cluster, or the test fails.
func Database(t TB) string {
	t.Helper()
	s, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.NewDatabase()
	if err != nil {
		t.Fatal(err)
	}
	return u
}
