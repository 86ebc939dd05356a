package web_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// Hostile and oversized search requests (issue 4) on the real stack, sent
// over a raw connection with a deadline, on both the search page and the
// API. Every one gets a clear 4xx with a Dutch message (JSON under /api),
// never a 500 and never a hang.
//
// Decisions this table pins down:
//   - Bad parameters are 400 on /zoeken too. The page still shows the
//     results of the valid part of the request with a notice saying what
//     was ignored (a teacher with an old bookmark sees results), but the
//     status tells crawlers and scripts that the URL is wrong.
//   - Deep pagination: page and per_page are bounded by the result window
//     (search.MaxWindow = 10,000 results). A page inside the window but
//     past the last result is 200 with an empty hit list and the real
//     total (cheap: the engine returns no documents); a page beyond the
//     window is 400 naming "page", before any engine is asked.
//   - A request line or header block over the 32 KiB read buffer is 431.
//     fasthttp refuses it before the path is known, so even /api gets the
//     Dutch HTML page there, not JSON.
func TestRealHostileSearchRequests(t *testing.T) {
	t.Parallel()
	type hostile struct {
		name, query string
		headers     []string
		status      int
		param       string // the parameter the JSON error names (400 only)
		dutch       string // a fragment of the Dutch message
	}
	var tests []hostile
	bad := func(name, query, param, dutch string) {
		tests = append(tests, hostile{name: name, query: query, status: 400, param: param, dutch: dutch})
	}
	bad("q of 10 kB", "q="+strings.Repeat("a", 10<<10), "q", "De zoektekst is te lang")
	bad("q of 201 accented letters", "q="+strings.Repeat("%C3%A9", 201), "q", "De zoektekst is te lang")
	bad("thousands of filter values", manyValues("levels", 2000), "levels", "Te veel waarden voor")
	bad("over 200 filter values in total", spreadValues([]string{"levels", "themes", "subjects", "goals", "network"}, 45), "network", "Te veel filters samen")
	bad("per_page of a million", "per_page=1000000", "per_page", "Het aantal resultaten per pagina moet een geheel getal van 1 tot 100 zijn")
	bad("page 99999999", "page=99999999", "page", "Het paginanummer moet een geheel getal van 1 tot 10.000 zijn")
	bad("page past the result window", "page=501&per_page=20", "page", "Zo ver kan je niet bladeren")
	bad("page past the window for 100 per page", "page=101&per_page=100", "page", "Zo ver kan je niet bladeren")
	bad("page overflowing int64", "page=99999999999999999999999", "page", "Het paginanummer moet een geheel getal")
	for _, v := range []string{"-1", "0", "NaN", "Infinity", "1e3", "0x10", "1.5", "%201", "+1", "%E2%88%9E"} {
		bad("page="+v, "page="+v, "page", "Het paginanummer moet een geheel getal")
	}
	for _, v := range []string{"-5", "0", "NaN", "-0", "101", "abc"} {
		bad("per_page="+v, "per_page="+v, "per_page", "resultaten per pagina moet een geheel getal")
	}
	bad("invalid UTF-8 in q", "q=%ff%fe", "q", "geen geldige UTF-8")
	bad("invalid UTF-8 in q, unencoded", "q=\xff\xfe", "q", "geen geldige UTF-8")
	bad("invalid UTF-8 in a filter value", "levels=%ff%fe", "levels", "geen geldige UTF-8")
	bad("invalid UTF-8 in a parameter name", "%ff%fe=lager", "\uFFFD", "De naam van een parameter bevat ongeldige tekens")
	bad("overlong UTF-8 encoding of /", "q=%C0%AF", "q", "geen geldige UTF-8")
	bad("UTF-16 surrogate half", "q=%ED%A0%80", "q", "geen geldige UTF-8")
	bad("null byte in q", "q=wind%00molen", "q", "onzichtbare stuurtekens")
	bad("newline in q", "q=wind%0D%0AX-Injected:%201", "q", "onzichtbare stuurtekens")
	bad("null byte in a filter value", "levels=lager%00", "levels", "onzichtbare stuurtekens")
	bad("unknown sort", "sort=popular", "sort", `Sorteren kan op relevantie ("relevance"), nieuwste eerst ("newest") of titel ("title")`)
	bad("sort with a null byte", "sort=%00", "sort", "Sorteren kan op")
	bad("repeated q", "q=wind&q=water", "q", "mag maar één keer voorkomen")
	bad("repeated page", "page=1&page=2", "page", "mag maar één keer voorkomen")
	bad("very long filter value", "subjects="+strings.Repeat("b", 5000), "subjects", "is te lang: maximaal 120 tekens")
	bad("unknown filter value", "levels=secundar", "levels", `"secundar" is geen gekende waarde voor Niveau; bedoelde je "secundair"?`)
	bad("unknown goal", "goals=06.43", "goals", "is geen gekende waarde")
	bad("comma list as filter", "levels=lager,secundair", "levels", "herhaalde parameter")
	// Graden are values such as "lager-2" (a bare 1–3 still works, see levels_integration_test.go).
	bad("grade in words", "grades=twee", "grades", "is geen gekende waarde voor")
	bad("negative grade", "grades=-1", "grades", "is geen gekende waarde voor")
	bad("leerjaar without its level", "years=3", "years", "is geen gekende waarde voor")
	bad("huge SDG", "sdgs=99999999999", "sdgs", "moet een geheel getal zijn")
	bad("misspelt parameter", "level=lager", "level", `bedoelde je "levels" (Niveau)?`)
	bad("misspelt filter", "disciplne=wiskunde", "disciplne", `bedoelde je "disciplines" (STEM-discipline)?`)
	bad("51 values in one field", manyValues("levels", 51), "levels", "maximaal 50")
	bad("thousands of unknown parameters", manyParams(3000), "x0", "Onbekende parameter")

	oversized := func(name, query string, headers ...string) {
		tests = append(tests, hostile{name: name, query: query, headers: headers, status: 431, dutch: "Het adres of de zoekopdracht is te lang"})
	}
	oversized("URL of 100 kB", "q=wind&utm_x="+strings.Repeat("y", 100<<10))
	oversized("thousands of filter values over the buffer", manyValues("levels", 5000))
	oversized("one header over the limit", "q=wind", "Cookie", strings.Repeat("c", 40<<10))
	oversized("too many headers", "q=wind", manyHeaders(1200)...)

	for _, tt := range tests {
		for _, endpoint := range []string{"/api/v1/materials", "/zoeken"} {
			t.Run(endpoint+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				r := rawGet(t, endpoint+"?"+tt.query, tt.headers...)
				if r.Status != tt.status {
					t.Fatalf("status %d, verwacht %d: %.300s", r.Status, tt.status, r.Body)
				}
				expectNotContains(t, tt.name, r.Body, "strconv", "runtime error", "goroutine", "panic", "small read buffer", "invalid syntax")
				if endpoint == "/api/v1/materials" && tt.status == 400 {
					checkJSONError(t, r, tt.param, tt.dutch)
					return
				}
				checkDutchPage(t, r, tt.dutch)
				if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Content-Security-Policy") == "" {
					t.Errorf("foutpagina zonder beveiligingsheaders: %v", r.Header)
				}
			})
		}
	}
}

// TestRealHarmlessOddRequests: odd but harmless requests are answered
// normally, and as cheaply as the plain request they amount to.
func TestRealHarmlessOddRequests(t *testing.T) {
	t.Parallel()
	lager := searchAPI(t, "levels=lager").Total
	all := len(seedMaterials(t))
	tests := []struct {
		name, query string
		total       int // -1: any
		hits        int // -1: any
	}{
		{"one value repeated 1500 times", strings.Repeat("levels=lager&", 1500), lager, -1},
		{"last page inside the window, past the results", "page=500&per_page=20", all, 0},
		{"last page inside the window at 100 per page", "page=100&per_page=100", all, 0},
		{"broken percent escape kept as text", "q=%zz", -1, -1},
		{"200 four-byte letters", "q=" + strings.Repeat("%F0%9D%90%80", 200), -1, -1},
		{"tracking parameters", "q=wind&utm_source=nieuwsbrief&fbclid=x&gclid=y", -1, -1},
		{"empty values", "q=&levels=&page=&per_page=&sort=", all, 20},
		{"empty parameter names", "&&=x&q=wind", -1, -1},
		{"script in q", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", -1, -1},
		{"long legal URL: 200-letter q and 200 known filter values", longestLegalQuery(t), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, endpoint := range []string{"/api/v1/materials", "/zoeken"} {
				r := rawGet(t, endpoint+"?"+tt.query)
				if r.Status != 200 {
					t.Fatalf("%s: status %d: %.300s", endpoint, r.Status, r.Body)
				}
				expectNotContains(t, endpoint, r.Body, "<script>alert", "Let op:")
				if len(tt.query) > 15000 && endpoint == "/zoeken" {
					t.Logf("legale URL van %d bytes: 200", len(tt.query))
				}
				if endpoint != "/api/v1/materials" {
					continue
				}
				var res apiSearch
				if err := json.Unmarshal([]byte(r.Body), &res); err != nil {
					t.Fatal(err)
				}
				if (tt.total >= 0 && res.Total != tt.total) || (tt.hits >= 0 && len(res.Hits) != tt.hits) {
					t.Errorf("total %d, %d hits; verwacht %d en %d", res.Total, len(res.Hits), tt.total, tt.hits)
				}
			}
		})
	}
}

// TestRealHostilePaths: slugs and file names from the URL never reach
// anything but a lookup; traversal never serves a file of the data folder.
func TestRealHostilePaths(t *testing.T) {
	t.Parallel()
	paths := []string{
		"/materialen/%ff%fe", "/materialen/a%00b", "/materialen/" + strings.Repeat("x", 4000),
		"/materialen/..%2f..%2fhub.db", "/materialen/windmolen-ontwerpen/bestanden/..%2f..%2f..%2fhub.db",
		"/materialen/windmolen-ontwerpen/bestanden/../../../hub.db", "/materialen/windmolen-ontwerpen/bestanden/%2e%2e/%2e%2e/hub.db",
		"/materialen/windmolen-ontwerpen/bestanden/..\\..\\hub.db", "/materialen/windmolen-ontwerpen/bestanden/windmolen-schema.svg%00.html",
		"/hubs/%ff", "/hubs/" + strings.Repeat("y", 4000), "/api/v1/materials/%ff%fe", "/api/v1/materials/a%00b",
	}
	for _, p := range paths {
		r := rawGet(t, p)
		if r.Status < 400 || r.Status >= 500 {
			t.Errorf("%.80s: status %d, verwacht 4xx", p, r.Status)
		}
		expectNotContains(t, p, r.Body, "SQLite format", "runtime error")
		if strings.HasPrefix(p, "/api/") {
			if !strings.Contains(r.Body, `"error":{"code":`) {
				t.Errorf("%.80s: geen JSON-fout: %.200s", p, r.Body)
			}
		} else if !strings.Contains(r.Body, `lang="nl-BE"`) {
			t.Errorf("%.80s: geen Nederlandse foutpagina: %.200s", p, r.Body)
		}
	}
}

func checkJSONError(t *testing.T, r reply, param, dutch string) {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, verwacht JSON", ct)
	}
	var body struct {
		Error struct{ Code, Parameter, Message string }
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		t.Fatalf("geen JSON: %v: %.200s", err, r.Body)
	}
	if body.Error.Code != "invalid_parameter" || body.Error.Parameter != param {
		t.Errorf("fout %+v, verwacht parameter %q", body.Error, param)
	}
	if !strings.Contains(body.Error.Message, dutch) {
		t.Errorf("melding %q, verwacht %q", body.Error.Message, dutch)
	}
}

// checkDutchPage: an HTML page in Dutch whose notice or error text says
// what went wrong.
func checkDutchPage(t *testing.T, r reply, dutch string) {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q, verwacht HTML", ct)
	}
	doc := parseHTML(t, r.Body)
	if lang := attr(findFirst(doc, func(n *html.Node) bool { return n.Data == "html" }), "lang"); lang != "nl-BE" {
		t.Errorf("lang %q", lang)
	}
	if main := textOf(findFirst(doc, func(n *html.Node) bool { return n.Data == "main" })); !strings.Contains(main, dutch) {
		t.Errorf("de pagina zegt niet %q: %.300s", dutch, main)
	}
}

// longestLegalQuery is a q at its limit plus the most filter values a
// search may carry (50 in each of four fields), about 16 kB.
// longestLegalQuery is a 200-letter q plus 200 filter values that all exist:
// every value of every closed vocabulary (goals up to the per-field cap)
// and long free-text subjects for the rest.
func longestLegalQuery(t *testing.T) string {
	t.Helper()
	vocab, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("q=" + strings.Repeat("x", 200))
	total := 0
	add := func(field, value string) {
		if total < 200 {
			fmt.Fprintf(&b, "&%s=%s", field, url.QueryEscape(value))
			total++
		}
	}
	for _, field := range catalog.FacetFields {
		voc := vocab.Vocabulary(field)
		if voc == nil || voc.Open {
			continue
		}
		for i, term := range voc.Terms {
			if i == 50 {
				break
			}
			add(field, term.ID)
		}
	}
	for i := 0; total < 200; i++ {
		add("subjects", fmt.Sprintf("vak %03d %s", i, strings.Repeat("s", 100)))
	}
	return b.String()
}

// manyValues repeats field with n distinct values.
func manyValues(field string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s=v%d&", field, i)
	}
	return b.String()
}

// manyParams is n distinct unknown parameters x0, x1, ….
func manyParams(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "x%d=1&", i)
	}
	return b.String()
}

// spreadValues gives each field per distinct values.
func spreadValues(fields []string, per int) string {
	var b strings.Builder
	for _, f := range fields {
		for i := 0; i < per; i++ {
			fmt.Fprintf(&b, "%s=w%d&", f, i)
		}
	}
	return b.String()
}

func manyHeaders(n int) []string {
	out := make([]string, 0, 2*n)
	for i := 0; i < n; i++ {
		out = append(out, fmt.Sprintf("X-Extra-%d", i), strings.Repeat("h", 24))
	}
	return out
}

// TestRealSearchPageKeepsValidPart: a bad parameter on the search page is
// a 400, but the teacher still gets the results of the rest of the URL and
// a notice saying what was ignored and what was meant.
func TestRealSearchPageKeepsValidPart(t *testing.T) {
	t.Parallel()
	windmolen := searchAPI(t, "q=windmolen").Total
	tests := []struct {
		target, status, notice string
	}{
		{"/zoeken?q=windmolen&per_page=5000", plural(windmolen, "materiaal", "materialen") + " gevonden voor “windmolen”",
			"Het aantal resultaten per pagina moet een geheel getal van 1 tot 100 zijn"},
		{"/zoeken?level=lager", plural(len(seedMaterials(t)), "materiaal", "materialen") + " gevonden", `Onbekende parameter "level"; bedoelde je "levels" (Niveau)?`},
		{"/zoeken?q=windmolen&sort=populair&partial=1", plural(windmolen, "materiaal", "materialen") + " gevonden voor “windmolen”", "Sorteren kan op"},
	}
	for _, tt := range tests {
		r := fetchReal(t, tt.target)
		if r.Status != 400 {
			t.Errorf("%s: status %d, verwacht 400", tt.target, r.Status)
		}
		doc := parseHTML(t, r.Body)
		region := findFirst(doc, func(n *html.Node) bool { return attr(n, "id") == "zoekregio" })
		if got := attr(region, "data-status"); got != tt.status {
			t.Errorf("%s: status %q, verwacht %q", tt.target, got, tt.status)
		}
		notice := textOf(findFirst(doc, func(n *html.Node) bool { return attr(n, "class") == "notice notice-warning" }))
		if !strings.Contains(notice, "Een deel van je zoekopdracht werd genegeerd") || !strings.Contains(notice, tt.notice) {
			t.Errorf("%s: melding %q, verwacht %q", tt.target, notice, tt.notice)
		}
		if len(materialLinks(region)) == 0 {
			t.Errorf("%s: geen resultaten naast de melding", tt.target)
		}
	}
}
