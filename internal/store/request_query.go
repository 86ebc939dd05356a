package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// AddMaterialRequest stores a request and returns its id. The request is
// checked whole first (checkRequest); Created is set here.
func (s *Store) AddMaterialRequest(ctx context.Context, r MaterialRequest) (int64, error) {
	if err := checkRequest(r); err != nil {
		return 0, err
	}
	row := requestRow{CreatedAt: s.now().UTC(), What: strings.TrimSpace(r.What), Query: r.Query, Filters: r.Filters,
		Level: r.Level, Hub: r.Hub, Note: r.Note}
	if err := s.writeTx(ctx, func(tx *gorm.DB) error { return tx.Create(&row).Error }); err != nil {
		return 0, fmt.Errorf("store: materiaalvraag bewaren: %w", err)
	}
	return row.ID, nil
}

// checkRequest applies the limits of MaterialRequest and the catalog's
// rule for text (no control characters, no invalid UTF-8, no bidi
// overrides; line breaks only in Note).
func checkRequest(r MaterialRequest) error {
	fields := []struct {
		name, value string
		max         int
		multiLine   bool
	}{
		{"what", r.What, MaxRequestWhat, false}, {"query", r.Query, MaxRequestQuery, false},
		{"filters", r.Filters, MaxRequestFilters, false}, {"note", r.Note, MaxRequestNote, true},
	}
	if strings.TrimSpace(r.What) == "" {
		return fmt.Errorf("store: what is leeg: %w", ErrInvalidRequest)
	}
	for _, f := range fields {
		if i := catalog.BadTextOffset(f.value, f.multiLine); i >= 0 {
			return fmt.Errorf("store: %s bevat %s: %w", f.name, catalog.DescribeBadText(f.value, i), ErrInvalidRequest)
		}
		if n := utf8.RuneCountInString(f.value); n > f.max {
			return fmt.Errorf("store: %s is %d tekens lang, hoogstens %d: %w", f.name, n, f.max, ErrInvalidRequest)
		}
	}
	for _, id := range []string{r.Level, r.Hub} {
		if len(id) > MaxRequestID || catalog.BadTextOffset(id, false) >= 0 {
			return fmt.Errorf("store: niveau of hub %.40q is geen geldige id: %w", id, ErrInvalidRequest)
		}
	}
	return nil
}

// MaterialRequests lists the requests made since since, newest first.
func (s *Store) MaterialRequests(ctx context.Context, since time.Time, limit int) ([]MaterialRequest, error) {
	var rows []requestRow
	err := s.read.WithContext(ctx).Where("created_at >= ?", since.UTC()).Order("created_at DESC, id DESC").
		Limit(clampLimit(limit)).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: materiaalvragen lezen: %w", err)
	}
	out := make([]MaterialRequest, 0, len(rows))
	for _, r := range rows {
		out = append(out, MaterialRequest{ID: r.ID, Created: r.CreatedAt.UTC(), What: r.What, Query: r.Query, Filters: r.Filters,
			Level: r.Level, Hub: r.Hub, Note: r.Note})
	}
	return out, nil
}
