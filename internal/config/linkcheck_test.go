package config

import (
	"strings"
	"testing"
	"time"
)

func TestLinkCheckInterval(t *testing.T) {
	for v, want := range map[string]time.Duration{"": time.Hour, "0": 0, "30m": 30 * time.Minute, "6h": 6 * time.Hour} {
		vars := map[string]string{}
		if v != "" {
			vars["HUB_LINKCHECK_INTERVAL"] = v
		}
		c, err := FromEnv(env(vars))
		if err != nil || c.LinkCheckInterval != want {
			t.Errorf("%q: %v, %v; want %v", v, c.LinkCheckInterval, err, want)
		}
	}
	for _, bad := range []string{"vaak", "-1h", "5s"} {
		if _, err := FromEnv(env(map[string]string{"HUB_LINKCHECK_INTERVAL": bad})); err == nil || !strings.Contains(err.Error(), "HUB_LINKCHECK_INTERVAL") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}
