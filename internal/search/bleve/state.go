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
}

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
	s.sortDirty = true
}

func (s *state) remove(id string) {
	o, ok := s.ord[id]
	if !ok || !s.live.Contains(o) {
		return
	}
	s.live.Remove(o)
	s.removeFacets(o)
	s.titles[o], s.summarys[o], s.keys[o] = "", "", ""
	s.sortDirty = true
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

// orders returns the presorted orders of the live documents, rebuilding
// them after writes. Callers hold Index.mu for reading; the result must not
// be modified.
func (s *state) orders() orders {
	s.sortMu.Lock()
	defer s.sortMu.Unlock()
	if !s.sortDirty {
		return s.sorted
	}
	var o orders
	o.newest = s.live.ToArray()
	slices.SortFunc(o.newest, func(a, b uint32) int {
		if c := cmp.Compare(s.dates[b], s.dates[a]); c != 0 {
			return c
		}
		return cmp.Compare(s.ids[a], s.ids[b])
	})
	o.byTitle = s.live.ToArray()
	slices.SortFunc(o.byTitle, func(a, b uint32) int {
		if c := cmp.Compare(s.keys[a], s.keys[b]); c != 0 {
			return c
		}
		return cmp.Compare(s.ids[a], s.ids[b])
	})
	o.rankNew = ranks(o.newest, len(s.ids))
	o.rankTitle = ranks(o.byTitle, len(s.ids))
	s.sorted, s.sortDirty = o, false
	return o
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
