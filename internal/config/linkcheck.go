package config

import (
	"fmt"
	"time"
)

// linkCheckFromEnv reads HUB_LINKCHECK_INTERVAL: how often the link
// checker (internal/linkcheck) checks the next slice of the catalogue's
// external links and attachments; 0 turns it off. Default 1h: with 200
// links a run, 5 000 materials of a few links each are seen about twice a
// week, and no site gets more than one request a second from the hub.
func linkCheckFromEnv(c *Config, get func(key, def string) string) error {
	v := get("HUB_LINKCHECK_INTERVAL", "1h")
	d, err := time.ParseDuration(v)
	if v == "0" {
		d, err = 0, nil
	}
	if err != nil || d < 0 || (d > 0 && d < time.Minute) {
		return fmt.Errorf("HUB_LINKCHECK_INTERVAL: %q is geen geldige duur; schrijf bv. 1h of 30m (minstens 1m), of 0 om de linkcontrole uit te zetten", v)
	}
	c.LinkCheckInterval = d
	return nil
}
