// Package bleve is the embedded search backend: a Bleve (scorch) index on
// local disk for text matching and scoring, plus an in-memory facet index
// of roaring bitmaps for filters, facet counts, totals and sorting. It
// implements search.Index and passes the shared contract suite.
package bleve

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/stem-kennishub/hub/internal/search"
)

// Options configure analysis. Synonyms apply at query time (changing them
// needs no reindex); StopWords apply at index time too (changing them makes
// NeedsRebuild report true). Nil StopWords means search.DutchStopWords.
type Options struct {
	Synonyms  [][]string
	StopWords []string
}

// Index is the Bleve backend. Safe for concurrent use.
type Index struct {
	root      string // dir/bleve-vN
	opts      Options
	synonyms  *search.Synonyms
	stop      map[string]bool
	mapping   *mapping.IndexMappingImpl
	fp        string
	needsRebu bool

	mu     sync.RWMutex // guards gen (the pointer and its state) and closed
	gen    *generation
	closed bool

	rebuildMu sync.Mutex // one rebuild at a time
	pending   *[]op      // writes that arrive during a rebuild, replayed before the swap

	sinceOptimize atomic.Int64 // documents written since the last Optimize
	optimizeMu    sync.Mutex   // one segment merge at a time (Bleve refuses a second)
}

// autoOptimizeAfter is how many written documents trigger a background
// Optimize: a bulk import leaves many segments behind, and each one costs
// every search a dictionary walk.
const autoOptimizeAfter = 20000

// generation is one on-disk Bleve index with its in-memory state.
type generation struct {
	name  string // directory name under root
	bleve blevesearch.Index
	st    *state
	segs  *segmentOrds
}

// op is a write recorded during a rebuild.
type op struct {
	docs []search.Document
	del  []string
}

var errClosed = fmt.Errorf("bleve: index is gesloten: %w", search.ErrUnavailable)

// Name implements search.Index.
func (ix *Index) Name() string { return "bleve" }

// NeedsRebuild reports whether Open started a new, empty index (first start,
// a new index version, other stop words, or an unreadable old index): the
// service must then reindex from the database.
func (ix *Index) NeedsRebuild() bool { return ix.needsRebu }

// Capabilities implements search.Index: a full engine, lacking nothing.
func (ix *Index) Capabilities() search.Capabilities {
	return search.Capabilities{NeedsRebuild: ix.NeedsRebuild()}
}

// Dir is the directory of the live index generation (for logs and sizes).
func (ix *Index) Dir() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil {
		return ix.root
	}
	return ix.root + "/" + ix.gen.name
}

// Count implements search.Index.
func (ix *Index) Count(ctx context.Context) (int, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return 0, errClosed
	}
	return int(ix.gen.st.live.GetCardinality()), nil
}

// Health implements search.Index.
func (ix *Index) Health(ctx context.Context) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return errClosed
	}
	return nil
}

// Upsert implements search.Index. Documents are written in one Bleve batch;
// the facet index is updated under the same lock so that a search never sees
// one without the other.
func (ix *Index) Upsert(ctx context.Context, docs []search.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return errClosed
	}
	if len(docs) == 0 {
		return nil
	}
	if err := ix.gen.upsert(ix.mapping, docs); err != nil {
		return err
	}
	if ix.pending != nil {
		*ix.pending = append(*ix.pending, op{docs: append([]search.Document(nil), docs...)})
	}
	if ix.sinceOptimize.Add(int64(len(docs))) >= autoOptimizeAfter && ix.optimizeMu.TryLock() {
		go func() {
			defer ix.optimizeMu.Unlock()
			_ = ix.optimizeLocked(context.Background()) // best effort; a closed index just stops it
		}()
	}
	return nil
}

// Delete implements search.Index.
func (ix *Index) Delete(ctx context.Context, ids []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return errClosed
	}
	if len(ids) == 0 {
		return nil
	}
	if err := ix.gen.delete(ids); err != nil {
		return err
	}
	if ix.pending != nil {
		*ix.pending = append(*ix.pending, op{del: append([]string(nil), ids...)})
	}
	return nil
}

// Close implements search.Index. Later calls return an error.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	if err := ix.gen.bleve.Close(); err != nil {
		return fmt.Errorf("bleve-index sluiten: %w", err)
	}
	return nil
}

func (g *generation) upsert(m *mapping.IndexMappingImpl, docs []search.Document) error {
	docs = cleanDocs(docs)
	b := g.bleve.NewBatch()
	for i := range docs {
		d := &docs[i]
		if d.ID == "" {
			return errors.New("bleve: document zonder id")
		}
		bd, err := toBleve(m, d)
		if err != nil {
			return err
		}
		if err := b.IndexAdvanced(bd); err != nil {
			return fmt.Errorf("document %q: %w", d.ID, err)
		}
	}
	// Ordinals exist before Bleve sees the documents, so a search that
	// translates the new segment always finds them.
	ords := make([]uint32, len(docs))
	for i := range docs {
		ords[i] = g.st.ordinal(docs[i].ID)
	}
	if err := g.bleve.Batch(b); err != nil {
		return fmt.Errorf("bleve-batch: %w", err)
	}
	for i := range docs {
		g.st.put(ords[i], &docs[i])
	}
	return nil
}

func (g *generation) delete(ids []string) error {
	b := g.bleve.NewBatch()
	for _, id := range ids {
		if id != "" {
			b.Delete(id)
		}
	}
	if err := g.bleve.Batch(b); err != nil {
		return fmt.Errorf("bleve-batch: %w", err)
	}
	for _, id := range ids {
		g.st.remove(id)
	}
	return nil
}

// cleanDocs returns docs with facet values safe to store; the caller's slice
// is copied only when a value needed cleaning.
func cleanDocs(docs []search.Document) []search.Document {
	for i := range docs {
		if _, changed := cleanFacets(docs[i]); changed {
			out := append([]search.Document(nil), docs...)
			for j := i; j < len(out); j++ {
				out[j], _ = cleanFacets(out[j])
			}
			return out
		}
	}
	return docs
}
