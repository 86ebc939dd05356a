package web_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// thinAPI is the part of GET /api/v1/materials these tests read.
type thinAPI struct {
	Total    int `json:"total"`
	Spelling *struct {
		Text  string `json:"text"`
		Total int    `json:"total"`
		URL   string `json:"url"`
		Words []struct {
			Typed, Suggested string
		} `json:"words"`
	} `json:"spelling"`
	Widen []struct {
		Kind, Field, Value, Label, Query string
		Filters                          map[string][]string
		Total, More                      int
		URL                              string
	} `json:"widen"`
}

func thinSearch(t *testing.T, query string) thinAPI {
	t.Helper()
	r := fetchReal(t, "/api/v1/materials?"+query)
	if r.Status != 200 {
		t.Fatalf("/api/v1/materials?%s: status %d: %.300s", query, r.Status, r.Body)
	}
	var out thinAPI
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.Body, `"widen":null`) {
		t.Errorf("widen is null for %s; want [] when there is nothing to widen", query)
	}
	return out
}

// TestRealSpellingSuggestion: a typo that the engine's typo tolerance
// still finds says what it understood and links to the corrected search;
// the count is what that search finds.
func TestRealSpellingSuggestion(t *testing.T) {
	t.Parallel()
	want := thinSearch(t, "q=zonnepaneel").Total
	if want == 0 {
		t.Fatal("the seed has no zonnepaneel material")
	}
	got := thinSearch(t, "q=zonnepaneell")
	if got.Spelling == nil || got.Spelling.Text != "zonnepaneel" || got.Spelling.Total != want {
		t.Fatalf("spelling for q=zonnepaneell = %+v, want zonnepaneel finding %d", got.Spelling, want)
	}
	if len(got.Spelling.Words) != 1 || got.Spelling.Words[0].Typed != "zonnepaneell" {
		t.Errorf("words %+v, want the one typed word", got.Spelling.Words)
	}
	if !strings.HasSuffix(got.Spelling.URL, "/api/v1/materials?q=zonnepaneel") {
		t.Errorf("spelling url %q", got.Spelling.URL)
	}
	// The list shown is the typed word's (typo tolerance may find more,
	// e.g. "watter" also finds "watt"), so the page offers the correction
	// with the correction's own count and never heads the list "Resultaten
	// voor" the corrected word, which would contradict the status line.
	page := fetchReal(t, "/zoeken?q=zonnepaneell").Body
	expectContains(t, "/zoeken?q=zonnepaneell", page,
		fmt.Sprintf(`Bedoelde je <a href="/zoeken?q=zonnepaneel">zonnepaneel</a>? <span class="count">(%d %s)</span>`,
			want, map[bool]string{true: "materiaal", false: "materialen"}[want == 1]))
	if strings.Contains(page, "Resultaten voor “zonnepaneel”") {
		t.Errorf("/zoeken?q=zonnepaneell heads the typed word's list “Resultaten voor “zonnepaneel””")
	}

	// Zero results with a filter the corrected word does not have either:
	// the correction finds nothing there, so it is not offered.
	if got := thinSearch(t, "q=zonnepaneell&hub=antwerpen"); got.Total == 0 && got.Spelling != nil {
		t.Errorf("offered %+v, which finds nothing with hub=antwerpen", got.Spelling)
	}
}

// TestRealNoSpellingForKnownWords: words of the materials, their forms,
// stop words and compounds of known words are never "corrected".
func TestRealNoSpellingForKnownWords(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"zonnepaneel", "windmolens", "waterrad", "de", "energieverbruik", "windm", "06.43"} {
		if got := thinSearch(t, "q="+url.QueryEscape(q)); got.Spelling != nil {
			t.Errorf("q=%s: spelling %+v, want none", q, got.Spelling)
		}
		if body := fetchReal(t, "/zoeken?q="+url.QueryEscape(q)).Body; strings.Contains(body, "Bedoelde je") {
			t.Errorf("/zoeken?q=%s shows “Bedoelde je”", q)
		}
	}
}

// TestRealWidenDropFilter: a search that finds nothing in one hub offers
// dropping that filter, with the number the search without it finds.
func TestRealWidenDropFilter(t *testing.T) {
	t.Parallel()
	all := thinSearch(t, "q=waterkracht").Total
	got := thinSearch(t, "q=waterkracht&hub=limburg")
	if all == 0 || got.Total != 0 {
		t.Fatalf("seed changed: waterkracht finds %d, in Limburg %d", all, got.Total)
	}
	var found bool
	for _, m := range got.Widen {
		if m.Kind == "filter-weg" && m.Field == "hub" {
			found = true
			if m.Total != all || m.More != all || m.Query != "waterkracht" || len(m.Filters) != 0 {
				t.Errorf("drop-filter move %+v, want waterkracht without filters: total %d", m, all)
			}
		}
	}
	if !found {
		t.Fatalf("no move dropping the hub filter: %+v", got.Widen)
	}
	page := fetchReal(t, "/zoeken?q=waterkracht&hub=limburg").Body
	expectContains(t, "thin page", page, "Meer resultaten vinden",
		fmt.Sprintf(`<a href="/zoeken?q=waterkracht">Zonder filter Regionale hub: Limburg</a> <span class="count">(%s meer)</span>`,
			plural(all, "materiaal", "materialen")))

	// Every move finds more than the page; none is offered with enough results.
	for _, m := range got.Widen {
		if m.More <= 0 || m.Total != got.Total+m.More {
			t.Errorf("move %+v does not give more", m)
		}
	}
	if rich := thinSearch(t, "q=energie"); rich.Total >= 5 && len(rich.Widen) > 0 {
		t.Errorf("q=energie finds %d, yet widen %+v", rich.Total, rich.Widen)
	}
}

// TestRealWidenCompoundAndTheme: a compound word that finds little offers
// its parts apart, and a word that names a theme ("windenergie" is an alias
// of the theme Energie) offers the theme, each with its real count.
func TestRealWidenCompoundAndTheme(t *testing.T) {
	t.Parallel()
	got := thinSearch(t, "q=waterkracht&hub=limburg")
	parts := thinSearch(t, "q=water+kracht&hub=limburg").Total
	var found bool
	for _, m := range got.Widen {
		if m.Kind == "delen" {
			found = true
			if m.Query != "water kracht" || m.Total != parts || m.Filters["hub"][0] != "limburg" {
				t.Errorf("parts move %+v, want “water kracht” in Limburg finding %d", m, parts)
			}
		}
	}
	if !found && parts > 0 {
		t.Errorf("no parts move for waterkracht: %+v", got.Widen)
	}

	got = thinSearch(t, "q=windenergie")
	theme := thinSearch(t, "themes=energie").Total
	found = false
	for _, m := range got.Widen {
		if m.Kind == "thema" && m.Value == "energie" {
			found = true
			if m.Total != theme || m.Filters["themes"][0] != "energie" || m.Query != "" {
				t.Errorf("theme move %+v, want themes=energie finding %d", m, theme)
			}
		}
	}
	if got.Total < 5 && !found {
		t.Errorf("q=windenergie finds %d and offers no theme: %+v", got.Total, got.Widen)
	}
	if page := fetchReal(t, "/zoeken?q=windenergie").Body; got.Total < 5 && !strings.Contains(page, `href="/zoeken?themes=energie">Alles over het thema Energie</a>`) {
		t.Errorf("the page offers no theme link:\n%.2000s", suggestBlock(page))
	}
}

// TestRealWidenNeighbourGraad: filtered on a graad where a word finds
// little, the page offers the neighbouring graad of the same level too,
// with the count of the search on both graden. The graad values come from
// the API's own facet counts (level-qualified, e.g. "secundair-2").
func TestRealWidenNeighbourGraad(t *testing.T) {
	t.Parallel()
	found := 0
	for _, word := range []string{"rendement", "energie", "meten", "programmeren"} {
		var facets struct {
			Facets map[string]map[string]int `json:"facets"`
		}
		if err := json.Unmarshal([]byte(fetchReal(t, "/api/v1/materials?facets=grades&q="+word).Body), &facets); err != nil {
			t.Fatal(err)
		}
		for grade, n := range facets.Facets["grades"] {
			if n == 0 || n >= 5 {
				continue
			}
			qs := "q=" + word + "&grades=" + url.QueryEscape(grade)
			got := thinSearch(t, qs)
			if got.Total != n {
				t.Fatalf("%s: total %d, facet count %d", qs, got.Total, n)
			}
			for _, m := range got.Widen {
				if m.Kind != "buur" {
					continue
				}
				found++
				both := m.Filters["grades"]
				if m.Field != "grades" || len(both) != 2 || both[0] != grade || both[1] != m.Value {
					t.Errorf("%s: neighbour move %+v, want grades %s and the neighbour", qs, m, grade)
					continue
				}
				want := thinSearch(t, "q="+word+"&grades="+url.QueryEscape(both[0])+"&grades="+url.QueryEscape(both[1])).Total
				if m.Total != want || m.More != want-n {
					t.Errorf("%s: neighbour %s counted %d (+%d), the search on both graden finds %d", qs, m.Value, m.Total, m.More, want)
				}
				if !strings.Contains(m.Label, "Ook Graad: ") {
					t.Errorf("label %q", m.Label)
				}
			}
		}
	}
	if found == 0 {
		t.Error("no thin graad search on the seed offered a neighbouring graad")
	}
}
