package web

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
)

// Sign-in with the school's OpenID provider (internal/auth/oidc.go does
// the protocol). The browser holds the state in a short-lived cookie, so
// a callback only works in the browser that started it; the server keeps
// nonce and PKCE verifier and spends them once. Every failure ends on the
// sign-in page with what happened and the button to try again.

const (
	pathOIDCStart    = "/aanmelden/oidc"
	pathOIDCCallback = auth.OIDCCallbackPath
	oidcCookie       = "hub_oidc"
	secureOIDCCookie = "__Host-hub_oidc"
)

// defaultOIDCStartLimit: every start stores a pending sign-in (until it
// expires), so one client gets a few in a row, then one every 10 s.
var defaultOIDCStartLimit = RateLimit{PerSecond: 0.1, Burst: 10}

func (s *server) bindOIDC(app *fiber.App) {
	rl := s.cfg.OIDCStartLimit
	if rl.PerSecond <= 0 {
		rl = defaultOIDCStartLimit
	}
	app.Get(pathOIDCStart, s.limit(newLimiter(rl, s.cfg.MaxClients, nil)), s.oidcStart)
	app.Get(pathOIDCCallback, s.oidcCallback)
}

// oidc returns the provider sign-in; 404 when none is configured.
func (s *server) oidc() (*auth.OIDC, error) {
	svc, err := s.accounts()
	if err != nil {
		return nil, err
	}
	if o := svc.OIDC(); o != nil {
		return o, nil
	}
	return nil, fiber.ErrNotFound
}

func (s *server) oidcCookieName() string {
	if s.cfg.Secure {
		return secureOIDCCookie
	}
	return oidcCookie
}

// setOIDCCookie: HttpOnly, and SameSite=Lax so that it comes along when
// the provider sends the browser back (a top-level GET from another site).
func (s *server) setOIDCCookie(c *fiber.Ctx, value string, ttl time.Duration) {
	ck := &fiber.Cookie{Name: s.oidcCookieName(), Value: value, Path: "/", HTTPOnly: true, Secure: s.cfg.Secure,
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int(ttl / time.Second), Expires: time.Now().Add(ttl)}
	if value == "" {
		ck.MaxAge, ck.Expires = -1, time.Unix(0, 0)
	}
	c.Cookie(ck)
}

func (s *server) oidcStart(c *fiber.Ctx) error {
	o, err := s.oidc()
	if err != nil {
		return err
	}
	back := safeBack(c.Query("terug"))
	authURL, state, err := o.Start(c.UserContext(), back)
	if err != nil {
		return s.oidcFailed(c, err, back)
	}
	s.setOIDCCookie(c, state, o.LoginTTL())
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(authURL, fiber.StatusSeeOther)
}

func (s *server) oidcCallback(c *fiber.Ctx) error {
	o, err := s.oidc()
	if err != nil {
		return err
	}
	browserState := c.Cookies(s.oidcCookieName())
	s.setOIDCCookie(c, "", 0) // one try per cookie, whatever happens
	signed, back, err := o.Finish(c.UserContext(), auth.Callback{
		BrowserState: browserState, State: c.Query("state"), Code: c.Query("code"), Error: c.Query("error")})
	if err != nil {
		return s.oidcFailed(c, err, back)
	}
	// A session this browser still had ends: one browser, one session id.
	if cur := current(c); cur != nil {
		if svc, err := s.accounts(); err == nil {
			svc.SignOut(c.UserContext(), *cur)
		}
	}
	s.setSessionCookie(c, signed.Token, signed.Expires)
	if back == "" {
		back = pathMyAccount
	}
	return c.Redirect(back, fiber.StatusSeeOther)
}

// oidcFailed shows the sign-in page with what went wrong; the school
// button on it is the way to try again.
func (s *server) oidcFailed(c *fiber.Ctx, err error, back string) error {
	status := fiber.StatusBadRequest
	switch {
	case errors.Is(err, auth.ErrOIDCDenied), errors.Is(err, auth.ErrOIDCUnverified), errors.Is(err, auth.ErrDisabled):
		status = fiber.StatusForbidden
	case errors.Is(err, auth.ErrOIDCUnavailable):
		status = fiber.StatusBadGateway
	case errors.Is(err, auth.ErrOIDCState), errors.Is(err, auth.ErrOIDCExpired), errors.Is(err, auth.ErrOIDCToken):
	default:
		return err
	}
	c.Status(status)
	return s.accountPage(c, "account-aanmelden", "Aanmelden via je school mislukt", accountView{Alert: err.Error(), Back: back})
}
