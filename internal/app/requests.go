package app

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/service"
)

// lateMisses also takes the "tell the hub what is missing" requests
// (web.RequestStore) once the hub is open; before that the form answers
// 503, like the admin routes.

func (l *lateMisses) AddMaterialRequest(ctx context.Context, r service.MaterialRequest) (int64, error) {
	h := l.hub.Load()
	if h == nil {
		return 0, fiber.NewError(fiber.StatusServiceUnavailable)
	}
	return h.AddMaterialRequest(ctx, r)
}

func (l *lateMisses) MaterialRequests(ctx context.Context, weeks, limit int) ([]service.MaterialRequest, error) {
	h := l.hub.Load()
	if h == nil {
		return nil, fiber.NewError(fiber.StatusServiceUnavailable)
	}
	return h.MaterialRequests(ctx, weeks, limit)
}
