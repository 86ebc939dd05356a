package bleve

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// scoreCap bounds how many documents Bleve scores per search. When more
// match, the candidates are the newest documents whose title or keywords
// match (the strongest matches), topped up with the newest other matches:
// a broad word such as "leerlingen" matches nearly everything, and among
// 100,000 such documents ranking the most recent strong matches is both
// useful and fast. Below the cap, every match is scored.
var scoreCap = 600 // a variable only so that tests can lower it

// candidates picks the documents to score for a page that needs the first
// k results: when more than the cap match, the newest of each preferred set
// in turn (strongest first), then the newest of the rest.
func candidates(all *roaring.Bitmap, preferred []*roaring.Bitmap, k int, o orders) []uint32 {
	limit := max(scoreCap, k)
	if int(all.GetCardinality()) <= limit {
		return all.ToArray()
	}
	picked := roaring.New()
	out := make([]uint32, 0, limit)
	for _, set := range append(preferred, all) {
		if len(out) == limit {
			break
		}
		set = roaring.And(all, set)
		set.AndNot(picked)
		for _, s := range inOrder(set, o.newest, o.rankNew, limit-len(out)) {
			out = append(out, s.ord)
			picked.Add(s.ord)
		}
	}
	return out
}

// score runs the Bleve query restricted to the candidate documents (a
// conjunction with an id list, which Bleve leapfrogs through) and reports
// each match's score.
func score(ctx context.Context, r index.IndexReader, ix *Index, q query.Query, tr *translator, nOrds int, cands []uint32, keep func(uint32, float64)) error {
	ids := make([]uint64, 0, len(cands))
	for _, o := range cands {
		if g := tr.global(o, nOrds); g != noGlobal {
			ids = append(ids, g)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	text, err := q.Searcher(ctx, r, ix.mapping, bsearch.SearcherOptions{})
	if err != nil {
		return fmt.Errorf("bleve-zoekopdracht: %w", err)
	}
	s, err := searcher.NewConjunctionSearcher(ctx, r, []bsearch.Searcher{text, &idSearcher{ids: ids}}, bsearch.SearcherOptions{})
	if err != nil {
		text.Close()
		return fmt.Errorf("bleve-zoekopdracht: %w", err)
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	for {
		dm, err := s.Next(sctx)
		if err != nil {
			return fmt.Errorf("bleve-zoekopdracht: %w", err)
		}
		if dm == nil {
			return nil
		}
		if o := tr.ord(dm.IndexInternalID.Value()); o != noOrd {
			keep(o, dm.Score)
		}
		sctx.DocumentMatchPool.Put(dm)
	}
}

// idSearcher is a Bleve searcher over a sorted list of document numbers.
// It scores nothing (weight 0); in a conjunction it only restricts which
// documents the text searcher visits.
type idSearcher struct {
	ids []uint64
	pos int
}

func (s *idSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.pos >= len(s.ids) {
		return nil, nil
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, s.ids[s.pos])
	dm.Score = 0
	s.pos++
	return dm, nil
}

func (s *idSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	target := id.Value()
	rest := s.ids[s.pos:]
	s.pos += sort.Search(len(rest), func(i int) bool { return rest[i] >= target })
	return s.Next(ctx)
}

func (s *idSearcher) Close() error               { return nil }
func (s *idSearcher) Weight() float64            { return 0 }
func (s *idSearcher) SetQueryNorm(float64)       {}
func (s *idSearcher) Count() uint64              { return uint64(len(s.ids)) }
func (s *idSearcher) Min() int                   { return 0 }
func (s *idSearcher) Size() int                  { return 64 + 8*len(s.ids) }
func (s *idSearcher) DocumentMatchPoolSize() int { return 1 }
