package service_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/search/searchtest"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestSearchFallsBackToTheDatabaseBackend: with the engine down, the
// database backend answers through search.Index, the page says Degraded,
// and the latency is recorded under the fallback's own name.
func TestSearchFallsBackToTheDatabaseBackend(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := st.UpsertMaterials(ctx, searchtest.Corpus()); err != nil {
			t.Fatal(err)
		}
		idx, err := bleve.Open(filepath.Join(t.TempDir(), "index"), bleve.Options{})
		if err != nil {
			t.Fatal(err)
		}
		idx.Close() // the engine is down
		h := service.New(st, idx, nil, &catalog.Vocabularies{}, nil)
		var outcomes []string
		h.SetObserver(func(backend, outcome string, _ time.Duration) { outcomes = append(outcomes, backend+"/"+outcome) })
		page, err := h.Search(ctx, search.Query{Text: "windmolen", Filters: map[string][]string{"hub": {"vlaams-brabant"}}})
		if err != nil {
			t.Fatal(err)
		}
		if !page.Degraded || page.Total != 1 || len(page.Hits) != 1 || page.Hits[0].Material.Slug != "windmolen-ontwerpen" {
			t.Fatalf("fallback: degraded=%v total=%d hits=%v", page.Degraded, page.Total, page.Hits)
		}
		if want := []string{"bleve/fout", "database/terugval"}; !slices.Equal(outcomes, want) {
			t.Errorf("recorded %v, want %v", outcomes, want)
		}
	})
}
