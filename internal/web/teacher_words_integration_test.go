package web_test

// Issue 11, "synonyms teachers use": "stemkader" finds the materials about
// the STEM-kader, and "basisonderwijs" finds kleuter- and lager onderwijs,
// while "kleuteronderwijs" does not pull in lager onderwijs.

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestRealTeachersWordsFindTheirMaterials(t *testing.T) {
	t.Parallel()
	seed := seedMaterials(t)
	hits := func(q string) []string {
		return searchAPI(t, "per_page=100&facets=none&q="+url.QueryEscape(q)).slugs()
	}
	// Every material whose own text names the STEM-kader.
	var kader []string
	for _, m := range seed {
		text := strings.ToLower(m.Title + " " + m.Summary + " " + strings.Join(m.Keywords, " ") + " " + m.Body)
		if strings.Contains(text, "stem-kader") || strings.Contains(text, "stemkader") {
			kader = append(kader, m.Slug)
		}
	}
	if len(kader) == 0 {
		t.Fatal("de seed noemt het STEM-kader nergens; de test kan niet falen")
	}
	for _, q := range []string{"stemkader", "stem kader", "STEM-kader"} {
		got := hits(q)
		for _, s := range kader {
			if !slices.Contains(got, s) {
				t.Errorf("%q vindt %s niet (het noemt het STEM-kader)", q, s)
			}
		}
	}

	basis := hits("basisonderwijs")
	kleuter := hits("kleuteronderwijs")
	for _, m := range seed {
		if (slices.Contains(m.Levels, "kleuter") || slices.Contains(m.Levels, "lager")) && !slices.Contains(basis, m.Slug) {
			t.Errorf("basisonderwijs vindt %s (%v) niet", m.Slug, m.Levels)
		}
		if slices.Contains(kleuter, m.Slug) && !slices.Contains(m.Levels, "kleuter") &&
			!strings.Contains(strings.ToLower(m.Title+" "+m.Summary+" "+m.Body), "kleuter") {
			t.Errorf("kleuteronderwijs vindt %s (%v), dat niets met kleuters te maken heeft", m.Slug, m.Levels)
		}
	}
}
