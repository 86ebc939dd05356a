package web_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestRealHomePage: the newest materials, browse counts per level and
// discipline, and every regional hub with its number of materials.
func TestRealHomePage(t *testing.T) {
	t.Parallel()
	seed := seedMaterials(t)
	r := fetchReal(t, "/")
	if r.Status != 200 || r.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, type %q", r.Status, r.Header.Get("Content-Type"))
	}
	// The page's landmarks and ways in (issue 2: search box, browse by
	// level and discipline, newest materials, the regional hubs).
	expectContains(t, "startpagina", r.Body,
		`<html lang="nl-BE">`, `href="#inhoud"`, `<main id="inhoud"`, `<nav aria-label="Hoofdmenu">`,
		`<label for="q"`, `action="/zoeken"`, "Per niveau", "Per STEM-discipline", "Nieuw in de hub", "Regionale hubs", "Over de hub")
	expectNotContains(t, "startpagina", r.Body, "style=", "search.js")
	doc := parseHTML(t, r.Body)

	recent := materialLinks(section(t, doc, "recent-title"))
	if len(recent) != 6 {
		t.Fatalf("%d nieuwe materialen op de startpagina, verwacht 6: %v", len(recent), recent)
	}
	byDate := slices.Clone(seed)
	sort.SliceStable(byDate, func(i, j int) bool { return byDate[i].Date > byDate[j].Date })
	oldestShown := byDate[5].Date
	bs := bySlug(seed)
	for i, slug := range recent {
		m, ok := bs[slug]
		if !ok {
			t.Fatalf("onbekend materiaal %q", slug)
		}
		if m.Date < oldestShown {
			t.Errorf("%s (%s) staat bij de nieuwste, maar 6 materialen zijn nieuwer of even oud als %s", slug, m.Date, oldestShown)
		}
		if i > 0 && bs[recent[i-1]].Date < m.Date {
			t.Errorf("%s (%s) staat na het oudere %s", slug, m.Date, recent[i-1])
		}
	}
	for _, m := range byDate {
		if m.Date > oldestShown && !slices.Contains(recent, m.Slug) {
			t.Errorf("%s (%s) is nieuw maar staat niet op de startpagina", m.Slug, m.Date)
		}
	}

	for _, tc := range []struct{ section, field string }{{"browse-levels", "levels"}, {"browse-disciplines", "disciplines"}} {
		got := browseCounts(t, section(t, doc, tc.section), tc.field)
		if want := expectedFacet(seed, nil, tc.field); !sameCounts(got, want) {
			t.Errorf("%s: startpagina telt %v, de seed %v", tc.field, got, want)
		}
	}

	hubs := map[string]string{}
	for _, li := range findAll(section(t, doc, "hubs-title"), func(n *html.Node) bool { return n.Data == "li" }) {
		a := findFirst(li, func(n *html.Node) bool { return n.Data == "a" })
		hubs[attr(a, "href")] = textOf(findFirst(li, func(n *html.Node) bool { return attr(n, "class") == "count" }))
	}
	perHub := expectedFacet(seed, nil, "hub")
	if len(hubs) != 7 || len(perHub) != 7 {
		t.Errorf("startpagina toont %d hubs, de seed gebruikt er %d; issue 2 kent er 7", len(hubs), len(perHub))
	}
	for hub, n := range perHub {
		want := plural(n, "materiaal", "materialen")
		if got := hubs["/hubs/"+hub]; got != want {
			t.Errorf("hub %s: %q, verwacht %q", hub, got, want)
		}
	}
}

// TestRealMaterialPage: a material with formulas, a table and an image is
// shown with MathML, the table, alt text, the official goal texts and
// JSON-LD with the LRMI fields of issue 2.
func TestRealMaterialPage(t *testing.T) {
	t.Parallel()
	m := bySlug(seedMaterials(t))["windmolen-ontwerpen"]
	r := fetchReal(t, "/materialen/"+m.Slug)
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	doc := parseHTML(t, r.Body)
	if h1 := textOf(findFirst(doc, func(n *html.Node) bool { return n.Data == "h1" })); h1 != m.Title {
		t.Errorf("h1 %q, verwacht %q", h1, m.Title)
	}
	prose := findFirst(doc, func(n *html.Node) bool { return attr(n, "class") == "prose" })
	if prose == nil {
		t.Fatal("geen .prose")
	}

	// Formulas: one <math> per $…$ or $$…$$ of the source, the display ones
	// as blocks, and no TeX left in the text.
	maths := findAll(prose, func(n *html.Node) bool { return n.Data == "math" })
	blocks := findAll(prose, func(n *html.Node) bool { return n.Data == "math" && attr(n, "display") == "block" })
	if wantInline, wantBlock := countFormulas(m.Body); len(maths) != wantInline+wantBlock || len(blocks) != wantBlock {
		t.Errorf("%d formules (%d als blok), de bron heeft er %d (%d als blok)", len(maths), len(blocks), wantInline+wantBlock, wantBlock)
	}
	// The TeX source may stay inside <math> as its annotation, never in
	// the text a reader sees.
	if txt := textOutsideMath(prose); strings.Contains(txt, `\frac`) || strings.Contains(txt, "$") {
		t.Errorf("TeX staat nog als tekst op de pagina")
	}
	if len(findAll(prose, func(n *html.Node) bool { return n.Data == "mfrac" })) == 0 {
		t.Errorf(`\frac van de bron is geen <mfrac> geworden`)
	}

	// The first Markdown table's header row is the first <table>'s header.
	tables := findAll(prose, func(n *html.Node) bool { return n.Data == "table" })
	if len(tables) == 0 {
		t.Fatal("geen tabel")
	}
	var ths []string
	for _, th := range findAll(tables[0], func(n *html.Node) bool { return n.Data == "th" }) {
		ths = append(ths, textOf(th))
	}
	if want := firstTableHeader(m.Body); !slices.Equal(ths, want) {
		t.Errorf("tabelkop %q, de bron zegt %q", ths, want)
	}

	// Every image of the body has the alt text its author wrote and loads.
	imgs := findAll(prose, func(n *html.Node) bool { return n.Data == "img" })
	wantImgs := markdownImages(m.Body)
	if len(imgs) != len(wantImgs) || len(imgs) == 0 {
		t.Fatalf("%d afbeeldingen, de bron heeft er %d", len(imgs), len(wantImgs))
	}
	for i, img := range imgs {
		if attr(img, "alt") != wantImgs[i][0] {
			t.Errorf("alt %q, verwacht %q", attr(img, "alt"), wantImgs[i][0])
		}
		if src := attr(img, "src"); src != "/materialen/"+m.Slug+"/bestanden/"+wantImgs[i][1] {
			t.Errorf("src %q", src)
		} else if res := fetchReal(t, src); res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/") {
			t.Errorf("%s: status %d, type %q", src, res.Status, res.Header.Get("Content-Type"))
		}
	}

	// Goals with their official text from the taxonomy.
	goalTexts := textOf(findFirst(doc, func(n *html.Node) bool { return attr(n, "class") == "goals" }))
	for _, id := range m.Goals {
		g, ok := real.goals[id]
		if !ok {
			t.Errorf("orakel: doel %s staat niet in content/taxonomy", id)
			continue
		}
		if !strings.Contains(goalTexts, g.Code) || !strings.Contains(goalTexts, g.Text) {
			t.Errorf("doel %s: code of officiële tekst %q ontbreekt", id, g.Text)
		}
	}

	checkJSONLD(t, doc, m)
}

func checkJSONLD(t *testing.T, doc *html.Node, m seedMaterial) {
	t.Helper()
	script := findFirst(doc, func(n *html.Node) bool { return n.Data == "script" && attr(n, "type") == "application/ld+json" })
	if script == nil {
		t.Fatal("geen JSON-LD")
	}
	var ld struct {
		Context              string   `json:"@context"`
		Type                 string   `json:"@type"`
		Name                 string   `json:"name"`
		URL                  string   `json:"url"`
		InLanguage           string   `json:"inLanguage"`
		License              string   `json:"license"`
		TimeRequired         string   `json:"timeRequired"`
		LearningResourceType string   `json:"learningResourceType"`
		EducationalLevel     []string `json:"educationalLevel"`
		Audience             struct {
			Type string `json:"@type"`
		} `json:"audience"`
		Teaches []struct {
			TermCode string `json:"termCode"`
			Name     string `json:"name"`
		} `json:"teaches"`
		EducationalAlignment []struct {
			Type                 string `json:"@type"`
			EducationalFramework string `json:"educationalFramework"`
			TargetName           string `json:"targetName"`
		} `json:"educationalAlignment"`
	}
	if err := json.Unmarshal([]byte(textOf(script)), &ld); err != nil {
		t.Fatalf("JSON-LD is geen JSON: %v", err)
	}
	if ld.Context != "https://schema.org" || ld.Type != "LearningResource" || ld.Name != m.Title || ld.URL != testBaseURL+"/materialen/"+m.Slug {
		t.Errorf("JSON-LD kop: %+v", ld)
	}
	if ld.InLanguage != "nl-BE" || ld.Audience.Type != "EducationalAudience" || ld.LearningResourceType == "" {
		t.Errorf("inLanguage %q, audience %q, learningResourceType %q", ld.InLanguage, ld.Audience.Type, ld.LearningResourceType)
	}
	if want := fmt.Sprintf("PT%dH%dM", m.Duration/60, m.Duration%60); ld.TimeRequired != want {
		t.Errorf("timeRequired %q, verwacht %q (%d minuten)", ld.TimeRequired, want, m.Duration)
	}
	if !strings.Contains(ld.License, "creativecommons.org/licenses/by-sa/4.0") {
		t.Errorf("license %q voor %s", ld.License, m.License)
	}
	if !slices.Contains(ld.EducationalLevel, "Secundair onderwijs") && !slices.ContainsFunc(ld.EducationalLevel, func(s string) bool { return strings.Contains(s, "ecundair") }) {
		t.Errorf("educationalLevel %v", ld.EducationalLevel)
	}
	var codes []string
	for _, tc := range ld.Teaches {
		codes = append(codes, tc.TermCode)
		if g := real.goals[tc.TermCode]; tc.Name != g.Text {
			t.Errorf("teaches %s: name %q, officieel %q", tc.TermCode, tc.Name, g.Text)
		}
	}
	if !slices.Equal(codes, m.Goals) {
		t.Errorf("teaches %v, front matter %v", codes, m.Goals)
	}
	if len(ld.EducationalAlignment) != len(m.Goals)+len(m.StemKader) {
		t.Errorf("%d educationalAlignment, verwacht %d doelen + %d STEM-dimensies", len(ld.EducationalAlignment), len(m.Goals), len(m.StemKader))
	}
	// A goal's name is its code and the teacher's name of its set, never
	// the internal id ("SO_1STE_GRAAD_V2_1:06.43").
	for _, a := range ld.EducationalAlignment {
		if a.EducationalFramework != "STEM-kader voor het Vlaamse onderwijs" && (strings.Contains(a.TargetName, "_") || !strings.Contains(a.TargetName, " · ")) {
			t.Errorf("educationalAlignment targetName %q: verwacht code · naam van de set", a.TargetName)
		}
	}
}

// TestRealAttachments serves every attachment of every seed material with
// the bytes on disk, its content type, nosniff, an ETag and 304s.
func TestRealAttachments(t *testing.T) {
	t.Parallel()
	served := 0
	for _, m := range seedMaterials(t) {
		var mat struct {
			Attachments []struct {
				Name        string `json:"name"`
				URL         string `json:"url"`
				ContentType string `json:"content_type"`
			} `json:"attachments"`
		}
		r := fetchReal(t, "/api/v1/materials/"+m.Slug)
		if err := json.Unmarshal([]byte(r.Body), &mat); err != nil || r.Status != 200 {
			t.Fatalf("%s: %d %v", m.Slug, r.Status, err)
		}
		for _, a := range mat.Attachments {
			served++
			want, err := os.ReadFile(filepath.Join(filepath.Dir(m.File), a.Name))
			if err != nil {
				t.Errorf("%s: bijlage %s staat niet naast het bestand: %v", m.Slug, a.Name, err)
				continue
			}
			path := strings.TrimPrefix(a.URL, testBaseURL)
			res := fetchReal(t, path)
			wantType := map[string]string{".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf", ".csv": "text/csv",
				".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".odt": "application/vnd.oasis.opendocument.text"}[filepath.Ext(a.Name)]
			// Office files are downloaded, never shown on the hub's origin.
			if ext := filepath.Ext(a.Name); (ext == ".docx" || ext == ".odt") && !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment; ") {
				t.Errorf("%s: Content-Disposition %q, verwacht een download", path, res.Header.Get("Content-Disposition"))
			}
			if res.Status != 200 || res.Body != string(want) {
				t.Errorf("%s: status %d, %d bytes, verwacht de %d bytes van het bestand", path, res.Status, len(res.Body), len(want))
			}
			if ct := res.Header.Get("Content-Type"); wantType == "" || !strings.HasPrefix(ct, wantType) || a.ContentType != ct {
				t.Errorf("%s: Content-Type %q (API zegt %q), verwacht %q", path, ct, a.ContentType, wantType)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s: geen nosniff", path)
			}
			etag, lastMod := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
			if etag == "" || lastMod == "" {
				t.Fatalf("%s: ETag %q, Last-Modified %q", path, etag, lastMod)
			}
			for _, h := range [][2]string{{"If-None-Match", etag}, {"If-Modified-Since", lastMod}} {
				again := fetchReal(t, path, h[0], h[1])
				if again.Status != 304 || again.Body != "" {
					t.Errorf("%s met %s: status %d, %d bytes; verwacht 304 zonder inhoud", path, h[0], again.Status, len(again.Body))
				}
			}
			if other := fetchReal(t, path, "If-None-Match", `"iets-anders"`); other.Status != 200 {
				t.Errorf("%s met een vreemde ETag: status %d", path, other.Status)
			}
			if part := fetchReal(t, path, "Range", "bytes=0-9"); part.Status != 206 || part.Body != string(want[:10]) {
				t.Errorf("%s Range: status %d, %q", path, part.Status, part.Body)
			}
		}
	}
	if served == 0 {
		t.Fatal("geen enkele bijlage in de seed; de test kan niet falen")
	}
}

// TestRealHubPage: /hubs/limburg lists exactly the seed's Limburg materials
// with the hub's counts per level and discipline.
func TestRealHubPage(t *testing.T) {
	t.Parallel()
	seed := seedMaterials(t)
	filter := map[string][]string{"hub": {"limburg"}}
	var want []string
	for _, m := range seed {
		if m.matchesFilters(filter) {
			want = append(want, m.Slug)
		}
	}
	r := fetchReal(t, "/hubs/limburg")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	doc := parseHTML(t, r.Body)
	if h1 := textOf(findFirst(doc, func(n *html.Node) bool { return n.Data == "h1" })); h1 != "Limburg" {
		t.Errorf("h1 %q", h1)
	}
	got := materialLinks(section(t, doc, "hub-materials-title"))
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("hubpagina toont %v, de seed heeft voor Limburg %v", got, want)
	}
	counts := section(t, doc, "hub-numbers-title")
	if !strings.Contains(textOf(counts), plural(len(want), "materiaal", "materialen")) {
		t.Errorf("totaal ontbreekt: %q", textOf(counts))
	}
	for _, field := range []string{"levels", "disciplines"} {
		if got, want := barCounts(t, section(t, doc, "hub-"+field+"-title"), "limburg", field), expectedFacet(seed, filter, field); !sameCounts(got, want) {
			t.Errorf("%s in de hub: %v, de seed telt %v", field, got, want)
		}
	}
	for _, p := range []string{"/hubs/atlantis", "/hubs/limburg?page=2", "/hubs/limburg?page=0", "/hubs/limburg?page=99999999999"} {
		if res := fetchReal(t, p); res.Status != 404 || !strings.Contains(res.Body, "Pagina niet gevonden") {
			t.Errorf("%s: status %d, verwacht de Nederlandse 404", p, res.Status)
		}
	}
}

// TestRealSitemapAndReady: the sitemap lists every seed material and hub;
// /readyz says the database and the index answer.
func TestRealSitemapAndReady(t *testing.T) {
	t.Parallel()
	r := fetchReal(t, "/sitemap.xml")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("status %d, type %q", r.Status, r.Header.Get("Content-Type"))
	}
	var set struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(r.Body), &set); err != nil {
		t.Fatalf("sitemap is geen XML: %v", err)
	}
	locs := map[string]string{}
	for _, u := range set.URLs {
		locs[u.Loc] = u.LastMod
	}
	materials := 0
	for loc := range locs {
		if strings.HasPrefix(loc, testBaseURL+"/materialen/") {
			materials++
		}
	}
	seed := seedMaterials(t)
	if materials != len(seed) {
		t.Errorf("sitemap heeft %d materialen, de seed %d", materials, len(seed))
	}
	dateRe := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	for _, m := range seed {
		lastmod, ok := locs[testBaseURL+"/materialen/"+m.Slug]
		if !ok {
			t.Errorf("%s ontbreekt in de sitemap", m.Slug)
		} else if !dateRe.MatchString(lastmod) {
			t.Errorf("%s: lastmod %q", m.Slug, lastmod)
		}
	}
	for hub := range expectedFacet(seed, nil, "hub") {
		if _, ok := locs[testBaseURL+"/hubs/"+hub]; !ok {
			t.Errorf("hub %s ontbreekt in de sitemap", hub)
		}
	}

	ready := fetchReal(t, "/readyz")
	if ready.Status != 200 || ready.Body != `{"components":{"database":"ok","search":"ok"},"status":"ok"}` {
		t.Errorf("readyz: %d %s", ready.Status, ready.Body)
	}
}

// TestRealAPIMaterial: the material as JSON with its goals' official text,
// rendered HTML and attachment URLs; an unknown slug is a JSON 404.
func TestRealAPIMaterial(t *testing.T) {
	t.Parallel()
	m := bySlug(seedMaterials(t))["windmolen-ontwerpen"]
	r := fetchReal(t, "/api/v1/materials/"+m.Slug)
	var body struct {
		Slug, Title, HTML, Date, License string
		Goals                            []struct{ ID, Text string }
		Attachments                      []struct{ Name, URL string }
		StemKader                        []int `json:"stem_kader"`
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || r.Status != 200 {
		t.Fatalf("%d %v", r.Status, err)
	}
	if body.Title != m.Title || body.Date != m.Date || body.License != m.License || !slices.Equal(body.StemKader, m.StemKader) {
		t.Errorf("metadata: %+v", body)
	}
	if !strings.Contains(body.HTML, "<math") || !strings.Contains(body.HTML, "<table>") {
		t.Errorf("html zonder formule of tabel")
	}
	if len(body.Goals) != len(m.Goals) {
		t.Fatalf("%d doelen, verwacht %d", len(body.Goals), len(m.Goals))
	}
	for i, g := range body.Goals {
		if g.ID != m.Goals[i] || g.Text != real.goals[g.ID].Text {
			t.Errorf("doel %d: %+v", i, g)
		}
	}
	if len(body.Attachments) == 0 || body.Attachments[0].URL != testBaseURL+"/materialen/"+m.Slug+"/bestanden/"+body.Attachments[0].Name {
		t.Errorf("bijlagen %+v", body.Attachments)
	}
	for _, p := range []string{"/api/v1/materials/bestaat-niet", "/api/v1/materials/" + url.PathEscape("met spatie"), "/api/v1/bestaat-niet"} {
		res := fetchReal(t, p)
		if res.Status != 404 || res.Header.Get("Content-Type") != "application/json" || !strings.Contains(res.Body, `"code":"not_found"`) {
			t.Errorf("%s: %d %s", p, res.Status, res.Body)
		}
	}
	if r := fetchReal(t, "/api/v1/bestaat-niet"); r.Body != `{"error":{"code":"not_found","message":"Deze pagina bestaat niet (meer). Misschien is het materiaal verhuisd of is er een tikfout in het adres geslopen."}}` {
		t.Errorf("API-404: %s", r.Body)
	}
	for _, p := range []string{"/materialen/bestaat-niet", "/bestaat-niet", "/materialen/windmolen-ontwerpen/bestanden/bestaat-niet.svg", "/hubs/atlantis"} {
		res := fetchReal(t, p)
		if res.Status != 404 {
			t.Errorf("%s: status %d, verwacht 404", p, res.Status)
		}
		expectContains(t, p, res.Body, `<html lang="nl-BE">`, "Pagina niet gevonden", "Naar de startpagina", `name="robots" content="noindex`)
		expectNotContains(t, p, res.Body, "Cannot GET")
	}
}

// section is the element labelled by the heading with id.
func section(tb testing.TB, doc *html.Node, id string) *html.Node {
	tb.Helper()
	s := findFirst(doc, func(n *html.Node) bool { return attr(n, "aria-labelledby") == id })
	if s == nil {
		tb.Fatalf("geen sectie met aria-labelledby=%q", id)
	}
	return s
}

// materialLinks are the slugs of the result cards in n, in order.
func materialLinks(n *html.Node) []string {
	var out []string
	for _, h := range findAll(n, func(n *html.Node) bool { return attr(n, "class") == "card-title" }) {
		a := findFirst(h, func(n *html.Node) bool { return n.Data == "a" })
		out = append(out, strings.TrimPrefix(attr(a, "href"), "/materialen/"))
	}
	return out
}

var browseCountRe = regexp.MustCompile(`^\(([0-9.]+)`)

// browseCounts reads links into search ("Secundair onderwijs (42)"):
// value of field in the link → the count shown.
func browseCounts(tb testing.TB, n *html.Node, field string) map[string]int {
	tb.Helper()
	out := map[string]int{}
	for _, a := range findAll(n, func(n *html.Node) bool { return n.Data == "a" && strings.HasPrefix(attr(n, "href"), "/zoeken?") }) {
		q, err := url.ParseQuery(strings.TrimPrefix(attr(a, "href"), "/zoeken?"))
		if err != nil || q.Get(field) == "" {
			continue
		}
		m := browseCountRe.FindStringSubmatch(textOf(findFirst(a, func(n *html.Node) bool { return attr(n, "class") == "count" })))
		if m == nil {
			tb.Errorf("link %s zonder aantal", attr(a, "href"))
			continue
		}
		out[q.Get(field)], _ = strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

var (
	displayMathRe = regexp.MustCompile(`\$\$[^$]+\$\$`)
	inlineMathRe  = regexp.MustCompile(`\$[^$\n]+\$`)
	imageRe       = regexp.MustCompile(`!\[([^\]]*)\]\(([^)\s]+)\)`)
)

// countFormulas counts $$…$$ and $…$ in Markdown (the seed has no
// escaped dollars or dollars inside code).
func countFormulas(body string) (inline, display int) {
	display = len(displayMathRe.FindAllString(body, -1))
	inline = len(inlineMathRe.FindAllString(displayMathRe.ReplaceAllString(body, ""), -1))
	return inline, display
}

func markdownImages(body string) [][2]string {
	var out [][2]string
	for _, m := range imageRe.FindAllStringSubmatch(body, -1) {
		out = append(out, [2]string{m[1], m[2]})
	}
	return out
}

func firstTableHeader(body string) []string {
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "|") {
			var cells []string
			for _, c := range strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|") {
				cells = append(cells, strings.TrimSpace(c))
			}
			return cells
		}
	}
	return nil
}

func textOutsideMath(n *html.Node) string {
	var b strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "math" {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return b.String()
}
