package web

import (
	"slices"
	"testing"
)

// TestKaderOrderAndWordings: a material's dimensions are shown in their
// order 1..10 without repeats, and a dimension page leaves out a wording
// that would repeat the short name or the official one.
func TestKaderOrderAndWordings(t *testing.T) {
	if got := sortedInts([]int{8, 2, 3, 2}); !slices.Equal(got, []int{2, 3, 8}) {
		t.Errorf("sortedInts = %v, want [2 3 8]", got)
	}
	for _, tc := range []struct{ name, official, variant, wantOfficial, wantVariant string }{
		{"Innovatie", "STEM en innovatie", "Innovatie", "STEM en innovatie", ""},
		{"Samenwerken", "Samenwerken in teamverband", "", "Samenwerken in teamverband", ""},
		{"Denken", "Denken, redeneren", "Denken en redeneren", "Denken, redeneren", "Denken en redeneren"},
		{"Zelfde", "zelfde ", "Zelfde", "", ""},
		{"Kort", "Lang", "lang", "Lang", ""},
	} {
		o, v := kaderWordings(tc.name, tc.official, tc.variant)
		if o != tc.wantOfficial || v != tc.wantVariant {
			t.Errorf("kaderWordings(%q, %q, %q) = %q, %q; want %q, %q", tc.name, tc.official, tc.variant, o, v, tc.wantOfficial, tc.wantVariant)
		}
	}
}
