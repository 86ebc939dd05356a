package web_test

// Issue 11, "regional hub pages that feel like a place": the hub page has a
// search box scoped to the hub, its description, region, contact and RTC
// (facts from content/taxonomy, read here with yaml.v3 as an oracle), its
// numbers per level and discipline (equal to the API's facet counts for
// the hub) and its newest materials; the hubs overview shows each hub with
// its count and region.

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"gopkg.in/yaml.v3"
)

type oracleTerm struct {
	ID          string   `yaml:"id"`
	Label       string   `yaml:"label"`
	Description string   `yaml:"description"`
	URL         string   `yaml:"url"`
	RTC         string   `yaml:"rtc"`
	Region      string   `yaml:"region"`
	Contacts    []string `yaml:"contacts"`
}

// readTerms reads content/taxonomy/<file> without the catalog package.
func readTerms(tb testing.TB, file string) map[string]oracleTerm {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "content", "taxonomy", file))
	if err != nil {
		tb.Fatal(err)
	}
	var v struct {
		Terms []oracleTerm `yaml:"terms"`
	}
	if err := yaml.Unmarshal(data, &v); err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	out := map[string]oracleTerm{}
	for _, t := range v.Terms {
		out[t.ID] = t
	}
	return out
}

// apiFacets asks the public API for facet counts with filters.
func apiFacets(tb testing.TB, query string) (total int, facets map[string]map[string]int) {
	tb.Helper()
	r := fetchReal(tb, "/api/v1/materials?per_page=1&"+query)
	if r.Status != 200 {
		tb.Fatalf("API %s: status %d: %.200s", query, r.Status, r.Body)
	}
	var body struct {
		Total  int                       `json:"total"`
		Facets map[string]map[string]int `json:"facets"`
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		tb.Fatal(err)
	}
	return body.Total, body.Facets
}

var countTextRe = regexp.MustCompile(`^([0-9.]+) (materiaal|materialen)$`)

// barCounts reads a hub's overview list: every row links into a search
// scoped to the hub, with its value's count as text ("3 materialen").
func barCounts(tb testing.TB, list *html.Node, hub, field string) map[string]int {
	tb.Helper()
	out := map[string]int{}
	for _, li := range findAll(list, func(n *html.Node) bool { return n.Data == "li" }) {
		a := findFirst(li, func(n *html.Node) bool { return n.Data == "a" })
		q, err := url.ParseQuery(strings.TrimPrefix(attr(a, "href"), "/zoeken?"))
		if err != nil || q.Get("hub") != hub || q.Get(field) == "" {
			tb.Errorf("%s: rij %q linkt niet naar een zoekopdracht in de hub: %q", field, textOf(li), attr(a, "href"))
			continue
		}
		text := textOf(findFirst(li, func(n *html.Node) bool { return attr(n, "class") == "bar-value" }))
		m := countTextRe.FindStringSubmatch(text)
		if m == nil {
			tb.Errorf("%s: rij %q zonder leesbaar aantal (%q)", field, textOf(li), text)
			continue
		}
		n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
		if want := plural(n, "materiaal", "materialen"); text != want {
			tb.Errorf("%s: %q, verwacht %q", field, text, want)
		}
		out[q.Get(field)] = n
	}
	return out
}

func TestRealHubPageIsAPlace(t *testing.T) {
	t.Parallel()
	hubs := readTerms(t, "hub.yaml")
	networks := readTerms(t, "network.yaml")
	for _, slug := range []string{"limburg", "brussel", "vlaanderen"} {
		t.Run(slug, func(t *testing.T) {
			h := hubs[slug]
			r := fetchReal(t, "/hubs/"+slug)
			if r.Status != 200 {
				t.Fatalf("status %d", r.Status)
			}
			doc := parseHTML(t, r.Body)
			main := textOf(findFirst(doc, func(n *html.Node) bool { return n.Data == "main" }))

			// The search box searches within the hub.
			form := findFirst(doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "role") == "search" })
			if form == nil || attr(form, "action") != "/zoeken" {
				t.Fatalf("geen zoekformulier naar /zoeken")
			}
			hidden := findFirst(form, func(n *html.Node) bool { return attr(n, "type") == "hidden" && attr(n, "name") == "hub" })
			if attr(hidden, "value") != slug {
				t.Errorf("het zoekvak zoekt niet in de hub (hidden hub=%q)", attr(hidden, "value"))
			}
			q := findFirst(form, func(n *html.Node) bool { return attr(n, "name") == "q" })
			label := findFirst(form, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == attr(q, "id") })
			if q == nil || !strings.Contains(textOf(label), h.Label) {
				t.Errorf("zoekvak zonder label dat de hub noemt: %q", textOf(label))
			}

			// Who the hub is: description, region, RTC with what it does, contact.
			if h.Description == "" || h.Region == "" {
				t.Fatalf("hub.yaml: %s zonder description of region", slug)
			}
			expectContains(t, "hubpagina "+slug, main, strings.Join(strings.Fields(h.Description), " "), h.Region)
			if h.RTC != "" {
				rtc := networks[h.RTC]
				sec := section(t, doc, "hub-rtc-title")
				a := findFirst(sec, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == rtc.URL })
				if a == nil || !strings.Contains(textOf(a), rtc.Label) {
					t.Errorf("RTC %s niet gelinkt naar %s", rtc.Label, rtc.URL)
				}
				expectContains(t, "RTC "+slug, textOf(sec), strings.Join(strings.Fields(rtc.Description), " "))
			}
			contact := section(t, doc, "hub-contact-title")
			for _, id := range h.Contacts {
				n := networks[id]
				if findFirst(contact, func(x *html.Node) bool { return x.Data == "a" && attr(x, "href") == n.URL }) == nil {
					t.Errorf("contact %s (%s) ontbreekt", n.Label, n.URL)
				}
			}
			if len(h.Contacts) == 0 && !strings.Contains(textOf(contact), "/hubs") && findFirst(contact, func(x *html.Node) bool { return attr(x, "href") == "/hubs" }) == nil {
				t.Errorf("hub zonder contact verwijst niet naar de regionale hubs: %q", textOf(contact))
			}

			// Its numbers: the API's facet counts within the hub, as text.
			total, facets := apiFacets(t, "hub="+slug+"&facets=levels,disciplines")
			numbers := section(t, doc, "hub-numbers-title")
			if !strings.Contains(textOf(numbers), plural(total, "materiaal", "materialen")) {
				t.Errorf("totaal %d ontbreekt: %q", total, textOf(numbers))
			}
			for _, field := range []string{"levels", "disciplines"} {
				got := barCounts(t, section(t, doc, "hub-"+field+"-title"), slug, field)
				if !sameCounts(got, withoutZeros(facets[field])) {
					t.Errorf("%s: hubpagina %v, API %v", field, got, facets[field])
				}
			}
			if strings.Contains(r.Body, "map[") {
				t.Error("ruwe Go-gegevens op de pagina")
			}

			// Its newest materials, newest first, all of this hub.
			seed := bySlug(seedMaterials(t))
			newest := materialLinks(section(t, doc, "hub-materials-title"))
			if len(newest) == 0 && total > 0 {
				t.Fatal("geen nieuwste materialen")
			}
			for i, s := range newest {
				if seed[s].Hub != slug {
					t.Errorf("%s hoort niet bij hub %s", s, slug)
				}
				if i > 0 && seed[newest[i-1]].Date < seed[s].Date {
					t.Errorf("%s staat na het oudere %s", s, newest[i-1])
				}
			}
		})
	}
}

func withoutZeros(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v > 0 {
			out[k] = v
		}
	}
	return out
}

// TestRealHubScopedSearch: searching from a hub page filters on the hub;
// the hub shows as an active filter that can be removed.
func TestRealHubScopedSearch(t *testing.T) {
	t.Parallel()
	total, _ := apiFacets(t, "hub=limburg&q=energie&facets=none")
	all, _ := apiFacets(t, "q=energie&facets=none")
	if total == 0 || total == all {
		t.Fatalf("de seed toont het verschil niet: %d in Limburg, %d overal", total, all)
	}
	r := fetchReal(t, "/zoeken?q=energie&hub=limburg")
	doc := parseHTML(t, r.Body)
	region := findFirst(doc, func(n *html.Node) bool { return attr(n, "id") == "zoekregio" })
	seed := bySlug(seedMaterials(t))
	links := materialLinks(region)
	if len(links) != total {
		t.Errorf("%d resultaten, de API telt er %d", len(links), total)
	}
	for _, s := range links {
		if seed[s].Hub != "limburg" {
			t.Errorf("%s is niet van Limburg", s)
		}
	}
	chip := findFirst(doc, func(n *html.Node) bool {
		return attr(n, "class") == "chip" && strings.Contains(textOf(n), "Regionale hub: Limburg")
	})
	if chip == nil {
		t.Fatal("geen actieve filter \"Regionale hub: Limburg\"")
	}
	if got := attr(chip, "href"); got != "/zoeken?q=energie" {
		t.Errorf("de filter verwijderen gaat naar %q, verwacht /zoeken?q=energie", got)
	}
}

// TestRealHubsOverview: every hub with its number of materials (the API's
// hub facet) and its region.
func TestRealHubsOverview(t *testing.T) {
	t.Parallel()
	hubs := readTerms(t, "hub.yaml")
	_, facets := apiFacets(t, "facets=hub")
	doc := parseHTML(t, fetchReal(t, "/hubs").Body)
	cards := findAll(doc, func(n *html.Node) bool { return n.Data == "li" && attr(n, "class") == "card" })
	if len(cards) != len(hubs) {
		t.Fatalf("%d hubs op het overzicht, hub.yaml kent er %d", len(cards), len(hubs))
	}
	for _, c := range cards {
		a := findFirst(c, func(n *html.Node) bool { return n.Data == "a" })
		slug := strings.TrimPrefix(attr(a, "href"), "/hubs/")
		h := hubs[slug]
		text := textOf(c)
		expectContains(t, "overzicht "+slug, text, h.Label, h.Region, plural(facets["hub"][slug], "materiaal", "materialen"))
	}
}
