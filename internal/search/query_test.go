package search

import (
	"errors"
	"reflect"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func TestNormalizeDefaults(t *testing.T) {
	q := Query{Text: "  windmolen ", Filters: map[string][]string{"levels": {" secundair", "secundair", ""}, "hub": {""}}, Facets: []string{"levels", "levels", "hub"}}
	if err := q.Normalize(); err != nil {
		t.Fatal(err)
	}
	want := Query{Text: "windmolen", Filters: map[string][]string{"levels": {"secundair"}}, Sort: SortRelevance, Page: 1, PerPage: 20, Facets: []string{"levels", "hub"}}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("got %+v\nwant %+v", q, want)
	}
}

func TestNormalizeRejects(t *testing.T) {
	long := make([]byte, MaxTextLength+1)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name  string
		q     Query
		param string
	}{
		{"unknown filter", Query{Filters: map[string][]string{"kleur": {"rood"}}}, "kleur"},
		{"unknown facet", Query{Facets: []string{"levels", "kleur"}}, "facets"},
		{"unknown sort", Query{Sort: "oldest"}, "sort"},
		{"negative page", Query{Page: -1}, "page"},
		{"per_page too big", Query{PerPage: 101}, "per_page"},
		{"negative per_page", Query{PerPage: -5}, "per_page"},
		{"too deep", Query{Page: 501, PerPage: 20}, "page"},
		{"text too long", Query{Text: string(long)}, "q"},
	}
	for _, tt := range tests {
		err := tt.q.Normalize()
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%s: got %v, want *QueryError", tt.name, err)
			continue
		}
		if qe.Param != tt.param || qe.Message == "" {
			t.Errorf("%s: got param %q message %q, want param %q", tt.name, qe.Param, qe.Message, tt.param)
		}
	}
	ok := Query{PerPage: 100, Page: 100}
	if err := ok.Normalize(); err != nil {
		t.Errorf("page 100 × 100 is within the window: %v", err)
	}
}

func TestDocumentFrom(t *testing.T) {
	m := catalog.Material{Slug: "windmolen", Title: "Windmolen", Type: "les", Levels: []string{"secundair"},
		Grades: []int{1, 2, 1}, StemKader: []int{3}, SDGs: []int{7, 13}, Hub: "limburg", Text: "tekst",
		Headings: []string{"Stap 1"}, Network: "", License: "CC-BY-4.0"}
	d := DocumentFrom(m)
	if d.ID != "windmolen" || d.Body != "tekst" || !reflect.DeepEqual(d.Headings, []string{"Stap 1"}) {
		t.Errorf("basic fields wrong: %+v", d)
	}
	want := map[string][]string{"type": {"les"}, "levels": {"secundair"}, "grades": {"secundair-1", "secundair-2"},
		"years": {"secundair-1", "secundair-2", "secundair-3", "secundair-4"}, "stem_kader": {"3"},
		"sdgs": {"7", "13"}, "hub": {"limburg"}, "license": {"CC-BY-4.0"}}
	if !reflect.DeepEqual(d.Facets, want) {
		t.Errorf("facets = %v, want %v", d.Facets, want)
	}
	for f := range d.Facets {
		if !catalog.IsFacetField(f) {
			t.Errorf("facet %q is not a catalog facet field", f)
		}
	}
}
