package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// fakeClock is a clock the test moves by hand, so refills are exact.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestLimiterBurstRefillAndRetryAfter(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	l := newLimiter(RateLimit{PerSecond: 2, Burst: 3}, 100, clock.now)
	a, b := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	for i := range 3 {
		if ok, _ := l.take(a); !ok {
			t.Fatalf("verzoek %d binnen de piek geweigerd", i+1)
		}
	}
	ok, wait := l.take(a)
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("4de verzoek: toegelaten=%v, wachten %s; verwacht geweigerd met 500ms", ok, wait)
	}
	if ok, _ := l.take(b); !ok {
		t.Fatal("een andere bezoeker werd mee geremd")
	}
	clock.advance(500 * time.Millisecond)
	if ok, _ := l.take(a); !ok {
		t.Fatal("na 500ms bij 2/s hoort er weer één verzoek bij te komen")
	}
	if ok, _ := l.take(a); ok {
		t.Fatal("maar niet twee")
	}
	// A refused request costs nothing: after a long pause the bucket is
	// full again, never fuller than the burst.
	clock.advance(time.Hour)
	for i := range 3 {
		if ok, _ := l.take(a); !ok {
			t.Fatalf("na een pauze: verzoek %d geweigerd", i+1)
		}
	}
	if ok, _ := l.take(a); ok {
		t.Fatal("de emmer liep over de piek heen")
	}
}

func TestLimiterOffWhenZero(t *testing.T) {
	if l := newLimiter(RateLimit{}, 100, time.Now); l != nil {
		t.Fatal("een limiet van 0 hoort geen limiter te geven")
	}
}

// TestLimiterMemoryStaysBounded: a flood of distinct addresses never grows
// the table past its cap, and idle clients are forgotten.
func TestLimiterMemoryStaysBounded(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	l := newLimiter(RateLimit{PerSecond: 10, Burst: 20}, 100, clock.now)
	for i := range 10_000 {
		a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		if ok, _ := l.take(a); !ok {
			t.Fatalf("nieuwe bezoeker %s geweigerd", a)
		}
		if n := l.tracked(); n > 100 {
			t.Fatalf("%d bezoekers bijgehouden, grens is 100", n)
		}
	}
	// Two seconds at 10/s fill every bucket again: such a client is no
	// different from a new one, so it is dropped at the next sweep.
	clock.advance(2*time.Second + sweepEvery)
	l.take(netip.MustParseAddr("192.0.2.9"))
	if n := l.tracked(); n != 1 {
		t.Fatalf("na de pauze nog %d bezoekers bijgehouden, verwacht 1", n)
	}
}

func TestClientKeyGroupsIPv6Per64(t *testing.T) {
	same := clientKey(netip.MustParseAddr("2001:db8:1:2::1")) == clientKey(netip.MustParseAddr("2001:db8:1:2:ffff::9"))
	other := clientKey(netip.MustParseAddr("2001:db8:1:2::1")) == clientKey(netip.MustParseAddr("2001:db8:1:3::1"))
	v4 := clientKey(netip.MustParseAddr("192.0.2.1")) == clientKey(netip.MustParseAddr("192.0.2.2"))
	if !same || other || v4 {
		t.Errorf("zelfde /64: %v (verwacht true), ander /64: %v, andere IPv4: %v (verwacht false)", same, other, v4)
	}
	if clientKey(netip.MustParseAddr("::ffff:192.0.2.1")) != clientKey(netip.MustParseAddr("192.0.2.1")) {
		t.Error("een IPv4-adres in IPv6-vorm is dezelfde bezoeker")
	}
}

// TestClientAddr: X-Forwarded-For counts only when the direct peer is a
// trusted proxy, and then the right-most address that is not a trusted
// proxy is the client (everything left of it, the client may have forged).
// app.Test connects from 0.0.0.0.
func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32"), netip.MustParsePrefix("10.0.0.0/8")}
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		xff     []string
		want    string
	}{
		{"geen proxy's ingesteld: de kop telt niet", nil, []string{"203.0.113.7"}, "0.0.0.0"},
		{"peer niet vertrouwd: de kop telt niet", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, []string{"203.0.113.7"}, "0.0.0.0"},
		{"vertrouwde proxy zonder kop", proxies, nil, "0.0.0.0"},
		{"vertrouwde proxy", proxies, []string{"203.0.113.7"}, "203.0.113.7"},
		{"vervalst links, echt rechts", proxies, []string{"198.51.100.1, 203.0.113.7"}, "203.0.113.7"},
		{"keten van vertrouwde proxy's", proxies, []string{"198.51.100.1, 203.0.113.7, 10.1.2.3 , 10.0.0.1"}, "203.0.113.7"},
		{"meerdere koppen", proxies, []string{"198.51.100.1", "203.0.113.7, 10.0.0.1"}, "203.0.113.7"},
		{"met poort", proxies, []string{"203.0.113.7:4711"}, "203.0.113.7"},
		{"IPv6 met poort", proxies, []string{"[2001:db8::7]:4711"}, "2001:db8::7"},
		{"IPv4 in IPv6-vorm", proxies, []string{"::ffff:203.0.113.7"}, "203.0.113.7"},
		{"onleesbaar: de proxy die het doorgaf", proxies, []string{"203.0.113.7, onzin, 10.0.0.1"}, "10.0.0.1"},
		{"alles vertrouwd: de linkse", proxies, []string{"10.0.0.9, 10.0.0.1"}, "10.0.0.9"},
	} {
		app := fiber.New()
		var got netip.Addr
		app.Get("/", func(c *fiber.Ctx) error { got = clientAddr(c, tc.trusted); return nil })
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		for _, v := range tc.xff {
			req.Header.Add("X-Forwarded-For", v)
		}
		if _, err := app.Test(req, -1); err != nil {
			t.Fatal(err)
		}
		if got.String() != tc.want {
			t.Errorf("%s: %s, verwacht %s", tc.name, got, tc.want)
		}
	}
}

// BenchmarkLimiterTake is the cost the limit adds to each limited request,
// with 10 000 distinct clients spread over parallel goroutines.
func BenchmarkLimiterTake(b *testing.B) {
	l := newLimiter(RateLimit{PerSecond: 1e9, Burst: 1 << 30}, 0, nil)
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			l.take(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8 % 40), byte(i)}))
		}
	})
}
