package web_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// TestBareGradeFilterKeepsItsMeaning: before graden had a level, grades=2
// meant "2de graad" of any level. Such bookmarks and API clients keep
// working (200, not 400): the hub reads the bare graad as the 2de graad
// lager and the 2de graad secundair, and the page shows both ticked.
// levels=basisonderwijs is kleuter and lager in the same way.
func TestBareGradeFilterKeepsItsMeaning(t *testing.T) {
	t.Parallel()
	seed := seedMaterials(t)
	tests := []struct{ bare, qualified string }{
		{"grades=2", "grades=lager-2&grades=secundair-2"},
		{"grades=1&themes=energie", "grades=lager-1&grades=secundair-1&themes=energie"},
		{"levels=basisonderwijs", "levels=kleuter&levels=lager"},
	}
	for _, tt := range tests {
		bare, qualified := searchAPI(t, tt.bare+"&per_page=100"), searchAPI(t, tt.qualified+"&per_page=100")
		want := 0
		for _, m := range seed {
			if m.matchesFilters(mustQuery(t, tt.qualified)) {
				want++
			}
		}
		if bare.Total != want || qualified.Total != want || !slices.Equal(bare.slugs(), qualified.slugs()) {
			t.Errorf("%s: %d %v; %s: %d; the seed has %d", tt.bare, bare.Total, bare.slugs(), tt.qualified, qualified.Total, want)
		}
		if want == 0 {
			t.Errorf("%s: weak check, nothing matches", tt.bare)
		}
		page := fetchReal(t, "/zoeken?"+tt.bare)
		if page.Status != 200 {
			t.Fatalf("/zoeken?%s: status %d", tt.bare, page.Status)
		}
		var ticked []string
		for _, n := range checkedBoxes(parseHTML(t, page.Body)) {
			ticked = append(ticked, attr(n, "name")+"="+attr(n, "value"))
		}
		for _, v := range strings.Split(tt.qualified, "&") {
			if !slices.Contains(ticked, v) {
				t.Errorf("/zoeken?%s: %s not ticked (ticked: %v)", tt.bare, v, ticked)
			}
		}
	}
}

// TestGradeFacetNamesTheLevel: the sidebar shows "2de graad lager onderwijs
// (leerjaar 3–4)" and "2de graad secundair" as separate values, and a
// Leerjaar facet; the API's material JSON carries the leerjaren.
func TestGradeFacetNamesTheLevel(t *testing.T) {
	t.Parallel()
	page := fetchReal(t, "/zoeken")
	doc := parseHTML(t, page.Body)
	labels := map[string]string{}
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "label" && attr(n, "for") != "" {
			labels[attr(n, "for")] = textOf(n)
		}
	})
	shown := map[string]string{}
	var years []string
	for _, n := range findAll(doc, isFacetBox) {
		shown[attr(n, "name")+"="+attr(n, "value")] = labels[attr(n, "id")]
		if attr(n, "name") == "years" {
			years = append(years, attr(n, "value"))
		}
	}
	// Leerjaren in school order (instapklas … secundair-7), not by count.
	order := catalog.YearIDs()
	if len(years) < 3 || !slices.IsSortedFunc(years, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) }) {
		t.Errorf("Leerjaar facet not in school order: %v", years)
	}
	for box, label := range map[string]string{
		"grades=lager-2":     "2de graad lager onderwijs (leerjaar 3–4)",
		"grades=secundair-2": "2de graad secundair",
		"years=lager-3":      "3de leerjaar (lager)",
		"years=kleuter-3":    "3de kleuterklas",
	} {
		if !strings.Contains(shown[box], label) {
			t.Errorf("facet box %s: label %q, want it to say %q", box, shown[box], label)
		}
	}
	for box := range shown {
		if name, value, _ := strings.Cut(box, "="); name == "grades" && !strings.Contains(value, "-") {
			t.Errorf("a graad without its level in the sidebar: %s", box)
		}
	}
	if !strings.Contains(page.Body, ">Leerjaar<") {
		t.Error("no Leerjaar facet on /zoeken")
	}

	r := fetchReal(t, "/api/v1/materials/knikkerbaan-kleuters")
	var m struct {
		Years []string `json:"years"`
	}
	if r.Status != 200 || json.Unmarshal([]byte(r.Body), &m) != nil || !slices.Equal(m.Years, []string{"kleuter-2", "kleuter-3"}) {
		t.Errorf("API material years = %v (status %d)", m.Years, r.Status)
	}
	r = fetchReal(t, "/api/v1/materials/bruggen-bouwen-papier")
	if r.Status != 200 || json.Unmarshal([]byte(r.Body), &m) != nil || !slices.Equal(m.Years, []string{"lager-3", "lager-4"}) {
		t.Errorf("API material years derived from the 2de graad lager = %v (status %d)", m.Years, r.Status)
	}
}

// TestMaterialPageNamesLeerjarenAndGraden: the material page's metadata
// list names the graad with its level and the leerjaren, each a link to
// the search filtered on it.
func TestMaterialPageNamesLeerjarenAndGraden(t *testing.T) {
	t.Parallel()
	for slug, want := range map[string][]string{
		"bruggen-bouwen-papier": {`<a href="/zoeken?grades=lager-2">2de graad lager onderwijs (leerjaar 3–4)</a>`,
			`<dt>Leerjaar</dt>`, `<a href="/zoeken?years=lager-3">3de leerjaar (lager)</a>`},
		"knikkerbaan-kleuters": {`<a href="/zoeken?years=kleuter-2">2de kleuterklas</a>`, `<a href="/zoeken?years=kleuter-3">3de kleuterklas</a>`},
	} {
		page := fetchReal(t, "/materialen/"+slug)
		if page.Status != 200 {
			t.Fatalf("%s: status %d", slug, page.Status)
		}
		for _, w := range want {
			if !strings.Contains(page.Body, w) {
				t.Errorf("%s: page lacks %s", slug, w)
			}
		}
	}
}

// TestTypedLeerjaarIsUnderstood: "water leerjaar 3" offers the leerjaar
// as a filter, in the API and as a chip on /zoeken that adds exactly it.
func TestTypedLeerjaarIsUnderstood(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]string{"water+leerjaar+3": "years=lager-3", "3de+leerjaar": "years=lager-3",
		"2de+graad+lager": "grades=lager-2", "energie+2de+graad+secundair": "grades=secundair-2"} {
		r := fetchReal(t, "/api/v1/materials?q="+q)
		var out struct {
			Suggested []struct{ Field, Value, Label string } `json:"suggested_filters"`
		}
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range out.Suggested {
			found = found || s.Field+"="+s.Value == want
		}
		if !found {
			t.Errorf("q=%s: suggested %+v, want %s", q, out.Suggested, want)
		}
		page := fetchReal(t, "/zoeken?q="+q)
		chip := findFirst(parseHTML(t, page.Body), func(n *html.Node) bool {
			return attr(n, "class") == "chip chip-suggested" && strings.Contains(attr(n, "href"), want)
		})
		if chip == nil {
			t.Errorf("/zoeken?q=%s: no chip that adds %s", q, want)
		}
	}
}

func mustQuery(t *testing.T, q string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		out[k] = append(out[k], v)
	}
	return out
}
