package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// qualityColumns are what the quality rules read. All of them come before
// body and html in the table, so SQLite never walks a row's overflow pages
// (the listing columns would: attachments and the times come after them).
const qualityColumns = "id, slug, title, type, levels, grades, streams, finalities, goals, stem_kader, inclusion, hub, license, date, duration"

// QualityScan streams every published material's qualityColumns in id
// order, batchSize at a time, for the metadata-quality overview.
func (s *Store) QualityScan(ctx context.Context, batchSize int, fn func([]catalog.Material) error) error {
	if batchSize <= 0 {
		batchSize = 500
	}
	var last int64
	for {
		var rows []materialRow
		err := s.read.WithContext(ctx).Select(qualityColumns).Where("id > ?", last).Order("id").Limit(batchSize).Find(&rows).Error
		if err != nil {
			return fmt.Errorf("store: quality scan: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		last = rows[len(rows)-1].ID
		ms, err := fromRows(rows)
		if err != nil {
			return fmt.Errorf("store: quality scan: %w", err)
		}
		if err := fn(ms); err != nil {
			return err
		}
		if len(rows) < batchSize {
			return nil
		}
	}
}

// ImagesWithoutAlt returns, per slug, how many images in a published
// material's HTML have no alternative text. Only rows whose HTML holds an
// image are read, in batches. The sanitised HTML writes every image as
// <img src="…" alt="…">, so an empty alt is alt="".
func (s *Store) ImagesWithoutAlt(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	var last int64
	for {
		var rows []materialRow
		err := s.read.WithContext(ctx).Select("id, slug, html").Where("id > ? AND html LIKE ?", last, "%<img%").
			Order("id").Limit(200).Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("store: images: %w", err)
		}
		for _, r := range rows {
			if n := imagesWithoutAlt(r.HTML); n > 0 {
				out[r.Slug] = n
			}
		}
		if len(rows) < 200 {
			return out, nil
		}
		last = rows[len(rows)-1].ID
	}
}

var (
	imgTag  = regexp.MustCompile(`<img\b[^>]*>`)
	altAttr = regexp.MustCompile(`\balt="([^"]*)"`)
)

// imagesWithoutAlt counts the images in sanitised HTML whose alt is
// missing or blank.
func imagesWithoutAlt(html string) int {
	n := 0
	for _, tag := range imgTag.FindAllString(html, -1) {
		if m := altAttr.FindStringSubmatch(tag); m == nil || strings.TrimSpace(m[1]) == "" {
			n++
		}
	}
	return n
}
