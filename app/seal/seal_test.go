package seal

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
	if got, format, err := k.Open(id, "day", 2, sealed); err != nil || !bytes.Equal(got, day) || format != 2 {
		t.Fatalf("open: %v, format %d", err, format)
	}
	if _, _, err := k.Open(id, "day", 3, sealed); err != nil {
		t.Fatalf("a newer app does not open an older format: %v", err)
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
	relabelled := bytes.Clone(sealed)
	relabelled[1] = 1 // said to be of an older format than it was sealed in
	for name, open := range map[string]func() ([]byte, int, error){
		"moved to another record": func() ([]byte, int, error) { return k.Open(other, "day", 2, sealed) },
		"another record type":     func() ([]byte, int, error) { return k.Open(id, "settings", 2, sealed) },
		"another format":          func() ([]byte, int, error) { return k.Open(id, "day", 2, relabelled) },
		"altered":                 func() ([]byte, int, error) { return k.Open(id, "day", 2, tampered) },
		"another account's keys":  func() ([]byte, int, error) { return ben.Open(id, "day", 2, sealed) },
		"another user, same keys": func() ([]byte, int, error) { return benSameKey.Open(id, "day", 2, sealed) },
		"too short":               func() ([]byte, int, error) { return k.Open(id, "day", 2, sealed[:10]) },
	} {
		if _, _, err := open(); !errors.Is(err, ErrCannotOpen) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// A record from a newer app is recognised as such, not taken for a damaged
// one; a record sealed before the envelope existed still opens.
func TestFormatsNewerAndOlder(t *testing.T) {
	k, _ := NewKeyring("ana")
	id := k.RecordID("day", "2026-11-25")
	newer, _ := k.Seal(id, "day", 4, []byte(`{}`))
	_, format, err := k.Open(id, "day", 3, newer)
	var nf *NewerFormatError
	if !errors.Is(err, ErrNewerFormat) || !errors.As(err, &nf) || nf.Format != 4 || format != 4 {
		t.Fatalf("a format-4 record opened by a format-3 app: %v (format %d)", err, format)
	}
	if !strings.Contains(err.Error(), "update this device") {
		t.Fatalf("the message %q does not say what to do", err)
	}
	legacy, _ := sealWith(k.seal, []byte(`{"old":true}`), associated("ana", id, "day", "3"))
	if plain, format, err := k.Open(id, "day", 3, legacy); err != nil || format != 3 || string(plain) != `{"old":true}` {
		t.Fatalf("a record sealed without a header: %q %d %v", plain, format, err)
	}
	if _, err := k.Seal(id, "day", 256, nil); err == nil {
		t.Fatal("format 256 was sealed: it does not fit its byte")
	}
}

// Parameters a server hands over are bounded: absurd ones are refused with
// a message, before any key is derived.
func TestAbsurdKDFParametersAreRefused(t *testing.T) {
	k, _ := NewKeyring("ana")
	w, _ := k.Wrap("pass", quickKDF())
	for name, change := range map[string]func(*KDFParams){
		"a gigabyte of memory": func(p *KDFParams) { p.MemoryKiB = 1 << 20 },
		"a million passes":     func(p *KDFParams) { p.Time = 1_000_000 },
		"no pass":              func(p *KDFParams) { p.Time = 0 },
		"200 lanes":            func(p *KDFParams) { p.Threads = 200 },
		"no salt":              func(p *KDFParams) { p.Salt = nil },
		"a huge salt":          func(p *KDFParams) { p.Salt = make([]byte, 1<<20) },
	} {
		bad := w
		change(&bad.KDF)
		if _, err := Unwrap("ana", "pass", bad); err == nil || !strings.Contains(err.Error(), "damaged or was not made by Sundown") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := NewKDFParams().Validate(); err != nil {
		t.Fatalf("Sundown's own parameters are refused: %v", err)
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
