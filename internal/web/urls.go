package web

import (
	"net/url"
	"strconv"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// searchState is a search as a URL: every state of the search page is a
// shareable link built from it. Parameters are emitted in a fixed order so
// equal searches have equal URLs.
type searchState struct {
	Text    string
	Filters map[string][]string
	Sort    string
	PerPage int
}

func stateOf(q search.Query) searchState {
	return searchState{Text: q.Text, Filters: q.Filters, Sort: q.Sort, PerPage: q.PerPage}
}

func (st searchState) url(page int) string {
	var b []byte
	add := func(k, v string) {
		if len(b) > 0 {
			b = append(b, '&')
		}
		b = append(b, url.QueryEscape(k)...)
		b = append(b, '=')
		b = append(b, url.QueryEscape(v)...)
	}
	if st.Text != "" {
		add(paramQ, st.Text)
	}
	for _, f := range catalog.FacetFields {
		for _, v := range st.Filters[f] {
			add(f, v)
		}
	}
	if st.Sort != "" && st.Sort != search.SortRelevance {
		add(paramSort, st.Sort)
	}
	if st.PerPage != 0 && st.PerPage != defaultPerPage {
		add(paramPerPage, strconv.Itoa(st.PerPage))
	}
	if page > 1 {
		add(paramPage, strconv.Itoa(page))
	}
	if len(b) == 0 {
		return "/zoeken"
	}
	return "/zoeken?" + string(b)
}

// without drops one filter value (a chip's link).
func (st searchState) without(field, value string) searchState {
	f := make(map[string][]string, len(st.Filters))
	for k, vs := range st.Filters {
		for _, v := range vs {
			if k != field || v != value {
				f[k] = append(f[k], v)
			}
		}
	}
	st.Filters = f
	return st
}

// filterURL is a search for one value of one field ("browse by level").
func filterURL(field, value string) string {
	return searchState{Filters: map[string][]string{field: {value}}}.url(1)
}
