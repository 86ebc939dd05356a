package auth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth/oidctest"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// The parts of the OIDC flow a browser test cannot reach quickly: a
// sign-in that stayed too long at the provider, and a provider that is
// down. The provider is the real one of oidctest; the store is SQLite.

func newOIDCService(t *testing.T, issuer string) (*Service, *time.Time) {
	t.Helper()
	p := Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	svc, err := New(storetest.SQLite(t), nil, Config{BaseURL: "https://hub.test", Params: &p,
		OIDC: OIDCConfig{Issuer: issuer, ClientID: "kennishub", ClientSecret: "geheim-van-de-test"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	svc.now = func() time.Time { return now }
	return svc, &now
}

// providerAnswer lets the provider answer an authorization request and
// returns the state and code it sends back.
func providerAnswer(t *testing.T, authURL string) (state, code string) {
	t.Helper()
	nf := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nf.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return back.Query().Get("state"), back.Query().Get("code")
}

func TestOIDCLoginExpires(t *testing.T) {
	idp := oidctest.Start(t)
	svc, now := newOIDCService(t, idp.URL)
	ctx := context.Background()
	authURL, browserState, err := svc.OIDC().Start(ctx, "/mijn-materialen")
	if err != nil {
		t.Fatal(err)
	}
	state, code := providerAnswer(t, authURL)
	*now = now.Add(svc.OIDC().LoginTTL() + time.Second)
	_, back, err := svc.OIDC().Finish(ctx, Callback{BrowserState: browserState, State: state, Code: code})
	if !errors.Is(err, ErrOIDCExpired) || back != "" {
		t.Fatalf("a sign-in older than %v: %v (back %q)", svc.OIDC().LoginTTL(), err, back)
	}
	// Within the time it works, and brings the person back where they started.
	*now = time.Now()
	authURL, browserState, _ = svc.OIDC().Start(ctx, "/mijn-materialen")
	state, code = providerAnswer(t, authURL)
	*now = now.Add(4 * time.Minute) // a while at the provider; its token lives 5 minutes
	signed, back, err := svc.OIDC().Finish(ctx, Callback{BrowserState: browserState, State: state, Code: code})
	if err != nil || back != "/mijn-materialen" || signed.Token == "" || signed.User.Email != "an@school.be" {
		t.Fatalf("sign-in within the time: %v, back %q, %+v", err, back, signed.User)
	}
}

func TestOIDCProviderDown(t *testing.T) {
	idp := oidctest.Start(t)
	issuer := idp.URL
	svc, _ := newOIDCService(t, issuer)
	ctx := context.Background()
	// Discovery works once and is kept: the provider going down later does
	// not stop a sign-in from starting.
	if _, _, err := svc.OIDC().Start(ctx, ""); err != nil {
		t.Fatal(err)
	}
	down, _ := newOIDCService(t, "http://127.0.0.1:1/nergens")
	if _, _, err := down.OIDC().Start(ctx, ""); !errors.Is(err, ErrOIDCUnavailable) {
		t.Fatalf("unreachable provider: %v", err)
	}
}

// TestOIDCNameIsText: a name with control characters from the provider is
// not kept (the sign-up form refuses the same), the address is shown instead.
func TestOIDCNameIsText(t *testing.T) {
	idp := oidctest.Start(t)
	svc, _ := newOIDCService(t, idp.URL)
	ctx := context.Background()
	idp.SignIn(oidctest.Person{Subject: "x", Email: "x@school.be", EmailVerified: true, Name: "Eva\x00\x1b[31m"})
	authURL, browserState, err := svc.OIDC().Start(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	state, code := providerAnswer(t, authURL)
	signed, _, err := svc.OIDC().Finish(ctx, Callback{BrowserState: browserState, State: state, Code: code})
	if err != nil || signed.User.Name != "" {
		t.Fatalf("name %q, %v", signed.User.Name, err)
	}
}
