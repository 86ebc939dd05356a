package meili

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/search"
)

func TestBuildFilter(t *testing.T) {
	tests := []struct {
		name    string
		filters map[string][]string
		want    string
	}{
		{"none", nil, ""},
		{"empty list adds nothing", map[string][]string{"levels": {}}, ""},
		{"or within, and across, catalog order",
			map[string][]string{"hub": {"limburg"}, "levels": {"secundair", "lager"}},
			`(levels = "secundair" OR levels = "lager") AND (hub = "limburg")`},
		{"duplicates sent once", map[string][]string{"levels": {"lager", "lager"}}, `(levels = "lager")`},
		{"double quote escaped", map[string][]string{"themes": {`zeg "kaas"`}}, `(themes = "zeg \"kaas\"")`},
		{"backslash escaped", map[string][]string{"themes": {`a\`}}, `(themes = "a\\")`},
		{"backslash before quote", map[string][]string{"themes": {`\"`}}, `(themes = "\\\"")`},
		{"injection attempt stays a value",
			map[string][]string{"hub": {`limburg" OR hub EXISTS OR hub = "x`}},
			`(hub = "limburg\" OR hub EXISTS OR hub = \"x")`},
		{"keywords as values", map[string][]string{"themes": {"AND", "OR", "NOT", "TO", "EXISTS", "IN", "IS NULL"}},
			`(themes = "AND" OR themes = "OR" OR themes = "NOT" OR themes = "TO" OR themes = "EXISTS" OR themes = "IN" OR themes = "IS NULL")`},
		{"spaces, accents, colons, brackets, single quote",
			map[string][]string{"subjects": {"natuur & ruimte: één (1) 'x' [y]"}},
			`(subjects = "natuur & ruimte: één (1) 'x' [y]")`},
		{"numbers stay strings", map[string][]string{"grades": {"3"}, "sdgs": {"13"}}, `(grades = "3") AND (sdgs = "13")`},
		{"unknown field never interpolated", map[string][]string{`levels = "x") OR (1`: {"y"}, "titel": {"z"}}, ""},
		{"empty string value kept quoted", map[string][]string{"hub": {""}}, `(hub = "")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := buildFilter(tt.filters); got != tt.want {
				t.Errorf("buildFilter(%q)\n got %s\nwant %s", tt.filters, got, tt.want)
			}
		})
	}
}

func TestRenderHighlight(t *testing.T) {
	tests := []struct{ in, want string }{
		{"geen markering", "geen markering"},
		{"de \uE000zon\uE001 schijnt", "de <mark>zon</mark> schijnt"},
		{"<script>alert(1)</script> \uE000x\uE001", "&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>"},
		{"\uE000<b>\uE001", "<mark>&lt;b&gt;</mark>"},
		{"a & \"b\"", "a &amp; &#34;b&#34;"},
		{"stray close\uE001 here", "stray close here"},
		{"open \uE000to the end", "open <mark>to the end</mark>"},
		{"\uE000één\uE001 ideeën", "<mark>één</mark> ideeën"},
	}
	for _, tt := range tests {
		if got := renderHighlight(tt.in); got != tt.want {
			t.Errorf("renderHighlight(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// multiSearchBody returns the queries of the one recorded multi-search.
func multiSearchBody(t *testing.T, f *fakeMeili) []map[string]any {
	t.Helper()
	reqs := f.requests("POST /multi-search")
	if len(reqs) != 1 {
		t.Fatalf("want exactly one multi-search request, got %d", len(reqs))
	}
	var body struct{ Queries []map[string]any }
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	return body.Queries
}

func TestSearchSendsMainAndDisjunctiveFacetQueries(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	live := ix.IndexUID()
	f.multiSearch = func(map[string]any) (int, string) {
		return 200, `{"results": [
		  {"indexUid": "` + live + `", "hits": [
		     {"id": "zonnecel", "title": "Zon", "summary": "s", "_rankingScore": 0.93,
		      "_formatted": {"id": "zonnecel", "title": "De \uE000zon\uE001 & <i>wij</i>", "summary": "Over \uE000zon\uE001nen"}},
		     {"id": "windmolen", "_rankingScore": 0.5, "_formatted": {"id": "windmolen", "title": "Wind", "summary": ""}}],
		   "query": "zon", "processingTimeMs": 3, "hitsPerPage": 10, "page": 2, "totalPages": 3, "totalHits": 27,
		   "facetDistribution": {"themes": {"energie": 20, "klimaat": 7}}, "facetStats": {}},
		  {"indexUid": "` + live + `", "hits": [], "query": "zon", "processingTimeMs": 1, "hitsPerPage": 0, "page": 1,
		   "totalPages": 0, "totalHits": 40, "facetDistribution": {"levels": {"secundair": 27, "lager": 9, "hoger": 4}}},
		  {"indexUid": "` + live + `", "hits": [], "query": "zon", "processingTimeMs": 1, "hitsPerPage": 0, "page": 1,
		   "totalPages": 0, "totalHits": 31, "facetDistribution": {"hub": {"limburg": 27, "antwerpen": 4}}}
		]}`
	}
	res, err := ix.Search(context.Background(), search.Query{
		Text:      "  zon ",
		Filters:   map[string][]string{"levels": {"secundair", "lager"}, "hub": {"limburg"}},
		Facets:    []string{"levels", "themes", "hub"},
		Sort:      search.SortNewest,
		Page:      2,
		PerPage:   10,
		Highlight: true,
	})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}

	q := multiSearchBody(t, f)
	if len(q) != 3 {
		t.Fatalf("want main + 2 facet queries, got %d", len(q))
	}
	main, _ := json.Marshal(q[0])
	jsonEqual(t, main, `{
	  "indexUid": "`+live+`", "q": "zon",
	  "filter": "(levels = \"secundair\" OR levels = \"lager\") AND (hub = \"limburg\")",
	  "facets": ["themes"], "sort": ["date:desc"], "page": 2, "hitsPerPage": 10,
	  "attributesToRetrieve": ["id", "title", "summary"], "attributesToHighlight": ["title", "summary"],
	  "highlightPreTag": "\uE000", "highlightPostTag": "\uE001", "showRankingScore": true, "hybrid": null}`)
	levels, _ := json.Marshal(q[1])
	jsonEqual(t, levels, `{"indexUid": "`+live+`", "q": "zon", "filter": "(hub = \"limburg\")",
	  "facets": ["levels"], "page": 1, "hitsPerPage": 0, "hybrid": null}`)
	hub, _ := json.Marshal(q[2])
	jsonEqual(t, hub, `{"indexUid": "`+live+`", "q": "zon", "filter": "(levels = \"secundair\" OR levels = \"lager\")",
	  "facets": ["hub"], "page": 1, "hitsPerPage": 0, "hybrid": null}`)

	if res.Total != 27 {
		t.Errorf("Total = %d, want totalHits 27", res.Total)
	}
	if len(res.Hits) != 2 || res.Hits[0].ID != "zonnecel" || res.Hits[0].Score != 0.93 || res.Hits[1].ID != "windmolen" {
		t.Errorf("hits = %+v", res.Hits)
	}
	wantHL := map[string]string{"title": "De <mark>zon</mark> &amp; &lt;i&gt;wij&lt;/i&gt;", "summary": "Over <mark>zon</mark>nen"}
	if !reflect.DeepEqual(res.Hits[0].Highlight, wantHL) {
		t.Errorf("highlight = %q, want %q", res.Hits[0].Highlight, wantHL)
	}
	wantFacets := map[string]map[string]int{
		"themes": {"energie": 20, "klimaat": 7},
		"levels": {"secundair": 27, "lager": 9, "hoger": 4},
		"hub":    {"limburg": 27, "antwerpen": 4},
	}
	if !reflect.DeepEqual(res.Facets, wantFacets) {
		t.Errorf("facets = %v, want %v", res.Facets, wantFacets)
	}
}

func TestSearchSortParameters(t *testing.T) {
	tests := []struct {
		name, sort, text string
		want             any // the "sort" parameter, nil when absent
	}{
		{"relevance with text: engine ranking", search.SortRelevance, "zon", nil},
		{"default with text: engine ranking", "", "zon", nil},
		{"relevance without text: newest", search.SortRelevance, "", []any{"date:desc"}},
		{"blank text counts as empty", "", "   ", []any{"date:desc"}},
		{"newest", search.SortNewest, "zon", []any{"date:desc"}},
		{"title", search.SortTitle, "zon", []any{"title_sort:asc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			ix := openFake(t, f)
			if _, err := ix.Search(context.Background(), search.Query{Text: tt.text, Sort: tt.sort}); err != nil {
				t.Fatalf("Search: %v", err)
			}
			main := multiSearchBody(t, f)[0]
			if !reflect.DeepEqual(main["sort"], tt.want) {
				t.Errorf("sort = %v, want %v", main["sort"], tt.want)
			}
			if main["page"] != 1.0 || main["hitsPerPage"] != 20.0 {
				t.Errorf("defaults: page %v hitsPerPage %v, want 1 and 20", main["page"], main["hitsPerPage"])
			}
			if _, ok := main["filter"]; ok {
				t.Error("no filters: the filter parameter must be absent")
			}
			if _, ok := main["attributesToHighlight"]; ok {
				t.Error("highlighting not asked for")
			}
		})
	}
}

func TestSearchWithoutFiltersUsesOneQueryForAllFacets(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	res, err := ix.Search(context.Background(), search.Query{Facets: []string{"levels", "hub"}})
	if err != nil {
		t.Fatal(err)
	}
	q := multiSearchBody(t, f)
	if len(q) != 1 || !reflect.DeepEqual(q[0]["facets"], []any{"levels", "hub"}) {
		t.Errorf("queries = %v", q)
	}
	if res.Facets["levels"] == nil || res.Facets["hub"] == nil {
		t.Errorf("every requested facet is present, even without values: %v", res.Facets)
	}
}

func TestSearchRejectsUnknownFieldsBeforeSending(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	for _, q := range []search.Query{
		{Filters: map[string][]string{`levels = "x") OR (id`: {"y"}}},
		{Facets: []string{"body"}},
		{Sort: "random"},
	} {
		_, err := ix.Search(context.Background(), q)
		var qe *search.QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%+v: want *search.QueryError, got %v", q, err)
		}
	}
	if n := len(f.requests("POST /multi-search")); n != 0 {
		t.Errorf("%d invalid queries reached the engine", n)
	}
}

func TestSearchEngineErrorKeepsMessage(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	f.multiSearch = func(map[string]any) (int, string) {
		return 400, `{"message":"Inside .queries[0]: Attribute ` + "`x`" + ` is not filterable.","code":"invalid_search_filter","type":"invalid_request","link":"https://docs.meilisearch.com/errors#invalid_search_filter"}`
	}
	_, err := ix.Search(context.Background(), search.Query{Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "is not filterable") || !strings.Contains(err.Error(), "invalid_search_filter") {
		t.Errorf("want the engine's message and code, got %v", err)
	}
	if errors.Is(err, search.ErrUnavailable) {
		t.Error("a rejected query is not 'unavailable'")
	}
}

func TestSearchOnMissingIndexIsUnavailable(t *testing.T) {
	f := newFake(t)
	ix := openFake(t, f)
	f.mu.Lock()
	delete(f.indexes, ix.IndexUID())
	f.mu.Unlock()
	if _, err := ix.Search(context.Background(), search.Query{Text: "x"}); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("want ErrUnavailable (degrade to the database), got %v", err)
	}
}
