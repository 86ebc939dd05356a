package app_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/search/meili/meilitest"
	"github.com/stem-kennishub/hub/internal/service"
)

// testConfig gives a hub on a fresh data dir with the repository's seed content.
func testConfig(t *testing.T, dataDir string) config.Config {
	t.Helper()
	contentDir, err := filepath.Abs("../../content")
	if err != nil {
		t.Fatal(err)
	}
	// TEST_HUB_SEARCH=meilisearch runs these tests on a real Meilisearch.
	meiliEnv, err := meilitest.Env()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := meilitest.Drop(meiliEnv); err != nil {
			t.Errorf("meilisearch opruimen: %v", err)
		}
	})
	cfg, err := config.FromEnv(func(k string) string {
		switch k {
		case "HUB_DATA_DIR":
			return dataDir
		case "HUB_CONTENT_DIR":
			return contentDir
		}
		return meiliEnv[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func openApp(t *testing.T, cfg config.Config) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("app.Open: %v", err)
	}
	if err := a.Bootstrap(context.Background()); err != nil {
		a.Close()
		t.Fatalf("Bootstrap: %v", err)
	}
	return a
}

// seedCount counts the seed materials on disk: an oracle independent of the importer.
func seedCount(t *testing.T) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir("../../content", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "taxonomy" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "README.md" {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFirstStartImportsSeedAndSecondStartDoesNot(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, t.TempDir())
	a := openApp(t, cfg)
	want := seedCount(t)
	if want < 40 {
		t.Fatalf("seed has %d materials, the hub promises at least 40", want)
	}
	n, err := a.Store.Count(ctx)
	if err != nil || n != want {
		t.Fatalf("database holds %d materials (err %v), want every seed file: %d", n, err, want)
	}
	if in, err := a.Index.Count(ctx); err != nil || in != want {
		t.Fatalf("index holds %d documents (err %v), want %d", in, err, want)
	}
	page, err := a.Hub.Search(ctx, search.Query{Text: "windmoelen"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total == 0 || page.Hits[0].Material.Slug != "windmolen-ontwerpen" {
		t.Fatalf("a teacher typing 'windmoelen' should find the windmill project first, got %+v", page.Hits)
	}
	before, err := a.Store.Material(ctx, "windmolen-ontwerpen")
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	// Second start on the same data dir: nothing is re-imported.
	a2 := openApp(t, cfg)
	defer a2.Close()
	after, err := a2.Store.Material(ctx, "windmolen-ontwerpen")
	if err != nil {
		t.Fatal(err)
	}
	if !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Fatalf("second start rewrote an unchanged material (updated %v → %v)", before.UpdatedAt, after.UpdatedAt)
	}
	if depth, err := a2.Store.OutboxDepth(ctx); err != nil || depth != 0 {
		t.Fatalf("outbox after second start = %d (err %v), want 0", depth, err)
	}
	if in, _ := a2.Index.Count(ctx); in != want {
		t.Fatalf("index after restart holds %d, want %d", in, want)
	}
}

func TestAttachmentServedFromStorage(t *testing.T) {
	a := openApp(t, testConfig(t, t.TempDir()))
	defer a.Close()
	r, att, _, err := a.Hub.Attachment(context.Background(), "windmolen-ontwerpen", "windmolen-schema.svg")
	if err != nil {
		t.Fatalf("attachment: %v", err)
	}
	defer r.Close()
	got, _ := io.ReadAll(r)
	want, err := os.ReadFile("../../content/istem/windmolen-schema.svg")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) || att.ContentType != "image/svg+xml" {
		t.Fatalf("served %d bytes as %q, want the file's %d bytes as image/svg+xml", len(got), att.ContentType, len(want))
	}
	if _, _, _, err := a.Hub.Attachment(context.Background(), "windmolen-ontwerpen", "../../hub.db"); err != service.ErrNotFound {
		t.Fatalf("a path outside the material must be not found, got %v", err)
	}
}

// TestSearchEngineDown stops the engine under a running hub: search falls
// back to the database and says so, readiness reports it, writes still land
// in the outbox, and once an engine is back the outbox catches up.
func TestSearchEngineDown(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, t.TempDir())
	// Bleve on purpose, also in a Meilisearch run: the engine "comes back"
	// as a fresh handle on the same index directory. The Meilisearch side
	// (down at start) is TestStartsWithMeilisearchDown.
	cfg.Search = "bleve"
	a := openApp(t, cfg)
	defer a.Close()

	if err := a.Index.Close(); err != nil { // the engine goes down
		t.Fatal(err)
	}
	page, err := a.Hub.Search(ctx, search.Query{Text: "windmolen"})
	if err != nil {
		t.Fatalf("search with the engine down must still answer, got %v", err)
	}
	if !page.Degraded || page.Total == 0 || page.Hits[0].Material.Slug != "windmolen-ontwerpen" {
		t.Fatalf("fallback should find the windmill by title and say it is degraded: degraded=%v total=%d", page.Degraded, page.Total)
	}
	state, err := a.Hub.Ready(ctx)
	if err != nil || state["search"] != "beperkt" || state["database"] != "ok" {
		t.Fatalf("readiness with the engine down = %v, %v; want database ok, search beperkt", state, err)
	}
	if _, err := a.Hub.Material(ctx, "windmolen-ontwerpen"); err != nil {
		t.Fatalf("pages must not depend on the engine: %v", err)
	}

	// A write while the engine is down stays in the outbox.
	m, err := a.Store.Material(ctx, "windmolen-ontwerpen")
	if err != nil {
		t.Fatal(err)
	}
	m.Title = "Windmolen ontwerpen met zeppelinwieken"
	m.ContentHash += "-changed"
	if _, err := a.Store.UpsertMaterials(ctx, []catalog.Material{m}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Syncer.Drain(ctx); err == nil {
		t.Fatal("draining into a closed engine must fail, not pretend")
	}
	if depth, _ := a.Store.OutboxDepth(ctx); depth != 1 {
		t.Fatalf("the failed update must stay in the outbox, depth = %d", depth)
	}

	// The engine comes back (a fresh handle on the same index directory).
	idx, err := bleve.Open(cfg.BleveDir(), bleve.Options{Synonyms: a.Vocab.Synonyms(), StopWords: a.Vocab.StopWords()})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	syncer := service.NewSyncer(a.Store, idx, nil)
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := syncer.Drain(ctx)
		if err == nil && n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox did not catch up: n=%d err=%v", n, err)
		}
		time.Sleep(200 * time.Millisecond) // the failed row waits out its backoff
	}
	hub := service.New(a.Store, idx, a.Files, a.Vocab, nil)
	page, err = hub.Search(ctx, search.Query{Text: "zeppelinwieken"})
	if err != nil || page.Degraded || page.Total != 1 {
		t.Fatalf("after recovery the update must be searchable: total=%d degraded=%v err=%v", page.Total, page.Degraded, err)
	}
}

// TestStartsWithMeilisearchDown: the production engine is unreachable at
// start; the hub still opens, search answers from the database and says so,
// and readiness names the engine as limited.
func TestStartsWithMeilisearchDown(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	cfg.Search = "meilisearch"
	cfg.MeiliURL = "http://127.0.0.1:1" // nothing listens there
	a := openApp(t, cfg)
	defer a.Close()
	page, err := a.Hub.Search(context.Background(), search.Query{Text: "windmolen"})
	if err != nil || !page.Degraded || page.Total == 0 {
		t.Fatalf("search with Meilisearch down: total=%d degraded=%v err=%v", page.Total, page.Degraded, err)
	}
	state, err := a.Hub.Ready(context.Background())
	if err != nil || state["search"] != "beperkt" {
		t.Fatalf("ready = %v %v", state, err)
	}
}

// TestSearchShowsAnEditAsSoonAsItIsIndexed: result cards are cached, but an
// edit that the outbox worker indexed shows its new title on the very next
// search (the worker drops it from the cache).
func TestSearchShowsAnEditAsSoonAsItIsIndexed(t *testing.T) {
	ctx := context.Background()
	a := openApp(t, testConfig(t, t.TempDir()))
	defer a.Close()
	first, err := a.Hub.Search(ctx, search.Query{Text: "windmolen"})
	if err != nil || len(first.Hits) == 0 {
		t.Fatalf("search: %v", err)
	}
	m, err := a.Store.Material(ctx, first.Hits[0].Material.Slug)
	if err != nil {
		t.Fatal(err)
	}
	m.Title = "Windmolen met een nieuwe titel"
	m.ContentHash += "-bewerkt"
	if _, err := a.Store.UpsertMaterials(ctx, []catalog.Material{m}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Syncer.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := a.Hub.Search(ctx, search.Query{Text: "windmolen"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range again.Hits {
		if h.Material.Slug == m.Slug {
			if h.Material.Title != m.Title {
				t.Fatalf("result card shows %q after the edit was indexed, want %q", h.Material.Title, m.Title)
			}
			return
		}
	}
	t.Fatalf("edited material %q not found any more", m.Slug)
}
