package web

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

type response struct {
	Status int
	Header http.Header
	Body   string
}

func newTestApp(t *testing.T, f *fakeReader) (*fiber.App, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	app, err := build(Config{BaseURL: "https://hub.example"}, f, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return app, &logs
}

func get(t *testing.T, app *fiber.App, target string, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: string(body)}
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

func mustNotContain(t *testing.T, what, body string, bads ...string) {
	t.Helper()
	for _, b := range bads {
		if strings.Contains(body, b) {
			t.Errorf("%s: must not contain %q", what, b)
		}
	}
}

func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	paths := []string{
		"/", "/zoeken", "/zoeken?q=wind&partial=1", "/zoeken?per_page=500", "/over", "/hubs", "/hubs/limburg",
		"/materialen/windmolen-bouwen", "/materialen/windmolen-bouwen/bestanden/werkblad.pdf",
		"/api/v1/materials", "/api/v1/materials?per_page=0", "/api/v1/materials/windmolen-bouwen", "/api/v1/onbekend",
		"/healthz", "/readyz", "/sitemap.xml", "/robots.txt", "/static/css/app.css", "/bestaat-niet",
	}
	for _, p := range paths {
		r := get(t, app, p)
		csp := r.Header.Get("Content-Security-Policy")
		if csp != contentSecurityPolicy {
			t.Errorf("%s: CSP = %q", p, csp)
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe code: %q", p, csp)
		}
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "strict-origin-when-cross-origin",
			"X-Frame-Options":        "DENY",
		} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", p, h, got, want)
			}
		}
		if r.Header.Get("Permissions-Policy") == "" {
			t.Errorf("%s: no Permissions-Policy", p)
		}
		if r.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent without Secure", p)
		}
		if n := len(r.Header.Values("Content-Security-Policy")); n != 1 {
			t.Errorf("%s: %d CSP headers", p, n)
		}
	}
}

func TestHSTSOnlyWhenSecure(t *testing.T) {
	app, err := build(Config{Secure: true}, newFake(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := get(t, app, "/healthz")
	if !strings.HasPrefix(r.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("HSTS = %q", r.Header.Get("Strict-Transport-Security"))
	}
}

func TestSearchPage(t *testing.T) {
	f := newFake()
	app, _ := newTestApp(t, f)
	r := get(t, app, "/zoeken?q=windmolen&levels=secundair&page=2")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	mustContain(t, "search", r.Body,
		`role="status" aria-live="polite"`, "45 materialen gevonden voor “windmolen”",
		`<fieldset>`, `<legend>Niveau</legend>`, `<legend class="visually-hidden">Eindterm</legend>`,
		`<details class="facet">`, // goals collapsed, nothing chosen
		`name="levels" value="secundair" form="zoekformulier" checked`,
		"Filters toepassen", `<select id="sort" name="sort" form="zoekformulier">`, `<label for="sort">`,
		`<nav class="pagination" aria-label="Paginering zoekresultaten">`, `aria-current="page"><span class="visually-hidden">Pagina </span>2</a>`,
		`href="/zoeken?q=windmolen&amp;levels=secundair&amp;page=3" rel="next"`,
		"Actieve filters", `href="/zoeken?q=windmolen"`, "Alles wissen", "(filter verwijderen)",
		"Een <mark>windmolen</mark> bouwen",
		`&lt;script&gt;alert(1)&lt;/script&gt;<mark>Windmolens</mark>`, // a backend's raw markup is re-escaped
		`&lt;b&gt; <mark>x</mark>`,                                     // unbalanced mark closed
		`src="/static/js/search.js?v=`, `defer`,
	)
	mustNotContain(t, "search", r.Body, "<script>alert", `<img src=x`, "style=")
	if f.lastQuery.Page != 2 || f.lastQuery.Text != "windmolen" || f.lastQuery.Filters["levels"][0] != "secundair" {
		t.Errorf("query passed to service: %+v", f.lastQuery)
	}
}

func TestSearchPageStates(t *testing.T) {
	tests := []struct {
		name   string
		target string
		setup  func(*fakeReader)
		wants  []string
		bads   []string
	}{
		{"degraded engine", "/zoeken?q=wind", func(f *fakeReader) { f.page.Degraded = true },
			[]string{"De zoekmachine is tijdelijk beperkt; je ziet eenvoudige resultaten."}, nil},
		{"empty state", "/zoeken?q=zzzz&levels=hoger", func(f *fakeReader) { f.page.Hits, f.page.Total = nil, 0 },
			[]string{"Geen materialen gevonden", "wis alle filters", `href="/zoeken?levels=secundair"`, "Geen materialen gevonden voor “zzzz”"},
			[]string{`class="pagination"`}},
		{"hostile query text is escaped", `/zoeken?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E`, nil,
			[]string{`value="&lt;script&gt;alert(1)&lt;/script&gt;"`}, []string{"<script>alert(1)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			if tt.setup != nil {
				tt.setup(f)
			}
			app, _ := newTestApp(t, f)
			r := get(t, app, tt.target)
			if r.Status != 200 {
				t.Fatalf("status %d", r.Status)
			}
			mustContain(t, tt.name, r.Body, tt.wants...)
			mustNotContain(t, tt.name, r.Body, tt.bads...)
		})
	}
}

func TestSearchPartial(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	r := get(t, app, "/zoeken?q=wind&levels=lager&partial=1")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	if !strings.HasPrefix(r.Body, `<div id="zoekregio"`) {
		t.Errorf("partial does not start with the region: %.80q", r.Body)
	}
	mustContain(t, "partial", r.Body, `data-status="45 materialen gevonden voor “wind”"`, "<fieldset>", `<nav class="pagination"`)
	mustNotContain(t, "partial", r.Body, "<html", "<header", `id="q"`)
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("partial Cache-Control %q", r.Header.Get("Cache-Control"))
	}
}

func TestMaterialPage(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	r := get(t, app, "/materialen/windmolen-bouwen")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	mustContain(t, "material", r.Body,
		`<h1 id="material-title">Een windmolen bouwen</h1>`,
		`<p>Bouw een <strong>windmolen</strong>.</p>`, // the sanitised body, unescaped
		`<nav aria-labelledby="toc-title" class="panel toc">`, `href="#stappen"`,
		"De leerlingen ontwerpen een oplossing voor een technisch probleem.",
		// The goal links to its page; the set's official source is its page on the portal.
		`href="/doelen/so-1ste-graad-v2-1/06.43"`, `href="https://www.onderwijsdoelen.be/doelen/SO_1STE_GRAAD_V2_1"`,
		"ONBEKEND", // unknown goal still listed
		`href="/materialen/windmolen-bouwen/bestanden/werkblad.pdf"`, "PDF-document, 2 kB",
		`href="https://creativecommons.org/licenses/by/4.0/deed.nl"`, "CC BY 4.0 – Naamsvermelding", "2 uur 30 minuten", "7 maart 2024",
		`href="/hubs/limburg"`, `href="/zoeken?levels=secundair"`, "1ste graad", "Dimensie 2",
		"SDG 7", `<script type="application/ld+json">`, "Verwante materialen",
		`Windmolens &lt;/script&gt;&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt; &amp; &lt;b&gt;meer&lt;/b&gt;`,
	)
	mustNotContain(t, "material", r.Body, "<script>alert", "style=")
}

func TestMaterialPageHostile(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	r := get(t, app, "/materialen/gevaarlijk")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	mustNotContain(t, "hostile", r.Body, "<script>alert", "</script><script>", `<img src=x`, "javascript:", `class="panel toc"`)
	// The JSON-LD block closes exactly once: the title's </script> is \u003c/script\u003e.
	i := strings.Index(r.Body, `<script type="application/ld+json">`)
	if i < 0 {
		t.Fatal("no JSON-LD")
	}
	block := r.Body[i:]
	block = block[:strings.Index(block, "</script>")]
	mustContain(t, "json-ld", block, `\u003c/script\u003e\u003cscript\u003ealert`, `"@type":"LearningResource"`)
}

func TestInternalErrorsStayPrivate(t *testing.T) {
	const secret = "pq: password authentication failed for user hub at 10.0.0.7"
	for _, p := range []string{"/", "/materialen/x", "/api/v1/materials/x", "/sitemap.xml", "/hubs"} {
		f := newFake()
		f.err = errorString(secret)
		app, logs := newTestApp(t, f)
		r := get(t, app, p)
		if r.Status != 500 {
			t.Errorf("%s: status %d", p, r.Status)
		}
		mustNotContain(t, p, r.Body, "pq:", "password", "10.0.0.7")
		mustContain(t, p, r.Body, "Er ging aan onze kant iets mis")
		if n := strings.Count(logs.String(), "password authentication failed"); n != 1 {
			t.Errorf("%s: internal error logged %d times, want once:\n%s", p, n, logs.String())
		}
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

func TestPanicBecomesDutch500(t *testing.T) {
	f := newFake()
	f.panicMsg = "runtime: secret state"
	app, logs := newTestApp(t, f)
	for _, p := range []string{"/zoeken?q=x", "/api/v1/materials?q=x"} {
		r := get(t, app, p)
		if r.Status != 500 {
			t.Errorf("%s: status %d", p, r.Status)
		}
		mustNotContain(t, p, r.Body, "secret state", "runtime")
		mustContain(t, p, r.Body, "Er ging aan onze kant iets mis")
	}
	if !strings.Contains(logs.String(), "secret state") {
		t.Error("panic not logged")
	}
}

func TestHealthReadySitemapRobots(t *testing.T) {
	f := newFake()
	app, _ := newTestApp(t, f)
	if r := get(t, app, "/healthz"); r.Status != 200 || r.Body != "ok" {
		t.Errorf("healthz %d %q", r.Status, r.Body)
	}
	if r := get(t, app, "/readyz"); r.Status != 200 || r.Body != `{"components":{"database":"ok","search":"ok"},"status":"ok"}` {
		t.Errorf("readyz %d %s", r.Status, r.Body)
	}
	f.notReady = true
	r := get(t, app, "/readyz")
	if r.Status != 503 || !strings.Contains(r.Body, `"status":"unavailable"`) || strings.Contains(r.Body, "10.0.0.7") {
		t.Errorf("readyz not ready: %d %s", r.Status, r.Body)
	}
	r = get(t, app, "/sitemap.xml")
	mustContain(t, "sitemap", r.Body, `<?xml`, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
		"<loc>https://hub.example/</loc>", "<loc>https://hub.example/zoeken</loc>", "<loc>https://hub.example/hubs/limburg</loc>",
		"<loc>https://hub.example/materialen/windmolen-bouwen</loc>", "<lastmod>2024-04-01</lastmod>")
	r = get(t, app, "/robots.txt")
	mustContain(t, "robots", r.Body, "Sitemap: https://hub.example/sitemap.xml", "Disallow: /api/")
}

func TestHubPages(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	r := get(t, app, "/hubs")
	mustContain(t, "hubs", r.Body, "Regionale hubs", `href="/hubs/limburg"`, "3 materialen", "5 materialen")
	r = get(t, app, "/hubs/limburg?page=2")
	if r.Status != 200 {
		t.Fatalf("hub status %d", r.Status)
	}
	mustContain(t, "hub", r.Body, "<h1>Limburg</h1>", "Met RTC Limburg.", "30 materialen",
		`href="/zoeken?levels=secundair&amp;hub=limburg"`, `aria-current="page"><span class="visually-hidden">Pagina </span>2`,
		`href="/hubs/limburg" rel="prev"`)
	if r := get(t, app, "/hubs/limburg?page=99"); r.Status != 404 {
		t.Errorf("page past the end: %d", r.Status)
	}
	if r := get(t, app, "/hubs/limburg?page=abc"); r.Status != 404 {
		t.Errorf("bad page: %d", r.Status)
	}
}
