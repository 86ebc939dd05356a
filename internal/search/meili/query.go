package meili

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	meilisearch "github.com/meilisearch/meilisearch-go"

	"github.com/stem-kennishub/hub/internal/search"
)

// Search runs q as one multi-search request: the main query, plus one
// facet-only query (no hits) per filtered field that is also counted, with
// that field's own filter removed, so its counts show what each further
// choice in that field would give (disjunctive faceting, as in Bleve).
func (ix *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	start := time.Now()
	if err := ix.checkOpen(); err != nil {
		return search.Result{}, err
	}
	// Normalize rejects unknown filter and facet fields (they would otherwise
	// reach the filter language) and bounds paging; its *QueryError says
	// which parameter is wrong.
	if err := q.Normalize(); err != nil {
		return search.Result{}, fmt.Errorf("meilisearch: %w", err)
	}
	if q.Text != "" {
		q.Text = ix.splitCompounds(ctx, q.Text)
	}
	queries, facetOnly := ix.buildRequests(q)
	resp, err := ix.client.MultiSearchWithContext(ctx, &meilisearch.MultiSearchRequest{Queries: queries})
	if err != nil {
		if apiCode(err) == "index_not_found" {
			return search.Result{}, fmt.Errorf("meilisearch: %w: index %s bestaat niet: %w", search.ErrUnavailable, ix.live, err)
		}
		return search.Result{}, classify("meilisearch: zoeken", err)
	}
	if len(resp.Results) != len(queries) {
		return search.Result{}, fmt.Errorf("meilisearch: %d resultaten voor %d zoekvragen", len(resp.Results), len(queries))
	}
	res, err := parseMain(resp.Results[0], q)
	if err != nil {
		return search.Result{}, err
	}
	for i, field := range facetOnly {
		counts, err := parseFacets(resp.Results[i+1].FacetDistribution)
		if err != nil {
			return search.Result{}, err
		}
		res.Facets[field] = counts[field]
		if res.Facets[field] == nil {
			res.Facets[field] = map[string]int{}
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// sortFor maps the hub's sort orders to Meilisearch sort parameters.
// Relevance needs no sort parameter, except with an empty query, where
// there is no relevance and the newest material comes first.
func sortFor(order, text string) []string {
	switch {
	case order == search.SortNewest:
		return []string{attrDate + ":desc"}
	case order == search.SortTitle:
		return []string{attrTitleSort + ":asc"}
	case text == "":
		return []string{attrDate + ":desc"}
	default:
		return nil
	}
}

// buildRequests returns the queries of one multi-search and, for each query
// after the first, the facet field it counts.
func (ix *Index) buildRequests(q search.Query) ([]*meilisearch.SearchRequest, []string) {
	active := func(field string) bool { return len(dedupe(q.Filters[field])) > 0 }

	main := &meilisearch.SearchRequest{
		IndexUID:             ix.live,
		Query:                q.Text,
		Sort:                 sortFor(q.Sort, q.Text),
		Page:                 int64(q.Page),
		HitsPerPage:          ptr(int64(q.PerPage)),
		AttributesToRetrieve: []string{attrID},
		ShowRankingScore:     true,
	}
	if f := buildFilter(q.Filters); f != "" {
		main.Filter = f
	}
	if q.Highlight {
		main.AttributesToRetrieve = []string{attrID, attrTitle, attrSummary}
		main.AttributesToHighlight = []string{attrTitle, attrSummary}
		main.HighlightPreTag = markOpen
		main.HighlightPostTag = markClose
	}

	queries := []*meilisearch.SearchRequest{main}
	var facetOnly []string
	for _, field := range q.Facets {
		if !active(field) {
			main.Facets = append(main.Facets, field)
			continue
		}
		fq := &meilisearch.SearchRequest{
			IndexUID:    ix.live,
			Query:       q.Text,
			Facets:      []string{field},
			Page:        1,
			HitsPerPage: ptr(int64(0)), // counts only, no documents
		}
		if f := buildFilter(withoutField(q.Filters, field)); f != "" {
			fq.Filter = f
		}
		queries = append(queries, fq)
		facetOnly = append(facetOnly, field)
	}
	return queries, facetOnly
}

func ptr[T any](v T) *T { return &v }

// parseMain reads hits, the exact total and the main query's facet counts.
func parseMain(r meilisearch.SearchResponse, q search.Query) (search.Result, error) {
	res := search.Result{
		Total:  int(r.TotalHits),
		Hits:   make([]search.Hit, 0, len(r.Hits)),
		Facets: map[string]map[string]int{},
	}
	counts, err := parseFacets(r.FacetDistribution)
	if err != nil {
		return res, err
	}
	for _, f := range q.Facets {
		res.Facets[f] = counts[f]
		if res.Facets[f] == nil {
			res.Facets[f] = map[string]int{}
		}
	}
	for i, h := range r.Hits {
		hit, err := parseHit(h, q.Highlight)
		if err != nil {
			return res, fmt.Errorf("meilisearch: resultaat %d: %w", i, err)
		}
		res.Hits = append(res.Hits, hit)
	}
	return res, nil
}

func parseFacets(raw json.RawMessage) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	if len(raw) == 0 || string(raw) == "null" {
		return out, nil
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("meilisearch: facetDistribution lezen: %w", err)
	}
	return out, nil
}

func parseHit(h meilisearch.Hit, highlight bool) (search.Hit, error) {
	var hit search.Hit
	if err := json.Unmarshal(h[attrID], &hit.ID); err != nil || hit.ID == "" {
		return hit, fmt.Errorf("geen geldige id")
	}
	if raw, ok := h["_rankingScore"]; ok {
		if err := json.Unmarshal(raw, &hit.Score); err != nil {
			return hit, fmt.Errorf("_rankingScore lezen: %w", err)
		}
	}
	if !highlight {
		return hit, nil
	}
	var formatted struct {
		Title   string `json:"title"`
		Summary string `json:"summary"`
	}
	if raw, ok := h["_formatted"]; ok {
		if err := json.Unmarshal(raw, &formatted); err != nil {
			return hit, fmt.Errorf("_formatted lezen: %w", err)
		}
	}
	hit.Highlight = map[string]string{
		attrTitle:   renderHighlight(formatted.Title),
		attrSummary: renderHighlight(formatted.Summary),
	}
	return hit, nil
}
