package dbsearch_test

import (
	"context"
	"testing"

	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/dbsearch"
	"github.com/stem-kennishub/hub/internal/search/searchtest"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestContract runs the shared suite against the database backend, on
// SQLite and PostgreSQL. The backend has no copy of its own, so the corpus
// goes into the store (as the importer would put it) and every case that
// needs what it lacks is skipped by name, with the reason.
func TestContract(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		if _, err := st.UpsertMaterials(context.Background(), searchtest.Corpus()); err != nil {
			t.Fatalf("corpus opslaan: %v", err)
		}
		searchtest.Run(t, func(t *testing.T) search.Index { return dbsearch.New(st) },
			searchtest.Lacks(search.FeatureRelevance, search.FeatureStemming, search.FeatureTypos,
				search.FeatureAccents, search.FeatureSynonyms, search.FeatureStopWords, search.FeatureBody,
				search.FeatureFacets, search.FeatureSortTitle, search.FeatureHighlights, search.FeatureOwnCopy))
	})
}
