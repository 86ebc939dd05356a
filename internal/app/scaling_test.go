package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// TestTwoHubsWithEmbeddedIndexesBothSeeAnImport: two hubs, each with its own
// data directory (and so its own Bleve index), share one database. A
// material written by a third process, as `hub import` does, is found by
// both; so is its deletion.
func TestTwoHubsWithEmbeddedIndexesBothSeeAnImport(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "gedeeld.db")
	hubs := make([]*app.App, 2)
	for i := range hubs {
		cfg := testConfig(t, t.TempDir())
		cfg.DatabaseURL = db
		cfg.Search = "bleve" // embedded indexes, also in a Meilisearch run: that is what this checks
		hubs[i] = openApp(t, cfg)
		defer hubs[i].Close()
	}
	importCfg := testConfig(t, t.TempDir())
	importCfg.DatabaseURL = db
	imp, err := app.OpenWithoutIndex(ctx, importCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Close()

	m, err := imp.Store.Material(ctx, "windmolen-ontwerpen")
	if err != nil {
		t.Fatal(err)
	}
	m.Slug, m.Title, m.ContentHash, m.SourcePath = "zeppelin-ontwerpen", "Zeppelinwieken ontwerpen", "nieuw", ""
	if _, err := imp.Store.UpsertMaterials(ctx, []catalog.Material{m}); err != nil {
		t.Fatal(err)
	}
	waitAll := func(what string, want bool) {
		t.Helper()
		for i, h := range hubs {
			deadline := time.Now().Add(10 * time.Second)
			for {
				if _, err := h.Syncer.Drain(ctx); err != nil {
					t.Fatalf("hub %d: %v", i+1, err)
				}
				res, err := h.Index.Search(ctx, search.Query{Text: "zeppelinwieken"})
				if err == nil && (res.Total == 1) == want {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("hub %d: %s not seen within 10s (%d hits, err %v)", i+1, what, res.Total, err)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	}
	waitAll("the imported material", true)
	if err := imp.Store.DeleteMaterial(ctx, m.Slug); err != nil {
		t.Fatal(err)
	}
	waitAll("its deletion", false)
}
