package service_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestOutboxWorkerKickedByWritesNotByItself: the worker of a shared engine
// (Meilisearch; here a Bleve index fed the same way, from the outbox) is
// wired as the app wires it: every committed write kicks it. A person's
// write must reach the index at once, and the worker's own bookkeeping
// (claiming, acking outbox rows) must not kick it again: it then claimed,
// woke itself, claimed … without pause, holding the one SQLite write
// connection and a core, and the publication it was waiting for queued
// behind it.
func TestOutboxWorkerKickedByWritesNotByItself(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		idx, err := bleve.Open(filepath.Join(t.TempDir(), "index"), bleve.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		sy := service.NewSyncer(st, idx, nil) // no FollowChanges: the outbox
		var commits atomic.Int64
		st.OnCommit(func() { commits.Add(1); sy.Kick() })
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); sy.Run(runCtx) }()
		defer func() { cancel(); <-done }()

		if _, err := st.UpsertMaterials(ctx, []catalog.Material{material("windmolen-bouwen", "Een windmolen bouwen")}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(15 * time.Second)
		for {
			res, err := idx.Search(ctx, search.Query{Text: "windmolen"})
			if err == nil && hasHit("windmolen-bouwen")(res) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the write did not reach the index within 15 s (err %v)", err)
			}
			time.Sleep(10 * time.Millisecond)
		}

		// Idle now: nothing writes, so nothing should be kicked. The
		// worker's poll (250 ms) still claims, which may count a few.
		before := commits.Load()
		time.Sleep(time.Second)
		if n := commits.Load() - before; n > 8 {
			t.Fatalf("an idle outbox worker committed %d write transactions in 1 s: its own claims kick it again", n)
		}
	})
}
