package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	hubmail "github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/mail/mailtest"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// Personal API tokens and the user admin page, through the real app.

// newLoggedEnv is newAccountEnv with the app's log kept for the test.
func newLoggedEnv(t *testing.T, st *store.Store, cfg web.Config) (accountEnv, *lockedBuffer) {
	t.Helper()
	realApp(t)
	srv := mailtest.Start(t)
	p := auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	svc, err := auth.New(st, hubmail.SMTP{Host: srv.Host, Port: srv.Port, From: "noreply@hub.test"},
		auth.Config{BaseURL: testBaseURL, Params: &p, KnownHub: func(id string) bool { return id == "limburg" || id == "antwerpen" }}, log)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = testBaseURL
	cfg.Accounts = func() *auth.Service { return svc }
	return accountEnv{app: web.New(cfg, real.hub.Hub, log), mails: srv, st: st, svc: svc}, logs
}

const testPassword = "fiets op de dijk in de wind"

func (e accountEnv) signedIn(t *testing.T, email string, grants ...string) *browser {
	t.Helper()
	ctx := context.Background()
	if _, err := e.svc.CreateUser(ctx, email, strings.Split(email, "@")[0], testPassword); err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(grants); i += 2 {
		g, err := e.svc.ParseGrant(grants[i], grants[i+1])
		if err != nil {
			t.Fatal(err)
		}
		e.svc.SetGrant(ctx, email, g, true)
	}
	b := e.browser(t)
	if resp, _ := b.do("POST", "/aanmelden", url.Values{"email": {email}, "password": {testPassword}}); resp.StatusCode != 303 {
		t.Fatalf("sign-in %s: %d", email, resp.StatusCode)
	}
	return b
}

// api calls the API as a script does: no Origin, no Sec-Fetch-Site, no cookie.
func (e accountEnv) api(t *testing.T, path, bearer string) (int, map[string]any, string) {
	t.Helper()
	req := httptest.NewRequest("GET", testBaseURL+path, nil)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := e.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body, resp.Header.Get("Cache-Control")
}

func errorCode(body map[string]any) (string, string) {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	msg, _ := e["message"].(string)
	return code, msg
}

var tokenInPage = regexp.MustCompile(`hub_[A-Za-z0-9_-]{43}`)

// TestPersonalTokensThroughTheApp: a teacher makes a token on /mijn-account
// (shown once), a script uses it with the teacher's rights, and revoking
// it or disabling the account stops it at once; HUB_ADMIN_TOKEN keeps
// working as before, and a personal token is no admin token.
func TestPersonalTokensThroughTheApp(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		realApp(t)
		e, _ := newLoggedEnv(t, st, web.Config{AdminToken: "operator-geheim", Misses: real.hub.Hub})
		b := e.signedIn(t, "an@school.be", "auteur", "limburg")
		resp, page := b.do("GET", "/mijn-account", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "API-sleutels") || !strings.Contains(page, `action="/mijn-account/api-sleutels"`) {
			t.Fatalf("mijn account has no token section: %d", resp.StatusCode)
		}
		if resp, page := b.do("POST", "/mijn-account/api-sleutels", url.Values{"name": {" "}}); resp.StatusCode != 422 || !strings.Contains(page, "Geef de sleutel een naam") {
			t.Fatalf("nameless token: %d", resp.StatusCode)
		}
		resp, page = b.do("POST", "/mijn-account/api-sleutels", url.Values{"name": {"importscript"}})
		secret := tokenInPage.FindString(page)
		if resp.StatusCode != 200 || secret == "" || !strings.Contains(page, "niet opnieuw") || !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
			t.Fatalf("new token not shown once: %d\n%s", resp.StatusCode, page)
		}
		if _, page = b.do("GET", "/mijn-account", nil); strings.Contains(page, secret) || !strings.Contains(page, "importscript") || !strings.Contains(page, "nog niet gebruikt") {
			t.Fatal("the token list shows the secret again, or lacks the token's name")
		}

		// The script: the owner's account and rights, nothing cached.
		status, body, cc := e.api(t, "/api/v1/me", secret)
		if status != 200 || body["email"] != "an@school.be" || !strings.Contains(cc, "no-store") {
			t.Fatalf("/api/v1/me with the token: %d %v (Cache-Control %q)", status, body, cc)
		}
		if roles, _ := json.Marshal(body["roles"]); !strings.Contains(string(roles), `"hub":"limburg","role":"auteur"`) {
			t.Errorf("roles %s", roles)
		}
		if _, page = b.do("GET", "/mijn-account", nil); strings.Contains(page, "nog niet gebruikt") {
			t.Error("last use not shown after a call")
		}
		// The same Can: an auteur may not list users, a beheerder may.
		if status, body, _ := e.api(t, "/api/v1/users", secret); status != 403 {
			t.Errorf("auteur's token on /api/v1/users: %d %v", status, body)
		} else if code, msg := errorCode(body); code != "forbidden" || !strings.Contains(msg, "beheerder") {
			t.Errorf("403 body %v", body)
		}
		admin := e.signedIn(t, "beheer@school.be", "beheerder", "")
		_, page = admin.do("POST", "/mijn-account/api-sleutels", url.Values{"name": {"beheer"}})
		adminSecret := tokenInPage.FindString(page)
		if status, body, _ := e.api(t, "/api/v1/users?q=an@", adminSecret); status != 200 || !strings.Contains(mustJSON(body), "an@school.be") || strings.Contains(mustJSON(body), "beheer@school.be") {
			t.Errorf("beheerder's token on /api/v1/users: %d %v", status, body)
		}

		// No token, a bad one.
		if status, body, _ := e.api(t, "/api/v1/me", ""); status != 401 {
			t.Errorf("/api/v1/me without a token: %d", status)
		} else if code, _ := errorCode(body); code != "unauthorized" {
			t.Errorf("401 body %v", body)
		}
		bad := "hub_" + strings.Repeat("A", 43)
		if status, body, _ := e.api(t, "/api/v1/materials?q=water", bad); status != 401 {
			t.Errorf("unknown token on the public search: %d, want 401", status)
		} else if code, msg := errorCode(body); code != "invalid_token" || !strings.Contains(msg, "ongeldig of ingetrokken") {
			t.Errorf("401 body %v", body)
		}
		if status, _, _ := e.api(t, "/api/v1/materials?q=water", ""); status != 200 {
			t.Errorf("the public search without a token: %d", status)
		}

		// HUB_ADMIN_TOKEN: exactly as before; a personal token, even a beheerder's, is not it.
		if status, _, _ := e.api(t, "/api/v1/stats/zero-results", "operator-geheim"); status != 200 {
			t.Errorf("HUB_ADMIN_TOKEN refused: %d", status)
		}
		if status, _, _ := e.api(t, "/api/v1/stats/zero-results", adminSecret); status != 401 {
			t.Errorf("a personal token opened the operator's route: %d", status)
		}

		// Revoking: not from another site, not someone else's, then for real.
		list, _ := e.svc.Tokens(ctx, mustUser(t, st, "an@school.be").ID)
		id := list[0].ID
		revoke := url.Values{"id": {idStr(id)}}
		if resp, _ := b.do("POST", "/mijn-account/api-sleutels/intrekken", revoke, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); resp.StatusCode != 403 {
			t.Errorf("cross-site revoke: %d", resp.StatusCode)
		}
		if resp, _ := admin.do("POST", "/mijn-account/api-sleutels/intrekken", revoke); resp.StatusCode != 404 {
			t.Errorf("revoking someone else's token: %d, want 404", resp.StatusCode)
		}
		if status, _, _ := e.api(t, "/api/v1/me", secret); status != 200 {
			t.Fatalf("token stopped after refused revokes: %d", status)
		}
		e.svc.SetDisabled(ctx, "an@school.be", true)
		if status, body, _ := e.api(t, "/api/v1/me", secret); status != 401 {
			t.Errorf("a disabled owner's token: %d %v", status, body)
		}
		e.svc.SetDisabled(ctx, "an@school.be", false)
		b = e.browser(t)
		b.do("POST", "/aanmelden", url.Values{"email": {"an@school.be"}, "password": {testPassword}})
		if resp, page := b.do("POST", "/mijn-account/api-sleutels/intrekken", revoke); resp.StatusCode != 303 {
			t.Fatalf("revoke: %d\n%s", resp.StatusCode, page)
		}
		if _, page := b.do("GET", "/mijn-account?melding=ingetrokken", nil); strings.Contains(page, "importscript") || !strings.Contains(page, "ingetrokken") {
			t.Error("the revoked token is still listed, or no notice")
		}
		if status, _, _ := e.api(t, "/api/v1/me", secret); status != 401 {
			t.Errorf("a revoked token: %d", status)
		}
	})
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

func mustUser(t *testing.T, st *store.Store, email string) store.User {
	t.Helper()
	u, err := st.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestUserAdminPage: only a beheerder finds users, grants and revokes a
// role per hub, disables and enables an account; each change is a POST
// from this site, ends the user's sessions and is logged with the admin.
func TestUserAdminPage(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e, logs := newLoggedEnv(t, st, web.Config{})
		visitor := e.browser(t)
		if resp, _ := visitor.do("GET", "/beheer/gebruikers", nil); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
			t.Fatalf("visitor: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		teacher := e.signedIn(t, "leraar@school.be")
		if resp, page := teacher.do("GET", "/beheer/gebruikers", nil); resp.StatusCode != 403 || !strings.Contains(page, "beheerder") {
			t.Fatalf("teacher: %d", resp.StatusCode)
		}
		lid := mustUser(t, st, "leraar@school.be").ID
		userPath := "/beheer/gebruikers/" + idStr(lid)
		// Not even for themselves: a teacher's POST grants nothing.
		if resp, _ := teacher.do("POST", userPath+"/rol-toekennen", url.Values{"role": {"beheerder"}}); resp.StatusCode != 403 {
			t.Errorf("teacher granted a role: %d", resp.StatusCode)
		}
		admin := e.signedIn(t, "bea@school.be", "beheerder", "")
		// "Mijn account" leads a beheerder, and only a beheerder, to the page.
		if _, page := admin.do("GET", "/mijn-account", nil); !strings.Contains(page, `href="/beheer/gebruikers"`) {
			t.Error("no link to the user admin page on a beheerder's account page")
		}
		if _, page := teacher.do("GET", "/mijn-account", nil); strings.Contains(page, `href="/beheer/gebruikers"`) {
			t.Error("a teacher's account page links to the user admin page")
		}
		resp, page := admin.do("GET", "/beheer/gebruikers?q=LERAAR", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `href="`+userPath+`"`) || strings.Contains(page, `href="/beheer/gebruikers/`+idStr(mustUser(t, st, "bea@school.be").ID)+`"`) {
			t.Fatalf("search: %d\n%s", resp.StatusCode, page)
		}
		if _, page := admin.do("GET", "/beheer/gebruikers?q=niemand", nil); !strings.Contains(page, "Geen accounts gevonden") {
			t.Error("no 'nothing found' message")
		}
		resp, page = admin.do("GET", userPath, nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "leraar@school.be") || !strings.Contains(page, `action="`+userPath+`/rol-toekennen"`) || !strings.Contains(page, `<option value="limburg">`) {
			t.Fatalf("user page: %d\n%s", resp.StatusCode, page)
		}
		if resp, _ := admin.do("GET", "/beheer/gebruikers/999999", nil); resp.StatusCode != 404 {
			t.Errorf("unknown user: %d", resp.StatusCode)
		}

		// A cross-site grant changes nothing.
		if resp, _ := admin.do("POST", userPath+"/rol-toekennen", url.Values{"role": {"auteur"}, "hub": {"limburg"}}, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); resp.StatusCode != 403 {
			t.Errorf("cross-site grant: %d", resp.StatusCode)
		}
		if g, _ := st.Grants(ctx, lid); len(g) != 0 {
			t.Fatalf("cross-site grant stored: %v", g)
		}
		// Bad input: a Dutch message, nothing stored.
		for form, want := range map[string]string{"role=auteur": "Kies de regionale hub", "role=": "Kies een rol", "role=auteur&hub=atlantis": "geen regionale hub"} {
			v, _ := url.ParseQuery(form)
			resp, page := admin.do("POST", userPath+"/rol-toekennen", v)
			if resp.StatusCode != 422 || !strings.Contains(page, want) {
				t.Errorf("grant %s: %d, want 422 with %q", form, resp.StatusCode, want)
			}
		}
		if g, _ := st.Grants(ctx, lid); len(g) != 0 {
			t.Fatalf("a refused grant stored: %v", g)
		}

		resp, _ = admin.do("POST", userPath+"/rol-toekennen", url.Values{"role": {"auteur"}, "hub": {"limburg"}})
		if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), userPath) {
			t.Fatalf("grant: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if g, _ := st.Grants(ctx, lid); len(g) != 1 || g[0] != (store.Grant{Role: "auteur", Hub: "limburg"}) {
			t.Fatalf("grants after grant: %v", g)
		}
		if resp, _ := teacher.do("GET", "/mijn-account", nil); resp.StatusCode != 303 {
			t.Errorf("the user's session survived the change of rights: %d", resp.StatusCode)
		}
		if !regexp.MustCompile(`rol toegekend.*beheerder=bea@school.be.*account=leraar@school.be.*rol=auteur.*hub=limburg`).MatchString(logs.String()) {
			t.Errorf("the grant is not logged with the admin:\n%s", logs.String())
		}
		if _, page := admin.do("GET", resp.Header.Get("Location"), nil); !strings.Contains(page, "Auteur voor Limburg") || !strings.Contains(page, "toegekend") {
			t.Errorf("user page after the grant:\n%s", page)
		}
		resp, _ = admin.do("POST", userPath+"/rol-intrekken", url.Values{"role": {"auteur"}, "hub": {"limburg"}})
		if g, _ := st.Grants(ctx, lid); resp.StatusCode != 303 || len(g) != 0 {
			t.Fatalf("revoke: %d, grants %v", resp.StatusCode, g)
		}

		// Disable and enable; an admin cannot lock themselves out.
		teacher = e.browser(t)
		teacher.do("POST", "/aanmelden", url.Values{"email": {"leraar@school.be"}, "password": {testPassword}})
		if resp, _ := admin.do("POST", userPath+"/uitschakelen", nil); resp.StatusCode != 303 {
			t.Fatalf("disable: %d", resp.StatusCode)
		}
		if u := mustUser(t, st, "leraar@school.be"); !u.Disabled {
			t.Fatal("not disabled")
		}
		if resp, _ := teacher.do("GET", "/mijn-account", nil); resp.StatusCode != 303 {
			t.Errorf("a disabled user's session works: %d", resp.StatusCode)
		}
		if !strings.Contains(logs.String(), "account uitgeschakeld") {
			t.Error("disabling not logged")
		}
		if _, page := admin.do("GET", userPath, nil); !strings.Contains(page, "Uitgeschakeld") || !strings.Contains(page, `action="`+userPath+`/inschakelen"`) {
			t.Error("the page does not show the account as disabled")
		}
		admin.do("POST", userPath+"/inschakelen", nil)
		if u := mustUser(t, st, "leraar@school.be"); u.Disabled {
			t.Fatal("not enabled again")
		}
		self := "/beheer/gebruikers/" + idStr(mustUser(t, st, "bea@school.be").ID)
		if resp, page := admin.do("POST", self+"/uitschakelen", nil); resp.StatusCode != 422 || !strings.Contains(page, "eigen account") {
			t.Errorf("an admin disabled themselves: %d", resp.StatusCode)
		}
		if resp, page := admin.do("POST", self+"/rol-intrekken", url.Values{"role": {"beheerder"}}); resp.StatusCode != 422 || !strings.Contains(page, "eigen") {
			t.Errorf("an admin revoked their own beheerder role: %d", resp.StatusCode)
		}
	})
}
