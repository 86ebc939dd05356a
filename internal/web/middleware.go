package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// contentSecurityPolicy forbids inline script and style everywhere: the
// pages load one stylesheet and one deferred script from /static. JSON-LD
// blocks are data, not script, so they need no exception.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"

// securityHeaders sets the headers every response carries, error pages
// included (they are set before the handler runs, and the error handler
// does not reset them).
func securityHeaders(hsts bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		setSecurityHeaders(c, hsts)
		return c.Next()
	}
}

// setSecurityHeaders is also called by the error handler, because requests
// that fasthttp rejects before routing (431, 408) never pass the middleware.
func setSecurityHeaders(c *fiber.Ctx, hsts bool) {
	h := &c.Response().Header
	h.Set(fiber.HeaderContentSecurityPolicy, contentSecurityPolicy)
	h.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	h.Set(fiber.HeaderReferrerPolicy, "strict-origin-when-cross-origin")
	h.Set(fiber.HeaderPermissionsPolicy, "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")
	h.Set(fiber.HeaderXFrameOptions, "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if hsts {
		h.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
	}
}

// requestDeadline bounds the context the service sees, so a slow database
// or search engine ends the request with a clear error instead of hanging.
func requestDeadline(timeout time.Duration) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), timeout)
		defer cancel()
		c.SetUserContext(ctx)
		return c.Next()
	}
}
