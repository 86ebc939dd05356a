package config

import (
	"strings"
	"testing"
)

// TestAdminToken: off by default; read trimmed; a short token is refused
// at start, naming the variable, without showing it.
func TestAdminToken(t *testing.T) {
	if c, err := FromEnv(env(nil)); err != nil || c.AdminToken != "" {
		t.Fatalf("default: %q, %v; want empty (admin routes off)", c.AdminToken, err)
	}
	c, err := FromEnv(env(map[string]string{"HUB_ADMIN_TOKEN": " een-lange-beheersleutel-42 "}))
	if err != nil || c.AdminToken != "een-lange-beheersleutel-42" {
		t.Fatalf("token: %q, %v", c.AdminToken, err)
	}
	_, err = FromEnv(env(map[string]string{"HUB_ADMIN_TOKEN": "kort-1234"}))
	if err == nil || !strings.Contains(err.Error(), "HUB_ADMIN_TOKEN") || strings.Contains(err.Error(), "kort-1234") {
		t.Fatalf("short token: %v; want an error naming HUB_ADMIN_TOKEN, not showing the token", err)
	}
}
