package web

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Rate limiting: a token bucket per client on the endpoints that cost the
// hub real work (search, the API, attachments). A client may send Burst
// requests at once and PerSecond on average after that; beyond it the
// answer is 429 with Retry-After, as JSON under /api and a Dutch page
// elsewhere.
//
// The buckets live in this process. With several instances behind a load
// balancer each counts its own clients, so a client may reach up to
// instances × the limit; that is acceptable for its purpose (one client
// cannot take a whole instance), and it needs no shared store.

// RateLimit is a token bucket per client. The zero value is no limit.
type RateLimit struct {
	PerSecond float64
	Burst     int
}

// defaultMaxClients bounds how many clients one limiter remembers. A
// client costs about 125 bytes with the map's overhead (measured), so a
// full table is about 6 MiB, even under a flood of distinct addresses.
const defaultMaxClients = 50_000

// sweepEvery is how often idle clients are forgotten.
const sweepEvery = time.Minute

// limiter holds one bucket per client. Safe for concurrent use.
type limiter struct {
	rate  float64 // tokens per second
	burst float64
	max   int
	now   func() time.Time
	start time.Time // bucket times are nanoseconds since start (monotonic)

	mu        sync.Mutex
	clients   map[netip.Addr]bucket
	lastSweep int64
}

type bucket struct {
	tokens float64
	at     int64 // when tokens was last brought up to date
}

// newLimiter returns nil for a zero rate: no limit, no middleware.
func newLimiter(rl RateLimit, maxClients int, now func() time.Time) *limiter {
	if rl.PerSecond <= 0 {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	if maxClients <= 0 {
		maxClients = defaultMaxClients
	}
	start := now()
	return &limiter{rate: rl.PerSecond, burst: math.Max(1, float64(rl.Burst)), max: maxClients,
		now: now, start: start, clients: make(map[netip.Addr]bucket)}
}

// take spends one token of client's bucket. When none is left it says how
// long until the next one.
func (l *limiter) take(client netip.Addr) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := int64(l.now().Sub(l.start))
	if t-l.lastSweep >= int64(sweepEvery) {
		l.sweep(t)
	}
	b, known := l.clients[client]
	if known {
		b.tokens = l.refill(b, t)
	} else {
		l.makeRoom(t)
		b.tokens = l.burst
	}
	b.at = t
	if b.tokens >= 1 {
		b.tokens--
		l.clients[client] = b
		return true, 0
	}
	l.clients[client] = b
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

func (l *limiter) refill(b bucket, t int64) float64 {
	return math.Min(l.burst, b.tokens+float64(t-b.at)/float64(time.Second)*l.rate)
}

// sweep forgets clients whose bucket is full again: they are no different
// from a client never seen.
func (l *limiter) sweep(t int64) {
	l.lastSweep = t
	for k, b := range l.clients {
		if l.refill(b, t) >= l.burst {
			delete(l.clients, k)
		}
	}
}

// makeRoom keeps the table under its cap. When sweeping idle clients is not
// enough (a flood of distinct addresses), arbitrary clients are forgotten:
// they get a fresh bucket, which loosens the limit for them, but memory
// stays bounded and no newcomer is refused for lack of room.
func (l *limiter) makeRoom(t int64) {
	if len(l.clients) < l.max {
		return
	}
	if t-l.lastSweep >= int64(time.Second) { // at most once a second: a sweep reads the whole table
		l.sweep(t)
	}
	for k := range l.clients {
		if len(l.clients) < l.max {
			break
		}
		delete(l.clients, k)
	}
}

// tracked is the number of clients remembered (tests).
func (l *limiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// clientKey is what one bucket belongs to: an IPv4 address, or the /64 an
// IPv6 address lies in (one home or one server usually holds a whole /64
// and can pick any address in it).
func clientKey(a netip.Addr) netip.Addr {
	a = a.Unmap().WithZone("")
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.Addr()
	}
	return a
}

// clientAddr is the address of the client that sent the request. The TCP
// peer, unless the peer is one of the trusted proxies: then the right-most
// address in X-Forwarded-For that is not itself a trusted proxy. Each proxy
// appends the address it saw, so everything left of that one may have been
// written by the client itself and is never believed.
func clientAddr(c *fiber.Ctx, trusted []netip.Prefix) netip.Addr {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	peer = peer.Unmap()
	if !inPrefixes(trusted, peer) {
		return peer
	}
	client := peer
	headers := c.Request().Header.PeekAll(fiber.HeaderXForwardedFor)
	for i := len(headers) - 1; i >= 0; i-- {
		hops := strings.Split(string(headers[i]), ",")
		for j := len(hops) - 1; j >= 0; j-- {
			a, ok := parseHop(hops[j])
			if !ok {
				// Unreadable: the proxy that passed it on is the last
				// address we can vouch for.
				return client
			}
			if !inPrefixes(trusted, a) {
				return a
			}
			client = a
		}
	}
	return client
}

// parseHop reads one X-Forwarded-For entry: an address, with or without
// a port ("203.0.113.7", "203.0.113.7:4711", "[2001:db8::7]:4711").
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}

func inPrefixes(ps []netip.Prefix, a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// rateLimitedError is a refused request; the error handler turns it into
// the 429 answer.
type rateLimitedError struct{ retryAfter int } // whole seconds, ≥ 1

func (e *rateLimitedError) Error() string {
	return fmt.Sprintf("te veel verzoeken; opnieuw na %d s", e.retryAfter)
}

func (e *rateLimitedError) problem() problem {
	wait := "1 seconde"
	if e.retryAfter != 1 {
		wait = strconv.Itoa(e.retryAfter) + " seconden"
	}
	if e.retryAfter >= 120 {
		wait = strconv.Itoa((e.retryAfter+59)/60) + " minuten"
	}
	return problem{Status: fiber.StatusTooManyRequests, Code: "rate_limited", Title: "Even geduld",
		Message: "Je stuurde in korte tijd te veel verzoeken naar de hub. Wacht " + wait + " en probeer het dan opnieuw."}
}

// limit returns the middleware for one limiter; nil (no limit) passes all.
func (s *server) limit(l *limiter) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if l == nil {
			return c.Next()
		}
		ok, wait := l.take(clientKey(clientAddr(c, s.cfg.TrustedProxies)))
		if ok {
			return c.Next()
		}
		secs := max(1, int(math.Ceil(wait.Seconds())))
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
		return &rateLimitedError{retryAfter: secs}
	}
}
