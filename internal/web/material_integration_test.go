package web_test

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// texLeft finds TeX a reader should never see: commands, scripts in
// braces, dollar signs.
var texLeft = regexp.MustCompile(`\\[A-Za-z]+|[_^]\{|\$|\{,\}`)

// TestRealTOCShowsNoTeX: on every seed page with a table of contents, the
// entries show formulas as readable text, never as TeX.
func TestRealTOCShowsNoTeX(t *testing.T) {
	t.Parallel()
	withFormula := 0
	for _, m := range seedMaterials(t) {
		r := fetchReal(t, "/materialen/"+m.Slug)
		if r.Status != 200 {
			t.Fatalf("%s: status %d", m.Slug, r.Status)
		}
		toc := findFirst(parseHTML(t, r.Body), func(n *html.Node) bool { return n.Data == "nav" && strings.Contains(attr(n, "class"), "toc") })
		if toc == nil {
			continue
		}
		for _, a := range findAll(toc, func(n *html.Node) bool { return n.Data == "a" }) {
			txt := textOf(a)
			if texLeft.MatchString(txt) {
				t.Errorf("%s: inhoudstafel toont TeX: %q", m.Slug, txt)
			}
			if strings.ContainsAny(txt, "βγ₀¹⁰") {
				withFormula++
			}
		}
	}
	if withFormula < 2 {
		t.Errorf("maar %d inhoudstafelregels met een formule gevonden; de seed heeft er meer", withFormula)
	}
}
