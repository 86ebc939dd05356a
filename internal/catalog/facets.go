package catalog

import (
	"strconv"
	"strings"
)

// FacetValues returns every facet field's values (FacetFields) as strings:
// numbers in decimal, surrounding spaces trimmed, empty values and repeats
// dropped, fields without values left out. It is the one mapping from a
// material to its filterable values: the store's term rows and the search
// documents both come from it, so a filter finds the same materials
// whichever side answers.
func (m *Material) FacetValues() map[string][]string {
	out := make(map[string][]string, len(FacetFields))
	put := func(field string, values []string) {
		seen := make(map[string]bool, len(values))
		for _, v := range values {
			v = strings.TrimSpace(v)
			if v == "" || seen[v] {
				continue
			}
			seen[v] = true
			out[field] = append(out[field], v)
		}
	}
	ints := func(xs []int) []string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = strconv.Itoa(x)
		}
		return s
	}
	put(FieldType, []string{m.Type})
	put(FieldLevels, m.Levels)
	put(FieldGrades, m.GradeValues()) // "lager-2": a graad is never counted without its level
	put(FieldYears, m.YearValues())
	put(FieldStreams, m.Streams)
	put(FieldFinalities, m.Finalities)
	put(FieldDisciplines, m.Disciplines)
	put(FieldSubjects, m.Subjects)
	put(FieldGoals, m.Goals)
	put(FieldStemKader, ints(m.StemKader))
	put(FieldThemes, m.Themes)
	put(FieldSDGs, ints(m.SDGs))
	put(FieldInclusion, m.Inclusion)
	put(FieldNetwork, []string{m.Network})
	put(FieldHub, []string{m.Hub})
	put(FieldLicense, []string{m.License})
	put(FieldLanguage, []string{m.Language})
	return out
}
