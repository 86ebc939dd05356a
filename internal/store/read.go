package store

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
)

// Material returns one material with everything: body, HTML, TOC, text.
func (s *Store) Material(ctx context.Context, slug string) (catalog.Material, error) {
	var row materialRow
	err := s.read.WithContext(ctx).Where("slug = ?", slug).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return catalog.Material{}, fmt.Errorf("store: material %q: %w", slug, ErrNotFound)
	}
	if err != nil {
		return catalog.Material{}, fmt.Errorf("store: material %q: %w", slug, err)
	}
	m, err := fromRow(&row)
	if err != nil {
		return m, fmt.Errorf("store: %w", err)
	}
	return m, nil
}

// Materials returns the listing fields (no body, HTML, text or TOC) of the
// given materials in the given order; unknown slugs are skipped. Search uses
// it to turn hits into result cards.
func (s *Store) Materials(ctx context.Context, slugs []string) ([]catalog.Material, error) {
	return s.materialsBySlug(ctx, listColumns, slugs)
}

// MaterialsForIndex is Materials plus the plain text and headings a search
// document needs. The outbox worker treats a slug missing from the answer
// as deleted.
func (s *Store) MaterialsForIndex(ctx context.Context, slugs []string) ([]catalog.Material, error) {
	return s.materialsBySlug(ctx, indexColumns, slugs)
}

func (s *Store) materialsBySlug(ctx context.Context, columns string, slugs []string) ([]catalog.Material, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	var rows []materialRow
	if err := s.read.WithContext(ctx).Select(columns).Where("slug IN ?", slugs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: materials: %w", err)
	}
	bySlug := make(map[string]*materialRow, len(rows))
	for i := range rows {
		bySlug[rows[i].Slug] = &rows[i]
	}
	out := make([]catalog.Material, 0, len(rows))
	for _, slug := range slugs {
		row, ok := bySlug[slug]
		if !ok {
			continue
		}
		delete(bySlug, slug) // a slug asked twice appears once
		m, err := fromRow(row)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, m)
	}
	return out, nil
}

// newestFirst is the order of every listing: material date, then import order.
const newestFirst = "date DESC, id DESC"

// Recent returns the newest materials (listing fields).
func (s *Store) Recent(ctx context.Context, limit int) ([]catalog.Material, error) {
	var rows []materialRow
	err := s.read.WithContext(ctx).Select(listColumns).Order(newestFirst).Limit(clampLimit(limit)).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: recent: %w", err)
	}
	return wrapRows(fromRows(rows))
}

// ByHub returns one page of a regional hub's materials, newest first, and
// how many it has in all.
func (s *Store) ByHub(ctx context.Context, hub string, limit, offset int) ([]catalog.Material, int, error) {
	db := s.read.WithContext(ctx)
	var total int64
	if err := db.Model(&materialRow{}).Where("hub = ?", hub).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: hub %q: %w", hub, err)
	}
	var rows []materialRow
	err := db.Select(listColumns).Where("hub = ?", hub).Order(newestFirst).
		Limit(clampLimit(limit)).Offset(max(offset, 0)).Find(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: hub %q: %w", hub, err)
	}
	ms, err := wrapRows(fromRows(rows))
	return ms, int(total), err
}

// Count returns the number of materials.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int64
	if err := s.read.WithContext(ctx).Model(&materialRow{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return int(n), nil
}

// All streams every material (listing fields plus text and headings, what
// the search index needs) in id order, batchSize at a time, without holding
// more than one batch in memory. It stops at the first error fn returns.
func (s *Store) All(ctx context.Context, batchSize int, fn func([]catalog.Material) error) error {
	if batchSize <= 0 {
		batchSize = 500
	}
	var last int64
	for {
		var rows []materialRow
		err := s.read.WithContext(ctx).Select(indexColumns).Where("id > ?", last).
			Order("id").Limit(batchSize).Find(&rows).Error
		if err != nil {
			return fmt.Errorf("store: all: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		last = rows[len(rows)-1].ID
		ms, err := fromRows(rows)
		if err != nil {
			return fmt.Errorf("store: all: %w", err)
		}
		if err := fn(ms); err != nil {
			return err
		}
		if len(rows) < batchSize {
			return nil
		}
	}
}

// CountBy counts materials per value of a facet field.
func (s *Store) CountBy(ctx context.Context, field string) (map[string]int, error) {
	return s.CountWhere(ctx, field, nil)
}

// CountWhere counts materials per value of a facet field among the
// materials that match filters (OR within a field, AND across fields),
// e.g. the levels within one regional hub.
func (s *Store) CountWhere(ctx context.Context, field string, filters map[string][]string) (map[string]int, error) {
	if !catalog.IsFacetField(field) {
		return nil, fmt.Errorf("store: count by %q: %w", field, ErrUnknownField)
	}
	q := s.read.WithContext(ctx).Table("material_terms").Select("value, COUNT(*) AS n").Where("field = ?", field)
	q, err := applyFilters(q, "material_id", filters)
	if err != nil {
		return nil, fmt.Errorf("store: count by %q: %w", field, err)
	}
	var rows []struct {
		Value string
		N     int
	}
	if err := q.Group("value").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: count by %q: %w", field, err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Value] = r.N
	}
	return out, nil
}

// ErrUnknownField is returned for a filter or count on a field that is not
// a facet field.
var ErrUnknownField = errors.New("onbekend veld")

// applyFilters adds one "id IN (materials with one of these values)"
// condition per field: OR within a field, AND across fields. Fields are
// applied in a fixed order so the SQL text, and its prepared statement, is
// the same for the same set of fields.
func applyFilters(q *gorm.DB, idColumn string, filters map[string][]string) (*gorm.DB, error) {
	fields := make([]string, 0, len(filters))
	for f, values := range filters {
		if len(values) > 0 {
			fields = append(fields, f)
		}
	}
	sort.Strings(fields)
	for _, f := range fields {
		if !catalog.IsFacetField(f) {
			return nil, fmt.Errorf("filter %q: %w", f, ErrUnknownField)
		}
		q = q.Where(idColumn+" IN (SELECT material_id FROM material_terms WHERE field = ? AND value IN ?)", f, filters[f])
	}
	return q, nil
}

func clampLimit(limit int) int {
	switch {
	case limit <= 0:
		return 20
	case limit > 1000:
		return 1000
	}
	return limit
}

func wrapRows(ms []catalog.Material, err error) ([]catalog.Material, error) {
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return ms, nil
}

// ContentHashes returns the stored content hash of each given slug that
// exists; the importer uses it to skip unchanged materials' attachments.
func (s *Store) ContentHashes(ctx context.Context, slugs []string) (map[string]string, error) {
	out := make(map[string]string, len(slugs))
	if len(slugs) == 0 {
		return out, nil
	}
	var rows []existingRow
	if err := s.read.WithContext(ctx).Model(&materialRow{}).Select("id, slug, content_hash").Where("slug IN ?", slugs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: content hashes: %w", err)
	}
	for _, r := range rows {
		out[r.Slug] = r.ContentHash
	}
	return out, nil
}
