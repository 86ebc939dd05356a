package web

import (
	"fmt"
	"slices"

	"github.com/stem-kennishub/hub/internal/search"
)

// checkFilterValues rejects filter values that no closed vocabulary knows
// (levels=secundar), with a "bedoelde je" where one is close, and drops
// them from q so the page can still show results for the rest. Open
// vocabularies (subjects) take any value. A group of values stands for its
// values: grades=2 (a bookmark from before graden had a level) is the 2de
// graad lager and secundair, levels=basisonderwijs is kleuter and lager.
func (s *server) checkFilterValues(q *search.Query) *ParamError {
	vocab := s.vocab()
	var first *ParamError
	for field, values := range q.Filters {
		voc := vocab.Vocabulary(field)
		if voc == nil || voc.Open {
			continue
		}
		kept := values[:0:0]
		for _, v := range values {
			if terms := vocab.Expand(field, v); len(terms) != 1 || terms[0] != v {
				for _, t := range terms {
					if !slices.Contains(kept, t) {
						kept = append(kept, t)
					}
				}
				continue
			}
			if _, ok := vocab.Term(field, v); ok {
				if !slices.Contains(kept, v) {
					kept = append(kept, v)
				}
				continue
			}
			if first == nil {
				name := vocab.FieldLabel(field)
				msg := fmt.Sprintf("%q is geen gekende waarde voor %s.", quoteTrim(v), name)
				if sug := vocab.SuggestTerm(field, v); sug != "" {
					msg = fmt.Sprintf("%q is geen gekende waarde voor %s; bedoelde je %q?", quoteTrim(v), name, sug)
				}
				first = &ParamError{Parameter: field, Message: msg}
			}
		}
		if len(kept) == 0 {
			delete(q.Filters, field)
		} else {
			q.Filters[field] = kept
		}
	}
	return first
}
