package web

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/valyala/fasthttp"
)

func parseRaw(raw string) (search.Query, *ParamError) {
	var args fasthttp.Args
	args.Parse(raw)
	return parseSearchArgs(&args)
}

func TestParseSearchQuery(t *testing.T) {
	tests := []struct {
		raw     string
		text    string
		filters map[string][]string
		sort    string
		page    int
		perPage int
	}{
		{"", "", nil, "relevance", 1, 20},
		{"q=+windmolen+", "windmolen", nil, "relevance", 1, 20},
		{"q=caf%C3%A9&sort=title&page=3&per_page=50", "café", nil, "title", 3, 50},
		{"levels=secundair&levels=lager&levels=secundair&disciplines=wiskunde", "",
			map[string][]string{"levels": {"secundair", "lager"}, "disciplines": {"wiskunde"}}, "relevance", 1, 20},
		{"goals=SO_1STE_GRAAD_V2_1%3A06.43&grades=1&stem_kader=10&sdgs=7", "",
			map[string][]string{"goals": {"SO_1STE_GRAAD_V2_1:06.43"}, "grades": {"1"}, "stem_kader": {"10"}, "sdgs": {"7"}}, "relevance", 1, 20},
		{"subjects=Natuur,+ruimte+en+techniek", "", map[string][]string{"subjects": {"Natuur, ruimte en techniek"}}, "relevance", 1, 20},
		{"levels=&q=&page=&per_page=&utm_source=mail&partial=1", "", nil, "relevance", 1, 20},
		{"page=100&per_page=100", "", nil, "relevance", 100, 100},
	}
	for _, tt := range tests {
		q, err := parseRaw(tt.raw)
		if err != nil {
			t.Errorf("%q: unexpected error %v", tt.raw, err)
			continue
		}
		if q.Text != tt.text || q.Sort != tt.sort || q.Page != tt.page || q.PerPage != tt.perPage || !reflect.DeepEqual(q.Filters, tt.filters) {
			t.Errorf("%q: got %+v", tt.raw, q)
		}
		if !q.Highlight || len(q.Facets) != len(catalog.FacetFields) {
			t.Errorf("%q: highlight/facets not asked: %+v", tt.raw, q)
		}
	}
}

func TestParseSearchQueryErrors(t *testing.T) {
	tests := []struct{ raw, param, says string }{
		{"per_page=0", "per_page", "van 1 tot 100"},
		{"per_page=1000", "per_page", "van 1 tot 100"},
		{"page=0", "page", "van 1 tot"},
		{"page=101&per_page=100", "page", "hoogstens de eerste 10.000"},
		{"page=99999999999999999999", "page", "van 1 tot"},
		{"sort=random", "sort", "relevance"},
		{"q=" + strings.Repeat("é", 201), "q", "te lang"},
		{"q=a%00b", "q", "stuurtekens"},
		{"q=%C3%28", "q", "UTF-8"},
		{"%FF=1", "\uFFFD", "UTF-8"},
		{"sort=title&sort=newest", "sort", "één keer"},
		{"levels=lager,secundair", "levels", "herhaalde parameter"},
		{"stem_kader=eerste", "stem_kader", "geheel getal"},
		{"themes=" + strings.Repeat("x", 121), "themes", "te lang"},
		{"niveau=lager", "niveau", "Onbekende parameter"},
		{"Levels=lager", "Levels", `bedoelde je "levels"`},
		{"per-page=5", "per-page", `bedoelde je "per_page"`},
		{"facets=levels,niveau", "facets", `"niveau" is geen filterveld`},
		{"facets=none&facets=all", "facets", "één keer"},
	}
	for _, tt := range tests {
		q, err := parseRaw(tt.raw)
		if err == nil {
			t.Errorf("%.40q: no error", tt.raw)
			continue
		}
		if err.Parameter != tt.param || !strings.Contains(err.Message, tt.says) {
			t.Errorf("%.40q: got %q %q, want parameter %q saying %q", tt.raw, err.Parameter, err.Message, tt.param, tt.says)
		}
		if q.PerPage < 1 || q.PerPage > 100 || q.Page < 1 {
			t.Errorf("%.40q: fallback query unusable: %+v", tt.raw, q)
		}
	}
}

// facets=none is what as-you-type sends: the search skips counting.
func TestParseFacetsParameter(t *testing.T) {
	for raw, want := range map[string][]string{
		"":                          catalog.FacetFields,
		"facets=all":                catalog.FacetFields,
		"facets=none":               nil,
		"facets=levels,disciplines": {"levels", "disciplines"},
	} {
		q, err := parseRaw(raw)
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if !reflect.DeepEqual(q.Facets, want) {
			t.Errorf("%q: facets %v, want %v", raw, q.Facets, want)
		}
	}
}

// The first error wins, and the valid parameters still make a query.
func TestParseSearchQueryKeepsValidParts(t *testing.T) {
	q, err := parseRaw("q=wind&per_page=500&levels=lager&sort=nope")
	if err == nil || err.Parameter != "per_page" {
		t.Fatalf("error %v", err)
	}
	if q.Text != "wind" || q.PerPage != 20 || q.Sort != "relevance" || q.Filters["levels"][0] != "lager" {
		t.Errorf("query %+v", q)
	}
}

func FuzzParseSearchQuery(f *testing.F) {
	for _, s := range []string{
		"", "q=windmolen&levels=secundair&levels=lager&sort=newest&page=2&per_page=10",
		"q=%FF%FE", "levels=a,b", "page=-1", "per_page=1e9", "%00=%00", "q=" + strings.Repeat("a", 250),
		"goals=SO_1STE_GRAAD_V2_1%3A06.43&grades=1", "a&b&c=&=d", "q=%", "levels=%C0%AF",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := parseRaw(raw)
		if err != nil {
			if err.Parameter == "" || err.Message == "" || !utf8.ValidString(err.Message) || !utf8.ValidString(err.Parameter) {
				t.Fatalf("unusable error %#v", err)
			}
			if c := classify(err); c.Status != 400 || c.Code != "invalid_parameter" {
				t.Fatalf("error maps to %d %s", c.Status, c.Code)
			}
		}
		if q.Page < 1 || q.PerPage < 1 || q.PerPage > search.MaxPerPage || q.Page > search.MaxWindow/q.PerPage {
			t.Fatalf("query out of range: %+v", q)
		}
		if utf8.RuneCountInString(q.Text) > search.MaxTextLength || !utf8.ValidString(q.Text) {
			t.Fatalf("bad text %q", q.Text)
		}
		total := 0
		for field, vs := range q.Filters {
			if !catalog.IsFacetField(field) || len(vs) == 0 || len(vs) > maxValuesPerField {
				t.Fatalf("bad filter %s=%v", field, vs)
			}
			for _, v := range vs {
				if v == "" || !utf8.ValidString(v) {
					t.Fatalf("bad value %q", v)
				}
			}
			total += len(vs)
		}
		if total > maxValuesTotal {
			t.Fatalf("%d values", total)
		}
		// What the parser accepts, the search package accepts too.
		qq := q
		if nerr := qq.Normalize(); nerr != nil {
			t.Fatalf("parser let through what Normalize rejects: %v", nerr)
		}
	})
}

func TestStateURLRoundTrips(t *testing.T) {
	raw := "q=caf%C3%A9+%26+co&levels=secundair&levels=lager&goals=SO_1STE_GRAAD_V2_1%3A06.43&sort=title&per_page=50&page=3"
	q, err := parseRaw(raw)
	if err != nil {
		t.Fatal(err)
	}
	u := stateOf(q).url(q.Page)
	q2, err := parseRaw(strings.TrimPrefix(u, "/zoeken?"))
	if err != nil || !reflect.DeepEqual(q, q2) {
		t.Errorf("round trip via %s: %+v vs %+v (%v)", u, q, q2, err)
	}
	if got := stateOf(q).without("levels", "lager").url(1); got != "/zoeken?q=caf%C3%A9+%26+co&levels=secundair&goals=SO_1STE_GRAAD_V2_1%3A06.43&sort=title&per_page=50" {
		t.Errorf("without: %s", got)
	}
}
