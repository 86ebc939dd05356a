package meili_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	meilisearch "github.com/meilisearch/meilisearch-go"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search/meili"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// outboxSetup is a store (SQLite, and PostgreSQL when configured) with the
// outbox worker on an index of its own on the real Meilisearch, wired as
// the app wires it for a shared engine (claiming outbox rows).
type outboxSetup struct {
	st     *store.Store
	ix     *meili.Index
	sy     *service.Syncer
	client meilisearch.ServiceManager
}

func newOutboxSetup(t *testing.T, st *store.Store) outboxSetup {
	url := os.Getenv("TEST_MEILISEARCH_URL")
	if url == "" {
		t.Skip("TEST_MEILISEARCH_URL niet gezet: de outbox-worker tegen Meilisearch overgeslagen (zie README)")
	}
	key := os.Getenv("TEST_MEILISEARCH_KEY")
	prefix := "hubtest_" + randomSuffix(t)
	t.Cleanup(func() { dropPrefix(t, url, key, prefix) })
	ix, err := meili.Open(context.Background(), meili.Options{URL: url, APIKey: key, IndexPrefix: prefix, TaskTimeout: time.Minute})
	if err != nil {
		t.Fatalf("meili.Open(%s): %v", url, err)
	}
	t.Cleanup(func() { ix.Close() })
	client := meilisearch.New(url, meilisearch.WithAPIKey(key))
	t.Cleanup(client.Close)
	return outboxSetup{st: st, ix: ix, sy: service.NewSyncer(st, ix, nil), client: client}
}

// documentTasks counts the document tasks Meilisearch holds for the index,
// by type (GET /tasks?indexUids=…).
func (o outboxSetup) documentTasks(t *testing.T) map[meilisearch.TaskType]int {
	t.Helper()
	res, err := o.client.GetTasks(&meilisearch.TasksQuery{IndexUIDS: []string{o.ix.IndexUID()}, Limit: 1000,
		Types: []meilisearch.TaskType{meilisearch.TaskTypeDocumentAdditionOrUpdate, meilisearch.TaskTypeDocumentDeletion}})
	if err != nil {
		t.Fatalf("GET /tasks: %v", err)
	}
	n := map[meilisearch.TaskType]int{}
	for _, task := range res.Results {
		n[task.Type]++
	}
	return n
}

func outboxMaterial(slug string) catalog.Material {
	return catalog.Material{
		Slug: slug, Title: "Proef " + slug, Summary: "Samenvatting van " + slug, Type: "les",
		Levels: []string{"secundair"}, Grades: []int{1}, Disciplines: []string{"wetenschappen"},
		Network: "istem", Hub: "antwerpen", License: "CC-BY-4.0", Language: "nl",
		Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Body: "Tekst over " + slug + ".",
		HTML: "<p>Tekst.</p>", Text: "Tekst over " + slug + ".", ContentHash: "hash-" + slug,
	}
}

// TestOutboxBatchIsOneTaskPerKind guards the worker's batching: every due
// outbox row of a pass goes to Meilisearch in one documents task (all
// upserts) and one deletion task (all deletions), not a task per row; the
// last change of a slug wins (written, then deleted: deleted).
func TestOutboxBatchIsOneTaskPerKind(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		o := newOutboxSetup(t, st)
		ctx := context.Background()
		var ms []catalog.Material
		for i := range 40 {
			ms = append(ms, outboxMaterial(fmt.Sprintf("proef-%02d", i)))
		}
		for i := range ms { // one outbox row per write, as editors write
			if _, err := st.UpsertMaterials(ctx, ms[i:i+1]); err != nil {
				t.Fatal(err)
			}
		}
		for _, slug := range []string{"proef-03", "proef-07"} {
			if err := st.DeleteMaterial(ctx, slug); err != nil {
				t.Fatal(err)
			}
		}
		n, err := o.sy.Drain(ctx)
		if err != nil || n != 40 {
			t.Fatalf("Drain = %d, %v; want 40 slugs, no error", n, err)
		}
		if got := o.documentTasks(t); got[meilisearch.TaskTypeDocumentAdditionOrUpdate] != 1 || got[meilisearch.TaskTypeDocumentDeletion] != 1 {
			t.Errorf("Meilisearch tasks for 42 outbox rows = %v; want one addition and one deletion", got)
		}
		if c, err := o.ix.Count(ctx); err != nil || c != 38 {
			t.Errorf("documents in the index = %d, %v; want 38 (40 written, 2 deleted)", c, err)
		}
		if d, _ := st.OutboxDepth(ctx); d != 0 {
			t.Errorf("outbox depth after the pass = %d; want 0", d)
		}
	})
}

// TestOutboxRefusedDocumentFailsAlone: one document Meilisearch refuses
// (an id outside its rule: a slug written before slugs were checked) in a
// batch of 30 must not keep the other 29 out of search. The 29 are
// indexed and acked in the same pass, in a few tasks (the batch is halved
// around the refused document, not sent one by one); the refused row stays
// in the outbox with its attempt counted, its error and a later retry.
func TestOutboxRefusedDocumentFailsAlone(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		o := newOutboxSetup(t, st)
		ctx := context.Background()
		var ms []catalog.Material
		for i := range 30 {
			slug := fmt.Sprintf("proef-%02d", i)
			if i == 17 {
				slug = "proef.met.punten"
			}
			ms = append(ms, outboxMaterial(slug))
		}
		if _, err := st.UpsertMaterials(ctx, ms); err != nil {
			t.Fatal(err)
		}
		if _, err := o.sy.Drain(ctx); err != nil {
			t.Errorf("Drain: %v; want the refused row failed on its own, not the pass", err)
		}
		if c, err := o.ix.Count(ctx); err != nil || c != 29 {
			t.Errorf("documents in the index = %d, %v; want the 29 accepted ones", c, err)
		}
		if got := o.documentTasks(t)[meilisearch.TaskTypeDocumentAdditionOrUpdate]; got > 10 {
			t.Errorf("%d addition tasks for 30 rows with one refused; want the batch halved (≤ 10), not sent one by one", got)
		}
		left, err := st.ClaimOutbox(ctx, 100) // due rows only
		if err != nil || len(left) != 0 {
			t.Fatalf("due outbox rows right after the pass = %v, %v; want none (the refused one waits for its retry)", left, err)
		}
		if d, _ := st.OutboxDepth(ctx); d != 1 {
			t.Fatalf("outbox depth = %d; want 1 (the refused row)", d)
		}
		time.Sleep(1200 * time.Millisecond) // the first retry is due after 1 s
		left, err = st.ClaimOutbox(ctx, 100)
		if err != nil || len(left) != 1 || left[0].Slug != "proef.met.punten" || left[0].Attempts != 1 ||
			!strings.Contains(left[0].LastError, `"proef.met.punten"`) {
			t.Errorf("the refused row at its retry = %+v, %v; want proef.met.punten, 1 attempt, an error naming it", left, err)
		}
	})
}
