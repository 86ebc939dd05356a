package web_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// kaderTerms are the ten dimensions as content/taxonomy holds them.
func kaderTerms(t *testing.T) []catalog.Term {
	t.Helper()
	voc, err := catalog.LoadVocabularies(os.DirFS(filepath.Join("..", "..", "content")))
	if err != nil {
		t.Fatal(err)
	}
	v := voc.Vocabulary(catalog.FieldStemKader)
	if v == nil || len(v.Terms) != 10 {
		t.Fatalf("STEM-kader: geen 10 dimensies in content/taxonomy")
	}
	return v.Terms
}

// TestRealKaderOverview: /stem-kader lists the ten dimensions in their
// order, each with its short name, explanation, number of materials (as
// the seed has them) and a link to its page; the official wordings are
// only on the dimensions' own pages.
func TestRealKaderOverview(t *testing.T) {
	t.Parallel()
	terms := kaderTerms(t)
	counts := expectedFacet(seedMaterials(t), nil, catalog.FieldStemKader)
	r := fetchReal(t, "/stem-kader")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	doc := parseHTML(t, r.Body)
	items := findAll(doc, func(n *html.Node) bool { return attr(n, "class") == "kader-item" })
	if len(items) != 10 {
		t.Fatalf("%d dimensies op het overzicht, verwacht 10", len(items))
	}
	for i, item := range items {
		term := terms[i]
		if strings.Contains(term.Label, ",") {
			t.Errorf("dimensie %d: de korte naam %q bevat een komma; kaarten scheiden de namen met komma's", i+1, term.Label)
		}
		a := findFirst(item, func(n *html.Node) bool { return n.Data == "a" })
		if href := attr(a, "href"); href != "/stem-kader/"+strconv.Itoa(i+1) {
			t.Errorf("dimensie %d linkt naar %q", i+1, href)
		}
		if got := textOf(a); got != "Dimensie "+term.ID+" "+term.Label {
			t.Errorf("dimensie %d heet %q, verwacht de korte naam %q", i+1, got, term.Label)
		}
		want := "Nog geen materiaal"
		if n := counts[term.ID]; n > 0 {
			want = plural(n, "materiaal", "materialen")
		}
		if !strings.Contains(textOf(item), term.Description) || !strings.Contains(textOf(item), want) {
			t.Errorf("dimensie %d: uitleg of %q ontbreekt: %q", i+1, want, textOf(item))
		}
	}
	for _, term := range terms {
		if term.Official != term.Label {
			expectNotContains(t, "overzicht", r.Body, term.Official)
		}
	}
	expectContains(t, "overzicht", r.Body, `href="/stem-kader" aria-current="page"`)
}

// TestRealKaderDimensionPages: each dimension's page has its short name,
// the explanation, the official wording exactly once (the network's
// variant only when it says something else), the materials that work on
// it (newest first, as the seed has them) and its neighbours; addresses
// that are no dimension are 404.
func TestRealKaderDimensionPages(t *testing.T) {
	t.Parallel()
	seed := seedMaterials(t)
	for i, term := range kaderTerms(t) {
		n := i + 1
		r := fetchReal(t, "/stem-kader/"+strconv.Itoa(n))
		if r.Status != 200 {
			t.Fatalf("dimensie %d: status %d", n, r.Status)
		}
		doc := parseHTML(t, r.Body)
		h1 := textOf(findFirst(doc, func(n *html.Node) bool { return n.Data == "h1" }))
		if !strings.HasSuffix(h1, term.Label) || !strings.Contains(h1, "Dimensie "+term.ID) {
			t.Errorf("dimensie %d: h1 %q", n, h1)
		}
		main := textOf(findFirst(doc, func(n *html.Node) bool { return n.Data == "main" }))
		expectContains(t, "dimensie "+term.ID, main, term.Description)
		for _, wording := range []string{term.Label, term.Official, term.Variant} {
			if wording == "" {
				continue
			}
			// The short name may return inside the others ("Samenwerken"
			// in "Samenwerken in teamverband"), never as itself twice.
			if got := countWording(doc, wording); got != 1 {
				t.Errorf("dimensie %d: formulering %q staat %d keer op de pagina, verwacht 1", n, wording, got)
			}
		}

		var want []string
		for _, m := range seed {
			if slices.Contains(m.StemKader, n) {
				want = append(want, m.Slug)
			}
		}
		got := materialLinks(section(t, doc, "kader-materials-title"))
		if len(want) == 0 {
			expectContains(t, "dimensie "+term.ID, main, "Nog geen materiaal")
		} else if len(got) != min(len(want), 12) || !strings.Contains(main, plural(len(want), "materiaal", "materialen")) {
			t.Errorf("dimensie %d: %d materialen getoond (%v), de seed heeft er %d", n, len(got), got, len(want))
		}
		for _, slug := range got {
			if !slices.Contains(want, slug) {
				t.Errorf("dimensie %d toont %s, dat niet aan deze dimensie werkt", n, slug)
			}
		}
		if n > 1 {
			expectContains(t, "dimensie "+term.ID, r.Body, `href="/stem-kader/`+strconv.Itoa(n-1)+`" rel="prev"`)
		}
		if n < 10 {
			expectContains(t, "dimensie "+term.ID, r.Body, `href="/stem-kader/`+strconv.Itoa(n+1)+`" rel="next"`)
		}
	}
	for _, bad := range []string{"/stem-kader/0", "/stem-kader/11", "/stem-kader/03", "/stem-kader/twee", "/stem-kader/2?page=99", "/stem-kader/2?page=x"} {
		if r := fetchReal(t, bad); r.Status != 404 {
			t.Errorf("%s: status %d, verwacht 404", bad, r.Status)
		}
	}
}

// countWording counts the texts of <main> outside the material cards that
// are this wording, or end a sentence quoting it: one formulation printed
// once. (Cards name their dimensions by short name, each card once.)
func countWording(doc *html.Node, wording string) int {
	n := 0
	var visit func(*html.Node)
	visit = func(node *html.Node) {
		if node.Type == html.ElementNode && attr(node, "class") == "cards" {
			return
		}
		if node.Type == html.TextNode {
			text := strings.Trim(strings.TrimSpace(node.Data), "”.")
			if text == wording || strings.HasSuffix(text, ": “"+wording) {
				n++
			}
		}
		for c := node.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(findFirst(doc, func(n *html.Node) bool { return n.Data == "main" }))
	return n
}

// TestRealKaderShortNamesEverywhere: the facet, the cards and the material
// page name the dimensions by their short name, in the order 1..10, and
// link to the dimensions' pages; no official wording appears there.
func TestRealKaderShortNamesEverywhere(t *testing.T) {
	t.Parallel()
	terms := kaderTerms(t)
	seed := seedMaterials(t)

	r := fetchReal(t, "/zoeken?per_page=50")
	doc := parseHTML(t, r.Body)
	var labels []string
	for _, box := range findAll(doc, func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "stem_kader" }) {
		l := findFirst(doc, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == attr(box, "id") })
		labels = append(labels, attr(box, "value")+" "+strings.TrimSpace(strings.SplitN(textOf(l), " (", 2)[0]))
	}
	var want []string
	counts := expectedFacet(seed, nil, catalog.FieldStemKader)
	for _, term := range terms {
		if counts[term.ID] > 0 {
			want = append(want, term.ID+" "+term.Label)
		}
	}
	if !slices.Equal(labels, want) {
		t.Errorf("STEM-kaderfacet %q, verwacht korte namen in de volgorde 1..10: %q", labels, want)
	}
	expectContains(t, "zoekpagina", r.Body, `<a href="/stem-kader">`)

	// A card of a material with several dimensions lists them in order.
	var multi seedMaterial
	for _, m := range seed {
		if len(m.StemKader) > 1 && !slices.IsSorted(m.StemKader) {
			multi = m
			break
		}
	}
	if multi.Slug == "" {
		for _, m := range seed {
			if len(m.StemKader) > 1 {
				multi = m
				break
			}
		}
	}
	sorted := slices.Clone(multi.StemKader)
	slices.Sort(sorted)
	var names, links []string
	for _, n := range sorted {
		names = append(names, terms[n-1].Label)
		links = append(links, `<a href="/stem-kader/`+strconv.Itoa(n)+`"><strong>Dimensie `+strconv.Itoa(n)+`</strong>: `+terms[n-1].Label+`</a>`)
	}
	expectContains(t, "kaart van "+multi.Slug, r.Body, "<dt>STEM-kader</dt><dd>"+strings.Join(names, ", ")+"</dd>")

	page := fetchReal(t, "/materialen/"+multi.Slug)
	expectContains(t, "materiaalpagina "+multi.Slug, page.Body, strings.Join(links, "</li><li>"))
	// JSON-LD aligns to each dimension in order and points at its page.
	for _, n := range sorted {
		expectContains(t, "JSON-LD van "+multi.Slug, page.Body, `"targetName":"Dimensie `+strconv.Itoa(n)+`: `+terms[n-1].Label+`","targetUrl":"`+testBaseURL+`/stem-kader/`+strconv.Itoa(n)+`"`)
	}
	for _, body := range []string{r.Body, page.Body} {
		for _, term := range terms {
			if term.Official != term.Label {
				expectNotContains(t, "zoekpagina en materiaalpagina", body, term.Official)
			}
			if term.Variant != "" && term.Variant != term.Label {
				expectNotContains(t, "zoekpagina en materiaalpagina", body, term.Variant)
			}
		}
	}
}

// TestRealSearchPagePhoneAids: the search page has the skip link to the
// results, a focusable results heading it lands on, and in the filter
// panel "Toon N resultaten" with the real count, which without script
// submits the filters to /zoeken#resultaten.
func TestRealSearchPagePhoneAids(t *testing.T) {
	t.Parallel()
	r := fetchReal(t, "/zoeken?levels=secundair")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	n := expectedFacet(seedMaterials(t), nil, catalog.FieldLevels)["secundair"]
	expectContains(t, "zoekpagina", r.Body,
		`<a class="skip-link" href="#resultaten">Naar de resultaten</a>`,
		`<h2 id="resultaten" class="visually-hidden results-heading" tabindex="-1">Resultaten</h2>`,
		`formaction="/zoeken#resultaten"`,
		`<span class="show-results-js">Toon `+plural(n, "resultaat", "resultaten")+`</span><span class="js-hide">Filters toepassen en resultaten tonen</span>`)
	// Only the search page skips to results.
	expectNotContains(t, "startpagina", fetchReal(t, "/").Body, `href="#resultaten"`)
}
