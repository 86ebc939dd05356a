package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
)

// SearchResult is one page of the database fallback search.
type SearchResult struct {
	Total     int
	Materials []catalog.Material // listing fields
}

// FallbackSearch is the search used while the search engine is down: every
// word of q must occur (case-insensitively, as a substring) in the title or
// the summary; filters are OR within a field and AND across fields, as in
// the engine. Results are newest first. It knows no stemming, typos or
// accents (and on SQLite, LOWER folds only ASCII letters, so "É" does not
// match "é"): it keeps the hub usable, not clever. Every word is a
// substring scan over all rows, fine for a fallback, not for normal traffic.
func (s *Store) FallbackSearch(ctx context.Context, q string, filters map[string][]string, page, perPage int) (SearchResult, error) {
	if page < 1 {
		page = 1
	}
	perPage = clampLimit(perPage)
	db := s.read.WithContext(ctx).Model(&materialRow{})
	for _, word := range strings.Fields(strings.ToLower(q)) {
		pattern := "%" + escapeLike(word) + "%"
		db = db.Where(`(LOWER(title) LIKE ? ESCAPE '\' OR LOWER(summary) LIKE ? ESCAPE '\')`, pattern, pattern)
	}
	db, err := applyFilters(db, "id", filters)
	if err != nil {
		return SearchResult{}, fmt.Errorf("store: fallback search: %w", err)
	}
	// A new session so that counting and fetching each start from the
	// same conditions instead of sharing one mutated statement.
	db = db.Session(&gorm.Session{})
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return SearchResult{}, fmt.Errorf("store: fallback search: %w", err)
	}
	var rows []materialRow
	err = db.Select(listColumns).Order(newestFirst).Limit(perPage).Offset((page - 1) * perPage).Find(&rows).Error
	if err != nil {
		return SearchResult{}, fmt.Errorf("store: fallback search: %w", err)
	}
	ms, err := fromRows(rows)
	if err != nil {
		return SearchResult{}, fmt.Errorf("store: fallback search: %w", err)
	}
	return SearchResult{Total: int(total), Materials: ms}, nil
}

// escapeLike makes %, _ and \ in user input match literally.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
