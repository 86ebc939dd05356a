package config

import (
	"fmt"
	"net/url"
	"unicode/utf8"
)

// OIDC is the school's OpenID Connect provider. Without an issuer the
// hub offers no sign-in through it (the default).
type OIDC struct {
	Issuer       string // HUB_OIDC_ISSUER: exactly the provider's "iss"
	ClientID     string // HUB_OIDC_CLIENT_ID
	ClientSecret string // HUB_OIDC_CLIENT_SECRET
	Name         string // HUB_OIDC_NAME: the button's label, default "Aanmelden met je school"
}

// oidcFromEnv reads HUB_OIDC_*.
func oidcFromEnv(c *Config, get func(key, def string) string) error {
	o := OIDC{Issuer: get("HUB_OIDC_ISSUER", ""), ClientID: get("HUB_OIDC_CLIENT_ID", ""),
		ClientSecret: get("HUB_OIDC_CLIENT_SECRET", ""), Name: get("HUB_OIDC_NAME", "Aanmelden met je school")}
	if o.Issuer == "" {
		if o.ClientID != "" || o.ClientSecret != "" {
			return fmt.Errorf("HUB_OIDC_ISSUER: leeg, maar HUB_OIDC_CLIENT_ID of _SECRET is ingevuld; vul het adres van de aanmeldserver in (bv. https://login.school.be/realms/leraren), of maak ook de andere HUB_OIDC_-variabelen leeg")
		}
		return nil
	}
	u, err := url.Parse(o.Issuer)
	local := err == nil && (u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1" || u.Hostname() == "::1")
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || !(u.Scheme == "https" || u.Scheme == "http" && local) {
		return fmt.Errorf("HUB_OIDC_ISSUER: %q is geen geldig adres van een aanmeldserver; schrijf het volledige https-adres zonder ? of #, precies zoals de server het als \"issuer\" noemt (bv. https://login.school.be/realms/leraren); http mag alleen voor localhost", o.Issuer)
	}
	if o.ClientID == "" {
		return fmt.Errorf("HUB_OIDC_CLIENT_ID: leeg; vul de client-id in die de beheerder van de aanmeldserver voor de hub registreerde")
	}
	if o.ClientSecret == "" {
		return fmt.Errorf("HUB_OIDC_CLIENT_SECRET: leeg; vul het clientgeheim in dat bij HUB_OIDC_CLIENT_ID hoort")
	}
	if n := utf8.RuneCountInString(o.Name); n > 80 {
		return fmt.Errorf("HUB_OIDC_NAME: %d tekens; een knoptekst van hoogstens 80 tekens, bv. \"Aanmelden met je school\"", n)
	}
	c.OIDC = o
	return nil
}
