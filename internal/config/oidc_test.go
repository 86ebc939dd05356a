package config

import (
	"strings"
	"testing"
)

// TestOIDCSettings: OpenID Connect is off without an issuer; with one the
// client id and secret are required, the issuer must be an https URL
// (http only on this machine), and every error names its variable.
func TestOIDCSettings(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || c.OIDC != (OIDC{}) {
		t.Fatalf("default: %+v, %v", c.OIDC, err)
	}
	full := map[string]string{"HUB_OIDC_ISSUER": "https://login.school.be/realms/leraren/", "HUB_OIDC_CLIENT_ID": "kennishub",
		"HUB_OIDC_CLIENT_SECRET": "geheim"}
	c, err = FromEnv(env(full))
	if err != nil {
		t.Fatal(err)
	}
	// The issuer is kept exactly as written: it must equal the tokens' iss.
	if c.OIDC != (OIDC{Issuer: "https://login.school.be/realms/leraren/", ClientID: "kennishub", ClientSecret: "geheim", Name: "Aanmelden met je school"}) {
		t.Fatalf("full: %+v", c.OIDC)
	}
	full["HUB_OIDC_NAME"] = "Aanmelden met Smartschool"
	if c, _ := FromEnv(env(full)); c.OIDC.Name != "Aanmelden met Smartschool" {
		t.Fatalf("name: %q", c.OIDC.Name)
	}
	if c, err := FromEnv(env(map[string]string{"HUB_OIDC_ISSUER": "http://127.0.0.1:5556/dex", "HUB_OIDC_CLIENT_ID": "a", "HUB_OIDC_CLIENT_SECRET": "b"})); err != nil || c.OIDC.Issuer == "" {
		t.Fatalf("local http issuer refused: %v", err)
	}
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"HUB_OIDC_ISSUER": "https://login.school.be"}, "HUB_OIDC_CLIENT_ID"},
		{map[string]string{"HUB_OIDC_ISSUER": "https://login.school.be", "HUB_OIDC_CLIENT_ID": "a"}, "HUB_OIDC_CLIENT_SECRET"},
		{map[string]string{"HUB_OIDC_ISSUER": "http://login.school.be", "HUB_OIDC_CLIENT_ID": "a", "HUB_OIDC_CLIENT_SECRET": "b"}, "HUB_OIDC_ISSUER"},
		{map[string]string{"HUB_OIDC_ISSUER": "login.school.be", "HUB_OIDC_CLIENT_ID": "a", "HUB_OIDC_CLIENT_SECRET": "b"}, "HUB_OIDC_ISSUER"},
		{map[string]string{"HUB_OIDC_ISSUER": "https://login.school.be?x=1", "HUB_OIDC_CLIENT_ID": "a", "HUB_OIDC_CLIENT_SECRET": "b"}, "HUB_OIDC_ISSUER"},
		{map[string]string{"HUB_OIDC_CLIENT_ID": "a"}, "HUB_OIDC_ISSUER"},
		{map[string]string{"HUB_OIDC_ISSUER": "https://login.school.be", "HUB_OIDC_CLIENT_ID": "a", "HUB_OIDC_CLIENT_SECRET": "b", "HUB_OIDC_NAME": strings.Repeat("x", 81)}, "HUB_OIDC_NAME"},
	} {
		_, err := FromEnv(env(tc.env))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want+":") {
			t.Errorf("%v: %v, want an error naming %s", tc.env, err, tc.want)
		}
	}
}
