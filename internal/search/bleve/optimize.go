package bleve

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Optimize merges the index into as few segments as possible. Every search
// walks the term dictionaries of every segment (typo and prefix expansion),
// so after a bulk import a compact index answers noticeably faster. Rebuild
// calls it before swapping; the service may call it after a large import.
// Searches and writes keep working meanwhile.
func (ix *Index) Optimize(ctx context.Context) error {
	ix.optimizeMu.Lock()
	defer ix.optimizeMu.Unlock()
	return ix.optimizeLocked(ctx)
}

func (ix *Index) optimizeLocked(ctx context.Context) error {
	ix.mu.RLock()
	if ix.closed {
		ix.mu.RUnlock()
		return errClosed
	}
	g := ix.gen
	ix.mu.RUnlock()
	ix.sinceOptimize.Store(0)
	if err := g.optimize(ctx); err != nil {
		return err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed || ix.gen != g {
		return nil
	}
	return g.warm()
}

func (g *generation) optimize(ctx context.Context) error {
	adv, err := g.bleve.Advanced()
	if err != nil {
		return fmt.Errorf("bleve: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := sc.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("segmenten samenvoegen: %w", err)
	}
	return nil
}

// warm builds the translation tables and sort orders of the current
// snapshot, so that the first search after a write or merge does not pay
// for them. Callers hold Index.mu (or own g exclusively).
func (g *generation) warm() error {
	g.st.orders()
	adv, err := g.bleve.Advanced()
	if err != nil {
		return fmt.Errorf("bleve: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("bleve-lezer: %w", err)
	}
	defer r.Close()
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		tr, err := g.segs.translator(snap, g.st.ord)
		if err != nil {
			return err
		}
		tr.global(0, len(g.st.ids))
	}
	return nil
}
