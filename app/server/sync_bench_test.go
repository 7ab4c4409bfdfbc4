//go:build !(js && wasm)

package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/remoteml/sundown/app/protocol"
)

// fill gives the user n records, pushed in full batches as a device would.
func fill(b *testing.B, s *syncServer, token string, n int) {
	b.Helper()
	mid := int64(0)
	for done := 0; done < n; {
		var muts []protocol.Mutation
		for ; len(muts) < protocol.MaxMutations && done < n; done++ {
			mid++
			muts = append(muts, put(mid, fmt.Sprintf("record-%d", done), 0, "ciphertext of a typical day, some hundreds of bytes long"))
		}
		if status := s.call("POST", "/api/push", token, pushBody(muts...), nil); status != 200 {
			b.Fatalf("filling: %d", status)
		}
	}
}

var unlimited = RateLimits{PairPerSecond: 1e9, PairBurst: 1e9, APIPerSecond: 1e9, APIBurst: 1e9}

// BenchmarkDeltaPull pulls a one-record delta with no history and with ten
// years of it (≈ 50,000 records). Budget: at most 2 × the empty case.
func BenchmarkDeltaPull(b *testing.B) {
	for _, records := range []int{0, 50_000} {
		b.Run(fmt.Sprintf("records=%d", records), func(b *testing.B) {
			s := newSyncServer(b, unlimited)
			token := s.pair("ana")
			fill(b, s, token, records)
			s.call("POST", "/api/push", token, pushBody(put(int64(records)+1, "new", 0, "the change")), nil)
			since := int64(records)
			b.ResetTimer()
			for b.Loop() {
				_, page, err := s.db.Pull(context.Background(), HashSecret(token), since, protocol.DefaultPullLimit)
				if err != nil || len(page.Records) != 1 {
					b.Fatalf("%v, %d records", err, len(page.Records))
				}
			}
		})
	}
}
