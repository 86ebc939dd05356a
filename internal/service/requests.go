package service

import (
	"context"
	"time"

	"github.com/stem-kennishub/hub/internal/store"
)

// MaterialRequest is what a teacher told the hub is missing after a
// search without results; see store.MaterialRequest.
type MaterialRequest = store.MaterialRequest

// AddMaterialRequest stores a request (store.ErrInvalidRequest when it
// breaks a limit). The web form validates first, with Dutch messages per
// field; this is the one door to the table.
func (h *Hub) AddMaterialRequest(ctx context.Context, r MaterialRequest) (int64, error) {
	return h.store.AddMaterialRequest(ctx, r)
}

// MaterialRequests lists the requests of the last weeks (this ISO week
// included), newest first.
func (h *Hub) MaterialRequests(ctx context.Context, weeks, limit int) ([]MaterialRequest, error) {
	if weeks < 1 {
		weeks = 1
	}
	since := store.WeekOf(time.Now()).AddDate(0, 0, -7*(weeks-1))
	return h.store.MaterialRequests(ctx, since, limit)
}
