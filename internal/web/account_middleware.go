package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
)

// Who is asking, and from which site. Two middlewares run for every
// request: crossSiteGuard refuses a state-changing browser request that
// another site started, and loadSession puts the signed-in person (if any)
// in the request's locals for handlers and the layout.

// The cookie is host-only, HttpOnly and SameSite=Lax. With HUB_SECURE it
// is Secure and carries the __Host- prefix, which browsers only accept
// from HTTPS, for path / and without a Domain: no subdomain can set or
// shadow it.
const (
	sessionCookie       = "hub_sessie"
	secureSessionCookie = "__Host-hub_sessie"
	localsCurrent       = "auth.current"
)

func (s *server) cookieName() string {
	if s.cfg.Secure {
		return secureSessionCookie
	}
	return sessionCookie
}

func (s *server) setSessionCookie(c *fiber.Ctx, token string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: s.cookieName(), Value: token, Path: "/", Expires: expires,
		HTTPOnly: true, Secure: s.cfg.Secure, SameSite: fiber.CookieSameSiteLaxMode})
}

func (s *server) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: s.cookieName(), Value: "", Path: "/", Expires: time.Unix(0, 0), MaxAge: -1,
		HTTPOnly: true, Secure: s.cfg.Secure, SameSite: fiber.CookieSameSiteLaxMode})
}

// current is the signed-in person of this request, or nil.
func current(c *fiber.Ctx) *auth.Current {
	cur, _ := c.Locals(localsCurrent).(*auth.Current)
	return cur
}

// actor is who does this request (a bezoeker when not signed in).
func actor(c *fiber.Ctx) auth.Actor {
	if cur := current(c); cur != nil {
		return cur.Actor
	}
	return auth.Actor{}
}

// loadSession reads the session cookie. Static files, health checks and
// attachments skip it (they look the same for everyone); a request
// without the cookie costs nothing. Every other response varies on the
// cookie, and one shown to a signed-in person (it names them) is never
// stored by a shared cache.
func (s *server) loadSession(c *fiber.Ctx) error {
	if s.cfg.Accounts == nil || skipsSession(c.Path()) {
		return c.Next()
	}
	if token := c.Cookies(s.cookieName()); token != "" {
		if svc := s.cfg.Accounts(); svc != nil { // nil while starting: signed out for now
			cur, err := svc.Session(c.UserContext(), token)
			switch {
			case errors.Is(err, auth.ErrNoSession):
				s.clearSessionCookie(c)
			case err != nil:
				s.log.Warn("sessie niet gelezen", "err", err)
			default:
				c.Locals(localsCurrent, &cur)
				if s.cfg.Notify != nil { // counted only when a page shows the header
					c.Locals(localsUnread, func() int { return s.unreadCount(c, cur.User.ID) })
				}
			}
		}
	}
	err := c.Next()
	c.Vary(fiber.HeaderCookie)
	if current(c) != nil {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
	}
	return err
}

func skipsSession(path string) bool {
	return strings.HasPrefix(path, "/static/") || strings.Contains(path, "/bestanden/") ||
		path == "/healthz" || path == "/readyz" || path == "/metrics" || path == "/favicon.ico"
}

// crossSiteGuard refuses every state-changing request (POST, PUT, PATCH,
// DELETE) that a browser says another site started. The rule, applied by
// Go's http.CrossOriginProtection:
//   - Sec-Fetch-Site "same-origin" or "none" (typed, bookmarked) passes;
//     "same-site" and "cross-site" are refused;
//   - a browser too old to send Sec-Fetch-Site is judged by Origin, which
//     must be this host (or HUB_BASE_URL behind a proxy that rewrites Host);
//   - a request with neither header is no browser's (curl, a script, the
//     coming API with its token) and passes: a forged cross-site request
//     always carries one of them.
//
// This plus SameSite=Lax on the cookie is the hub's CSRF defence; forms
// need no hidden token.
func (s *server) crossSiteGuard() fiber.Handler {
	cop := http.NewCrossOriginProtection()
	if s.cfg.BaseURL != "" {
		if err := cop.AddTrustedOrigin(s.cfg.BaseURL); err != nil {
			s.log.Warn("HUB_BASE_URL is geen oorsprong (schema://host[:poort]); alleen de Host-kop telt voor formulieren", "err", err)
		}
	}
	return func(c *fiber.Ctx) error {
		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
			return c.Next()
		}
		req := &http.Request{Method: c.Method(), Host: string(c.Request().Host()), Header: http.Header{}}
		for _, h := range []string{"Origin", "Sec-Fetch-Site"} {
			if v := c.Get(h); v != "" {
				req.Header.Set(h, v)
			}
		}
		if err := cop.Check(req); err != nil {
			c.Status(fiber.StatusForbidden)
			c.Set(fiber.HeaderCacheControl, "no-store")
			p := problem{Status: fiber.StatusForbidden, Code: "cross_site", Title: "Verzoek van een andere website geweigerd",
				Message: "Dit formulier kan alleen vanaf de STEM Kennishub zelf verstuurd worden, niet vanaf een andere website. " +
					"Open de pagina op de hub zelf en verstuur het daar opnieuw."}
			if isAPIPath(c.Path()) {
				return c.JSON(apiError{Error: apiErrorBody{Code: p.Code, Message: p.Message}})
			}
			return s.render(c, "error", s.errorView(c, p))
		}
		return c.Next()
	}
}
