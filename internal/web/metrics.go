package web

import (
	"crypto/subtle"
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
			want := "Bearer " + s.cfg.MetricsToken
			if subtle.ConstantTimeCompare([]byte(c.Get(fiber.HeaderAuthorization)), []byte(want)) != 1 {
				return fiber.NewError(fiber.StatusUnauthorized, "Geen toegang tot de metrieken.")
			}
		}
		return h(c)
	}
}
