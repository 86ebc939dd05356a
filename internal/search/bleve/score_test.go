package bleve

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/stem-kennishub/hub/internal/search"
)

func TestCandidates(t *testing.T) {
	defer func(c int) { scoreCap = c }(scoreCap)
	scoreCap = 4
	// Ordinals 0..9, newest first in the order 9, 8, …, 0.
	var o orders
	for i := 9; i >= 0; i-- {
		o.newest = append(o.newest, uint32(i))
	}
	o.rankNew = ranks(o.newest, 10)
	all := roaring.BitmapOf(0, 1, 2, 3, 5, 7, 8, 9)
	head := roaring.BitmapOf(1, 3)
	tests := []struct {
		name string
		all  *roaring.Bitmap
		k    int
		want []uint32
	}{
		{"few matches: all scored", roaring.BitmapOf(2, 5), 2, []uint32{2, 5}},
		{"many: strong first, then newest", all, 2, []uint32{3, 1, 9, 8}},
		{"deep page raises the cap", all, 6, []uint32{3, 1, 9, 8, 7, 5}},
	}
	for _, tt := range tests {
		if got := candidates(tt.all, []*roaring.Bitmap{head}, tt.k, o); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestCappedRankingKeepsTitleMatches searches a word found in most bodies
// with a tiny cap: the documents with the word in their title must still
// come first.
func TestCappedRankingKeepsTitleMatches(t *testing.T) {
	defer func(c int) { scoreCap = c }(scoreCap)
	scoreCap = 10
	ix, err := Open(t.TempDir(), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := seedDocs()
	ctx := context.Background()
	if err := ix.Upsert(ctx, docs); err != nil {
		t.Fatal(err)
	}
	var titled []string
	for _, d := range docs {
		for _, w := range search.Words(d.Title) {
			if w == "batterij" {
				titled = append(titled, d.ID)
			}
		}
	}
	res, err := ix.Search(ctx, search.Query{Text: "batterij", PerPage: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(titled) < 3 || res.Total <= scoreCap {
		t.Fatalf("weak test: %d titles, %d matches", len(titled), res.Total)
	}
	for _, h := range res.Hits {
		if !slices.Contains(titled, h.ID) {
			t.Errorf("hit %s has no 'batterij' in its title; title matches: %v", h.ID, titled)
		}
	}
}
