package web

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/search"
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

// TestKaderPaginationStaysInTheWindow: a dimension with more materials
// than the engine pages through links its last reachable page, not one
// that would answer 404.
func TestKaderPaginationStaysInTheWindow(t *testing.T) {
	f := newFake()
	f.page.Total = 30000
	app, _ := newTestApp(t, f)
	last := search.MaxWindow / kaderPerPage
	r := get(t, app, "/stem-kader/2")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	mustContain(t, "pagination", r.Body, fmt.Sprintf(`href="/stem-kader/2?page=%d"`, last), "30.000 materialen")
	mustNotContain(t, "pagination", r.Body, fmt.Sprintf(`href="/stem-kader/2?page=%d"`, (30000+kaderPerPage-1)/kaderPerPage))
	if r := get(t, app, fmt.Sprintf("/stem-kader/2?page=%d", last)); r.Status != 200 {
		t.Errorf("last linked page: %d", r.Status)
	}
	if r := get(t, app, fmt.Sprintf("/stem-kader/2?page=%d", last+1)); r.Status != 404 {
		t.Errorf("page past the window: %d, want 404", r.Status)
	}
}

// TestHubPaginationStaysInTheWindow: a hub with more materials than the
// engine pages through links its last reachable page, and a page past the
// window is 404, as on the STEM-kader pages.
func TestHubPaginationStaysInTheWindow(t *testing.T) {
	f := newFake()
	f.hubTotal = 30000
	app, _ := newTestApp(t, f)
	last := search.MaxWindow / hubPerPage
	r := get(t, app, "/hubs/limburg")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	mustContain(t, "pagination", r.Body, fmt.Sprintf(`href="/hubs/limburg?page=%d"`, last))
	mustNotContain(t, "pagination", r.Body, fmt.Sprintf(`href="/hubs/limburg?page=%d"`, (30000+hubPerPage-1)/hubPerPage))
	if r := get(t, app, fmt.Sprintf("/hubs/limburg?page=%d", last)); r.Status != 200 {
		t.Errorf("last linked page: %d", r.Status)
	}
	if r := get(t, app, fmt.Sprintf("/hubs/limburg?page=%d", last+1)); r.Status != 404 {
		t.Errorf("page past the window: %d, want 404", r.Status)
	}
}

// TestInclusionLabelsInOneOrder: a card and a material page list the
// inclusion labels in the vocabulary's order, whatever order the author
// wrote them in, so the same labels always read the same.
func TestInclusionLabelsInOneOrder(t *testing.T) {
	f := newFake()
	w := f.page.Hits[0].Material
	w.Inclusion = []string{"taalarm", "ses", "gender"}
	f.page.Hits[0].Material = w
	mp := f.materials[w.Slug]
	mp.Material.Inclusion = w.Inclusion
	f.materials[w.Slug] = mp
	app, _ := newTestApp(t, f)
	for _, target := range []string{"/zoeken?q=windmolen", "/materialen/" + w.Slug} {
		r := get(t, app, target)
		g, s, l := strings.Index(r.Body, ">Gendersensitief"), strings.Index(r.Body, ">Kansengelijkheid (SES)"), strings.Index(r.Body, ">Lage taaldrempel")
		if g < 0 || s < 0 || l < 0 {
			t.Fatalf("%s: inclusion labels missing (gender %d, ses %d, taalarm %d)", target, g, s, l)
		}
		if !(g < s && s < l) {
			t.Errorf("%s: labels not in the vocabulary's order gender, ses, taalarm: positions %d, %d, %d", target, g, s, l)
		}
	}
}
