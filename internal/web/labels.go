package web

import (
	"strconv"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// label is the Dutch label of a field's value. Numeric fields get a
// readable fallback when the vocabulary has no label ("2de graad",
// "SDG 13"), so a page never shows a bare number without context.
func (s *server) label(field, value string) string {
	l := s.vocab().Label(field, value)
	if l != value && l != "" {
		return l
	}
	if field == catalog.FieldGrades {
		if level, num, ok := strings.Cut(value, "-"); ok {
			if n, err := strconv.Atoi(num); err == nil {
				return gradeLabel(n) + " " + level // "2de graad lager" without grades.yaml
			}
		}
	}
	n, err := strconv.Atoi(value)
	if err != nil {
		return value
	}
	switch field {
	case catalog.FieldGrades:
		return gradeLabel(n)
	case catalog.FieldStemKader:
		return "STEM-kader dimensie " + value
	case catalog.FieldSDGs:
		return "SDG " + value
	}
	return value
}

// fieldLabel is the Dutch name of a field ("Niveau"); catalog owns the names.
func (s *server) fieldLabel(field string) string { return s.vocab().FieldLabel(field) }

// labels maps a list of values to their labels.
func (s *server) labels(field string, values []string) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		out = append(out, s.label(field, v))
	}
	return out
}

func (s *server) intLabels(field string, values []int) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		out = append(out, s.label(field, strconv.Itoa(v)))
	}
	return out
}

// term looks a value up with its description; a missing term still has
// the value as label.
func (s *server) term(field, id string) catalog.Term {
	if t, ok := s.vocab().Term(field, id); ok {
		if t.Label == "" {
			t.Label = id
		}
		return t
	}
	return catalog.Term{ID: id, Label: s.label(field, id)}
}
