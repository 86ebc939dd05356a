package web

import (
	"encoding/json"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestAPISearchShape(t *testing.T) {
	f := newFake()
	app, _ := newTestApp(t, f)
	r := get(t, app, "/api/v1/materials?q=windmolen&levels=secundair&levels=lager&sort=newest&page=2&per_page=10")
	if r.Status != 200 {
		t.Fatalf("status %d: %s", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type %q", ct)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		t.Fatal(err)
	}
	if got, want := keysOf(body), []string{"facets", "hits", "page", "per_page", "query", "took_ms", "total"}; !reflect.DeepEqual(got, want) {
		t.Errorf("top-level keys %v, want %v", got, want)
	}
	if body["query"] != "windmolen" || body["total"] != 45.0 || body["page"] != 2.0 || body["per_page"] != 10.0 || body["took_ms"] != 7.0 {
		t.Errorf("header fields: %v", body)
	}
	hits := body["hits"].([]any)
	if len(hits) != 2 {
		t.Fatalf("%d hits", len(hits))
	}
	hit := hits[0].(map[string]any)
	wantHit := []string{"disciplines", "finalities", "goals", "grades", "highlight", "hub", "inclusion", "levels", "network", "slug", "summary", "title", "type", "url"}
	if got := keysOf(hit); !reflect.DeepEqual(got, wantHit) {
		t.Errorf("hit keys %v, want %v", got, wantHit)
	}
	if hit["url"] != "https://hub.example/materialen/windmolen-bouwen" || hit["hub"] != "limburg" {
		t.Errorf("hit: %v", hit)
	}
	hl := hit["highlight"].(map[string]any)
	if hl["title"] != "Een <mark>windmolen</mark> bouwen" || len(keysOf(hl)) != 2 {
		t.Errorf("highlight %v", hl)
	}
	facets := body["facets"].(map[string]any)
	if facets["levels"].(map[string]any)["secundair"] != 40.0 {
		t.Errorf("facets %v", facets)
	}
	if q := f.lastQuery; q.Sort != "newest" || q.PerPage != 10 || !reflect.DeepEqual(q.Filters["levels"], []string{"secundair", "lager"}) || !q.Highlight {
		t.Errorf("query to service: %+v", q)
	}
}

func TestAPISearchEmptyListsAreArrays(t *testing.T) {
	f := newFake()
	f.page.Hits, f.page.Total, f.page.Facets = nil, 0, nil
	m := windmolen()
	m.Levels, m.Goals, m.Inclusion = nil, nil, nil
	app, _ := newTestApp(t, f)
	r := get(t, app, "/api/v1/materials")
	mustContain(t, "empty", r.Body, `"hits":[]`, `"facets":{}`)
	f.page.Hits = append(f.page.Hits, hitOf(m))
	r = get(t, app, "/api/v1/materials")
	mustContain(t, "nil lists", r.Body, `"levels":[]`, `"goals":[]`, `"inclusion":[]`)
	mustNotContain(t, "nil lists", r.Body, "null")
}

func TestAPIBadParameters(t *testing.T) {
	long := strings.Repeat("a", 201)
	many := ""
	for i := 0; i < 51; i++ {
		many += "levels=v" + strconv.Itoa(i) + "&"
	}
	total := ""
	for _, f := range []string{"levels", "themes", "subjects", "goals", "network"} {
		for i := 0; i < 41; i++ {
			total += f + "=v" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "&"
		}
	}
	tests := []struct {
		query, param string
	}{
		{"per_page=0", "per_page"},
		{"per_page=101", "per_page"},
		{"per_page=abc", "per_page"},
		{"page=-1", "page"},
		{"page=1e3", "page"},
		{"page=600&per_page=20", "page"},
		{"sort=popular", "sort"},
		{"q=" + long, "q"},
		{"q=a&q=b", "q"},
		{"q=%FF", "q"},
		{"level=lager", "level"},
		{"disciplne=wiskunde", "disciplne"},
		{"levels=lager,secundair", "levels"},
		{"grades=twee", "grades"},
		{"levels=%00", "levels"},
		{many, "levels"},
		{total, "network"},
	}
	app, _ := newTestApp(t, newFake())
	for _, tt := range tests {
		r := get(t, app, "/api/v1/materials?"+tt.query)
		if r.Status != 400 {
			t.Errorf("%.40s: status %d", tt.query, r.Status)
			continue
		}
		var body struct {
			Error struct{ Code, Parameter, Message string }
		}
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Errorf("%.40s: %v in %s", tt.query, err, r.Body)
			continue
		}
		if body.Error.Code != "invalid_parameter" || body.Error.Parameter != tt.param || body.Error.Message == "" {
			t.Errorf("%.40s: error %+v, want parameter %q", tt.query, body.Error, tt.param)
		}
	}
	// Harmless extras pass: tracking parameters and empty checkbox values.
	for _, q := range []string{"utm_source=nieuwsbrief", "levels=", "q=", "page=&per_page=", "levels=lager&levels=lager"} {
		if r := get(t, app, "/api/v1/materials?"+q); r.Status != 200 {
			t.Errorf("%s: status %d %s", q, r.Status, r.Body)
		}
	}
}

func TestAPIMaterial(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	r := get(t, app, "/api/v1/materials/windmolen-bouwen")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"slug", "title", "summary", "type", "levels", "grades", "streams", "finalities", "disciplines",
		"subjects", "goals", "stem_kader", "themes", "sdgs", "inclusion", "network", "hub", "authors", "license", "language",
		"date", "duration", "keywords", "source_url", "html", "toc", "attachments"} {
		if _, ok := body[k]; !ok {
			t.Errorf("material JSON lacks %q", k)
		}
	}
	goal := body["goals"].([]any)[0].(map[string]any)
	if goal["id"] != "SO_1STE_GRAAD_V2_1:06.43" || !strings.HasPrefix(goal["text"].(string), "De leerlingen ontwerpen") {
		t.Errorf("goal %v", goal)
	}
	att := body["attachments"].([]any)[0].(map[string]any)
	if att["url"] != "https://hub.example/materialen/windmolen-bouwen/bestanden/schema.svg" {
		t.Errorf("attachment %v", att)
	}
	if body["date"] != "2024-03-07" || !strings.Contains(body["html"].(string), "<strong>windmolen</strong>") {
		t.Errorf("date/html: %v %v", body["date"], body["html"])
	}
	if r := get(t, app, "/api/v1/materials/"+url.PathEscape("bestaat niet")); r.Status != 404 || !strings.Contains(r.Body, `"code":"not_found"`) {
		t.Errorf("unknown material: %d %s", r.Status, r.Body)
	}
}
