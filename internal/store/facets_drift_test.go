package store_test

import (
	"context"
	"maps"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/searchtest"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestFacetValuesMatchTheSearchDocuments: the counts the store keeps per
// field and value (home page, hub pages, filters of the fallback search)
// equal those of the search documents for the same materials, so a filter
// finds the same materials whichever side answers. The corpus is the
// contract suite's, plus values with stray spaces and a repeat.
func TestFacetValuesMatchTheSearchDocuments(t *testing.T) {
	mats := searchtest.Corpus()
	odd := mats[0]
	odd.Slug, odd.Subjects, odd.Themes, odd.Network = "randgeval", []string{" Techniek ", "Techniek", "  "}, []string{"energie ", "energie"}, " istem"
	mats = append(mats, odd)
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.UpsertMaterials(ctx, mats); err != nil {
			t.Fatal(err)
		}
		for _, field := range catalog.FacetFields {
			want := map[string]int{}
			for _, m := range mats {
				for _, v := range search.DocumentFrom(m).Facets[field] {
					want[v]++
				}
			}
			got, err := s.CountBy(ctx, field)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, want) {
				t.Errorf("%s: store counts %v, search documents %v", field, got, want)
			}
		}
	})
}
