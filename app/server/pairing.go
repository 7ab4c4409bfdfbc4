package server

import (
	"crypto/rand"
	"strings"
)

// codeAlphabet leaves out 0, 1, I and O, which people misread.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewPairingCode makes a one-time code to type on a new device, like
// "K7QF-2M9D-XW4P": 60 random bits, enough for a code that works once and
// expires within a day, behind a rate limit.
func NewPairingCode() string {
	b := make([]byte, 12)
	rand.Read(b)
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return sb.String()
}
