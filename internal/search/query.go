package search

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// Limits of a query. MaxWindow bounds how deep a client can page (like
// Elasticsearch's max_result_window): deep pages cost every backend a large
// top-k and no person reads result 10,001.
const (
	DefaultPerPage  = 20
	MaxPerPage      = 100
	MaxWindow       = 10000
	MaxTextLength   = 200 // characters
	MaxFilterValues = 50  // per field
)

// QueryError says which parameter of a query is wrong and why, in Dutch, so
// the API can answer 400 naming the parameter and a page can show the text.
type QueryError struct {
	Param   string // the API parameter: "q", "sort", "page", "per_page", "facets" or a filter field
	Message string // Dutch, for people
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("parameter %q: %s", e.Param, e.Message)
}

// Normalize fills defaults (page 1, 20 per page, relevance), trims and
// de-duplicates text, filter values and facet names, and rejects what no
// backend can answer: unknown fields and sorts, negative or too large pages.
// The error is always a *QueryError. Normalize never keeps references to the
// caller's filter map, so the caller may reuse it.
func (q *Query) Normalize() error {
	q.Text = strings.TrimSpace(q.Text)
	if utf8.RuneCountInString(q.Text) > MaxTextLength {
		return &QueryError{Param: "q", Message: fmt.Sprintf("de zoekterm is te lang (hoogstens %d tekens)", MaxTextLength)}
	}
	switch q.Sort {
	case "":
		q.Sort = SortRelevance
	case SortRelevance, SortNewest, SortTitle:
	default:
		return &QueryError{Param: "sort", Message: fmt.Sprintf("onbekende sortering %q; kies relevantie (%q), nieuwste eerst (%q) of titel (%q)", q.Sort, SortRelevance, SortNewest, SortTitle)}
	}
	switch {
	case q.Page == 0:
		q.Page = 1
	case q.Page < 0:
		return &QueryError{Param: "page", Message: "het paginanummer moet 1 of meer zijn"}
	}
	switch {
	case q.PerPage == 0:
		q.PerPage = DefaultPerPage
	case q.PerPage < 0 || q.PerPage > MaxPerPage:
		return &QueryError{Param: "per_page", Message: fmt.Sprintf("het aantal resultaten per pagina moet tussen 1 en %d liggen", MaxPerPage)}
	}
	if q.Page > MaxWindow/q.PerPage {
		return &QueryError{Param: "page", Message: fmt.Sprintf("zo ver kan je niet bladeren: hoogstens de eerste %d resultaten", MaxWindow)}
	}

	filters := make(map[string][]string, len(q.Filters))
	for field, values := range q.Filters {
		if !catalog.IsFacetField(field) {
			return &QueryError{Param: field, Message: fmt.Sprintf("onbekend filterveld %q", field)}
		}
		var kept []string
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				kept = append(kept, v)
			}
		}
		kept = dedupe(kept)
		if len(kept) > MaxFilterValues {
			return &QueryError{Param: field, Message: fmt.Sprintf("te veel waarden voor de filter %s (hoogstens %d)", (*catalog.Vocabularies)(nil).FieldLabel(field), MaxFilterValues)}
		}
		if len(kept) > 0 {
			filters[field] = kept
		}
	}
	q.Filters = filters

	var facets []string
	for _, f := range q.Facets {
		f = strings.TrimSpace(f)
		if !catalog.IsFacetField(f) {
			return &QueryError{Param: "facets", Message: fmt.Sprintf("onbekend facetveld %q", f)}
		}
		facets = append(facets, f)
	}
	q.Facets = dedupe(facets)
	return nil
}
