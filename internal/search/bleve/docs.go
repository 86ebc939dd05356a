package bleve

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/stem-kennishub/hub/internal/search"
)

const (
	unitSep   = "\x1f" // between a field name and its values, and between values
	recordSep = "\x1e" // between fields
)

// toBleve builds the Bleve document directly (IndexAdvanced), skipping
// Bleve's reflection-based mapping: faster imports, and exact control over
// what is indexed (text fields, no term vectors, no doc values) and what is
// stored (title, summary, date and facets, enough to rebuild the in-memory
// state on Open).
func toBleve(m *mapping.IndexMappingImpl, d *search.Document) (*document.Document, error) {
	an := m.AnalyzerNamed(analyzerName)
	bd := document.NewDocument(d.ID)
	text := func(name, value string, store bool) {
		if value == "" {
			return
		}
		opts := index.IndexField
		if store {
			opts |= index.StoreField
		}
		bd.AddField(document.NewTextFieldCustom(name, nil, []byte(value), opts, an))
	}
	text("title", d.Title, true)
	text("keywords", strings.Join(d.Keywords, " . "), false)
	text("summary", d.Summary, true)
	text("metadata", strings.Join(d.Metadata, " . "), false)
	text("headings", strings.Join(d.Headings, " . "), false)
	text("body", d.Body, false)
	bd.AddField(document.NewTextFieldCustom(fieldDate, nil, []byte(strconv.FormatInt(unixOrZero(d.Date), 10)), index.StoreField, nil))
	bd.AddField(document.NewTextFieldCustom(fieldFacets, nil, []byte(encodeFacets(d.Facets)), index.StoreField, nil))
	return bd, nil
}

// cleanFacets drops the separator characters from facet values (no real
// value has control characters) so that the stored encoding round-trips and
// the bitmaps hold the same values before and after a restart.
func cleanFacets(d search.Document) (search.Document, bool) {
	dirty := false
	for _, values := range d.Facets {
		for _, v := range values {
			if strings.ContainsAny(v, unitSep+recordSep) {
				dirty = true
			}
		}
	}
	if !dirty {
		return d, false
	}
	clean := make(map[string][]string, len(d.Facets))
	for f, values := range d.Facets {
		for _, v := range values {
			v = strings.NewReplacer(unitSep, "", recordSep, "").Replace(v)
			if v != "" {
				clean[f] = append(clean[f], v)
			}
		}
	}
	d.Facets = clean
	return d, true
}

func encodeFacets(facets map[string][]string) string {
	fields := make([]string, 0, len(facets))
	for f := range facets {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteString(recordSep)
		}
		b.WriteString(f)
		for _, v := range facets[f] {
			b.WriteString(unitSep)
			b.WriteString(v)
		}
	}
	return b.String()
}

func decodeFacets(s string) map[string][]string {
	out := map[string][]string{}
	if s == "" {
		return out
	}
	for _, rec := range strings.Split(s, recordSep) {
		parts := strings.Split(rec, unitSep)
		if len(parts) > 1 {
			out[parts[0]] = parts[1:]
		}
	}
	return out
}

func decodeDate(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}
