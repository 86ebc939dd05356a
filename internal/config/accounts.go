package config

import (
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// SMTP is the mail server for confirmation and reset links. Without a
// host the hub writes each mail to its log instead (the admin passes the
// link on), which is also what a laptop does.
type SMTP struct {
	Host     string // HUB_SMTP_HOST
	Port     int    // HUB_SMTP_PORT, default 587 (465: TLS from the start)
	Username string // HUB_SMTP_USERNAME; empty: no authentication
	Password string // HUB_SMTP_PASSWORD
	From     string // HUB_SMTP_FROM, default "STEM Kennishub <noreply@HOST>"
	// RequireTLS (HUB_SMTP_TLS, default true; false is allowed only to send
	// through a relay on the same machine) refuses to send without STARTTLS.
	RequireTLS bool
}

// accountsFromEnv reads HUB_SMTP_* and the session lifetimes.
func accountsFromEnv(c *Config, get func(key, def string) string) error {
	var err error
	if c.SessionIdle, err = positiveDuration("HUB_SESSION_IDLE", get("HUB_SESSION_IDLE", "24h")); err != nil {
		return err
	}
	if c.SessionMax, err = positiveDuration("HUB_SESSION_MAX", get("HUB_SESSION_MAX", "168h")); err != nil {
		return err
	}
	if c.SessionMax < c.SessionIdle {
		return fmt.Errorf("HUB_SESSION_MAX (%v) is korter dan HUB_SESSION_IDLE (%v); de absolute levensduur van een sessie moet minstens de inactiviteitsduur zijn", c.SessionMax, c.SessionIdle)
	}
	s := SMTP{Host: get("HUB_SMTP_HOST", ""), Username: get("HUB_SMTP_USERNAME", ""), Password: get("HUB_SMTP_PASSWORD", "")}
	if s.Host == "" {
		return nil
	}
	if s.Port, err = strconv.Atoi(get("HUB_SMTP_PORT", "587")); err != nil || s.Port < 1 || s.Port > 65535 {
		return fmt.Errorf("HUB_SMTP_PORT: %q is geen poortnummer; meestal 587 (STARTTLS) of 465 (TLS)", get("HUB_SMTP_PORT", ""))
	}
	local := s.Host == "localhost" || s.Host == "127.0.0.1" || s.Host == "::1"
	if s.RequireTLS, err = parseBool("HUB_SMTP_TLS", get("HUB_SMTP_TLS", strconv.FormatBool(!local))); err != nil {
		return err
	}
	s.From = get("HUB_SMTP_FROM", "STEM Kennishub <noreply@"+s.Host+">")
	if a, err := mail.ParseAddress(s.From); err != nil || !strings.Contains(a.Address, "@") {
		return fmt.Errorf("HUB_SMTP_FROM: %q is geen afzender; schrijf bv. \"STEM Kennishub <noreply@stemkennishub.be>\"", s.From)
	}
	c.SMTP = s
	return nil
}

func positiveDuration(key, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: %q is geen geldige duur; schrijf bv. 24h of 30m", key, v)
	}
	return d, nil
}
