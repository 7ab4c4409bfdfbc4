package sync

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// quick KDF parameters keep the tests fast; the real ones are NewKDFParams.
func quickKDF() KDFParams {
	p := NewKDFParams()
	p.MemoryKiB, p.Time = 1024, 1
	return p
}

func TestSealOpenAndMisuse(t *testing.T) {
	k, _ := NewKeyring("ana")
	day := []byte(`{"date":"2026-11-25","wins":[{"text":"Shipped the importer"}]}`)
	id := k.RecordID("day", "2026-11-25")
	sealed, err := k.Seal(id, "day", 2, day)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("Shipped")) || bytes.Contains(sealed, []byte("2026")) {
		t.Fatal("the plaintext shows through")
	}
	if got, err := k.Open(id, "day", 2, sealed); err != nil || !bytes.Equal(got, day) {
		t.Fatalf("open: %v", err)
	}
	again, _ := k.Seal(id, "day", 2, day)
	if bytes.Equal(sealed, again) {
		t.Fatal("two seals of the same record are equal: the nonce is not random")
	}
	other := k.RecordID("day", "2026-11-24")
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	ben, _ := NewKeyring("ben")
	benSameKey, _ := keyringFrom("ben", k.dataKey)
	for name, open := range map[string]func() ([]byte, error){
		"moved to another record": func() ([]byte, error) { return k.Open(other, "day", 2, sealed) },
		"another record type":     func() ([]byte, error) { return k.Open(id, "settings", 2, sealed) },
		"another schema":          func() ([]byte, error) { return k.Open(id, "day", 3, sealed) },
		"altered":                 func() ([]byte, error) { return k.Open(id, "day", 2, tampered) },
		"another account's keys":  func() ([]byte, error) { return ben.Open(id, "day", 2, sealed) },
		"another user, same keys": func() ([]byte, error) { return benSameKey.Open(id, "day", 2, sealed) },
		"too short":               func() ([]byte, error) { return k.Open(id, "day", 2, sealed[:10]) },
	} {
		if _, err := open(); !errors.Is(err, ErrCannotOpen) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestRecordIDsAreStableAndRevealNothing(t *testing.T) {
	k, _ := NewKeyring("ana")
	same, _ := keyringFrom("ana", k.dataKey) // another device of the account
	a, b := k.RecordID("day", "2026-11-25"), same.RecordID("day", "2026-11-25")
	if a != b || a == k.RecordID("day", "2026-11-26") || a == k.RecordID("settings", "2026-11-25") {
		t.Fatal("record ids are not stable per account and distinct per key")
	}
	if strings.Contains(a, "2026") || len(a) != 22 {
		t.Fatalf("record id %q", a)
	}
	other, _ := NewKeyring("ana")
	if other.RecordID("day", "2026-11-25") == a {
		t.Fatal("another account's ids match")
	}
}

func TestPassphraseWrapsTheDataKey(t *testing.T) {
	k, _ := NewKeyring("ana")
	w, err := k.Wrap("correct horse battery staple", quickKDF())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(w.Sealed, k.dataKey) {
		t.Fatal("the data key is in the clear")
	}
	second, err := Unwrap("ana", "correct horse battery staple", w)
	if err != nil || !bytes.Equal(second.dataKey, k.dataKey) {
		t.Fatalf("a second device could not open the key: %v", err)
	}
	if _, err := Unwrap("ana", "correct horse battery stapler", w); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
}

func BenchmarkSealDay(b *testing.B) {
	k, _ := NewKeyring("ana")
	day := bytes.Repeat([]byte("a typical day of wins and unseen work "), 60) // about 2 KB
	id := k.RecordID("day", "2026-11-25")
	for b.Loop() {
		sealed, _ := k.Seal(id, "day", 2, day)
		k.Open(id, "day", 2, sealed)
	}
}

// BenchmarkPassphraseKey derives the passphrase key with the real
// parameters (64 MiB, 3 passes): the wait a user sees when setting up sync.
func BenchmarkPassphraseKey(b *testing.B) {
	p := NewKDFParams()
	for b.Loop() {
		PassphraseKey("correct horse battery staple", p)
	}
}
