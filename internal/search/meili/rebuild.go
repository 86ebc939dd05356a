package meili

import (
	"context"
	"fmt"
	"time"

	meilisearch "github.com/meilisearch/meilisearch-go"

	"github.com/stem-kennishub/hub/internal/search"
)

// Rebuild fills a fresh "<live>_build_<timestamp>" index from src, swaps it
// with the live index in one atomic swap-indexes task, and deletes the old
// content. Searches use the live index throughout; writes that arrive during
// the rebuild go to both indexes, so they survive the swap.
//
// Known window: if src read a row before a concurrent write committed and
// emits it after that write was mirrored, the build index ends with the
// older version (Meilisearch applies tasks in order). The outbox worker's
// retry of rows written during a rebuild closes it.
func (ix *Index) Rebuild(ctx context.Context, src func(emit func([]search.Document) error) error) error {
	if err := ix.checkOpen(); err != nil {
		return err
	}
	ix.rebuild.Lock()
	defer ix.rebuild.Unlock()

	// The live index may have been deleted behind our back; the swap needs it.
	if _, err := ix.ensureIndex(ctx, ix.live); err != nil {
		return err
	}
	build := fmt.Sprintf("%s_build_%d", ix.live, time.Now().UnixNano())
	if _, err := ix.ensureIndex(ctx, build); err != nil {
		ix.dropIndex(ctx, build)
		return err
	}
	ix.setBuilding(build)

	err := src(func(docs []search.Document) error {
		batch := make([]map[string]any, 0, len(docs))
		for _, d := range docs {
			m, err := toMeiliDoc(d)
			if err != nil {
				return err
			}
			batch = append(batch, m)
		}
		return ix.addDocuments(ctx, build, batch)
	})
	if err == nil {
		err = ix.write(ctx, "indexen "+ix.live+" en "+build+" wisselen", func(ctx context.Context) (*meilisearch.TaskInfo, error) {
			return ix.client.SwapIndexesWithContext(ctx, []*meilisearch.SwapIndexesParams{
				{Indexes: []string{ix.live, build}},
			})
		})
	}
	// Stop mirroring before the delete, or a late mirrored write would
	// re-create the deleted index (adding documents creates missing indexes).
	ix.setBuilding("")
	// After a successful swap "build" holds the old content; after a failure
	// it holds the unfinished new one. Either way it goes. (Even if the swap
	// only timed out and succeeds later, the delete is queued after it.)
	ix.dropIndex(ctx, build)
	if err != nil {
		return fmt.Errorf("meilisearch: herbouw: %w", err)
	}
	ix.needsRebuild.Store(false)
	return nil
}

// setBuilding waits for in-flight writes (they hold the read lock) so that
// no write still targets an index after it stopped being a target.
func (ix *Index) setBuilding(uid string) {
	ix.mu.Lock()
	ix.building = uid
	ix.mu.Unlock()
}

// dropIndex deletes uid, best effort: it runs even when ctx was cancelled
// (that is often why we clean up) and only logs a failure, since a stray
// build index wastes disk but never serves searches.
func (ix *Index) dropIndex(ctx context.Context, uid string) {
	ctx = context.WithoutCancel(ctx)
	err := ix.write(ctx, "index "+uid+" verwijderen", func(ctx context.Context) (*meilisearch.TaskInfo, error) {
		return ix.client.DeleteIndexWithContext(ctx, uid)
	})
	if err != nil {
		ix.opts.Logger.Warn("meilisearch: tijdelijke index niet verwijderd", "index", uid, "err", err)
	}
}
