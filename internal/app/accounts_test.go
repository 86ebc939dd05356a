package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/mail/mailtest"
)

// TestServedHubHasAccounts: `hub serve` wires the account service to the
// database and HUB_SMTP_*: a sign-up over real HTTP sends its confirmation
// link over real SMTP, with HUB_BASE_URL as the link's origin.
func TestServedHubHasAccounts(t *testing.T) {
	smtp := mailtest.Start(t)
	h := serveHub(t, map[string]string{
		"HUB_SMTP_HOST": smtp.Host, "HUB_SMTP_PORT": strconv.Itoa(smtp.Port), "HUB_SMTP_TLS": "false",
		"HUB_SMTP_FROM": "STEM Kennishub <noreply@hub.test>", "HUB_BASE_URL": "https://hub.test",
	}, nil)
	public, _ := h.addrs(t)
	h.waitReady(t)
	if status, _, body := get(t, public+"/aanmelden"); status != 200 || !strings.Contains(body, `name="password"`) {
		t.Fatalf("/aanmelden: %d", status)
	}
	resp, err := client.PostForm(public+"/registreren", url.Values{"email": {"an@school.be"}, "password": {"fiets op de dijk in de wind"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sign-up: %d", resp.StatusCode)
	}
	m := smtp.Next(t)
	if m.To != "an@school.be" || !strings.Contains(m.Body, "https://hub.test/bevestigen?token=") {
		t.Fatalf("confirmation mail to %s:\n%s", m.To, m.Body)
	}
}
