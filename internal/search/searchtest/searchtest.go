// Package searchtest is the contract every search backend must meet: one
// suite, run by each backend's tests (Bleve always, Meilisearch where
// TEST_MEILISEARCH_URL points at a server), that checks what a teacher
// notices — what is found, in which order, with which counts.
package searchtest

import (
	"context"
	"slices"
	"sort"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// Run runs the contract suite. open must return a new, empty index
// configured with Synonyms and StopWords; Run closes it.
func Run(t *testing.T, open func(t *testing.T) search.Index) {
	seeded := func(t *testing.T) search.Index {
		t.Helper()
		idx := open(t)
		t.Cleanup(func() { _ = idx.Close() })
		if err := idx.Upsert(context.Background(), documents()); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		return idx
	}
	t.Run("UpsertAndCount", func(t *testing.T) { testUpsertAndCount(t, seeded(t)) })
	t.Run("ReplaceByID", func(t *testing.T) { testReplace(t, seeded(t)) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, seeded(t)) })
	t.Run("Rebuild", func(t *testing.T) { testRebuild(t, seeded(t)) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, seeded(t)) })
	t.Run("Close", func(t *testing.T) { testClose(t, open(t)) })

	// The read-only checks share one seeded index.
	idx := seeded(t)
	for _, c := range []struct {
		name string
		fn   func(*testing.T, search.Index)
	}{
		{"EmptyQueryListsAllNewestFirst", testEmptyQuery},
		{"TitleOutranksBody", testRelevance},
		{"DutchStemming", testStemming},
		{"TypoTolerance", testTypos},
		{"PrefixAsYouType", testPrefix},
		{"AccentFolding", testAccents},
		{"Synonyms", testSynonyms},
		{"StopWords", testStopWords},
		{"Filters", testFilters},
		{"DisjunctiveFacets", testFacets},
		{"SortNewestAndTitle", testSort},
		{"Pagination", testPagination},
		{"Highlights", testHighlights},
		{"AwkwardFilterValues", testAwkwardValues},
		{"MetadataAsText", testMetadata},
	} {
		t.Run(c.name, func(t *testing.T) { c.fn(t, idx) })
	}
}

// run normalizes q as the service does and searches.
func run(t *testing.T, idx search.Index, q search.Query) search.Result {
	t.Helper()
	if err := q.Normalize(); err != nil {
		t.Fatalf("Normalize(%+v): %v", q, err)
	}
	res, err := idx.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func ids(res search.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

func count(t *testing.T, idx search.Index) int {
	t.Helper()
	n, err := idx.Count(context.Background())
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	return n
}

// findsID asserts that searching text returns id among all its hits.
func findsID(t *testing.T, idx search.Index, text, id string) {
	t.Helper()
	res := run(t, idx, search.Query{Text: text, PerPage: 100})
	if !slices.Contains(ids(res), id) {
		t.Errorf("search %q: %s not found; got %v", text, id, ids(res))
	}
}

// byID indexes the corpus for checks that compute expectations.
func byID() map[string]catalog.Material {
	out := map[string]catalog.Material{}
	for _, m := range corpus() {
		out[m.Slug] = m
	}
	return out
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
