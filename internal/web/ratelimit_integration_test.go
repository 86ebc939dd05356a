package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/web"
)

// limitedHub serves the real hub behind a real TCP listener with the given
// web configuration; requests can then come from different loopback
// addresses (127.0.0.1, 127.0.0.2, …), which app.Test cannot do.
func limitedHub(t *testing.T, cfg web.Config) string {
	t.Helper()
	realApp(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = testBaseURL
	srv := web.New(cfg, real.hub.Hub, real.log)
	go func() { _ = srv.Listener(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	return ln.Addr().String()
}

// getFrom sends GET target to addr from the local address from; extra
// arguments are header name/value pairs.
func getFrom(t *testing.T, addr, from, target string, headers ...string) reply {
	t.Helper()
	dialer := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	client := &http.Client{Timeout: requestDeadline, Transport: &http.Transport{
		DisableKeepAlives:  true,
		DisableCompression: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
	}}
	req, err := http.NewRequest(http.MethodGet, "http://hub.test"+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s vanaf %s: %v", target, from, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return reply{Status: res.StatusCode, Header: res.Header, Body: string(body)}
}

// twoPerHour leaves a client two requests, then refuses for a long time:
// no refill can happen while a test runs, however slow the machine.
var twoPerHour = web.RateLimit{PerSecond: 2.0 / 3600, Burst: 2}

func TestRealRateLimitAnswers429(t *testing.T) {
	addr := limitedHub(t, web.Config{SearchLimit: twoPerHour, FilesLimit: twoPerHour})
	const me, other = "127.0.0.1", "127.0.0.2"

	// /zoeken and /api/v1 share one bucket per client.
	if r := getFrom(t, addr, me, "/api/v1/materials?q=windmolen"); r.Status != 200 {
		t.Fatalf("1ste verzoek: %d", r.Status)
	}
	if r := getFrom(t, addr, me, "/zoeken?q=windmolen"); r.Status != 200 {
		t.Fatalf("2de verzoek: %d", r.Status)
	}

	// The API answers in its JSON error shape.
	r := getFrom(t, addr, me, "/api/v1/materials?q=windmolen")
	if r.Status != 429 {
		t.Fatalf("3de verzoek: %d, verwacht 429", r.Status)
	}
	checkRetryAfter(t, r)
	var body struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || body.Error.Code != "rate_limited" {
		t.Fatalf("API-fout: %v %s", err, r.Body)
	}
	expectContains(t, "API-melding", body.Error.Message, "te veel verzoeken", "Wacht", "opnieuw")
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("API 429: Content-Type %q, Cache-Control %q", r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
	}

	// The search page answers with a Dutch page.
	r = getFrom(t, addr, me, "/zoeken?q=windmolen")
	if r.Status != 429 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("pagina: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	checkRetryAfter(t, r)
	expectContains(t, "429-pagina", r.Body, `lang="nl`, "Fout 429", "te veel verzoeken", "Wacht")
	if r.Header.Get("Content-Security-Policy") == "" {
		t.Error("429-pagina zonder beveiligingskoppen")
	}

	// Pages that cost little are not limited; files have their own bucket.
	for _, p := range []string{"/", "/materialen/windmolen-ontwerpen", "/materialen/windmolen-ontwerpen/bestanden/windmolen-schema.svg"} {
		if r := getFrom(t, addr, me, p); r.Status != 200 {
			t.Errorf("%s na de zoeklimiet: %d", p, r.Status)
		}
	}
	getFrom(t, addr, me, "/materialen/windmolen-ontwerpen/bestanden/windmolen-schema.svg")
	r = getFrom(t, addr, me, "/materialen/windmolen-ontwerpen/bestanden/windmolen-schema.svg")
	if r.Status != 429 {
		t.Errorf("3de bijlage: %d, verwacht 429", r.Status)
	}
	checkRetryAfter(t, r)

	// Another client is not affected.
	if r := getFrom(t, addr, other, "/api/v1/materials?q=windmolen"); r.Status != 200 {
		t.Errorf("andere bezoeker: %d", r.Status)
	}
	if r := getFrom(t, addr, other, "/materialen/windmolen-ontwerpen/bestanden/windmolen-schema.svg"); r.Status != 200 {
		t.Errorf("andere bezoeker, bijlage: %d", r.Status)
	}

	// Without trusted proxies, X-Forwarded-For cannot buy a fresh bucket.
	r = getFrom(t, addr, me, "/api/v1/materials?q=windmolen", "X-Forwarded-For", "198.51.100.77")
	if r.Status != 429 {
		t.Errorf("vervalste X-Forwarded-For van een niet-vertrouwde peer: %d, verwacht 429", r.Status)
	}
}

func TestRealRateLimitBehindTrustedProxy(t *testing.T) {
	const proxy, direct = "127.0.0.3", "127.0.0.4"
	addr := limitedHub(t, web.Config{SearchLimit: twoPerHour,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix(proxy + "/32")}})
	api := "/api/v1/materials?q=windmolen"
	xff := "X-Forwarded-For"

	// Through the proxy, each client has its own bucket.
	for i := range 2 {
		if r := getFrom(t, addr, proxy, api, xff, "203.0.113.7"); r.Status != 200 {
			t.Fatalf("klant A, verzoek %d: %d", i+1, r.Status)
		}
	}
	if r := getFrom(t, addr, proxy, api, xff, "203.0.113.7"); r.Status != 429 {
		t.Fatalf("klant A, 3de verzoek: %d, verwacht 429", r.Status)
	}
	if r := getFrom(t, addr, proxy, api, xff, "203.0.113.8"); r.Status != 200 {
		t.Errorf("klant B achter dezelfde proxy: %d", r.Status)
	}
	// Client A forging an address in front of its own: the proxy appends
	// the real one, and that is the one counted.
	if r := getFrom(t, addr, proxy, api, xff, "198.51.100.1, 203.0.113.7"); r.Status != 429 {
		t.Errorf("klant A met vervalst adres vooraan: %d, verwacht 429", r.Status)
	}
	// The proxy itself is not throttled on behalf of its clients…
	if r := getFrom(t, addr, proxy, api, xff, "203.0.113.9"); r.Status != 200 {
		t.Errorf("klant C: %d", r.Status)
	}
	// …and a peer that is not the proxy cannot use the header.
	for range 2 {
		getFrom(t, addr, direct, api, xff, "203.0.113.10")
	}
	if r := getFrom(t, addr, direct, api, xff, "203.0.113.11"); r.Status != 429 {
		t.Errorf("niet-vertrouwde peer met wisselende X-Forwarded-For: %d, verwacht 429", r.Status)
	}
}

func checkRetryAfter(t *testing.T, r reply) {
	t.Helper()
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 1 {
		t.Errorf("Retry-After %q: verwacht een aantal seconden ≥ 1", r.Header.Get("Retry-After"))
	}
}
