package seal

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// The encryption of sync, done on the devices: the server only ever holds
// what Seal returns. A passphrase key, derived with Argon2id, wraps a random
// data key; records are sealed with XChaCha20-Poly1305 under a key derived
// from the data key, with the user, record id, record type and schema as
// associated data, so a ciphertext moved to another record does not open.
// Record ids of one-per-key records (a day, the settings) are a keyed hash
// of the natural key, so the server never learns dates. Nothing here is
// hand-made: the standard library and golang.org/x/crypto do the work.

// KDFParams are stored beside the salt, so later versions can raise them
// and still open keys wrapped under the old ones.
type KDFParams struct {
	Salt      []byte `json:"salt"`
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
}

// NewKDFParams returns fresh parameters: a random salt, 64 MiB, 3 passes.
func NewKDFParams() KDFParams {
	salt := make([]byte, 16)
	rand.Read(salt)
	return KDFParams{Salt: salt, Time: 3, MemoryKiB: 64 * 1024, Threads: 1}
}

// Bounds on the parameters a server may hand a device: a key record with
// absurd ones (a gigabyte of memory, a million passes) would freeze or crash
// the tab that derives the key.
const (
	minKDFMemoryKiB = 1 << 10
	maxKDFMemoryKiB = 256 << 10
	maxKDFTime      = 10
	maxKDFThreads   = 4
	minSaltBytes    = 16
	maxSaltBytes    = 64
)

// Validate checks the parameters against those bounds.
func (p KDFParams) Validate() error {
	switch {
	case len(p.Salt) < minSaltBytes || len(p.Salt) > maxSaltBytes:
		return fmt.Errorf("the account's key record asks for a salt of %d bytes; Sundown uses %d to %d: the record is damaged or was not made by Sundown", len(p.Salt), minSaltBytes, maxSaltBytes)
	case p.MemoryKiB < minKDFMemoryKiB || p.MemoryKiB > maxKDFMemoryKiB:
		return fmt.Errorf("the account's key record asks for %d MiB of memory to derive the key; Sundown allows %d to %d: the record is damaged or was not made by Sundown", p.MemoryKiB>>10, minKDFMemoryKiB>>10, maxKDFMemoryKiB>>10)
	case p.Time < 1 || p.Time > maxKDFTime:
		return fmt.Errorf("the account's key record asks for %d passes to derive the key; Sundown allows 1 to %d: the record is damaged or was not made by Sundown", p.Time, maxKDFTime)
	case p.Threads < 1 || p.Threads > maxKDFThreads:
		return fmt.Errorf("the account's key record asks for %d lanes to derive the key; Sundown allows 1 to %d: the record is damaged or was not made by Sundown", p.Threads, maxKDFThreads)
	}
	return nil
}

// PassphraseKey derives the key that wraps the data key.
func PassphraseKey(passphrase string, p KDFParams) []byte {
	return argon2.IDKey([]byte(passphrase), p.Salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
}

// ErrWrongPassphrase is what opening the data key with another passphrase gives.
var ErrWrongPassphrase = errors.New("the passphrase is not the one this account was set up with: check it and try again; nothing was changed")

// ErrCannotOpen means a record failed authentication: it was altered, or it
// belongs to another record or account.
var ErrCannotOpen = errors.New("a record could not be decrypted: it was altered or belongs elsewhere")

// WrappedKey is the data key sealed under the passphrase key, with the
// parameters to derive that key again. It can be stored on the server.
type WrappedKey struct {
	KDF    KDFParams `json:"kdf"`
	Sealed []byte    `json:"sealed"`
}

// Keyring holds an account's keys on a device.
type Keyring struct {
	user    string
	dataKey []byte
	seal    []byte // derived from dataKey: seals records
	ids     []byte // derived from dataKey: hashes natural keys into record ids
}

const wrapLabel = "sundown data key v1"

// NewKeyring makes the keys of a new account (the first device does this).
func NewKeyring(user string) (*Keyring, error) {
	key := make([]byte, chacha20poly1305.KeySize)
	rand.Read(key)
	return keyringFrom(user, key)
}

func keyringFrom(user string, dataKey []byte) (*Keyring, error) {
	seal, err := hkdf.Key(sha256.New, dataKey, nil, "sundown record sealing v1", chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	ids, err := hkdf.Key(sha256.New, dataKey, nil, "sundown record ids v1", 32)
	if err != nil {
		return nil, err
	}
	return &Keyring{user: user, dataKey: dataKey, seal: seal, ids: ids}, nil
}

// KeyDeriver derives the passphrase key. In the browser it runs Argon2 in a
// Web Worker, so the page keeps answering while it works.
type KeyDeriver func(passphrase string, p KDFParams) ([]byte, error)

// DeriveHere derives the passphrase key on the calling goroutine.
func DeriveHere(passphrase string, p KDFParams) ([]byte, error) {
	return PassphraseKey(passphrase, p), nil
}

// Wrap seals the data key under a passphrase, with fresh KDF parameters.
func (k *Keyring) Wrap(passphrase string, p KDFParams) (WrappedKey, error) {
	return k.WrapWith(PassphraseKey(passphrase, p), p)
}

// WrapWith seals the data key under a passphrase key derived with p.
func (k *Keyring) WrapWith(passKey []byte, p KDFParams) (WrappedKey, error) {
	sealed, err := sealWith(passKey, k.dataKey, []byte(wrapLabel))
	return WrappedKey{KDF: p, Sealed: sealed}, err
}

// Unwrap opens the data key with the passphrase.
func Unwrap(user, passphrase string, w WrappedKey) (*Keyring, error) {
	if err := w.KDF.Validate(); err != nil {
		return nil, err
	}
	return UnwrapWith(user, PassphraseKey(passphrase, w.KDF), w)
}

// UnwrapWith opens the data key with a passphrase key derived with w.KDF.
func UnwrapWith(user string, passKey []byte, w WrappedKey) (*Keyring, error) {
	dataKey, err := openWith(passKey, w.Sealed, []byte(wrapLabel))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return keyringFrom(user, dataKey)
}

// RecordID is the id of the one record of a type with a natural key (the
// day "2026-11-25", the settings): a keyed hash, stable across devices and
// meaningless to the server.
func (k *Keyring) RecordID(recordType, naturalKey string) string {
	mac := hmac.New(sha256.New, k.ids)
	mac.Write(associated(recordType, naturalKey))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}

// A sealed record starts with envelopeMagic and its format version (the
// version of its plaintext's shape), both authenticated: an app that meets a
// record from a newer version of itself can say so, instead of failing as if
// the record were damaged. Records sealed before the envelope existed carry
// no header (their format was only in the associated data); Open still reads
// them.
const (
	envelopeMagic = 0xA5
	// legacyFormats are the formats sealed without a header.
	legacyFormats = 3
)

// ErrNewerFormat means a record was sealed by a newer version of Sundown,
// in a format this one does not know.
var ErrNewerFormat = errors.New("a record comes from a newer version of Sundown")

// NewerFormatError is ErrNewerFormat with the record's format.
type NewerFormatError struct{ Format int }

func (e *NewerFormatError) Error() string {
	return fmt.Sprintf("%v (format %d): update this device", ErrNewerFormat, e.Format)
}
func (e *NewerFormatError) Is(target error) bool { return target == ErrNewerFormat }

// Seal encrypts a record whose plaintext has the given format version (1
// to 255); the result is what the server stores.
func (k *Keyring) Seal(recordID, recordType string, format int, plaintext []byte) ([]byte, error) {
	if format < 1 || format > 255 {
		return nil, fmt.Errorf("format %d is out of range", format)
	}
	sealed, err := sealWith(k.seal, plaintext, k.envelopeAD(recordID, recordType, format))
	if err != nil {
		return nil, err
	}
	return append([]byte{envelopeMagic, byte(format)}, sealed...), nil
}

// Open decrypts what Seal made for the same user, record and type, in any
// format up to newest (the newest this app knows), and returns the
// record's format. A record of a later format is ErrNewerFormat (a
// *NewerFormatError); one that fails authentication is ErrCannotOpen.
func (k *Keyring) Open(recordID, recordType string, newest int, sealed []byte) ([]byte, int, error) {
	if len(sealed) > 2 && sealed[0] == envelopeMagic {
		format := int(sealed[1])
		if format > newest {
			return nil, format, &NewerFormatError{Format: format}
		}
		if plain, err := openWith(k.seal, sealed[2:], k.envelopeAD(recordID, recordType, format)); err == nil {
			return plain, format, nil
		}
		// Fall through: a record without a header starts with this byte
		// once in 256 times.
	}
	for format := min(newest, legacyFormats); format >= 1; format-- {
		if plain, err := openWith(k.seal, sealed, associated(k.user, recordID, recordType, strconv.Itoa(format))); err == nil {
			return plain, format, nil
		}
	}
	return nil, 0, ErrCannotOpen
}

func (k *Keyring) envelopeAD(recordID, recordType string, format int) []byte {
	return associated(k.user, recordID, recordType, "format", strconv.Itoa(format))
}

// sealWith encrypts with XChaCha20-Poly1305 and a random 24-byte nonce,
// which it puts in front of the ciphertext.
func sealWith(key, plaintext, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	rand.Read(nonce)
	return aead.Seal(nonce, nonce, plaintext, ad), nil
}

func openWith(key, sealed, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrCannotOpen
	}
	return aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], ad)
}

// associated joins fields with their lengths, so no two lists of fields
// give the same bytes ("ab","c" differs from "a","bc").
func associated(fields ...string) []byte {
	var b []byte
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// DataKey returns the account's data key, for the device to keep so that it
// does not ask for the passphrase at every start.
func (k *Keyring) DataKey() []byte { return append([]byte(nil), k.dataKey...) }

// KeyringFromDataKey rebuilds a keyring from a data key the device kept.
func KeyringFromDataKey(user string, dataKey []byte) (*Keyring, error) {
	if len(dataKey) != chacha20poly1305.KeySize {
		return nil, errors.New("the saved sync key is damaged: turn sync off and on again on this device")
	}
	return keyringFrom(user, append([]byte(nil), dataKey...))
}
