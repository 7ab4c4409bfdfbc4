package store

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/remoteml/sundown/app/ritual"
)

// tenYears is a store with ten years of the synthetic history, its
// settings and a theme, and the raw values it holds.
func tenYears(t *testing.T) (*MemoryKV, map[string]string) {
	t.Helper()
	kv := NewMemoryKV()
	s := open(t, kv)
	for _, d := range ritual.GenerateHistory(3, date("2026-11-24"), 10) {
		if err := s.SaveDay(d); err != nil {
			t.Fatal(err)
		}
	}
	settings := s.Settings()
	settings.ClosingPhrase = "Lid closed"
	s.SaveSettings(settings)
	s.SaveTheme(ThemeDark)
	kv.Set("sundown/test-clock", "2026-11-25T18:00:00Z")
	values := map[string]string{}
	keys, _ := kv.Keys()
	for _, k := range keys {
		values[k], _, _ = kv.Get(k)
	}
	return kv, values
}

// failingKV fails every write once its budget of writes is spent, as a
// closed tab or a full disk stops a move at any point.
type failingKV struct {
	KV
	writes int
}

var errStopped = errors.New("the tab was closed")

func (f *failingKV) spend() error {
	if f.writes <= 0 {
		return errStopped
	}
	f.writes--
	return nil
}

func (f *failingKV) Set(k, v string) error {
	if err := f.spend(); err != nil {
		return err
	}
	return f.KV.Set(k, v)
}

func (f *failingKV) Delete(k string) error {
	if err := f.spend(); err != nil {
		return err
	}
	return f.KV.Delete(k)
}

func (f *failingKV) SetMany(values map[string]string) error {
	if err := f.spend(); err != nil {
		return err
	}
	return f.KV.(Batcher).SetMany(values)
}

// wherever the app would read after a move (finished or not) holds every
// value as it was.
func checkNothingLost(t *testing.T, old, new KV, want map[string]string, seed uint64) {
	t.Helper()
	done, _ := has(new, migratedKey)
	read := old
	if done {
		read = new
	}
	for k, v := range want {
		if stays[k] {
			if got, _, _ := old.Get(k); got != v {
				t.Fatalf("seed %d: %s left the old storage", seed, k)
			}
			continue
		}
		if got, ok, _ := read.Get(k); !ok || got != v {
			t.Fatalf("seed %d: %s is lost (moved: %v)", seed, k, done)
		}
	}
}

// TestMovingTenYearsSurvivesAnyInterruption moves ten years of history,
// stopped after a random number of writes, again and again until it is
// done: at every stop the data is whole where the app reads it, and at the
// end the new storage holds it all and the old one only the theme.
func TestMovingTenYearsSurvivesAnyInterruption(t *testing.T) {
	for seed := range uint64(16) {
		rng := rand.New(rand.NewPCG(seed, 9))
		old, want := tenYears(t)
		newKV := NewMemoryKV()
		for attempt := 0; ; attempt++ {
			// Each start writes into both storages through a budget: the
			// old one's deletions can be cut short too.
			oldSide := &failingKV{KV: old, writes: rng.IntN(len(want) + 3)}
			newSide := &failingKV{KV: newKV, writes: rng.IntN(4)}
			_, err := Move(oldSide, newSide)
			checkNothingLost(t, old, newKV, want, seed)
			if err == nil {
				break
			}
			if attempt > 200 {
				t.Fatalf("seed %d: the move never finishes: %v", seed, err)
			}
		}
		if _, err := Move(old, newKV); err != nil { // an unlimited start finishes what is left
			t.Fatal(err)
		}
		keys, _ := old.Keys()
		if len(keys) != 2 {
			t.Fatalf("seed %d: the old storage still holds %v", seed, keys)
		}
		s, err := OpenWith(newKV, old)
		if err != nil || len(s.Dates()) != len(ritual.GenerateHistory(3, date("2026-11-24"), 10)) ||
			s.Settings().ClosingPhrase != "Lid closed" || s.Theme() != ThemeDark || len(s.Problems()) != 0 {
			t.Fatalf("seed %d: after the move: %d days, %v, problems %v", seed, len(s.Dates()), err, s.Problems())
		}
	}
}

// A storage full before the move ends leaves everything in the old one.
func TestAFullDatabaseLeavesTheDataWhereItWas(t *testing.T) {
	old, want := tenYears(t)
	full := NewMemoryKV()
	full.Limit = 1000
	if _, err := Move(old, full); !errors.Is(err, ErrMoveFailed) {
		t.Fatalf("moving into a full storage: %v", err)
	}
	checkNothingLost(t, old, full, want, 0)
}

// A value written to the old storage after the move (a tab of the older
// app) is brought in, or set aside when it differs, never dropped.
func TestLeftoversAfterTheMoveAreKept(t *testing.T) {
	old, _ := tenYears(t)
	newKV := NewMemoryKV()
	if _, err := Move(old, newKV); err != nil {
		t.Fatal(err)
	}
	old.Set("sundown/day/2030-01-01", `3:{"day":{"date":"2030-01-01"}}`)
	old.Set("sundown/settings", `2:{"value":{"target_end":"19:00","workdays":[1],"closing_phrase":"Old tab","review_day":5}}`)
	if _, err := Move(old, newKV); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := newKV.Get("sundown/day/2030-01-01"); !ok {
		t.Fatal("a day written by the old tab was dropped")
	}
	if v, ok, _ := newKV.Get("sundown/quarantine/from-localstorage/settings"); !ok || v == "" {
		t.Fatal("settings written by the old tab were not set aside")
	}
	s, _ := OpenWith(newKV, old)
	if s.Settings().ClosingPhrase != "Lid closed" || len(s.Problems()) != 1 {
		t.Fatalf("after the leftovers: %q, problems %v", s.Settings().ClosingPhrase, s.Problems())
	}
}
