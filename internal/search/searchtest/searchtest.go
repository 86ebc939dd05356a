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

// Option changes how Run runs the suite.
type Option func(*options)

type options struct{ lacks map[search.Feature]bool }

// Lacks declares the features the backend under test cannot offer. It must
// name exactly what the backend's Capabilities().Lacks names (so neither the
// test nor the backend can drop a feature quietly); every case that needs
// one of them is skipped with the backend's name and reason.
func Lacks(features ...search.Feature) Option {
	return func(o *options) {
		for _, f := range features {
			o.lacks[f] = true
		}
	}
}

// needs says, per case, which features it checks; a case not listed needs
// only what every backend must do (store, find literal words, filter, page).
var needs = map[string][]search.Feature{
	"ReplaceByID":                   {search.FeatureOwnCopy},
	"Delete":                        {search.FeatureOwnCopy},
	"Rebuild":                       {search.FeatureOwnCopy},
	"Concurrent":                    {search.FeatureOwnCopy},
	"EmptyQueryListsAllNewestFirst": {search.FeatureFacets},
	"TitleOutranksBody":             {search.FeatureRelevance, search.FeatureBody},
	"DutchStemming":                 {search.FeatureStemming},
	"TypoTolerance":                 {search.FeatureTypos},
	"PrefixAsYouType":               {search.FeaturePrefix},
	"AccentFolding":                 {search.FeatureAccents},
	"Synonyms":                      {search.FeatureSynonyms},
	"StopWords":                     {search.FeatureStopWords},
	"DisjunctiveFacets":             {search.FeatureFacets},
	"GradesPerLevelFacets":          {search.FeatureFacets},
	"SortNewestAndTitle":            {search.FeatureSortTitle},
	"Highlights":                    {search.FeatureHighlights},
	"MetadataAsText":                {search.FeatureBody},
	"Compounds":                     {search.FeatureStemming},
	"SeveralWords":                  {search.FeatureRelevance},
	"DerivedForms":                  {search.FeatureStemming},
}

// Run runs the contract suite. open must return a new, empty index
// configured with Synonyms and StopWords; Run closes it. A backend without a
// copy of its own (FeatureOwnCopy lacking) is expected to find Corpus
// already where it searches.
func Run(t *testing.T, open func(t *testing.T) search.Index, opts ...Option) {
	o := options{lacks: map[search.Feature]bool{}}
	for _, opt := range opts {
		opt(&o)
	}
	seeded := func(t *testing.T) search.Index {
		t.Helper()
		idx := open(t)
		t.Cleanup(func() { _ = idx.Close() })
		if err := idx.Upsert(context.Background(), documents()); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		return idx
	}
	// The read-only checks share one seeded index; it also tells what the
	// backend says it lacks.
	idx := seeded(t)
	caps := idx.Capabilities()
	for f := range o.lacks {
		if caps.Has(f) {
			t.Errorf("%s: de test verklaart dat %q ontbreekt, maar Capabilities() zegt dat de backend het kan", idx.Name(), f)
		}
	}
	for f := range caps.Lacks {
		if !o.lacks[f] {
			t.Errorf("%s: Capabilities() zegt dat %q ontbreekt (%s); verklaar het in de test met searchtest.Lacks", idx.Name(), f, caps.Lacks[f])
		}
	}
	check := func(name string, fn func(t *testing.T)) {
		t.Run(name, func(t *testing.T) {
			for _, f := range needs[name] {
				if o.lacks[f] {
					t.Skipf("%s kan geen %s: %s", idx.Name(), f, caps.Lacks[f])
				}
			}
			fn(t)
		})
	}
	check("UpsertAndCount", func(t *testing.T) { testUpsertAndCount(t, seeded(t)) })
	check("ReplaceByID", func(t *testing.T) { testReplace(t, seeded(t)) })
	check("Delete", func(t *testing.T) { testDelete(t, seeded(t)) })
	check("Rebuild", func(t *testing.T) { testRebuild(t, seeded(t)) })
	check("Concurrent", func(t *testing.T) { testConcurrent(t, seeded(t)) })
	check("Close", func(t *testing.T) { testClose(t, open(t)) })

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
		{"GradesPerLevel", testGradesPerLevel},
		{"GradesPerLevelFacets", testGradesPerLevelFacets},
		{"SortNewestAndTitle", testSort},
		{"Pagination", testPagination},
		{"Highlights", testHighlights},
		{"AwkwardFilterValues", testAwkwardValues},
		{"MetadataAsText", testMetadata},
		{"Compounds", testCompounds},
		{"SeveralWords", testSeveralWords},
		{"DerivedForms", testDerivedForms},
	} {
		check(c.name, func(t *testing.T) { c.fn(t, idx) })
	}
}

// Corpus is the suite's materials, for a backend that searches where they
// are stored (the database) instead of taking them through Upsert.
func Corpus() []catalog.Material { return corpus() }

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

// skipUnless skips the rest of a (sub)test, saying why, when the backend
// lacks f; for a check inside a case that otherwise every backend meets.
func skipUnless(t *testing.T, idx search.Index, f search.Feature) {
	t.Helper()
	if caps := idx.Capabilities(); !caps.Has(f) {
		t.Skipf("%s kan geen %s: %s", idx.Name(), f, caps.Lacks[f])
	}
}
