package seal

import (
	"bytes"
	"errors"
	"testing"
)

func TestSharedLinksOpenOnlyWithTheirKeyAndID(t *testing.T) {
	key := NewShareKey()
	plain := []byte(`{"wins":["Shipped the importer"]}`)
	sealed, err := SealShare("link-a", key, 1, plain)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("importer")) {
		t.Fatal("the sealed record holds its plaintext")
	}
	got, format, err := OpenShare("link-a", key, 1, sealed)
	if err != nil || format != 1 || !bytes.Equal(got, plain) {
		t.Fatalf("opening: %q %d %v", got, format, err)
	}
	// Every single flipped bit, of the record or of the key, is refused.
	for i := range sealed {
		for bit := range 8 {
			damaged := bytes.Clone(sealed)
			damaged[i] ^= 1 << bit
			if _, _, err := OpenShare("link-a", key, 1, damaged); err == nil {
				t.Fatalf("byte %d bit %d flipped in the record: opened", i, bit)
			}
		}
	}
	for i := range key {
		wrong := bytes.Clone(key)
		wrong[i] ^= 0x10
		if _, _, err := OpenShare("link-a", wrong, 1, sealed); !errors.Is(err, ErrShareDamaged) {
			t.Fatalf("key byte %d changed: %v", i, err)
		}
	}
	if _, _, err := OpenShare("link-b", key, 1, sealed); !errors.Is(err, ErrShareDamaged) {
		t.Fatalf("moved to another link: %v", err)
	}
	if _, _, err := OpenShare("link-a", key[:20], 1, sealed); !errors.Is(err, ErrShareDamaged) {
		t.Fatalf("a key cut short: %v", err)
	}
	newer, _ := SealShare("link-a", key, 2, plain)
	if _, format, err := OpenShare("link-a", key, 1, newer); !errors.Is(err, ErrNewerFormat) || format != 2 {
		t.Fatalf("a newer format: %d %v", format, err)
	}
}
