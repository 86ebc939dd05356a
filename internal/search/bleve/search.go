package bleve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/stem-kennishub/hub/internal/search"
)

// Search implements search.Index. Which documents match the text is
// answered from Bleve's postings as bitmaps (match.go); filters, totals,
// facet counts, sorting and paging are bitmap and array work on the
// in-memory state; Bleve scores only a bounded set of candidates for the
// relevance order (score.go). So the cost hardly grows with the number of
// matches or facets.
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

	textSet := st.live
	var page []scored
	if hasText {
		var err error
		if textSet, page, err = g.textSearch(ctx, ix, &p, q, sets, o, to); err != nil {
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
	switch {
	case hasText && q.Sort == search.SortRelevance:
		// page holds the scored top results
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

// textSearch returns the ordinals matching the text (any of its words)
// and, for the relevance sort, the best k of those that also pass the
// filters, best first: those matching the most words first, by score within
// that. It adds to p the compound forms the index knows (highlighting then
// marks them too).
func (g *generation) textSearch(ctx context.Context, ix *Index, p *plan, q search.Query, sets map[string]*roaring.Bitmap, o orders, k int) (*roaring.Bitmap, []scored, error) {
	if len(p.clauses) == 0 { // only stop words or too-short words
		return roaring.New(), nil, nil
	}
	an := ix.mapping.AnalyzerNamed(analyzerName)
	adv, err := g.bleve.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("bleve: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("bleve-lezer: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil, errors.New("bleve: geen scorch-index")
	}
	tr, err := g.segs.translator(snap, g.st.ord)
	if err != nil {
		return nil, nil, err
	}
	p.withDerived(func(w string) string {
		if toks := an.Analyze([]byte(w)); len(toks) == 1 {
			return string(toks[0].Term)
		}
		return ""
	})
	p.withCompounds(known(snap, an))
	cp, err := p.compile(an)
	if err != nil {
		return nil, nil, err
	}
	tm, err := cp.match(ctx, snap, tr)
	if err != nil {
		return nil, nil, err
	}
	if q.Sort != search.SortRelevance {
		return tm.all, nil, nil
	}
	filtered := tm.all
	if len(sets) > 0 {
		filtered = intersect(tm.all, sets, "")
	}
	top := newTopK(k, o.rankNew)
	// Candidates: first the documents with every word in the title or
	// keywords, then those with every word anywhere, then the rest. When
	// enough documents hold every word to fill the page, the others cannot
	// reach it (they rank after all of those), so they are not scored.
	pool := filtered
	if every := roaring.And(filtered, tm.every); int(every.GetCardinality()) >= k {
		pool = every
	}
	cands := candidates(pool, []*roaring.Bitmap{tm.head, tm.every}, k, o)
	push := func(ord uint32, score float64) { top.push(ord, tm.tier(ord), score) }
	if err := score(ctx, r, ix, cp.scoringQuery(), tr, len(g.st.ids), cands, push); err != nil {
		return nil, nil, err
	}
	return tm.all, top.sorted(), nil
}

type scored struct {
	ord   uint32
	tier  int // 1 when the document matches every query word (clause)
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
