package bleve

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/stem-kennishub/hub/internal/search"
)

// noOrd marks a Bleve document that has no ordinal (never seen or gone).
const noOrd = ^uint32(0)

// state is the in-memory side of one index generation: every document gets
// a small, stable ordinal; facet values are roaring bitmaps of ordinals;
// dates and title keys give presorted orders. Filters, facet counts, totals
// and the newest/title sorts are bitmap work here, never Bleve queries —
// that is what keeps a fully faceted search over 100,000 materials fast.
//
// Writes happen under Index.mu held for writing; reads under Index.mu held
// for reading. Only the lazily built sort orders have their own lock.
type state struct {
	ord      map[string]uint32 // id -> ordinal; kept after delete so ordinals are never reused
	ids      []string
	titles   []string
	summarys []string
	keys     []string // title sort keys (search.TitleKey), computed once per write
	dates    []int64  // unix seconds
	live     *roaring.Bitmap
	facets   map[string]map[string]*roaring.Bitmap // field -> value -> ordinals

	sortMu    sync.Mutex
	sortDirty bool
	sorted    orders
	changed   []uint32 // ordinals written since the last sort; nil after too many
	resortAll bool     // too many changes: sort from scratch
}

// maxIncremental is how many changed documents are merged into the
// existing orders; more than that and a full sort is cheaper.
const maxIncremental = 2000

// orders are the live ordinals presorted for the newest and title sorts,
// with each ordinal's position (rank) in them.
type orders struct {
	newest, byTitle    []uint32
	rankNew, rankTitle []uint32
}

func newState() *state {
	return &state{ord: map[string]uint32{}, live: roaring.New(), facets: map[string]map[string]*roaring.Bitmap{}, sortDirty: true}
}

// ordinal returns the ordinal of id, assigning the next one if new.
func (s *state) ordinal(id string) uint32 {
	if o, ok := s.ord[id]; ok {
		return o
	}
	o := uint32(len(s.ids))
	s.ord[id] = o
	s.ids = append(s.ids, id)
	s.titles = append(s.titles, "")
	s.summarys = append(s.summarys, "")
	s.keys = append(s.keys, "")
	s.dates = append(s.dates, 0)
	return o
}

// put records a document's facets, date and display fields.
func (s *state) put(o uint32, d *search.Document) {
	if s.live.Contains(o) {
		s.removeFacets(o)
	}
	s.live.Add(o)
	s.titles[o], s.summarys[o], s.dates[o] = d.Title, d.Summary, unixOrZero(d.Date)
	s.keys[o] = search.TitleKey(d.Title)
	s.markChanged(o)
	for field, values := range d.Facets {
		byValue := s.facets[field]
		if byValue == nil {
			byValue = map[string]*roaring.Bitmap{}
			s.facets[field] = byValue
		}
		for _, v := range values {
			b := byValue[v]
			if b == nil {
				b = roaring.New()
				byValue[v] = b
			}
			b.Add(o)
		}
	}
}

func (s *state) markChanged(o uint32) {
	s.sortDirty = true
	if len(s.changed) >= maxIncremental {
		s.resortAll, s.changed = true, nil
	}
	if !s.resortAll {
		s.changed = append(s.changed, o)
	}
}

func (s *state) remove(id string) {
	o, ok := s.ord[id]
	if !ok || !s.live.Contains(o) {
		return
	}
	s.live.Remove(o)
	s.removeFacets(o)
	s.titles[o], s.summarys[o], s.keys[o] = "", "", ""
	s.markChanged(o)
}

// removeFacets clears o from every value bitmap. Scanning all bitmaps (a few
// hundred) is cheaper than keeping each document's values in memory.
func (s *state) removeFacets(o uint32) {
	for field, byValue := range s.facets {
		for v, b := range byValue {
			if b.CheckedRemove(o) && b.IsEmpty() {
				delete(byValue, v)
			}
		}
		if len(byValue) == 0 {
			delete(s.facets, field)
		}
	}
}

// orders returns the presorted orders of the live documents, bringing them
// up to date after writes: a few changed documents are merged into the
// existing orders in linear time (a single outbox write must not cost a
// full sort of 100,000 documents); many changes mean a full sort. Callers
// hold Index.mu for reading; the result must not be modified.
func (s *state) orders() orders {
	s.sortMu.Lock()
	defer s.sortMu.Unlock()
	if !s.sortDirty {
		return s.sorted
	}
	var o orders
	if s.resortAll || s.sorted.newest == nil {
		o.newest = s.live.ToArray()
		slices.SortFunc(o.newest, s.cmpNewest)
		o.byTitle = s.live.ToArray()
		slices.SortFunc(o.byTitle, s.cmpTitle)
	} else {
		changed := make([]bool, len(s.ids))
		var add []uint32
		for _, c := range s.changed {
			if !changed[c] {
				changed[c] = true
				if s.live.Contains(c) {
					add = append(add, c)
				}
			}
		}
		o.newest = mergeChanged(s.sorted.newest, changed, slices.Clone(add), s.cmpNewest)
		o.byTitle = mergeChanged(s.sorted.byTitle, changed, add, s.cmpTitle)
	}
	o.rankNew = ranks(o.newest, len(s.ids))
	o.rankTitle = ranks(o.byTitle, len(s.ids))
	s.sorted, s.sortDirty, s.resortAll, s.changed = o, false, false, s.changed[:0]
	return o
}

func (s *state) cmpNewest(a, b uint32) int {
	if c := cmp.Compare(s.dates[b], s.dates[a]); c != 0 {
		return c
	}
	return cmp.Compare(s.ids[a], s.ids[b])
}

func (s *state) cmpTitle(a, b uint32) int {
	if c := cmp.Compare(s.keys[a], s.keys[b]); c != 0 {
		return c
	}
	return cmp.Compare(s.ids[a], s.ids[b])
}

// mergeChanged drops the changed ordinals from old and inserts add (the
// changed ones still live) at their sorted places, found by binary search:
// linear copying and only k·log n comparisons, because comparing titles is
// the expensive part.
func mergeChanged(old []uint32, changed []bool, add []uint32, cmp func(a, b uint32) int) []uint32 {
	kept := make([]uint32, 0, len(old))
	for _, o := range old {
		if int(o) >= len(changed) || !changed[o] {
			kept = append(kept, o)
		}
	}
	slices.SortFunc(add, cmp)
	out := make([]uint32, 0, len(kept)+len(add))
	prev := 0
	for _, a := range add {
		pos, _ := slices.BinarySearchFunc(kept, a, cmp)
		out = append(out, kept[prev:pos]...)
		out = append(out, a)
		prev = pos
	}
	return append(out, kept[prev:]...)
}

func ranks(order []uint32, n int) []uint32 {
	r := make([]uint32, n)
	for i, o := range order {
		r[o] = uint32(i)
	}
	return r
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
