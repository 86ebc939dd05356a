package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Link checks: the result of the last check of every external link (and
// attachment) of a published material, kept per material and URL.
// Failures counts consecutive failures; a link is "broken" from
// BrokenAfter of them, so one bad minute of a remote site is no alarm.

// BrokenAfter is how many checks in a row must fail before a link is listed.
const BrokenAfter = 2

// MaxLinkURL is the longest URL kept (its column); longer ones are skipped.
const MaxLinkURL = 2048

// LinkSource is what the checker reads of a published material.
type LinkSource struct {
	ID          int64
	Slug        string
	HTML        string
	SourceURL   string
	ContentHash string
	Attachments []catalog.Attachment
}

// LinkResult is one checked URL. OK links reset the failure count.
type LinkResult struct {
	URL    string
	OK     bool
	Status int    // HTTP status; 0 when there was no answer
	Error  string // Dutch, "" when OK
}

// BrokenLink is a link that failed BrokenAfter or more checks in a row.
type BrokenLink struct {
	MaterialID    int64
	Slug          string
	Hub           string
	Title         string
	URL           string
	Status        int
	Error         string
	CheckedAt     time.Time
	FirstFailedAt time.Time
	Failures      int
}

type linkCheckRow struct {
	MaterialID    int64  `gorm:"primaryKey"`
	URL           string `gorm:"primaryKey;column:url"`
	Status        int
	Error         string
	CheckedAt     time.Time
	FirstFailedAt *time.Time
	Failures      int
}

func (linkCheckRow) TableName() string { return "link_checks" }

// LinkSources reads up to limit published materials with an id above
// after, in id order (the checker's cursor walks the whole catalogue a
// slice per run).
func (s *Store) LinkSources(ctx context.Context, after int64, limit int) ([]LinkSource, error) {
	var rows []materialRow
	err := s.read.WithContext(ctx).Select("id, slug, html, source_url, content_hash, attachments").
		Where("id > ?", after).Order("id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: links lezen: %w", err)
	}
	out := make([]LinkSource, 0, len(rows))
	for _, r := range rows {
		ls := LinkSource{ID: r.ID, Slug: r.Slug, HTML: r.HTML, SourceURL: r.SourceURL, ContentHash: r.ContentHash}
		if r.Attachments != "" && r.Attachments != "[]" {
			if err := json.Unmarshal([]byte(r.Attachments), &ls.Attachments); err != nil {
				return nil, fmt.Errorf("store: bijlagen van %q: %w", r.Slug, err)
			}
		}
		out = append(out, ls)
	}
	return out, nil
}

// RecordLinkChecks stores the results of one material's check: every URL
// it still has, and forgets the URLs it no longer has.
func (s *Store) RecordLinkChecks(ctx context.Context, materialID int64, results []LinkResult) error {
	now := s.now().UTC().Truncate(time.Microsecond)
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		var old []linkCheckRow
		if err := tx.Where("material_id = ?", materialID).Find(&old).Error; err != nil {
			return err
		}
		prev := make(map[string]linkCheckRow, len(old))
		for _, r := range old {
			prev[r.URL] = r
		}
		keep := map[string]bool{}
		for _, res := range results {
			if len(res.URL) > MaxLinkURL || keep[res.URL] {
				continue
			}
			keep[res.URL] = true
			row := linkCheckRow{MaterialID: materialID, URL: res.URL, Status: res.Status, Error: res.Error, CheckedAt: now}
			if !res.OK {
				p := prev[res.URL]
				row.Failures = p.Failures + 1
				row.FirstFailedAt = p.FirstFailedAt
				if row.FirstFailedAt == nil {
					row.FirstFailedAt = &now
				}
			}
			err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "material_id"}, {Name: "url"}},
				DoUpdates: clause.AssignmentColumns([]string{"status", "error", "checked_at", "first_failed_at", "failures"}),
			}).Create(&row).Error
			if err != nil {
				return err
			}
		}
		for u := range prev {
			if !keep[u] {
				if err := tx.Where("material_id = ? AND url = ?", materialID, u).Delete(&linkCheckRow{}).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// BrokenLinks lists the broken links of published materials in hub (""
// for every hub), longest broken first.
func (s *Store) BrokenLinks(ctx context.Context, hub string, limit int) ([]BrokenLink, error) {
	q := s.read.WithContext(ctx).Table("link_checks l").
		Select("l.material_id, m.slug, m.hub, m.title, l.url, l.status, l.error, l.checked_at, l.first_failed_at, l.failures").
		Joins("JOIN materials m ON m.id = l.material_id").
		Where("l.failures >= ?", BrokenAfter).Order("l.first_failed_at, l.material_id, l.url").Limit(limit)
	if hub != "" {
		q = q.Where("m.hub = ?", hub)
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, fmt.Errorf("store: kapotte links lezen: %w", err)
	}
	defer rows.Close()
	var out []BrokenLink
	for rows.Next() {
		var b BrokenLink
		var first *time.Time
		if err := rows.Scan(&b.MaterialID, &b.Slug, &b.Hub, &b.Title, &b.URL, &b.Status, &b.Error, &b.CheckedAt, &first, &b.Failures); err != nil {
			return nil, fmt.Errorf("store: kapotte links lezen: %w", err)
		}
		if first != nil {
			b.FirstFailedAt = first.UTC()
		}
		b.CheckedAt = b.CheckedAt.UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// BrokenLinkCounts counts broken links per material id in hub ("" = all).
func (s *Store) BrokenLinkCounts(ctx context.Context, hub string) (map[int64]int, error) {
	q := s.read.WithContext(ctx).Table("link_checks l").Select("l.material_id, COUNT(*)").
		Joins("JOIN materials m ON m.id = l.material_id").Where("l.failures >= ?", BrokenAfter).Group("l.material_id")
	if hub != "" {
		q = q.Where("m.hub = ?", hub)
	}
	return countRows(q)
}
