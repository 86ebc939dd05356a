package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth/oidctest"
)

// TestServedHubHasOIDC: `hub serve` with HUB_OIDC_* offers the school
// button (with HUB_OIDC_NAME) and sends the browser to the provider found
// by discovery, with HUB_BASE_URL + /aanmelden/oidc/terug to come back to.
func TestServedHubHasOIDC(t *testing.T) {
	idp := oidctest.Start(t)
	h := serveHub(t, map[string]string{
		"HUB_OIDC_ISSUER": idp.URL, "HUB_OIDC_CLIENT_ID": idp.ClientID, "HUB_OIDC_CLIENT_SECRET": idp.ClientSecret,
		"HUB_OIDC_NAME": "Aanmelden met Smartschool", "HUB_BASE_URL": "https://hub.test",
	}, nil)
	public, _ := h.addrs(t)
	h.waitReady(t)
	if status, _, body := get(t, public+"/aanmelden"); status != 200 || !strings.Contains(body, `href="/aanmelden/oidc">Aanmelden met Smartschool</a>`) {
		t.Fatalf("/aanmelden: %d, no school button:\n%s", status, body)
	}
	nf := &http.Client{Timeout: client.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nf.Get(public + "/aanmelden/oidc")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	to, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(to.String(), idp.URL+"/authorize?") ||
		to.Query().Get("redirect_uri") != "https://hub.test/aanmelden/oidc/terug" || to.Query().Get("client_id") != idp.ClientID {
		t.Fatalf("start: %d → %s", resp.StatusCode, to)
	}
}
