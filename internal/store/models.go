package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// materialRow is the materials table. List fields are JSON text so one row
// reads back a whole material; material_terms repeats the facet values in
// normalised form for filtering and counting.
type materialRow struct {
	ID          int64 `gorm:"primaryKey"`
	Slug        string
	Title       string
	Summary     string
	Type        string
	Levels      string
	Grades      string
	Years       string
	Streams     string
	Finalities  string
	Disciplines string
	Subjects    string
	Goals       string
	StemKader   string
	Themes      string
	SDGs        string `gorm:"column:sdgs"`
	Inclusion   string
	Network     string
	Hub         string
	Authors     string
	License     string
	Language    string
	Date        string // YYYY-MM-DD or empty
	Duration    int
	Keywords    string
	SourceURL   string `gorm:"column:source_url"`
	Body        string
	HTML        string `gorm:"column:html"`
	Text        string
	Headings    string
	TOC         string `gorm:"column:toc"`
	Attachments string
	ContentHash string
	SourcePath  string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (materialRow) TableName() string { return "materials" }

type termRow struct {
	MaterialID int64 `gorm:"primaryKey;autoIncrement:false"`
	Field      string
	Value      string
}

func (termRow) TableName() string { return "material_terms" }

type outboxRow struct {
	ID            int64 `gorm:"primaryKey"`
	MaterialSlug  string
	Op            string
	CreatedAt     time.Time
	Attempts      int
	LastError     string
	NextAttemptAt time.Time
}

func (outboxRow) TableName() string { return "outbox" }

type metaRow struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

func (metaRow) TableName() string { return "meta" }

// Column sets. Listings leave out the heavy columns; the index needs the
// plain text and headings but not the HTML.
const (
	listColumns = "id, slug, title, summary, type, levels, grades, years, streams, finalities, disciplines, " +
		"subjects, goals, stem_kader, themes, sdgs, inclusion, network, hub, authors, license, language, " +
		"date, duration, keywords, source_url, attachments, content_hash, source_path, created_at, updated_at"
	indexColumns = listColumns + ", text, headings"
)

const dateLayout = "2006-01-02"

func toRow(m *catalog.Material) (materialRow, error) {
	r := materialRow{
		Slug: m.Slug, Title: m.Title, Summary: m.Summary, Type: m.Type,
		Network: m.Network, Hub: m.Hub, License: m.License, Language: m.Language,
		Duration: m.Duration, SourceURL: m.SourceURL, Body: m.Body, HTML: m.HTML, Text: m.Text,
		ContentHash: m.ContentHash, SourcePath: m.SourcePath,
	}
	if !m.Date.IsZero() {
		r.Date = m.Date.Format(dateLayout)
	}
	fields := []struct {
		dst *string
		v   any
	}{
		{&r.Levels, m.Levels}, {&r.Grades, m.Grades}, {&r.Years, m.Years}, {&r.Streams, m.Streams},
		{&r.Finalities, m.Finalities}, {&r.Disciplines, m.Disciplines}, {&r.Subjects, m.Subjects},
		{&r.Goals, m.Goals}, {&r.StemKader, m.StemKader}, {&r.Themes, m.Themes}, {&r.SDGs, m.SDGs},
		{&r.Inclusion, m.Inclusion}, {&r.Authors, m.Authors}, {&r.Keywords, m.Keywords},
		{&r.Headings, m.Headings}, {&r.TOC, m.TOC}, {&r.Attachments, m.Attachments},
	}
	for _, f := range fields {
		s, err := encodeList(f.v)
		if err != nil {
			return r, fmt.Errorf("material %q: %w", m.Slug, err)
		}
		*f.dst = s
	}
	return r, nil
}

// encodeList writes a slice as JSON; empty and nil both become "[]" so the
// column never holds null.
func encodeList(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "[]", nil
	}
	return string(b), nil
}

func fromRow(r *materialRow) (catalog.Material, error) {
	m := catalog.Material{
		Slug: r.Slug, Title: r.Title, Summary: r.Summary, Type: r.Type,
		Network: r.Network, Hub: r.Hub, License: r.License, Language: r.Language,
		Duration: r.Duration, SourceURL: r.SourceURL, Body: r.Body, HTML: r.HTML, Text: r.Text,
		ContentHash: r.ContentHash, SourcePath: r.SourcePath, UpdatedAt: r.UpdatedAt.UTC(),
	}
	if r.Date != "" {
		d, err := time.Parse(dateLayout, r.Date)
		if err != nil {
			return m, fmt.Errorf("material %q: date: %w", r.Slug, err)
		}
		m.Date = d
	}
	fields := []struct {
		src string
		dst any
	}{
		{r.Levels, &m.Levels}, {r.Grades, &m.Grades}, {r.Years, &m.Years}, {r.Streams, &m.Streams},
		{r.Finalities, &m.Finalities}, {r.Disciplines, &m.Disciplines}, {r.Subjects, &m.Subjects},
		{r.Goals, &m.Goals}, {r.StemKader, &m.StemKader}, {r.Themes, &m.Themes}, {r.SDGs, &m.SDGs},
		{r.Inclusion, &m.Inclusion}, {r.Authors, &m.Authors}, {r.Keywords, &m.Keywords},
		{r.Headings, &m.Headings}, {r.TOC, &m.TOC}, {r.Attachments, &m.Attachments},
	}
	for _, f := range fields {
		// Columns a query did not select are empty: leave the field nil.
		if f.src == "" || f.src == "[]" {
			continue
		}
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return m, fmt.Errorf("material %q: decode list: %w", r.Slug, err)
		}
	}
	return m, nil
}

func fromRows(rows []materialRow) ([]catalog.Material, error) {
	out := make([]catalog.Material, 0, len(rows))
	for i := range rows {
		m, err := fromRow(&rows[i])
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func termRows(id int64, m *catalog.Material) []termRow {
	var out []termRow
	values := m.FacetValues() // the same mapping as the search documents
	for _, field := range catalog.FacetFields {
		for _, v := range values[field] {
			out = append(out, termRow{MaterialID: id, Field: field, Value: v})
		}
	}
	return out
}
