package config

import (
	"net/netip"
	"strings"
	"testing"
)

func TestRateLimitDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := RateLimits{Search: RateLimit{PerSecond: 20, Burst: 40}, Files: RateLimit{PerSecond: 50, Burst: 100}}
	if c.RateLimits != want {
		t.Errorf("standaardlimieten %+v, verwacht %+v", c.RateLimits, want)
	}
	if len(c.TrustedProxies) != 0 {
		t.Errorf("standaard vertrouwde proxy's %v, verwacht geen", c.TrustedProxies)
	}
}

func TestRateLimitOverrides(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want RateLimits
	}{
		{map[string]string{"HUB_RATE_LIMIT_SEARCH": "5/s", "HUB_RATE_LIMIT_SEARCH_BURST": "7"},
			RateLimits{Search: RateLimit{5, 7}, Files: RateLimit{50, 100}}},
		// Without a burst the bucket holds two seconds' worth.
		{map[string]string{"HUB_RATE_LIMIT_SEARCH": "600/m", "HUB_RATE_LIMIT_FILES": "30"},
			RateLimits{Search: RateLimit{10, 20}, Files: RateLimit{30, 60}}},
		{map[string]string{"HUB_RATE_LIMIT_SEARCH": "3600/h"}, RateLimits{Search: RateLimit{1, 2}, Files: RateLimit{50, 100}}},
		{map[string]string{"HUB_RATE_LIMIT_SEARCH": " 0.5/S "}, RateLimits{Search: RateLimit{0.5, 1}, Files: RateLimit{50, 100}}},
		// 0, off and uit switch a limit off; a burst beside it is moot.
		{map[string]string{"HUB_RATE_LIMIT_SEARCH": "off", "HUB_RATE_LIMIT_SEARCH_BURST": "9", "HUB_RATE_LIMIT_FILES": "0"},
			RateLimits{}},
		{map[string]string{"HUB_RATE_LIMIT_SEARCH": "UIT", "HUB_RATE_LIMIT_FILES": "0/s"}, RateLimits{}},
	} {
		c, err := FromEnv(env(tc.env))
		if err != nil {
			t.Errorf("%v: %v", tc.env, err)
			continue
		}
		if c.RateLimits != tc.want {
			t.Errorf("%v: %+v, verwacht %+v", tc.env, c.RateLimits, tc.want)
		}
	}
}

func TestRateLimitErrorsAreDutchAndNameTheVariable(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		wants      []string
	}{
		{"HUB_RATE_LIMIT_SEARCH", "twintig", []string{"HUB_RATE_LIMIT_SEARCH", `"twintig"`, "geen geldige limiet", "20/s", "off"}},
		{"HUB_RATE_LIMIT_SEARCH", "20/d", []string{"HUB_RATE_LIMIT_SEARCH", `"20/d"`, "/s, /m of /h"}},
		{"HUB_RATE_LIMIT_FILES", "-5/s", []string{"HUB_RATE_LIMIT_FILES", `"-5/s"`}},
		{"HUB_RATE_LIMIT_FILES", "NaN", []string{"HUB_RATE_LIMIT_FILES", `"NaN"`}},
		{"HUB_RATE_LIMIT_FILES", "1e400/s", []string{"HUB_RATE_LIMIT_FILES"}},
		{"HUB_RATE_LIMIT_SEARCH_BURST", "veel", []string{"HUB_RATE_LIMIT_SEARCH_BURST", `"veel"`, "geheel getal", "minstens 1"}},
		{"HUB_RATE_LIMIT_FILES_BURST", "0", []string{"HUB_RATE_LIMIT_FILES_BURST", `"0"`, "minstens 1"}},
		{"HUB_RATE_LIMIT_FILES_BURST", "2.5", []string{"HUB_RATE_LIMIT_FILES_BURST", `"2.5"`}},
		{"HUB_TRUSTED_PROXIES", "10.0.0.0/33", []string{"HUB_TRUSTED_PROXIES", `"10.0.0.0/33"`, "geen geldig IP-adres of CIDR-bereik", "10.0.0.0/8"}},
		{"HUB_TRUSTED_PROXIES", "10.0.0.1, proxy.local", []string{"HUB_TRUSTED_PROXIES", `"proxy.local"`}},
	} {
		_, err := FromEnv(env(map[string]string{tc.key: tc.value}))
		if err == nil {
			t.Errorf("%s=%q: geen fout", tc.key, tc.value)
			continue
		}
		for _, w := range tc.wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s=%q: %q mist %q", tc.key, tc.value, err, w)
			}
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"HUB_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.10 fd00::/8,,::ffff:172.16.0.1"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.10/32"),
		netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("172.16.0.1/32"),
	}
	if len(c.TrustedProxies) != len(want) {
		t.Fatalf("%v, verwacht %v", c.TrustedProxies, want)
	}
	for i := range want {
		if c.TrustedProxies[i] != want[i] {
			t.Errorf("%d: %v, verwacht %v", i, c.TrustedProxies[i], want[i])
		}
	}
	// A host part in a CIDR is a typo worth keeping as its network.
	c, err = FromEnv(env(map[string]string{"HUB_TRUSTED_PROXIES": "10.1.2.3/8"}))
	if err != nil || len(c.TrustedProxies) != 1 || c.TrustedProxies[0] != netip.MustParsePrefix("10.0.0.0/8") {
		t.Errorf("10.1.2.3/8: %v %v", c.TrustedProxies, err)
	}
}
