package bleve

import "slices"

// topK keeps the k best documents seen, as a min-heap: documents matching
// every query word (tier) first, then score. Equal scores go to the newer
// document, then the lower ordinal, so pages are stable: the same query
// always pages through the same order.
type topK struct {
	k    int
	rank []uint32 // ordinal -> position in newest-first order
	heap []scored
}

func newTopK(k int, rankNew []uint32) *topK {
	return &topK{k: k, rank: rankNew, heap: make([]scored, 0, min(k, 1024))}
}

// better reports whether a ranks before b.
func (t *topK) better(a, b scored) bool {
	if a.tier != b.tier {
		return a.tier > b.tier
	}
	if a.score != b.score {
		return a.score > b.score
	}
	if ra, rb := t.rankOf(a.ord), t.rankOf(b.ord); ra != rb {
		return ra < rb
	}
	return a.ord < b.ord
}

func (t *topK) rankOf(o uint32) uint32 {
	if int(o) < len(t.rank) {
		return t.rank[o]
	}
	return ^uint32(0)
}

func (t *topK) push(o uint32, tier int, score float64) {
	s := scored{ord: o, tier: tier, score: score}
	if len(t.heap) < t.k {
		t.heap = append(t.heap, s)
		t.up(len(t.heap) - 1)
		return
	}
	if t.k == 0 || !t.better(s, t.heap[0]) {
		return
	}
	t.heap[0] = s
	t.down(0)
}

// The heap's root is the worst of the kept documents.
func (t *topK) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !t.better(t.heap[parent], t.heap[i]) {
			break
		}
		t.heap[parent], t.heap[i] = t.heap[i], t.heap[parent]
		i = parent
	}
}

func (t *topK) down(i int) {
	for {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(t.heap) && t.better(t.heap[worst], t.heap[l]) {
			worst = l
		}
		if r < len(t.heap) && t.better(t.heap[worst], t.heap[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		t.heap[i], t.heap[worst] = t.heap[worst], t.heap[i]
		i = worst
	}
}

// sorted returns the kept documents best first.
func (t *topK) sorted() []scored {
	out := slices.Clone(t.heap)
	slices.SortFunc(out, func(a, b scored) int {
		if t.better(a, b) {
			return -1
		}
		if t.better(b, a) {
			return 1
		}
		return 0
	})
	return out
}
