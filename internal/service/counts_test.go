package service_test

import (
	"context"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestCountsComeFromTheEngine: the counts of the home page and the hubs
// overview are the engine's facet counts (milliseconds at 100 000
// materials, where the database's GROUP BY took ~60 ms, see
// BenchmarkHubPageAt100k), so they agree with each hub page and with
// search; with the engine gone the database counts.
func TestCountsComeFromTheEngine(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b, c := material("a", "Windmolen"), material("b", "Zonnepaneel"), material("c", "Waterrad")
		b.Hub, c.Hub = "limburg", "limburg"
		h, idx := thinHub(t, st, []catalog.Material{a, b, c})
		// A material the index has not seen yet (the outbox worker is not
		// running here): the engine does not count it, the database does.
		late := material("d", "Hefboom")
		late.Hub = "limburg"
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{late}); err != nil {
			t.Fatal(err)
		}
		got, err := h.Counts(ctx, catalog.FieldHub)
		if err != nil {
			t.Fatal(err)
		}
		if got["limburg"] != 2 || got["antwerpen"] != 1 {
			t.Errorf("counts %v, want the engine's limburg 2, antwerpen 1", got)
		}
		hp, err := h.HubPage(ctx, "limburg", 1, 12)
		if err != nil || hp.Total != got["limburg"] {
			t.Errorf("hub page total %d (%v), overview %d", hp.Total, err, got["limburg"])
		}
		if err := idx.Close(); err != nil {
			t.Fatal(err)
		}
		got, err = h.Counts(ctx, catalog.FieldHub)
		if err != nil || got["limburg"] != 3 {
			t.Errorf("with the engine closed: %v (%v), want the database's limburg 3", got, err)
		}
	})
}
