package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	hubmail "github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/mail/mailtest"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// The account pages through the real Fiber app: the pages read the real
// seed hub, the accounts live in a store of their own on SQLite and
// PostgreSQL, and mail goes over SMTP to a server inside the test.

type accountEnv struct {
	app   *fiber.App
	mails *mailtest.Server
	st    *store.Store
	svc   *auth.Service
}

func newAccountEnv(t *testing.T, st *store.Store, cfg web.Config) accountEnv {
	t.Helper()
	hub := realApp(t) // opens the real hub once
	_ = hub
	srv := mailtest.Start(t)
	p := auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	svc, err := auth.New(st, hubmail.SMTP{Host: srv.Host, Port: srv.Port, From: "noreply@hub.test"},
		auth.Config{BaseURL: testBaseURL, Params: &p, KnownHub: func(id string) bool { return id == "limburg" }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = testBaseURL
	cfg.Accounts = func() *auth.Service { return svc }
	return accountEnv{app: web.New(cfg, real.hub.Hub, slog.New(slog.DiscardHandler)), mails: srv, st: st, svc: svc}
}

type browser struct {
	t      *testing.T
	env    accountEnv
	cookie *http.Cookie
	header map[string]string // sent with every request (Sec-Fetch-Site …)
}

func (e accountEnv) browser(t *testing.T) *browser {
	return &browser{t: t, env: e, header: map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": testBaseURL}}
}

// do sends a request as this browser and keeps the session cookie it is given.
func (b *browser) do(method, target string, form url.Values, extra ...string) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, testBaseURL+target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.header {
		req.Header.Set(k, v)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			req.Header.Del(extra[i])
		} else {
			req.Header.Set(extra[i], extra[i+1])
		}
	}
	if b.cookie != nil {
		req.AddCookie(&http.Cookie{Name: b.cookie.Name, Value: b.cookie.Value})
	}
	resp, err := b.env.app.Test(req, -1)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, target, err)
	}
	out, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if strings.HasSuffix(c.Name, "hub_sessie") {
			if c.Value == "" || c.MaxAge < 0 {
				b.cookie = nil
			} else {
				cp := *c
				b.cookie = &cp
			}
		}
	}
	return resp, string(out)
}

var mailLink = regexp.MustCompile(`https://hub\.test(/[a-z-]+\?token=[A-Za-z0-9_-]+)`)

func (e accountEnv) linkFromMail(t *testing.T) string {
	t.Helper()
	m := e.mails.Next(t)
	l := mailLink.FindStringSubmatch(m.Body)
	if l == nil {
		t.Fatalf("no link in mail:\n%s", m.Body)
	}
	return l[1]
}

func signUpAndConfirm(t *testing.T, e accountEnv, b *browser, email, name, password string) {
	t.Helper()
	resp, page := b.do("POST", "/registreren", url.Values{"email": {email}, "name": {name}, "password": {password}})
	if resp.StatusCode != 200 || !strings.Contains(page, "Kijk in je mailbox") {
		t.Fatalf("sign-up: %d\n%s", resp.StatusCode, page)
	}
	link := e.linkFromMail(t)
	if !strings.HasPrefix(link, "/bevestigen?token=") {
		t.Fatalf("confirmation link %s", link)
	}
	// Opening the link (a GET, as a mail scanner would) confirms nothing yet.
	resp, page = b.do("GET", link, nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `action="/bevestigen"`) {
		t.Fatalf("confirmation page: %d\n%s", resp.StatusCode, page)
	}
	if _, err := e.svc.SignIn(context.Background(), email, password, "192.0.2.1"); err != auth.ErrNotConfirmed {
		t.Fatalf("a GET of the link confirmed the address: %v", err)
	}
	e.linkFromMail(t) // that sign-in sent a fresh link; the first one is void now
	token := strings.TrimPrefix(link, "/bevestigen?token=")
	if resp, _ := b.do("POST", "/bevestigen", url.Values{"token": {token}}); resp.StatusCode != 400 {
		t.Fatalf("an older confirmation link worked: %d", resp.StatusCode)
	}
}

// TestAccountPagesThroughTheApp: sign up, confirm, sign in, see your name
// in the header, sign out — with the cookie's flags and the cache rule.
func TestAccountPagesThroughTheApp(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newAccountEnv(t, st, web.Config{})
		b := e.browser(t)
		resp, page := b.do("GET", "/", nil)
		if !strings.Contains(page, `href="/aanmelden"`) || strings.Contains(page, "Afmelden") {
			t.Fatalf("header for a visitor lacks 'Aanmelden'")
		}
		// The anonymous page varies on the cookie: no cache hands it to someone signed in.
		if v := resp.Header.Get("Vary"); !strings.Contains(v, "Cookie") {
			t.Errorf("Vary %q lacks Cookie", v)
		}
		resp, page = b.do("GET", "/aanmelden", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `name="email"`) || !strings.Contains(page, `name="password"`) {
			t.Fatalf("sign-in page: %d", resp.StatusCode)
		}
		resp, page = b.do("POST", "/registreren", url.Values{"email": {"an@school"}, "password": {"wachtwoord2024"}})
		if resp.StatusCode != 422 || !strings.Contains(page, "geen geldig e-mailadres") || !strings.Contains(page, "veelgebruikte") || !strings.Contains(page, `value="an@school"`) {
			t.Fatalf("bad sign-up form: %d\n%s", resp.StatusCode, page)
		}

		// A fresh link from sign-in confirms; then sign in.
		_, _ = b.do("POST", "/registreren", url.Values{"email": {"An.Peeters@School.be"}, "name": {"An Peeters"}, "password": {"fiets op de dijk in de wind"}})
		link := e.linkFromMail(t)
		resp, _ = b.do("POST", "/bevestigen", url.Values{"token": {strings.TrimPrefix(link, "/bevestigen?token=")}})
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/aanmelden?melding=bevestigd" {
			t.Fatalf("confirm: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, page = b.do("POST", "/aanmelden", url.Values{"email": {"an.peeters@school.be"}, "password": {"fout fout fout fout"}})
		if resp.StatusCode != 401 || !strings.Contains(page, "horen niet bij elkaar") || b.cookie != nil {
			t.Fatalf("wrong password: %d", resp.StatusCode)
		}
		resp, _ = b.do("POST", "/aanmelden", url.Values{"email": {"an.peeters@school.be"}, "password": {"fiets op de dijk in de wind"}, "terug": {"/hubs"}})
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/hubs" || b.cookie == nil {
			t.Fatalf("sign-in: %d %s %v", resp.StatusCode, resp.Header.Get("Location"), b.cookie)
		}
		if !b.cookie.HttpOnly || b.cookie.SameSite != http.SameSiteLaxMode || b.cookie.Secure || b.cookie.Name != "hub_sessie" || b.cookie.Path != "/" {
			t.Errorf("cookie flags: %+v", b.cookie)
		}
		resp, page = b.do("GET", "/hubs", nil)
		if !strings.Contains(page, "An Peeters") || !strings.Contains(page, `action="/afmelden"`) {
			t.Fatalf("header does not name the signed-in person")
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "private") || !strings.Contains(cc, "no-store") {
			t.Errorf("a personal page may be cached: Cache-Control %q", cc)
		}
		resp, page = b.do("GET", "/mijn-account", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "an.peeters@school.be") {
			t.Fatalf("mijn account: %d", resp.StatusCode)
		}
		// An open redirect is no return path.
		b2 := e.browser(t)
		resp, _ = b2.do("POST", "/aanmelden", url.Values{"email": {"an.peeters@school.be"}, "password": {"fiets op de dijk in de wind"}, "terug": {"//evil.example/"}})
		if resp.Header.Get("Location") != "/mijn-account" {
			t.Errorf("return path //evil.example/ followed: %s", resp.Header.Get("Location"))
		}
		// GET /afmelden asks, it does not sign out.
		resp, page = b.do("GET", "/afmelden", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `method="post" action="/afmelden"`) {
			t.Fatalf("GET /afmelden: %d", resp.StatusCode)
		}
		if resp, _ = b.do("GET", "/mijn-account", nil); resp.StatusCode != 200 {
			t.Fatalf("GET /afmelden signed out: %d", resp.StatusCode)
		}
		resp, _ = b.do("POST", "/afmelden", nil)
		if resp.StatusCode != 303 || b.cookie != nil {
			t.Fatalf("sign-out: %d, cookie %v", resp.StatusCode, b.cookie)
		}
		if resp, _ = b.do("GET", "/mijn-account", nil); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
			t.Fatalf("after sign-out /mijn-account: %d", resp.StatusCode)
		}
		if resp, _ = b2.do("GET", "/mijn-account", nil); resp.StatusCode != 200 {
			t.Errorf("signing out one browser ended the other: %d", resp.StatusCode)
		}
	})
}

// TestCrossSiteRequestsRefused: a page on another site cannot make a
// signed-in browser sign out, change anything or sign in; a client that
// sends neither Origin nor Sec-Fetch-Site (curl) is no browser and passes.
func TestCrossSiteRequestsRefused(t *testing.T) {
	st := storetest.SQLite(t)
	e := newAccountEnv(t, st, web.Config{})
	e.svc.CreateUser(context.Background(), "c@school.be", "C", "fiets op de dijk in de wind")
	b := e.browser(t)
	if resp, _ := b.do("POST", "/aanmelden", url.Values{"email": {"c@school.be"}, "password": {"fiets op de dijk in de wind"}}); resp.StatusCode != 303 {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	session := b.cookie
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"},
		{"Sec-Fetch-Site", "same-site", "Origin", "https://andere.hub.test"},
		{"Sec-Fetch-Site", "", "Origin", "https://evil.example"}, // an older browser: Origin only
	} {
		for _, path := range []string{"/afmelden", "/overal-afmelden", "/wachtwoord-wijzigen", "/aanmelden", "/registreren"} {
			resp, page := b.do("POST", path, url.Values{"email": {"x@y.be"}, "password": {"fiets op de dijk in de wind"}, "current": {"fiets op de dijk in de wind"}}, h...)
			if resp.StatusCode != 403 || !strings.Contains(page, "andere website") {
				t.Errorf("POST %s with %v: %d, want 403", path, h, resp.StatusCode)
			}
			b.cookie = session
		}
	}
	if resp, _ := b.do("GET", "/mijn-account", nil); resp.StatusCode != 200 {
		t.Fatalf("a refused cross-site request ended the session: %d", resp.StatusCode)
	}
	// No Origin, no Sec-Fetch-Site: a script, not a forged browser request.
	if resp, _ := b.do("POST", "/afmelden", nil, "Sec-Fetch-Site", "", "Origin", ""); resp.StatusCode != 303 {
		t.Errorf("CLI-style POST: %d, want 303", resp.StatusCode)
	}
}

// TestSessionIDsChange: signing in again, changing the password and a
// change of rights all give a new session id; the old ones stop working.
func TestSessionIDsChange(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newAccountEnv(t, st, web.Config{})
		e.svc.CreateUser(ctx, "d@school.be", "D", "fiets op de dijk in de wind")
		login := url.Values{"email": {"d@school.be"}, "password": {"fiets op de dijk in de wind"}}
		a, other := e.browser(t), e.browser(t)
		a.do("POST", "/aanmelden", login)
		other.do("POST", "/aanmelden", login)
		first := a.cookie.Value
		a.do("POST", "/aanmelden", login) // again, from the same browser
		if a.cookie.Value == first {
			t.Fatal("a second sign-in kept the session id")
		}
		stale := &browser{t: t, env: e, header: a.header, cookie: &http.Cookie{Name: "hub_sessie", Value: first}}
		if resp, _ := stale.do("GET", "/mijn-account", nil); resp.StatusCode != 303 {
			t.Errorf("the replaced session still works: %d", resp.StatusCode)
		}
		before := a.cookie.Value
		resp, _ := a.do("POST", "/wachtwoord-wijzigen", url.Values{"current": {"fiets op de dijk in de wind"}, "password": {"een nieuwe lange zin"}})
		if resp.StatusCode != 303 || a.cookie == nil || a.cookie.Value == before {
			t.Fatalf("password change: %d, new cookie %v", resp.StatusCode, a.cookie)
		}
		if resp, page := a.do("GET", "/mijn-account?melding=wachtwoord", nil); resp.StatusCode != 200 || !strings.Contains(page, "gewijzigd") {
			t.Fatalf("this browser after the change: %d", resp.StatusCode)
		}
		if resp, _ := other.do("GET", "/mijn-account", nil); resp.StatusCode != 303 {
			t.Errorf("another browser survived the password change: %d", resp.StatusCode)
		}
		g, _ := e.svc.ParseGrant("auteur", "limburg")
		e.svc.SetGrant(ctx, "d@school.be", g, true)
		if resp, _ := a.do("GET", "/mijn-account", nil); resp.StatusCode != 303 {
			t.Errorf("the session survived a change of rights: %d", resp.StatusCode)
		}
		a.do("POST", "/aanmelden", url.Values{"email": {"d@school.be"}, "password": {"een nieuwe lange zin"}})
		if _, page := a.do("GET", "/mijn-account", nil); !strings.Contains(page, "Auteur voor") {
			t.Errorf("mijn account does not list the new role")
		}
		// Overal afmelden.
		other.do("POST", "/aanmelden", url.Values{"email": {"d@school.be"}, "password": {"een nieuwe lange zin"}})
		a.do("POST", "/overal-afmelden", nil)
		if resp, _ := other.do("GET", "/mijn-account", nil); resp.StatusCode != 303 {
			t.Errorf("'overal afmelden' left another browser signed in: %d", resp.StatusCode)
		}
	})
}

// TestSecureSessionCookie: with HUB_SECURE the cookie is Secure and
// __Host- prefixed.
func TestSecureSessionCookie(t *testing.T) {
	e := newAccountEnv(t, storetest.SQLite(t), web.Config{Secure: true})
	e.svc.CreateUser(context.Background(), "s@school.be", "", "fiets op de dijk in de wind")
	b := e.browser(t)
	b.do("POST", "/aanmelden", url.Values{"email": {"s@school.be"}, "password": {"fiets op de dijk in de wind"}})
	if b.cookie == nil || b.cookie.Name != "__Host-hub_sessie" || !b.cookie.Secure || !b.cookie.HttpOnly || b.cookie.Domain != "" {
		t.Fatalf("secure cookie: %+v", b.cookie)
	}
}

// TestResetAndThrottleThroughTheApp: the reset page answers the same for
// any address; the sign-in throttle counts the client behind a trusted
// proxy, not the proxy.
func TestResetAndThrottleThroughTheApp(t *testing.T) {
	st := storetest.SQLite(t)
	// app.Test's requests come from 0.0.0.0: that is the trusted proxy here.
	e := newAccountEnv(t, st, web.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}})
	e.svc.CreateUser(context.Background(), "r@school.be", "", "fiets op de dijk in de wind")
	b := e.browser(t)
	_, known := b.do("POST", "/wachtwoord-vergeten", url.Values{"email": {"r@school.be"}})
	_, unknown := b.do("POST", "/wachtwoord-vergeten", url.Values{"email": {"niemand@school.be"}})
	strip := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(s, "r@school.be", "X"), "niemand@school.be", "X")
	}
	if strip(known) != strip(unknown) || !strings.Contains(known, "Als er een account") {
		t.Fatal("the reset page tells a known address from an unknown one")
	}
	link := e.linkFromMail(t)
	resp, page := b.do("GET", link, nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `name="token"`) {
		t.Fatalf("reset page: %d", resp.StatusCode)
	}
	token := strings.TrimPrefix(link, "/wachtwoord-vergeten?token=")
	resp, _ = b.do("POST", "/wachtwoord-vergeten", url.Values{"token": {token}, "password": {"de zee is vandaag heel blauw"}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/aanmelden?melding=hersteld" {
		t.Fatalf("reset: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, page := b.do("POST", "/wachtwoord-vergeten", url.Values{"token": {token}, "password": {"nog een andere lange zin"}}); resp.StatusCode != 400 || !strings.Contains(page, "werkt niet") {
		t.Errorf("reset link used twice: %d", resp.StatusCode)
	}

	for i := 0; i < 30; i++ {
		b.do("POST", "/aanmelden", url.Values{"email": {"raad" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@school.be"}, "password": {"raden raden raden"}}, "X-Forwarded-For", "203.0.113.7")
	}
	resp, page = b.do("POST", "/aanmelden", url.Values{"email": {"r@school.be"}, "password": {"de zee is vandaag heel blauw"}}, "X-Forwarded-For", "203.0.113.7")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(page, "Te veel pogingen") {
		t.Fatalf("client after 30 failures: %d", resp.StatusCode)
	}
	if resp, _ := b.do("POST", "/aanmelden", url.Values{"email": {"r@school.be"}, "password": {"de zee is vandaag heel blauw"}}, "X-Forwarded-For", "203.0.113.8"); resp.StatusCode != 303 {
		t.Errorf("another client behind the same proxy is blocked too: %d", resp.StatusCode)
	}
}
