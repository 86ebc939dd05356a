package search

import (
	"strconv"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// DocumentFrom maps a material to the document every backend indexes. Facet
// values are strings (numbers as decimal strings) so that filters and facet
// counts work the same for every field and every backend. Empty values are
// dropped: they can never be chosen as a filter.
func DocumentFrom(m catalog.Material) Document {
	facets := make(map[string][]string, len(catalog.FacetFields))
	put := func(field string, values []string) {
		var out []string
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		if len(out) > 0 {
			facets[field] = dedupe(out)
		}
	}
	put(catalog.FieldType, []string{m.Type})
	put(catalog.FieldLevels, m.Levels)
	put(catalog.FieldGrades, itoa(m.Grades))
	put(catalog.FieldStreams, m.Streams)
	put(catalog.FieldFinalities, m.Finalities)
	put(catalog.FieldDisciplines, m.Disciplines)
	put(catalog.FieldSubjects, m.Subjects)
	put(catalog.FieldGoals, m.Goals)
	put(catalog.FieldStemKader, itoa(m.StemKader))
	put(catalog.FieldThemes, m.Themes)
	put(catalog.FieldSDGs, itoa(m.SDGs))
	put(catalog.FieldInclusion, m.Inclusion)
	put(catalog.FieldNetwork, []string{m.Network})
	put(catalog.FieldHub, []string{m.Hub})
	put(catalog.FieldLicense, []string{m.License})
	put(catalog.FieldLanguage, []string{m.Language})
	return Document{
		ID:       m.Slug,
		Title:    m.Title,
		Summary:  m.Summary,
		Keywords: append([]string(nil), m.Keywords...),
		Headings: append([]string(nil), m.Headings...),
		Body:     m.Text,
		Date:     m.Date,
		Facets:   facets,
	}
}

func itoa(ns []int) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, strconv.Itoa(n))
	}
	return out
}

// dedupe removes repeated values, keeping the first occurrence's order.
func dedupe(values []string) []string {
	if len(values) < 2 {
		return values
	}
	seen := make(map[string]bool, len(values))
	out := values[:0]
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
