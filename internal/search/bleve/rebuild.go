package bleve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/stem-kennishub/hub/internal/search"
)

// Rebuild implements search.Index: it fills a new generation directory from
// src while searches (and writes) keep using the live one, replays the
// writes that arrived meanwhile, then switches the "current" pointer file
// and the in-memory generation under the write lock. On any error the live
// index is left as it was.
func (ix *Index) Rebuild(ctx context.Context, src func(emit func([]search.Document) error) error) error {
	ix.rebuildMu.Lock()
	defer ix.rebuildMu.Unlock()

	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return errClosed
	}
	pending := []op{}
	ix.pending = &pending
	ix.mu.Unlock()
	stopRecording := func() {
		ix.mu.Lock()
		ix.pending = nil
		ix.mu.Unlock()
	}

	ng, err := ix.createGeneration()
	if err != nil {
		stopRecording()
		return err
	}
	discard := func() {
		_ = ng.bleve.Close()
		_ = os.RemoveAll(filepath.Join(ix.root, ng.name))
	}
	err = src(func(docs []search.Document) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(docs) == 0 {
			return nil
		}
		return ng.upsert(ix.mapping, docs)
	})
	if err == nil {
		err = ng.optimize(ctx)
	}
	if err != nil {
		stopRecording()
		discard()
		return fmt.Errorf("herindexeren: %w", err)
	}

	ix.mu.Lock()
	if ix.closed {
		ix.pending = nil
		ix.mu.Unlock()
		discard()
		return errClosed
	}
	for _, o := range pending {
		if len(o.docs) > 0 {
			err = ng.upsert(ix.mapping, o.docs)
		} else {
			err = ng.delete(o.del)
		}
		if err != nil {
			break
		}
	}
	if err == nil {
		err = ng.warm()
	}
	if err == nil {
		err = writeCurrent(ix.root, ng.name)
	}
	if err != nil {
		ix.pending = nil
		ix.mu.Unlock()
		discard()
		return fmt.Errorf("herindexeren: %w", err)
	}
	old := ix.gen
	ix.gen, ix.pending, ix.needsRebu = ng, nil, false
	ix.mu.Unlock()

	// No search can still use the old generation: each takes ix.gen under
	// the read lock, and we held the write lock while swapping.
	_ = old.bleve.Close()
	_ = os.RemoveAll(filepath.Join(ix.root, old.name))
	return nil
}
