package bleve

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/search"
)

// TestIncrementalOrdersMatchFullSort writes, rewrites and deletes documents
// in rounds of various sizes and checks after each round that the merged
// orders equal a sort from scratch.
func TestIncrementalOrdersMatchFullSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	st := newState()
	doc := func(i int) search.Document {
		return search.Document{
			ID:    fmt.Sprintf("doc-%03d", i),
			Title: []string{"Windmolen", "één lamp", "Brug", "brug", "Zon"}[r.IntN(5)],
			Date:  time.Date(2020+r.IntN(3), 1, 1+r.IntN(3), 0, 0, 0, 0, time.UTC),
		}
	}
	for round, size := range []int{300, 1, 5, 40, 1, 2500, 3, 0} {
		for k := 0; k < size; k++ {
			i := r.IntN(400)
			if r.IntN(4) == 0 {
				st.remove(fmt.Sprintf("doc-%03d", i))
				continue
			}
			d := doc(i)
			st.put(st.ordinal(d.ID), &d)
		}
		got := st.orders()
		wantNew, wantTitle := st.live.ToArray(), st.live.ToArray()
		slices.SortFunc(wantNew, st.cmpNewest)
		slices.SortFunc(wantTitle, st.cmpTitle)
		if !reflect.DeepEqual(got.newest, wantNew) || !reflect.DeepEqual(got.byTitle, wantTitle) {
			t.Fatalf("round %d (%d writes): incremental orders differ from a full sort", round, size)
		}
		for i, o := range got.newest {
			if got.rankNew[o] != uint32(i) {
				t.Fatalf("round %d: rank of %d is %d, want %d", round, o, got.rankNew[o], i)
			}
		}
	}
}
