package app_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestConcurrentImportsStayConsistent runs two imports of the seed folder at
// once (as two `hub import` processes would, or an import while the hub
// serves and imports its seed) on both databases: every material exists
// exactly once, unchanged re-imports write nothing, and the outbox holds exactly
// one pending row per created material.
func TestConcurrentImportsStayConsistent(t *testing.T) {
	vocab, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		t.Fatal(err)
	}
	want := seedCount(t)
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		files, err := storage.NewDisk(filepath.Join(t.TempDir(), "files"))
		if err != nil {
			t.Fatal(err)
		}
		im := &content.Importer{Store: st, Storage: files, Vocab: vocab}
		fsys := os.DirFS("../..")
		var wg sync.WaitGroup
		sums := make([]content.Summary, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); sums[i], errs[i] = im.Import(ctx, fsys, "content") }()
		}
		wg.Wait()
		for i := range 2 {
			if errs[i] != nil || sums[i].Rejected != 0 {
				t.Fatalf("import %d: %v, %s", i, errs[i], sums[i].String())
			}
		}
		if created := sums[0].Created + sums[1].Created; created != want {
			t.Fatalf("the two imports created %d materials together, want each seed file once (%d): %s / %s",
				created, want, sums[0].String(), sums[1].String())
		}
		if n, _ := st.Count(ctx); n != want {
			t.Fatalf("database holds %d materials, want %d", n, want)
		}
		again, err := im.Import(ctx, fsys, "content")
		if err != nil || again.Unchanged != want {
			t.Fatalf("third import should find everything unchanged: %s %v", again.String(), err)
		}
		if depth, _ := st.OutboxDepth(ctx); depth != want {
			t.Fatalf("outbox depth %d; want one row per created material (%d)", depth, want)
		}
	})
}
