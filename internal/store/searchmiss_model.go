package store

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// Search misses are searches that found nothing (Zero) or only a few
// results (Few), counted per normalised query and ISO week. They are what
// teachers look for and the hub lacks: the indicators will turn them into
// content requests. A row holds no personal data: no IP address, no user,
// no time finer than the week, no filters.

// SearchMiss is one (week, query) count.
type SearchMiss struct {
	Week  time.Time // Monday 00:00 UTC of the week (WeekOf)
	Query string    // normalised by the service, at most MaxMissQueryLength runes
	Zero  int       // searches that found nothing
	Few   int       // searches that found a few results, but not none
}

// MaxMissQueryLength bounds a stored query (runes); the service cuts longer
// ones, so the table cannot be filled with long strings.
const MaxMissQueryLength = 100

// ErrInvalidMiss is returned for a miss with an empty or too long query or
// negative counts; nothing of the batch is written.
var ErrInvalidMiss = errors.New("ongeldige zoekvraag-telling")

// WeekOf returns the Monday 00:00 UTC that begins t's ISO week.
func WeekOf(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	back := (int(day.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return day.AddDate(0, 0, -back)
}

// searchMissRow is one row of search_misses; week is a YYYY-MM-DD string,
// the same on SQLite and PostgreSQL and sortable.
type searchMissRow struct {
	Week      string
	Query     string
	ZeroCount int
	FewCount  int
}

func (searchMissRow) TableName() string { return "search_misses" }

const weekLayout = "2006-01-02"

func searchMissMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE search_misses (
	week {{text}} NOT NULL,
	query {{text}} NOT NULL,
	zero_count BIGINT NOT NULL DEFAULT 0,
	few_count BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (week, query)
)`)
}
