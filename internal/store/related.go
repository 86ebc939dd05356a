package store

import (
	"context"
	"fmt"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// Related returns up to limit other materials that share goals, themes or
// disciplines with m, most related first. A shared goal weighs most, then a
// shared theme; materials that only share a discipline fill the remaining
// places (disciplines are so broad that ranking by them says little, and
// counting them over a large catalogue would be slow).
func (s *Store) Related(ctx context.Context, m catalog.Material, limit int) ([]catalog.Material, error) {
	limit = clampLimit(limit)
	db := s.read.WithContext(ctx)
	var self struct{ ID int64 }
	_ = db.Table("materials").Select("id").Where("slug = ?", m.Slug).Take(&self).Error // absent: nothing to exclude

	var ids []int64
	if len(m.Goals) > 0 || len(m.Themes) > 0 {
		var scored []struct {
			MaterialID int64
			Score      int
		}
		err := db.Raw(`
SELECT material_id, SUM(CASE WHEN field = 'goals' THEN 3 ELSE 1 END) AS score
FROM material_terms
WHERE material_id <> ? AND ((field = 'goals' AND value IN ?) OR (field = 'themes' AND value IN ?))
GROUP BY material_id
ORDER BY score DESC, material_id DESC
LIMIT ?`, self.ID, nonEmpty(m.Goals), nonEmpty(m.Themes), limit).Scan(&scored).Error
		if err != nil {
			return nil, fmt.Errorf("store: related to %q: %w", m.Slug, err)
		}
		for _, r := range scored {
			ids = append(ids, r.MaterialID)
		}
	}
	if len(ids) < limit && len(m.Disciplines) > 0 {
		exclude := append([]int64{self.ID}, ids...)
		var more []int64
		err := db.Raw(`
SELECT DISTINCT material_id FROM material_terms
WHERE field = 'disciplines' AND value IN ? AND material_id NOT IN ?
ORDER BY material_id DESC
LIMIT ?`, m.Disciplines, exclude, limit-len(ids)).Scan(&more).Error
		if err != nil {
			return nil, fmt.Errorf("store: related to %q: %w", m.Slug, err)
		}
		ids = append(ids, more...)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []materialRow
	if err := db.Select(listColumns).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: related to %q: %w", m.Slug, err)
	}
	byID := make(map[int64]*materialRow, len(rows))
	for i := range rows {
		byID[rows[i].ID] = &rows[i]
	}
	out := make([]catalog.Material, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			rm, err := fromRow(r)
			if err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
			out = append(out, rm)
		}
	}
	return out, nil
}

// nonEmpty keeps "IN ?" valid SQL for an empty list: it becomes IN (NULL),
// which matches nothing.
func nonEmpty(xs []string) any {
	if len(xs) == 0 {
		return []any{nil}
	}
	return xs
}
