package bleve

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"
)

func BenchmarkSlowest(b *testing.B) {
	ix := benchIndex(b)
	type r struct {
		q string
		d time.Duration
		n int
	}
	var rs []r
	for _, mix := range [][]string{{"ayt"}, {"fac"}} {
		qs := asYouTypeQueries()
		if mix[0] == "fac" {
			qs = facetQueries()
		}
		for _, q := range qs {
			_ = q.Normalize()
			ix.Search(context.Background(), q)
			t0 := time.Now()
			var res, _ = ix.Search(context.Background(), q)
			for i := 0; i < 4; i++ {
				ix.Search(context.Background(), q)
			}
			rs = append(rs, r{mix[0] + ":" + q.Text + fmt.Sprint(q.Filters), time.Since(t0) / 5, res.Total})
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].d > rs[j].d })
	for _, x := range rs[:25] {
		fmt.Println(x.d, x.n, x.q)
	}
}
