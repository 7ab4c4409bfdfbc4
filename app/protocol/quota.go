package protocol

import "fmt"

// Quota bounds what one user may store on a server: records (days, the
// settings, the checklist, tombstones included) and bytes of ciphertext.
type Quota struct {
	Records int64
	Bytes   int64
}

// DefaultQuota is far above what one person writes in a lifetime (ten years
// of days are about 2,600 records of a few kilobytes), and still keeps one
// account from filling the server's disk.
var DefaultQuota = Quota{Records: 100_000, Bytes: 1 << 30}

// Usage is what a user stores.
type Usage struct{ Records, Bytes int64 }

// Check refuses a push that makes the user's usage grow past the quota;
// one that shrinks it always goes through, so an account over its quota can
// still delete. A zero Quota is DefaultQuota.
func (q Quota) Check(before, after Usage) error {
	if q == (Quota{}) {
		q = DefaultQuota
	}
	switch {
	case after.Records > q.Records && after.Records > before.Records:
		return &QuotaError{What: fmt.Sprintf("%d records, the quota is %d", after.Records, q.Records)}
	case after.Bytes > q.Bytes && after.Bytes > before.Bytes:
		return &QuotaError{What: fmt.Sprintf("%d MB, the quota is %d MB", after.Bytes>>20, q.Bytes>>20)}
	}
	return nil
}

// KeptResults is how many results of applied mutations a server keeps per
// device for idempotent retries. A device only ever retries its batch in
// flight, at most MaxMutations mutations, all among its latest mids.
const KeptResults = 2 * MaxMutations
