package config

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
)

// RateLimit is a token bucket per client: Burst requests at once, then
// PerSecond on average. PerSecond 0 means no limit.
type RateLimit struct {
	PerSecond float64
	Burst     int
}

// RateLimits are the per-client limits on the expensive endpoints. The
// defaults leave a person (and a class behind one school address) far
// below them, and stop one client from taking a 2-core hub's search
// capacity (about 550 searches/s on 100 000 materials, see BENCHMARKS.md).
type RateLimits struct {
	// Search covers /zoeken and /api/v1 (one bucket per client for both):
	// HUB_RATE_LIMIT_SEARCH, default 20/s; HUB_RATE_LIMIT_SEARCH_BURST, default 40.
	Search RateLimit
	// Files covers attachments, /materialen/*/bestanden/* (a page with many
	// images asks for them all at once): HUB_RATE_LIMIT_FILES, default
	// 50/s; HUB_RATE_LIMIT_FILES_BURST, default 100.
	Files RateLimit
}

// rateLimitsFromEnv reads HUB_RATE_LIMIT_{SEARCH,FILES}[_BURST].
func rateLimitsFromEnv(get func(key, def string) string) (RateLimits, error) {
	var rl RateLimits
	var err error
	if rl.Search, err = parseRateLimit(get, "HUB_RATE_LIMIT_SEARCH", "20/s"); err != nil {
		return rl, err
	}
	if rl.Files, err = parseRateLimit(get, "HUB_RATE_LIMIT_FILES", "50/s"); err != nil {
		return rl, err
	}
	return rl, nil
}

// parseRateLimit reads "20/s", "600/m", "3600/h" or a bare "20" (per
// second); "0", "off" or "uit" switch the limit off. The burst (KEY_BURST)
// defaults to two seconds' worth: room for a page that asks for many
// files at once, or a teacher typing fast.
func parseRateLimit(get func(key, def string) string, key, defRate string) (RateLimit, error) {
	raw := get(key, defRate)
	v := strings.ToLower(strings.TrimSpace(raw))
	switch v {
	case "0", "off", "uit":
		return RateLimit{}, nil
	}
	num, unit, _ := strings.Cut(v, "/")
	perUnit := 1.0
	switch strings.TrimSpace(unit) {
	case "", "s":
	case "m":
		perUnit = 60
	case "h":
		perUnit = 3600
	default:
		return RateLimit{}, fmt.Errorf("%s: %q is geen geldige limiet; de eenheid moet /s, /m of /h zijn (bv. 20/s of 600/m)", key, raw)
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
		return RateLimit{}, fmt.Errorf("%s: %q is geen geldige limiet; schrijf een aantal verzoeken per seconde, minuut of uur (bv. 20/s of 600/m), of off om de limiet uit te zetten", key, raw)
	}
	if n == 0 {
		return RateLimit{}, nil
	}
	rl := RateLimit{PerSecond: n / perUnit}
	burstKey := key + "_BURST"
	if b := get(burstKey, ""); b != "" {
		if rl.Burst, err = strconv.Atoi(b); err != nil || rl.Burst < 1 {
			return RateLimit{}, fmt.Errorf("%s: %q is geen geldige piek; geef een geheel getal van minstens 1 (bv. 40): zoveel verzoeken mag een bezoeker na elkaar doen voor de limiet per seconde telt", burstKey, b)
		}
	} else {
		rl.Burst = max(1, int(math.Ceil(2*rl.PerSecond)))
	}
	return rl, nil
}

// parseTrustedProxies reads HUB_TRUSTED_PROXIES: addresses and CIDR ranges,
// separated by commas or spaces. Only a request whose direct peer is in
// this list may name the client in X-Forwarded-For.
func parseTrustedProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, netip.PrefixFrom(p.Addr().Unmap(), unmappedBits(p)).Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("HUB_TRUSTED_PROXIES: %q is geen geldig IP-adres of CIDR-bereik; schrijf bv. 10.0.0.0/8, 192.168.1.10 of fd00::/8, gescheiden door komma's", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// unmappedBits keeps a "::ffff:10.0.0.0/104" range meaningful once its
// address is written as IPv4.
func unmappedBits(p netip.Prefix) int {
	if p.Addr().Is4In6() {
		return max(0, p.Bits()-96)
	}
	return p.Bits()
}
