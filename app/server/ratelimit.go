package server

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/remoteml/sundown/app/protocol"
	"golang.org/x/time/rate"
)

// limiters keeps one token bucket per key (an IP, a device), forgetting
// keys unused for a while so the map does not grow without end.
type limiters struct {
	every rate.Limit
	burst int

	mu     sync.Mutex
	byKey  map[string]*entry
	lastGC time.Time

	refused func() // counts a 429 (metrics)
}

type entry struct {
	limiter *rate.Limiter
	seen    time.Time
}

func newLimiters(perSecond float64, burst int, refused func()) *limiters {
	return &limiters{every: rate.Limit(perSecond), burst: burst, byKey: map[string]*entry{}, refused: refused}
}

// entryFor returns key's bucket, making it when new, and forgets buckets
// unused for ten minutes.
func (l *limiters) entryFor(key string, now time.Time) *entry {
	e, ok := l.byKey[key]
	if !ok {
		e = &entry{limiter: rate.NewLimiter(l.every, l.burst)}
		l.byKey[key] = e
	}
	e.seen = now
	if now.Sub(l.lastGC) > time.Minute {
		for k, old := range l.byKey {
			if now.Sub(old.seen) > 10*time.Minute {
				delete(l.byKey, k)
			}
		}
		l.lastGC = now
	}
	return e
}

// allow takes a token for key, or answers 429 with Retry-After and returns false.
func (l *limiters) allow(w http.ResponseWriter, key string) bool {
	now := time.Now()
	l.mu.Lock()
	r := l.entryFor(key, now).limiter.ReserveN(now, 1)
	l.mu.Unlock()
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		l.tooMany(w, delay)
		return false
	}
	return true
}

// exhausted answers 429 and returns true when key has no token left,
// without taking one: the caller takes one (take) only for what counts.
func (l *limiters) exhausted(w http.ResponseWriter, key string) bool {
	now := time.Now()
	l.mu.Lock()
	lim := l.entryFor(key, now).limiter
	tokens := lim.TokensAt(now)
	l.mu.Unlock()
	if tokens >= 1 {
		return false
	}
	l.tooMany(w, time.Duration((1-tokens)/float64(l.every)*float64(time.Second)))
	return true
}

// take spends one of key's tokens, going into debt if need be.
func (l *limiters) take(key string) {
	now := time.Now()
	l.mu.Lock()
	l.entryFor(key, now).limiter.ReserveN(now, 1)
	l.mu.Unlock()
}

func (l *limiters) tooMany(w http.ResponseWriter, delay time.Duration) {
	l.refused()
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(delay.Seconds())))))
	writeError(w, http.StatusTooManyRequests, protocol.CodeRateLimited, "too many requests: wait as Retry-After says, then try again")
}
