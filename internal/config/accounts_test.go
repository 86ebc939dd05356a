package config

import (
	"strings"
	"testing"
	"time"
)

// TestAccountSettings: SMTP and session lifetimes from the environment,
// with the defaults and Dutch errors that name the variable.
func TestAccountSettings(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTP.Host != "" || c.SessionIdle != 24*time.Hour || c.SessionMax != 7*24*time.Hour {
		t.Fatalf("defaults: SMTP %+v, idle %v, max %v", c.SMTP, c.SessionIdle, c.SessionMax)
	}
	c, err = FromEnv(env(map[string]string{
		"HUB_SMTP_HOST": "smtp.school.be", "HUB_SMTP_PORT": "465", "HUB_SMTP_USERNAME": "hub", "HUB_SMTP_PASSWORD": "geheim",
		"HUB_SMTP_FROM": "STEM Kennishub <noreply@school.be>", "HUB_SESSION_IDLE": "2h", "HUB_SESSION_MAX": "720h",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTP != (SMTP{Host: "smtp.school.be", Port: 465, Username: "hub", Password: "geheim", From: "STEM Kennishub <noreply@school.be>", RequireTLS: true}) ||
		c.SessionIdle != 2*time.Hour || c.SessionMax != 720*time.Hour {
		t.Fatalf("overrides: %+v %v %v", c.SMTP, c.SessionIdle, c.SessionMax)
	}
	if c, _ := FromEnv(env(map[string]string{"HUB_SMTP_HOST": "localhost"})); c.SMTP.Port != 587 || c.SMTP.RequireTLS || !strings.Contains(c.SMTP.From, "localhost") {
		t.Errorf("a relay on localhost: %+v", c.SMTP)
	}
	for _, tc := range []struct{ key, value, want string }{
		{"HUB_SMTP_PORT", "zeshonderd", "HUB_SMTP_PORT"},
		{"HUB_SMTP_FROM", "geen adres", "HUB_SMTP_FROM"},
		{"HUB_SESSION_IDLE", "lang", "HUB_SESSION_IDLE"},
		{"HUB_SESSION_MAX", "1h", "HUB_SESSION_MAX"}, // shorter than the idle time
		{"HUB_SMTP_TLS", "misschien", "HUB_SMTP_TLS"},
	} {
		_, err := FromEnv(env(map[string]string{"HUB_SMTP_HOST": "smtp.school.be", tc.key: tc.value}))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%s: %v", tc.key, tc.value, err)
		}
	}
}
