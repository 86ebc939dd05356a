package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// observeRequests records each request's duration by route pattern (never
// the raw path, so hostile URLs cannot blow up the label set).
func (s *server) observeRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		if fe, ok := err.(*fiber.Error); ok {
			status = fe.Code
		} else {
			status = fiber.StatusInternalServerError
		}
	}
	route := "onbekend" // unmatched paths share one label
	if r := c.Route(); r != nil && status != fiber.StatusNotFound {
		route = r.Path
	}
	s.cfg.Metrics.HTTPDuration.WithLabelValues(route, c.Method(), strconv.Itoa(status/100)+"xx").
		Observe(time.Since(start).Seconds())
	return err
}

// metricsHandler serves Prometheus metrics; with a token configured it asks
// for "Authorization: Bearer <token>".
func (s *server) metricsHandler() fiber.Handler {
	h := adaptor.HTTPHandler(promhttp.HandlerFor(s.cfg.Metrics.Registry, promhttp.HandlerOpts{}))
	return func(c *fiber.Ctx) error {
		if s.cfg.MetricsToken != "" {
			// Compared as SHA-256 digests: ConstantTimeCompare returns at
			// once on a length mismatch, which would tell the token's length.
			got := sha256.Sum256([]byte(c.Get(fiber.HeaderAuthorization)))
			want := sha256.Sum256([]byte("Bearer " + s.cfg.MetricsToken))
			if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
				return fiber.NewError(fiber.StatusUnauthorized, "Geen toegang tot de metrieken.")
			}
		}
		return h(c)
	}
}

// MetricsApp serves /metrics alone (behind MetricsToken when set), for an
// address of its own (HUB_METRICS_ADDR) that need not be public at all; the
// hub's app then leaves /metrics out (Config.MetricsElsewhere).
func MetricsApp(cfg Config, logger *slog.Logger) *fiber.App {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &server{cfg: cfg.withDefaults(), log: logger}
	app := fiber.New(fiber.Config{
		DisableStartupMessage: true,
		ReadTimeout:           s.cfg.ReadTimeout,
		WriteTimeout:          s.cfg.WriteTimeout,
		IdleTimeout:           s.cfg.IdleTimeout,
		// Plain text: a scraper reads it, and Fiber's default would echo
		// internal errors.
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			code, msg := fiber.StatusInternalServerError, "Interne fout bij het tonen van de metrieken."
			var fe *fiber.Error
			if errors.As(err, &fe) {
				code, msg = fe.Code, fe.Message
			}
			if code == fiber.StatusNotFound {
				msg = "Op dit adres staan alleen de metrieken: /metrics."
			}
			return c.Status(code).SendString(msg)
		},
	})
	app.Get("/metrics", s.metricsHandler())
	return app
}
