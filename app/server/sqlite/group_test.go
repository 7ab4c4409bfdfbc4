//go:build !(js && wasm)

package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/protocol"
)

func pairedDevice(t *testing.T, d *DB, user string) Device {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	code := []byte("code-" + user)
	if err := d.AddUser(ctx, user, code, now.Add(time.Hour), now); err != nil {
		t.Fatal(err)
	}
	dev, err := d.Pair(ctx, code, "laptop", []byte("token-"+user), now)
	if err != nil {
		t.Fatal(err)
	}
	return dev
}

func mutation(mid int64, id, text string) protocol.Mutation {
	return protocol.Mutation{MID: mid, RecordID: id, Ciphertext: []byte(text)}
}

// Pushes committed in one group are each their own: one that fails (a mid
// gap, a quota) undoes only itself, the others are stored and answered.
func TestAGroupCommitsEachPushOnItsOwn(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "sundown.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ana, ben, cy := pairedDevice(t, d, "ana"), pairedDevice(t, d, "ben"), pairedDevice(t, d, "cy")
	group := []pushRequest{
		{dev: ana, muts: []protocol.Mutation{mutation(1, "a", "ana 1"), mutation(2, "b", "ana 2")}},
		{dev: ben, muts: []protocol.Mutation{mutation(1, "a", "ben 1"), mutation(3, "b", "a gap")}},
		{dev: cy, muts: []protocol.Mutation{mutation(1, "a", "cy 1")}},
		{dev: ana, muts: []protocol.Mutation{mutation(3, "c", "ana 3")}},
	}
	for i := range group {
		group[i].answer = make(chan pushAnswer, 1)
	}
	d.commitGroup(group)
	for i, want := range []int{2, -1, 1, 1} { // results, or -1 for the mid gap
		a := <-group[i].answer
		switch {
		case want < 0 && !errors.Is(a.err, protocol.ErrMIDGap):
			t.Errorf("push %d: %v, want the mid gap", i, a.err)
		case want >= 0 && (a.err != nil || len(a.results) != want):
			t.Errorf("push %d: %d results, %v", i, len(a.results), a.err)
		}
	}
	count := func(dev Device) int {
		_, page, err := d.Pull(context.Background(), []byte("token-"+dev.User), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Records)
	}
	if a, b, c := count(ana), count(ben), count(cy); a != 3 || b != 0 || c != 1 {
		t.Errorf("stored: ana %d, ben %d, cy %d records; want 3, 0 (its push failed whole), 1", a, b, c)
	}
}

// Many devices pushing at once all get their answers, and every applied
// version is stored: the groups lose nothing.
func TestConcurrentPushesAreAllStored(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "sundown.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var devices []Device
	for i := range 16 {
		devices = append(devices, pairedDevice(t, d, fmt.Sprintf("user%d", i)))
	}
	var wg sync.WaitGroup
	for _, dev := range devices {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for mid := int64(1); mid <= 20; mid++ {
				if _, err := d.Push(context.Background(), dev, []protocol.Mutation{mutation(mid, fmt.Sprint("r", mid), "x")}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, dev := range devices {
		_, page, err := d.Pull(context.Background(), []byte("token-"+dev.User), 0, 100)
		if err != nil || len(page.Records) != 20 {
			t.Fatalf("%s: %d records stored, %v", dev.User, len(page.Records), err)
		}
	}
}

// After Close a push is refused, never left waiting.
func TestAPushAfterCloseIsRefused(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "sundown.db"))
	if err != nil {
		t.Fatal(err)
	}
	dev := pairedDevice(t, d, "ana")
	d.Close()
	if _, err := d.Push(context.Background(), dev, []protocol.Mutation{mutation(1, "a", "x")}); err == nil {
		t.Fatal("a push after Close was accepted")
	}
}
