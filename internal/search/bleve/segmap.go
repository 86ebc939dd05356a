package bleve

import (
	"fmt"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// segmentOrds translates Bleve's internal document numbers into our
// ordinals. Scorch numbers a document by its segment's offset plus its
// number inside the segment; segments are immutable, so each segment's
// local→ordinal table is built once (reading the stored _id of each
// document) and cached until the segment is merged away.
type segmentOrds struct {
	mu     sync.Mutex
	tables map[segment.Segment][]uint32
	last   *translator // of the most recent snapshot: reused while nothing changes
}

func newSegmentOrds() *segmentOrds {
	return &segmentOrds{tables: map[segment.Segment][]uint32{}}
}

// translator maps document numbers of one snapshot to ordinals and back.
type translator struct {
	segs    []*scorch.SegmentSnapshot // identity of the snapshot it was built for
	offsets []uint64
	tables  [][]uint32

	invOnce sync.Once
	inv     []uint64 // ordinal -> global number of its live document
}

const noGlobal = ^uint64(0)

// sameSnapshot reports whether segs are the segments (with the same
// deletions) this translator was built for.
func (t *translator) sameSnapshot(segs []*scorch.SegmentSnapshot) bool {
	if len(segs) != len(t.segs) {
		return false
	}
	for i := range segs {
		if segs[i] != t.segs[i] {
			return false
		}
	}
	return true
}

// appendOrds appends the ordinals of the local documents in bits of
// segment i.
func (t *translator) appendOrds(ords []uint32, i int, bits *roaring.Bitmap) []uint32 {
	table := t.tables[i]
	it := bits.Iterator()
	for it.HasNext() {
		local := it.Next()
		if int(local) < len(table) {
			if o := table[local]; o != noOrd {
				ords = append(ords, o)
			}
		}
	}
	return ords
}

// global returns the snapshot's document number of ordinal o's live
// document (noGlobal if it has none).
func (t *translator) global(o uint32, nOrds int) uint64 {
	t.invOnce.Do(func() {
		t.inv = make([]uint64, nOrds)
		for i := range t.inv {
			t.inv[i] = noGlobal
		}
		for i, table := range t.tables {
			del := t.segs[i].Deleted()
			for local, ord := range table {
				if ord != noOrd && int(ord) < nOrds && (del == nil || !del.Contains(uint32(local))) {
					t.inv[ord] = t.offsets[i] + uint64(local)
				}
			}
		}
	})
	if int(o) < len(t.inv) {
		return t.inv[o]
	}
	return noGlobal
}

func (t *translator) ord(global uint64) uint32 {
	// Segments are few (a handful after merging): a linear scan from the
	// end beats a binary search.
	for i := len(t.offsets) - 1; i >= 0; i-- {
		if global >= t.offsets[i] {
			local := global - t.offsets[i]
			if local < uint64(len(t.tables[i])) {
				return t.tables[i][local]
			}
			return noOrd
		}
	}
	return noOrd
}

// translator returns the number translation for snap. ords is the id →
// ordinal map of the state; callers hold Index.mu at least for reading.
func (c *segmentOrds) translator(snap *scorch.IndexSnapshot, ords map[string]uint32) (*translator, error) {
	segs := snap.Segments()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last != nil && c.last.sameSnapshot(segs) {
		return c.last, nil
	}
	t := &translator{segs: segs, offsets: make([]uint64, len(segs)), tables: make([][]uint32, len(segs))}
	var running uint64
	live := make(map[segment.Segment]bool, len(segs))
	for i, ss := range segs {
		seg := ss.Segment()
		t.offsets[i] = running
		running += seg.Count()
		live[seg] = true
		table, ok := c.tables[seg]
		if !ok {
			var err error
			if table, err = buildTable(seg, ords); err != nil {
				return nil, err
			}
			c.tables[seg] = table
		}
		t.tables[i] = table
	}
	c.last = t
	if len(c.tables) > 2*len(segs)+8 { // forget merged-away segments
		for seg := range c.tables {
			if !live[seg] {
				delete(c.tables, seg)
			}
		}
	}
	return t, nil
}

// remember stores a table built while loading, so the first search after
// Open does not read every _id again.
func (c *segmentOrds) remember(seg segment.Segment, table []uint32) {
	c.mu.Lock()
	c.tables[seg] = table
	c.mu.Unlock()
}

func buildTable(seg segment.Segment, ords map[string]uint32) ([]uint32, error) {
	n := seg.Count()
	table := make([]uint32, n)
	for local := uint64(0); local < n; local++ {
		id, err := seg.DocID(local)
		if err != nil {
			return nil, fmt.Errorf("document %d van een segment lezen: %w", local, err)
		}
		o, ok := ords[string(id)]
		if !ok {
			o = noOrd
		}
		table[local] = o
	}
	return table, nil
}
