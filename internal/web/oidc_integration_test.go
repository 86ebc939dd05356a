package web_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/auth/oidctest"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// OpenID Connect sign-in through the real Fiber app on a real port, a
// real OpenID provider on another (internal/auth/oidctest: discovery,
// JWKS, authorize, token with signed JWTs), and an http.Client with a
// cookie jar that follows every redirect like a browser. The accounts
// live on SQLite and PostgreSQL.

type oidcEnv struct {
	base string // the hub, e.g. http://127.0.0.1:41234
	idp  *oidctest.Provider
	st   *store.Store
	logs *lockedBuffer
}

// newOIDCEnv serves the hub with OIDC configured (issuer "" leaves it off).
// The start limit is high: these tests start many sign-ins from one address.
func newOIDCEnv(t *testing.T, st *store.Store, withOIDC bool) oidcEnv {
	return newOIDCEnvLimited(t, st, withOIDC, web.RateLimit{PerSecond: 1000, Burst: 1000})
}

func newOIDCEnvLimited(t *testing.T, st *store.Store, withOIDC bool, limit web.RateLimit) oidcEnv {
	t.Helper()
	realApp(t)
	idp := oidctest.Start(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p := auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	cfg := auth.Config{BaseURL: base, Params: &p}
	if withOIDC {
		cfg.OIDC = auth.OIDCConfig{Issuer: idp.URL, ClientID: idp.ClientID, ClientSecret: idp.ClientSecret, Name: "Aanmelden met je school"}
	}
	svc, err := auth.New(st, nil, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	app := web.New(web.Config{BaseURL: base, Accounts: func() *auth.Service { return svc }, OIDCStartLimit: limit}, real.hub.Hub, log)
	go app.Listener(ln)
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })
	return oidcEnv{base: base, idp: idp, st: st, logs: logs}
}

// browser is a client with a cookie jar that follows redirects.
func (e oidcEnv) browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 20 * time.Second}
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// signIn clicks the school button and follows the provider back.
func (e oidcEnv) signIn(t *testing.T, c *http.Client) (*http.Response, string) {
	t.Helper()
	return get(t, c, e.base+"/aanmelden/oidc?terug=/mijn-account")
}

func wantSignedIn(t *testing.T, resp *http.Response, page, email string) {
	t.Helper()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/mijn-account" || !strings.Contains(page, email) {
		t.Fatalf("not signed in as %s: %d at %s\n%.2000s", email, resp.StatusCode, resp.Request.URL, page)
	}
}

func wantRefused(t *testing.T, resp *http.Response, page string, status int, msg error) {
	t.Helper()
	want := strings.ReplaceAll(msg.Error(), "’", "&rsquo;")
	if resp.StatusCode != status || !strings.Contains(page, want[:40]) {
		t.Fatalf("want %d with %q…, got %d at %s\n%.3000s", status, want[:40], resp.StatusCode, resp.Request.URL, page)
	}
	if !strings.Contains(page, `href="/aanmelden/oidc`) {
		t.Fatalf("the error page offers no way to try again:\n%.3000s", page)
	}
	if c := sessionCookieOf(resp); c != "" {
		t.Fatalf("a refused sign-in set a session cookie")
	}
}

func sessionCookieOf(resp *http.Response) string {
	for r := resp; r != nil; r = r.Request.Response {
		for _, c := range r.Cookies() {
			if strings.HasSuffix(c.Name, "hub_sessie") && c.Value != "" {
				return c.Value
			}
		}
	}
	return ""
}

// noFollow is a client sharing jar that stops at the first redirect.
func noFollow(c *http.Client) *http.Client {
	return &http.Client{Jar: c.Jar, Timeout: c.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// callbackURL starts a sign-in and lets the provider answer, but stops
// before the browser goes back to the hub: it returns that address.
func (e oidcEnv) callbackURL(t *testing.T, c *http.Client) *url.URL {
	t.Helper()
	nf := noFollow(c)
	resp, _ := get(t, nf, e.base+"/aanmelden/oidc")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), e.idp.URL+"/authorize?") {
		t.Fatalf("start: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	authz, _ := url.Parse(resp.Header.Get("Location"))
	q := authz.Query()
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 || len(q.Get("state")) < 40 || len(q.Get("nonce")) < 40 ||
		q.Get("redirect_uri") != e.base+"/aanmelden/oidc/terug" || !strings.Contains(q.Get("scope"), "openid") {
		t.Fatalf("authorization request lacks PKCE, state, nonce or the right redirect: %s", authz.RawQuery)
	}
	resp, _ = get(t, nf, authz.String())
	cb, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(cb.String(), e.base+"/aanmelden/oidc/terug?") {
		t.Fatalf("provider answered %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return cb
}

func TestOIDCSignIn(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newOIDCEnv(t, st, true)
		ctx := context.Background()

		t.Run("button on the sign-in page", func(t *testing.T) {
			_, page := get(t, e.browser(t), e.base+"/aanmelden")
			if !strings.Contains(page, `href="/aanmelden/oidc"`) || !strings.Contains(page, "Aanmelden met je school") {
				t.Fatalf("no school button:\n%.3000s", page)
			}
		})

		t.Run("happy path makes a confirmed account and a session", func(t *testing.T) {
			b := e.browser(t)
			resp, page := e.signIn(t, b)
			wantSignedIn(t, resp, page, "an@school.be")
			u, err := st.UserByEmail(ctx, "an@school.be")
			if err != nil || u.ConfirmedAt == nil || u.PasswordHash != "" || u.Name != "An Peeters" {
				t.Fatalf("account %+v, %v", u, err)
			}
			ids, _ := st.Identities(ctx, u.ID)
			if len(ids) != 1 || ids[0].Issuer != e.idp.URL || ids[0].Subject != "leraar-1" {
				t.Fatalf("identities %+v", ids)
			}
			// The session cookie follows the account rules; the state cookie is gone.
			for _, c := range b.Jar.Cookies(resp.Request.URL) {
				if strings.Contains(c.Name, "oidc") {
					t.Fatalf("state cookie left behind: %s", c.Name)
				}
			}
			// A second sign-in is a new session id (no fixation) for the same account.
			first := sessionCookieOf(resp)
			resp, page = e.signIn(t, b)
			wantSignedIn(t, resp, page, "an@school.be")
			if second := sessionCookieOf(resp); first == "" || second == "" || first == second {
				t.Fatalf("session ids %q then %q", first, second)
			}
			if n := e.idp.Discovery; n != 1 {
				t.Fatalf("discovery fetched %d times; it is cached", n)
			}
		})

		t.Run("wrong state", func(t *testing.T) {
			b := e.browser(t)
			cb := e.callbackURL(t, b)
			q := cb.Query()
			q.Set("state", auth.NewToken())
			cb.RawQuery = q.Encode()
			resp, page := get(t, b, cb.String())
			wantRefused(t, resp, page, 400, auth.ErrOIDCState)
			// Without the browser's cookie (another browser) the real state fails too.
			cb2 := e.callbackURL(t, b)
			resp, page = get(t, e.browser(t), cb2.String())
			wantRefused(t, resp, page, 400, auth.ErrOIDCState)
		})

		t.Run("replayed code and state", func(t *testing.T) {
			b := e.browser(t)
			cb := e.callbackURL(t, b)
			stateCookies := b.Jar.Cookies(cb)
			resp, page := get(t, b, cb.String())
			wantSignedIn(t, resp, page, "an@school.be")
			// The same callback again, with the state cookie put back.
			b2 := e.browser(t)
			b2.Jar.SetCookies(cb, stateCookies)
			resp, page = get(t, b2, cb.String())
			wantRefused(t, resp, page, 400, auth.ErrOIDCState)
		})

		refused := func(name string, tamper func(map[string]any)) {
			t.Run(name, func(t *testing.T) {
				e.idp.Tamper(tamper)
				defer e.idp.Tamper(nil)
				resp, page := e.signIn(t, e.browser(t))
				wantRefused(t, resp, page, 400, auth.ErrOIDCToken)
			})
		}
		refused("wrong nonce", func(c map[string]any) { c["nonce"] = auth.NewToken() })
		refused("no nonce", func(c map[string]any) { delete(c, "nonce") })
		refused("wrong audience", func(c map[string]any) { c["aud"] = "een-andere-client" })
		refused("wrong issuer", func(c map[string]any) { c["iss"] = "https://elders.example" })
		refused("expired token", func(c map[string]any) {
			c["iat"], c["exp"] = time.Now().Add(-20*time.Minute).Unix(), time.Now().Add(-5*time.Minute).Unix()
		})
		refused("issued in the future", func(c map[string]any) { c["iat"] = time.Now().Add(10 * time.Minute).Unix() })
		refused("several audiences without azp", func(c map[string]any) { c["aud"] = []string{e.idp.ClientID, "ander"} })
		refused("azp of another client", func(c map[string]any) { c["azp"] = "ander" })

		t.Run("several audiences with azp", func(t *testing.T) {
			e.idp.Tamper(func(c map[string]any) { c["aud"], c["azp"] = []string{e.idp.ClientID, "ander"}, e.idp.ClientID })
			defer e.idp.Tamper(nil)
			resp, page := e.signIn(t, e.browser(t))
			wantSignedIn(t, resp, page, "an@school.be")
		})

		t.Run("expiry within the leeway", func(t *testing.T) {
			e.idp.Tamper(func(c map[string]any) { c["exp"] = time.Now().Add(-20 * time.Second).Unix() })
			defer e.idp.Tamper(nil)
			resp, page := e.signIn(t, e.browser(t))
			wantSignedIn(t, resp, page, "an@school.be")
		})

		t.Run("bad signature", func(t *testing.T) {
			e.idp.SignWithUnpublishedKey(t, true)
			defer e.idp.SignWithUnpublishedKey(t, false)
			resp, page := e.signIn(t, e.browser(t))
			wantRefused(t, resp, page, 400, auth.ErrOIDCToken)
		})

		t.Run("key rotation to ES256", func(t *testing.T) {
			fetched := e.idp.JWKS
			e.idp.Rotate(t, "sleutel-2", jose.ES256, false)
			resp, page := e.signIn(t, e.browser(t))
			wantSignedIn(t, resp, page, "an@school.be")
			if e.idp.JWKS <= fetched {
				t.Fatalf("the new key was used without fetching the key set again")
			}
		})

		t.Run("denied at the provider", func(t *testing.T) {
			e.idp.Deny(true)
			defer e.idp.Deny(false)
			resp, page := e.signIn(t, e.browser(t))
			wantRefused(t, resp, page, 403, auth.ErrOIDCDenied)
		})

		t.Run("linking only with a verified e-mail", func(t *testing.T) {
			owner, err := st.CreateUser(ctx, "bart@school.be", "Bart", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g", true)
			if err != nil {
				t.Fatal(err)
			}
			for _, unverified := range []any{false, nil, "false"} {
				e.idp.SignIn(oidctest.Person{Subject: "bart-bij-school", Email: "Bart@School.be", EmailVerified: unverified})
				resp, page := e.signIn(t, e.browser(t))
				wantRefused(t, resp, page, 403, auth.ErrOIDCUnverified)
			}
			if ids, _ := st.Identities(ctx, owner.ID); len(ids) != 0 {
				t.Fatalf("linked without a verified address: %+v", ids)
			}
			e.idp.SignIn(oidctest.Person{Subject: "bart-bij-school", Email: "Bart@School.be", EmailVerified: "true"})
			resp, page := e.signIn(t, e.browser(t))
			wantSignedIn(t, resp, page, "bart@school.be")
			ids, _ := st.Identities(ctx, owner.ID)
			if len(ids) != 1 || ids[0].Subject != "bart-bij-school" {
				t.Fatalf("not linked to the existing account: %+v", ids)
			}
			u, _ := st.UserByID(ctx, owner.ID)
			if u.PasswordHash != owner.PasswordHash {
				t.Fatalf("linking a confirmed account changed its password")
			}
		})

		t.Run("linking an unconfirmed account drops its unproven password", func(t *testing.T) {
			squatter, err := st.CreateUser(ctx, "carla@school.be", "", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g", false)
			if err != nil {
				t.Fatal(err)
			}
			e.idp.SignIn(oidctest.Person{Subject: "carla", Email: "carla@school.be", EmailVerified: true})
			resp, page := e.signIn(t, e.browser(t))
			wantSignedIn(t, resp, page, "carla@school.be")
			u, _ := st.UserByID(ctx, squatter.ID)
			if u.ConfirmedAt == nil || u.PasswordHash != "" {
				t.Fatalf("unconfirmed account linked but kept its password or stayed unconfirmed: %+v", u)
			}
		})

		t.Run("issuer and subject stay the key when the e-mail changes", func(t *testing.T) {
			e.idp.SignIn(oidctest.Person{Subject: "dirk", Email: "dirk@oude-school.be", EmailVerified: true})
			resp, page := e.signIn(t, e.browser(t))
			wantSignedIn(t, resp, page, "dirk@oude-school.be")
			before, _ := st.UserByEmail(ctx, "dirk@oude-school.be")
			// The school changes the address, and even says it is unverified.
			e.idp.SignIn(oidctest.Person{Subject: "dirk", Email: "dirk@nieuwe-school.be", EmailVerified: false})
			resp, page = e.signIn(t, e.browser(t))
			wantSignedIn(t, resp, page, "dirk@oude-school.be")
			if _, err := st.UserByEmail(ctx, "dirk@nieuwe-school.be"); err != store.ErrUserNotFound {
				t.Fatalf("a new address made a second account: %v", err)
			}
			ids, _ := st.Identities(ctx, before.ID)
			if len(ids) != 1 || ids[0].Email != "dirk@nieuwe-school.be" {
				t.Fatalf("identity %+v", ids)
			}
			// Another subject with the old address is another person: not this account
			// without a verified e-mail.
			e.idp.SignIn(oidctest.Person{Subject: "iemand-anders", Email: "dirk@oude-school.be"})
			resp, page = e.signIn(t, e.browser(t))
			wantRefused(t, resp, page, 403, auth.ErrOIDCUnverified)
		})

		t.Run("disabled account", func(t *testing.T) {
			u, _ := st.UserByEmail(ctx, "an@school.be")
			if err := st.SetUserDisabled(ctx, u.ID, true); err != nil {
				t.Fatal(err)
			}
			defer st.SetUserDisabled(ctx, u.ID, false)
			e.idp.SignIn(oidctest.Person{Subject: "leraar-1", Email: "an@school.be", EmailVerified: true})
			resp, page := e.signIn(t, e.browser(t))
			wantRefused(t, resp, page, 403, auth.ErrDisabled)
		})

		t.Run("no code or token in the log", func(t *testing.T) {
			logs := e.logs.String()
			for _, s := range e.idp.Secrets {
				if strings.Contains(logs, s) {
					t.Fatalf("a code or ID token reached the log")
				}
			}
			if len(e.idp.Secrets) < 10 || !strings.Contains(logs, "OIDC") {
				t.Fatalf("the test saw too little: %d secrets; log:\n%s", len(e.idp.Secrets), logs)
			}
		})
	})
}

// TestOIDCOffByDefault: without an issuer there is no button and the
// routes do not exist.
func TestOIDCOffByDefault(t *testing.T) {
	e := newOIDCEnv(t, storetest.SQLite(t), false)
	b := e.browser(t)
	_, page := get(t, b, e.base+"/aanmelden")
	if strings.Contains(page, "/aanmelden/oidc") {
		t.Fatalf("school button without an issuer")
	}
	for _, p := range []string{"/aanmelden/oidc", "/aanmelden/oidc/terug?state=x&code=y"} {
		if resp, _ := get(t, b, e.base+p); resp.StatusCode != 404 {
			t.Fatalf("%s: %d, want 404", p, resp.StatusCode)
		}
	}
	if e.idp.Discovery != 0 {
		t.Fatalf("the provider was contacted")
	}
}

// TestOIDCProviderUnreachable: a provider that is down gives a Dutch page
// with the way to try again, not a 500.
func TestOIDCProviderUnreachable(t *testing.T) {
	e := newOIDCEnv(t, storetest.SQLite(t), true)
	e.idp.Close()
	resp, page := e.signIn(t, e.browser(t))
	wantRefused(t, resp, page, http.StatusBadGateway, auth.ErrOIDCUnavailable)
}

// TestOIDCStartIsLimited: every start stores a pending sign-in, so one
// client cannot start them without end.
func TestOIDCStartIsLimited(t *testing.T) {
	e := newOIDCEnvLimited(t, storetest.SQLite(t), true, web.RateLimit{}) // the default
	nf := noFollow(e.browser(t))
	for i := range 40 {
		resp, page := get(t, nf, e.base+"/aanmelden/oidc")
		if resp.StatusCode == http.StatusTooManyRequests {
			if i < 10 || !strings.Contains(page, "lang=\"nl-BE\"") {
				t.Fatalf("limited after %d starts; page:\n%.1000s", i, page)
			}
			return
		}
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("start %d: %d", i, resp.StatusCode)
		}
	}
	t.Fatalf("40 starts in a row from one client, none refused")
}
