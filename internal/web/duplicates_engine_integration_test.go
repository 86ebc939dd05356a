package web_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/search/meili"
	"github.com/stem-kennishub/hub/internal/search/meili/meilitest"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// The candidates by title do not hang on one engine's scores: the same
// near-duplicate is found, and the unrelated material is not, on Bleve and
// (with TEST_HUB_SEARCH=meilisearch, as .ci/run does) on a real Meilisearch.
func TestLikelyDuplicatesOnTheEngine(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		realApp(t)
		vocab := real.hub.Vocab
		var idx search.Index
		env, err := meilitest.Env()
		if err != nil {
			t.Fatal(err)
		}
		if env != nil {
			t.Cleanup(func() { meilitest.Drop(env) })
			mi, err := meili.Open(ctx, meili.Options{URL: env["MEILI_URL"], APIKey: env["MEILI_API_KEY"], IndexPrefix: env["MEILI_INDEX_PREFIX"],
				Synonyms: vocab.Synonyms(), StopWords: vocab.StopWords()})
			if err != nil {
				t.Fatal(err)
			}
			idx = mi
		} else {
			bi, err := bleve.Open(filepath.Join(t.TempDir(), "index"), bleve.Options{Synonyms: vocab.Synonyms(), StopWords: vocab.StopWords()})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { bi.Close() })
			idx = bi
		}
		t.Logf("engine: %s", idx.Name())
		writes := &authoring.Service{Store: st, Vocab: vocab}
		for _, m := range [...]struct{ slug, title, summary string }{
			{"fiets-overbrenging", "De fiets als machine: overbrenging en versnellingen onderzoeken", "Tandwielen tellen en de overbrenging berekenen."},
			{"fiets-versnellingen", "De fiets als machine: versnellingen en overbrenging", "Een tweede les over dezelfde fiets."},
			{"waterraket", "Waterraketten lanceren in de STEM-academie", "Druk, hoek en vlucht meten."},
		} {
			l := lesson(m.slug, m.title, "antwerpen")
			l.Summary = m.summary
			if _, err := writes.Save(ctx, authoring.Actor{Operator: "test"}, authoring.Draft{Material: l}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := service.NewSyncer(st, idx, nil).Drain(ctx); err != nil {
			t.Fatal(err)
		}
		hub := service.New(st, idx, nil, vocab, nil)
		app := web.New(web.Config{BaseURL: testBaseURL, Authoring: func() *authoring.Service { return writes }},
			hub, slog.New(slog.DiscardHandler))
		e := accountEnv{app: app, st: st}
		var got string
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			r := e.call(t, "GET", "/api/v1/materials/fiets-overbrenging/duplicates", "", "")
			if r.status != 200 {
				t.Fatalf("duplicates: %d %v", r.status, r.body)
			}
			var slugs []string
			for _, c := range r.body["candidates"].([]any) {
				slugs = append(slugs, c.(map[string]any)["slug"].(string))
			}
			// Meilisearch indexes asynchronously: wait for the twin.
			if got = strings.Join(slugs, ","); got != "" || time.Now().After(deadline) {
				break
			}
		}
		if got != "fiets-versnellingen" {
			t.Errorf("%s: candidates %q, want only fiets-versnellingen", idx.Name(), got)
		}
		// Looking for duplicates is not a person's search: it must not show
		// up among the searches with no or few results.
		if err := hub.FlushMisses(ctx); err != nil {
			t.Fatal(err)
		}
		misses, err := hub.SearchMisses(ctx, 1, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(misses) != 0 {
			t.Errorf("the duplicate search was counted as people's searches: %+v", misses)
		}
	})
}

// Each duplicates lookup runs searches: the API shares the search limit
// with /api/v1 and /zoeken, so it cannot be used to flood the engine.
func TestDuplicatesAPIIsRateLimited(t *testing.T) {
	realApp(t)
	writes := &authoring.Service{Store: real.hub.Store, Vocab: real.hub.Vocab}
	addr := limitedHub(t, web.Config{SearchLimit: twoPerHour, Authoring: func() *authoring.Service { return writes }})
	path := "/api/v1/materials/" + seedMaterials(t)[0].Slug + "/duplicates"
	const from = "127.0.0.3"
	for i, want := range []int{200, 200, 429} {
		if r := getFrom(t, addr, from, path); r.Status != want {
			t.Fatalf("request %d: %d, want %d (%s)", i+1, r.Status, want, r.Body)
		}
	}
}
