package web

import (
	"fmt"

	"github.com/stem-kennishub/hub/internal/search"
)

// checkFilterValues rejects filter values that no closed vocabulary knows
// (levels=secundar), with a "bedoelde je" where one is close, and drops
// them from q so the page can still show results for the rest. Open
// vocabularies (subjects) take any value.
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
			if _, ok := vocab.Term(field, v); ok {
				kept = append(kept, v)
				continue
			}
			if first == nil {
				msg := fmt.Sprintf("%q is geen gekende waarde voor %q.", quoteTrim(v), field)
				if sug := vocab.SuggestTerm(field, v); sug != "" {
					msg = fmt.Sprintf("%q is geen gekende waarde voor %q; bedoelde je %q?", quoteTrim(v), field, sug)
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
