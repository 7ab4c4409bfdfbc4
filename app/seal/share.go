package seal

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"

	"golang.org/x/crypto/chacha20poly1305"
)

// A shared link's record is sealed with a key of its own, made fresh for
// the link and written only in its fragment, so that the one who opens it
// needs no account, and the server, which never sees the fragment, cannot
// read it. The share's id is in the associated data: a ciphertext moved to
// another link does not open.

// ErrShareDamaged means a link's key does not open its record: the key was
// cut short or changed, or the record was altered.
var ErrShareDamaged = errors.New("this link does not open: the part after # is incomplete or changed, or what it points to was altered; ask for the link again")

// ShareKeySize is the length of a link's key.
const ShareKeySize = chacha20poly1305.KeySize

// NewShareKey makes a link's key.
func NewShareKey() []byte {
	key := make([]byte, ShareKeySize)
	rand.Read(key)
	return key
}

// SealShare encrypts what link id shows, in the given format (1 to 255).
func SealShare(id string, key []byte, format int, plaintext []byte) ([]byte, error) {
	if format < 1 || format > 255 {
		return nil, fmt.Errorf("format %d is out of range", format)
	}
	sealed, err := sealWith(key, plaintext, shareAD(id, format))
	if err != nil {
		return nil, err
	}
	return append([]byte{envelopeMagic, byte(format)}, sealed...), nil
}

// OpenShare decrypts what SealShare made for link id, in any format up to
// newest, and returns the format; a later one is a *NewerFormatError, and
// anything that fails authentication ErrShareDamaged.
func OpenShare(id string, key []byte, newest int, sealed []byte) ([]byte, int, error) {
	if len(key) != ShareKeySize || len(sealed) < 2 || sealed[0] != envelopeMagic {
		return nil, 0, ErrShareDamaged
	}
	format := int(sealed[1])
	if format > newest {
		return nil, format, &NewerFormatError{Format: format}
	}
	plain, err := openWith(key, sealed[2:], shareAD(id, format))
	if err != nil {
		return nil, format, ErrShareDamaged
	}
	return plain, format, nil
}

func shareAD(id string, format int) []byte {
	return associated("sundown share", id, "format", strconv.Itoa(format))
}
