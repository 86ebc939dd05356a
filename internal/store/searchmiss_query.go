package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// AddSearchMisses adds counts to their (week, query) rows in one
// transaction. Each row is one INSERT … ON CONFLICT DO UPDATE adding to the
// stored counts (SQLite 3.24+ and PostgreSQL alike), so instances flushing
// at the same moment never lose a count. The whole batch is checked first.
func (s *Store) AddSearchMisses(ctx context.Context, misses []SearchMiss) error {
	for _, m := range misses {
		n := utf8.RuneCountInString(m.Query)
		if strings.TrimSpace(m.Query) == "" || n > MaxMissQueryLength || m.Zero < 0 || m.Few < 0 {
			return fmt.Errorf("store: zoekvraag %.40q (%d tekens, %d zonder, %d weinig): %w; een zoekvraag is niet leeg en hoogstens %d tekens lang",
				m.Query, n, m.Zero, m.Few, ErrInvalidMiss, MaxMissQueryLength)
		}
	}
	if len(misses) == 0 {
		return nil
	}
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		for _, m := range misses {
			err := tx.Exec(`INSERT INTO search_misses (week, query, zero_count, few_count) VALUES (?, ?, ?, ?)
ON CONFLICT (week, query) DO UPDATE SET zero_count = search_misses.zero_count + excluded.zero_count,
	few_count = search_misses.few_count + excluded.few_count`,
				WeekOf(m.Week).Format(weekLayout), m.Query, m.Zero, m.Few).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: zoekvragen zonder resultaat bijwerken: %w", err)
	}
	return nil
}

// SearchMisses lists the counts of the weeks from since on: newest week
// first, then most searches without results, then most with few, then query.
func (s *Store) SearchMisses(ctx context.Context, since time.Time, limit int) ([]SearchMiss, error) {
	var rows []searchMissRow
	err := s.read.WithContext(ctx).Where("week >= ?", WeekOf(since).Format(weekLayout)).
		Order("week DESC, zero_count DESC, few_count DESC, query").Limit(clampLimit(limit)).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: zoekvragen zonder resultaat lezen: %w", err)
	}
	out := make([]SearchMiss, 0, len(rows))
	for _, r := range rows {
		week, err := time.Parse(weekLayout, r.Week)
		if err != nil {
			return nil, fmt.Errorf("store: week %q van zoekvraag %q: %w", r.Week, r.Query, err)
		}
		out = append(out, SearchMiss{Week: week, Query: r.Query, Zero: r.ZeroCount, Few: r.FewCount})
	}
	return out, nil
}

// TrimSearchMisses deletes the weeks that began before the week holding
// before, so raw queries are not kept forever; it returns how many rows
// went. The week is stored as "2006-01-02", so the text comparison orders
// like the dates.
func (s *Store) TrimSearchMisses(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM search_misses WHERE week < ?`, WeekOf(before).Format(weekLayout))
		n = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("store: oude zoekvragen zonder resultaat wissen: %w", err)
	}
	return n, nil
}
