package web_test

import (
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
	"golang.org/x/net/html"
)

// TestRealFacetsAgreeWithSeed checks filters (OR within a field, AND across
// fields) and disjunctive facet counts three ways: the API, the search
// page's sidebar and status line, and the oracle's own count of the seed.
func TestRealFacetsAgreeWithSeed(t *testing.T) {
	t.Parallel()
	seed := seedMaterials(t)
	tests := []string{
		"levels=secundair&disciplines=wiskunde",
		"levels=lager&levels=kleuter",                                      // OR within levels
		"levels=secundair&finalities=arbeidsmarkt&disciplines=engineering", // AND across three
		"hub=limburg&hub=antwerpen&inclusion=taalarm",
		"grades=secundair-1&streams=A&stem_kader=3",
		"grades=lager-2&themes=water",                // the primary teacher: water for leerjaar 3–4
		"grades=lager-2&grades=secundair-2",          // both 2de graden: OR, each counted with its level
		"years=lager-3&years=lager-4",                // leerjaren, derived from the graad
		"grades=secundair-2&finalities=arbeidsmarkt", // the secondary teacher in Limburg
		"themes=energie&sdgs=7&type=project",
		"goals=SO_1STE_GRAAD_V2_1:06.43",
		"levels=hoger&levels=kleuter&disciplines=engineering",
		"network=istem&license=CC-BY-SA-4.0&language=nl",
		"levels=kleuter&finalities=arbeidsmarkt", // nothing matches both
	}
	for _, query := range tests {
		t.Run(query, func(t *testing.T) {
			t.Parallel()
			vals, err := url.ParseQuery(query)
			if err != nil {
				t.Fatal(err)
			}
			filters := map[string][]string(vals)
			want := 0
			for _, m := range seed {
				if m.matchesFilters(filters) {
					want++
				}
			}
			api := searchAPI(t, query+"&per_page=100")
			if api.Total != want || len(api.Hits) != want {
				t.Errorf("API: total %d, %d hits; de seed heeft %d materialen die passen", api.Total, len(api.Hits), want)
			}
			for _, h := range api.Hits {
				if m := bySlug(seed)[h.Slug]; !m.matchesFilters(filters) {
					t.Errorf("%s past niet bij de filters", h.Slug)
				}
			}
			page := fetchReal(t, "/zoeken?"+query)
			if page.Status != 200 {
				t.Fatalf("/zoeken: status %d", page.Status)
			}
			doc := parseHTML(t, page.Body)
			sidebar := sidebarCounts(t, doc)
			for _, field := range catalog.FacetFields {
				oracle := expectedFacet(seed, filters, field)
				if got := withoutSelectedZeros(api.Facets[field], filters[field]); !sameCounts(got, oracle) {
					t.Errorf("API-facet %s = %v, de seed telt %v", field, api.Facets[field], oracle)
				}
				if got := withoutSelectedZeros(sidebar[field], filters[field]); !sameCounts(got, oracle) {
					t.Errorf("zijbalk %s = %v, de seed telt %v", field, sidebar[field], oracle)
				}
				for _, v := range filters[field] {
					if _, shown := sidebar[field][v]; !shown {
						t.Errorf("gekozen filter %s=%s staat niet (aangevinkt) in de zijbalk", field, v)
					}
				}
			}
			status := attr(findFirst(doc, func(n *html.Node) bool { return attr(n, "id") == "zoekregio" }), "data-status")
			wantStatus := strconv.Itoa(want) + " materialen gevonden"
			switch want {
			case 0:
				wantStatus = "Geen materialen gevonden"
			case 1:
				wantStatus = "1 materiaal gevonden"
			}
			if status != wantStatus {
				t.Errorf("statusregel %q, verwacht %q", status, wantStatus)
			}
			if n := len(checkedBoxes(doc)); n != countValues(filters) {
				t.Errorf("%d vakjes aangevinkt, %d filters gekozen", n, countValues(filters))
			}
		})
	}
}

// withoutSelectedZeros drops the zero counts the hub shows for chosen
// values (a chosen value stays visible); a zero for any other value stays
// and fails the comparison.
func withoutSelectedZeros(counts map[string]int, selected []string) map[string]int {
	out := map[string]int{}
	for v, n := range counts {
		if n == 0 && contains(selected, v) {
			continue
		}
		out[v] = n
	}
	return out
}

func sameCounts(a, b map[string]int) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func countValues(filters map[string][]string) int {
	n := 0
	for _, vs := range filters {
		n += len(dedupe(vs))
	}
	return n
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

var countRe = regexp.MustCompile(`^\(([0-9.]+) materia`)

// sidebarCounts reads the facet checkboxes of the search page: field →
// value → the count in the checkbox's label.
func sidebarCounts(tb testing.TB, doc *html.Node) map[string]map[string]int {
	tb.Helper()
	labels := map[string]string{}
	walk(doc, func(n *html.Node) {
		// The count is the label's <span class="count">: the label text
		// itself may hold digits in brackets ("06.43 (1ste graad)").
		if n.Type == html.ElementNode && n.Data == "label" && attr(n, "for") != "" {
			labels[attr(n, "for")] = textOf(findFirst(n, func(c *html.Node) bool { return attr(c, "class") == "count" }))
		}
	})
	out := map[string]map[string]int{}
	walk(doc, func(n *html.Node) {
		if !isFacetBox(n) {
			return
		}
		field, value := attr(n, "name"), attr(n, "value")
		m := countRe.FindStringSubmatch(labels[attr(n, "id")])
		if m == nil {
			tb.Errorf("vakje %s=%s heeft geen aantal in zijn label %q", field, value, labels[attr(n, "id")])
			return
		}
		count, _ := strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
		if out[field] == nil {
			out[field] = map[string]int{}
		}
		out[field][value] = count
	})
	return out
}

func checkedBoxes(doc *html.Node) []*html.Node {
	var out []*html.Node
	walk(doc, func(n *html.Node) {
		if isFacetBox(n) && hasAttr(n, "checked") {
			out = append(out, n)
		}
	})
	return out
}

func isFacetBox(n *html.Node) bool {
	return n.Type == html.ElementNode && n.Data == "input" && attr(n, "type") == "checkbox" && attr(n, "form") == "zoekformulier"
}

func parseHTML(tb testing.TB, body string) *html.Node {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatalf("HTML: %v", err)
	}
	return doc
}

func walk(n *html.Node, visit func(*html.Node)) {
	visit(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func findAll(doc *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	})
	return out
}

func findFirst(doc *html.Node, match func(*html.Node) bool) *html.Node {
	if all := findAll(doc, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
