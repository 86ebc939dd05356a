package bleve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/stem-kennishub/hub/internal/search"
)

// Search implements search.Index. Bleve answers only "which documents match
// the text, with what score"; everything else — filters, totals, facet
// counts, sorting and paging — is bitmap and array work on the in-memory
// state, so its cost does not grow with the number of facets.
func (ix *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	start := time.Now()
	if err := q.Normalize(); err != nil {
		return search.Result{}, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return search.Result{}, errClosed
	}
	g, st := ix.gen, ix.gen.st
	sets := st.filterSets(q.Filters)
	o := st.orders()

	p := parse(q.Text, ix.synonyms, ix.stop)
	hasText := len(search.Words(q.Text)) > 0
	from, to := (q.Page-1)*q.PerPage, q.Page*q.PerPage
	byScore := hasText && q.Sort == search.SortRelevance

	textSet := st.live
	var top *topK
	if hasText {
		filtered := intersect(st.live, sets, "")
		top = newTopK(to, o.rankNew)
		keep := func(o uint32, score float64) {
			if byScore && (len(sets) == 0 || filtered.Contains(o)) {
				top.push(o, score)
			}
		}
		var err error
		textSet, err = g.match(ctx, p.bleveQuery(false), ix, keep)
		if err == nil && textSet.IsEmpty() && len(p.clauses) > 1 {
			// No document holds every word: rather than nothing, show the
			// documents that hold most of them (scores add up per clause).
			textSet, err = g.match(ctx, p.bleveQuery(true), ix, keep)
		}
		if err != nil {
			return search.Result{}, err
		}
	}
	all := textSet
	if len(sets) > 0 {
		all = intersect(textSet, sets, "")
	}

	res := search.Result{Total: int(all.GetCardinality())}
	if len(q.Facets) > 0 {
		res.Facets = st.facetCounts(q.Facets, textSet, all, sets)
	}
	var page []scored
	switch {
	case byScore:
		page = top.sorted()
	case q.Sort == search.SortTitle:
		page = inOrder(all, o.byTitle, o.rankTitle, to)
	default: // newest, and relevance without text
		page = inOrder(all, o.newest, o.rankNew, to)
	}
	if from < len(page) {
		page = page[from:min(to, len(page))]
	} else {
		page = nil
	}
	var match func(string) bool
	if q.Highlight {
		match = p.matcher(ix.stop)
	}
	res.Hits = make([]search.Hit, len(page))
	for i, h := range page {
		res.Hits[i] = search.Hit{ID: st.ids[h.ord], Score: h.score}
		if match != nil {
			res.Hits[i].Highlight = highlight(st.titles[h.ord], st.summarys[h.ord], match)
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// match runs a Bleve query on a snapshot and returns the ordinals of all
// matching documents, calling keep with each one's score.
func (g *generation) match(ctx context.Context, q query.Query, ix *Index, keep func(uint32, float64)) (*roaring.Bitmap, error) {
	adv, err := g.bleve.Advanced()
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("bleve-lezer: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("bleve: geen scorch-index")
	}
	tr, err := g.segs.translator(snap, g.st.ord)
	if err != nil {
		return nil, err
	}
	s, err := q.Searcher(ctx, r, ix.mapping, bsearch.SearcherOptions{})
	if err != nil {
		return nil, fmt.Errorf("bleve-zoekopdracht: %w", err)
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	ords := make([]uint32, 0, 256)
	for n := 1; ; n++ {
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, fmt.Errorf("bleve-zoekopdracht: %w", err)
		}
		if dm == nil {
			break
		}
		if o := tr.ord(dm.IndexInternalID.Value()); o != noOrd {
			ords = append(ords, o)
			keep(o, dm.Score)
		}
		sctx.DocumentMatchPool.Put(dm)
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	slices.Sort(ords)
	b := roaring.New()
	b.AddMany(ords)
	return b, nil
}

type scored struct {
	ord   uint32
	score float64
}

// inOrder returns the first n members of set in a presorted order (rank
// maps an ordinal to its position there). A small set is sorted by rank; a
// large one is found by walking the order, which stops after n members.
func inOrder(set *roaring.Bitmap, order, rank []uint32, n int) []scored {
	card := int(set.GetCardinality())
	out := make([]scored, 0, min(n, card))
	if card == 0 || n == 0 {
		return out
	}
	if card*32 < len(order) {
		members := set.ToArray()
		slices.SortFunc(members, func(a, b uint32) int { return int(rank[a]) - int(rank[b]) })
		for _, o := range members[:min(n, len(members))] {
			out = append(out, scored{ord: o})
		}
		return out
	}
	for _, o := range order {
		if set.Contains(o) {
			out = append(out, scored{ord: o})
			if len(out) == n {
				break
			}
		}
	}
	return out
}
