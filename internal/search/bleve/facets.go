package bleve

import (
	"github.com/RoaringBitmap/roaring/v2"
)

// filterSets ORs the bitmaps of each filtered field's chosen values. A
// value nobody has gives an empty set, so the search finds nothing.
func (s *state) filterSets(filters map[string][]string) map[string]*roaring.Bitmap {
	out := make(map[string]*roaring.Bitmap, len(filters))
	for field, values := range filters {
		var chosen []*roaring.Bitmap
		for _, v := range values {
			if b := s.facets[field][v]; b != nil {
				chosen = append(chosen, b)
			}
		}
		switch len(chosen) {
		case 0:
			out[field] = roaring.New()
		case 1:
			out[field] = chosen[0] // shared, read-only
		default:
			out[field] = roaring.FastOr(chosen...)
		}
	}
	return out
}

// intersect returns base AND every set except the one of skip. It never
// modifies base or the sets.
func intersect(base *roaring.Bitmap, sets map[string]*roaring.Bitmap, skip string) *roaring.Bitmap {
	out := base
	copied := false
	for field, set := range sets {
		if field == skip {
			continue
		}
		if !copied {
			out = roaring.And(out, set)
			copied = true
			continue
		}
		out.And(set)
	}
	return out
}

// facetCounts counts, for each requested field, how many matching documents
// carry each value. A field's own filter is left out (disjunctive faceting):
// a teacher who picked "secundair" still sees how many "lager" there are.
// Values with no matching document are omitted.
func (s *state) facetCounts(fields []string, text, all *roaring.Bitmap, sets map[string]*roaring.Bitmap) map[string]map[string]int {
	out := make(map[string]map[string]int, len(fields))
	for _, field := range fields {
		base := all
		if _, filtered := sets[field]; filtered {
			base = intersect(text, sets, field)
		}
		counts := map[string]int{}
		if !base.IsEmpty() {
			for v, b := range s.facets[field] {
				if n := base.AndCardinality(b); n > 0 {
					counts[v] = int(n)
				}
			}
		}
		out[field] = counts
	}
	return out
}
