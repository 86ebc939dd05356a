package web_test

// Issue 11, "Dutch polish": every page a person reads speaks Dutch with the
// right singular and plural, and a bad parameter is explained with the
// field's Dutch label, not the API's parameter name.

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/stem-kennishub/hub/internal/audit"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/hubs"
	"github.com/stem-kennishub/hub/internal/notify"
	"github.com/stem-kennishub/hub/internal/web"
	"github.com/stem-kennishub/hub/templates"
)

// polishPages are the URLs that render each page template on the seed. A
// new template must be added here, so that the polish check reads it too.
func polishPages(t *testing.T) map[string][]string {
	pages := map[string][]string{
		"home":  {"/"},
		"about": {"/over"},
		"error": {"/bestaat-niet", "/hubs/atlantis"},
		"search": {"/zoeken", "/zoeken?q=energie", "/zoeken?page=0&levels=secundar", "/zoeken?q=qqxxzzyy", "/zoeken?levels=lager&sort=newest",
			"/zoeken?q=water&partial=1", "/zoeken?type=tool", "/zoeken?hub=limburg&disciplines=wiskunde"},
		"hubs":               {"/hubs"},
		"hub":                nil,
		"material":           nil,
		"zoekvragen":         {"/beheer/zoekvragen-zonder-resultaat"},
		"stemkader":          {"/stem-kader"},
		"stemkader-dimensie": {"/stem-kader/1", "/stem-kader/10"},
		"doelen":             {"/doelen"},
		"materiaalvraag":     {"/materiaal-gevraagd?zoekopdracht=q%3Dxylofoon"},
		"materiaalvragen":    {"/beheer/materiaalvragen"},
		// Account pages; the last three as a signed-in teacher (signedIn).
		"account-aanmelden":           {"/aanmelden"},
		"account-registreren":         {"/registreren"},
		"account-wachtwoord-vergeten": {"/wachtwoord-vergeten", "/wachtwoord-vergeten?token=polijst"},
		"account-bevestigen":          {"/bevestigen?token=polijst"},
		"account-afmelden":            {"/afmelden"},
		"account-mijn-account":        {"/mijn-account"},
		"account-wachtwoord-wijzigen": {"/wachtwoord-wijzigen"},
		// The user admin page, as the walk's account (a beheerder): a search and one account.
		"beheer-gebruikers": {"/beheer/gebruikers?q=hub.test", "/beheer/gebruikers/1"},
		// A draft's revisions (revisions_integration_test.go), as the beheerder.
		"versies":          {polishRevisionsURL},
		"versie-vergelijk": {polishCompareURL},
		// The editor (editor.go) as the beheerder: a new material and the walk's draft, and that draft's own page.
		"editor": {"/materialen/nieuw", polishDraftURL + "/bewerken"},
		// Mijn materialen, the quality overview and the address form (mine.go, quality.go, rename.go), as the beheerder.
		"mijn-materialen":  {"/mijn-materialen"},
		"beheer-kwaliteit": {"/beheer/kwaliteit", "/beheer/kwaliteit?regel=geen-inclusie"},
		"materiaal-adres":  {polishAddressURL},
		// "Meld een probleem" on a seed material, and a hub's reports as the beheerder (reports.go).
		"melden":        {polishReportURL},
		"hub-meldingen": {"/hubs/limburg/meldingen"},
		// The merge form (duplicates.go), as the beheerder, for the walk's draft.
		"materiaal-samenvoegen": {polishMergeURL},
		// Importing a material from a zip (zipimport.go), signed in.
		"materiaal-importeren": {"/materialen/importeren"},
		// The hub admin (admin_hubs.go), as the beheerder: the list, one hub's form and the form for a new hub.
		"beheer-hubs": {"/beheer/hubs"},
		"beheer-hub":  {"/beheer/hubs/limburg", "/beheer/hubs/nieuw"},
		// Curation (curation.go), as the beheerder: a hub's picks, a collection, its form, a new one, Mijn collecties.
		"uitgelicht":         {"/hubs/limburg/uitgelicht", "/hubs/limburg/uitgelicht?zoek=energie"},
		"collectie":          {polishCollectionURL},
		"collectie-bewerken": {polishCollectionURL + "/bewerken", "/collecties/nieuw"},
		"mijn-collecties":    {"/mijn-collecties"},
		// The audit log and the notifications (audit.go, notifications.go), as the beheerder.
		"auditlog":  {"/hubs/limburg/audit", "/beheer/audit", "/beheer/audit?actie=material.create"},
		"meldingen": {"/meldingen"},
		// Review (review.go), as the beheerder: a hub's queue, the walk's draft's review form, the checklist.
		"hub-review":      {"/hubs/antwerpen/review", "/hubs/antwerpen/review?type=les"},
		"hub-review-form": {"/hubs/antwerpen/review/polijst-versies"},
		"hub-checklist":   {"/hubs/antwerpen/checklist"},
	}
	// A goal set and a goal page: the first ones the goal browser links to.
	pages["doelen-set"] = linksUnder(t, "/doelen", 2, 2)
	if len(pages["doelen-set"]) > 0 {
		pages["doel"] = linksUnder(t, pages["doelen-set"][0], 3, 2)
	}
	for _, h := range readTerms(t, "hub.yaml") {
		pages["hub"] = append(pages["hub"], "/hubs/"+h.ID)
	}
	for _, m := range seedMaterials(t) {
		pages["material"] = append(pages["material"], "/materialen/"+m.Slug)
	}
	pages["material"] = append(pages["material"], polishDraftURL)
	return pages
}

// signedIn are the URLs the walk opens as a signed-in teacher.
// polishDraftURL is the walk's draft (revisions_integration_test.go polishAuthoring).
const polishDraftURL = "/materialen/polijst-versies"

var signedIn = map[string]bool{"/afmelden": true, "/mijn-account": true, "/wachtwoord-wijzigen": true,
	"/beheer/gebruikers?q=hub.test": true, "/beheer/gebruikers/1": true, polishRevisionsURL: true, polishCompareURL: true,
	"/materialen/nieuw": true, polishDraftURL: true, polishDraftURL + "/bewerken": true,
	"/materialen/importeren": true, "/mijn-materialen": true, "/beheer/kwaliteit": true, "/beheer/kwaliteit?regel=geen-inclusie": true,
	polishAddressURL: true, polishMergeURL: true, "/beheer/hubs": true, "/beheer/hubs/limburg": true, "/beheer/hubs/nieuw": true,
	"/hubs/limburg/uitgelicht": true, "/hubs/limburg/uitgelicht?zoek=energie": true, polishCollectionURL + "/bewerken": true,
	"/collecties/nieuw": true, "/mijn-collecties": true,
	"/hubs/antwerpen/review": true, "/hubs/antwerpen/review?type=les": true, "/hubs/antwerpen/review/polijst-versies": true, "/hubs/antwerpen/checklist": true,
	"/hubs/limburg/audit": true, "/beheer/audit": true, "/beheer/audit?actie=material.create": true, "/meldingen": true,
	"/hubs/limburg/meldingen": true}

// polishReportURL is the report form of a seed material (reports.go).
const polishReportURL = "/materialen/microbit-stappenteller-programmeren/melden"

// polishMergeURL is the merge form of the walk's draft (duplicates.go).
const polishMergeURL = polishDraftURL + "/samenvoegen"

// polishAddressURL is the address form of the walk's draft (rename.go).
const polishAddressURL = "/materialen/polijst-versies/adres"

// ownApp are the URLs the walk opens on an app with the admin token, the
// missing-material store and the account service (the shared test app
// has none of them).
func ownApp(u string) bool {
	for _, p := range []string{"/beheer/", "/materiaal-gevraagd", "/aanmelden", "/registreren", "/wachtwoord-", "/bevestigen", "/afmelden", "/mijn-account", polishRevisionsURL, "/materialen/nieuw", polishDraftURL, "/materialen/importeren", "/mijn-materialen", polishAddressURL,
		"/hubs/limburg/uitgelicht", "/collecties/", "/mijn-collecties", "/hubs/antwerpen/review", "/hubs/antwerpen/checklist",
		"/hubs/limburg/audit", "/meldingen", polishReportURL, "/hubs/limburg/meldingen"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// linksUnder returns up to max distinct links on page that have segments
// path segments under its first one ("/doelen/x" has 2).
func linksUnder(t *testing.T, page string, segments, max int) []string {
	t.Helper()
	root := "/" + strings.Split(strings.TrimPrefix(page, "/"), "/")[0] + "/"
	var out []string
	for _, a := range findAll(parseHTML(t, fetchReal(t, page).Body), func(n *html.Node) bool { return n.Data == "a" }) {
		href := attr(a, "href")
		if strings.HasPrefix(href, root) && !strings.ContainsAny(href, "?#") && strings.Count(href, "/") == segments && !slices.Contains(out, href) && len(out) < max {
			out = append(out, href)
		}
	}
	return out
}

// englishUI are words of the interface that slipped in English; matched as
// whole words, case-insensitively, outside the materials' own text.
var englishUI = regexp.MustCompile(`(?i)\b(tools?|search|results?|submit|next|previous|read more|show (more|less|all)|loading|clear( all)?|close|share|copy link|sort by|filter by|page|not found|error|download all|home|back|levels?|grades?|keywords|license|languages?|materials?|minutes|hours|per_page|undefined|null|NaN)\b`)

// webAddress is left out of the English check: a URL is not a word.
var webAddress = regexp.MustCompile(`https?://\S+`)

// wrongDutch are texts the interface must not use any more.
var wrongDutch = []string{"Filter toepassen"}

// pluralErrors catch "1 materialen" and "3 materiaal".
var pluralErrors = []*regexp.Regexp{
	regexp.MustCompile(`(^|[^0-9.,])1 (materialen|resultaten|minuten|doelen|bijlagen|graden|lessen|filters|waarden|tekens|dimensies|leerjaren|eindtermen|minimumdoelen|hubs|weken|dagen|jaren|bestanden|aanvragen)\b`),
	regexp.MustCompile(`(^|[^0-9.,])(0|[2-9]|[1-9][0-9.]+) (materiaal|resultaat|minuut|doel|bijlage|filter|waarde|teken|dimensie|eindterm|minimumdoel|week|bestand|aanvraag)\b`),
}

// authorText are the parts of a page that hold a material's own words
// (which may be English, e.g. an English material), not the interface's.
var authorText = map[string]bool{"prose": true, "card-title": true, "card-summary": true, "lead": true,
	"toc": true, "files": true, "quality-title": true, "goal": true, "breadcrumb": true, "chip-query": true, "attribution": true}

// readable is the text a person reads or hears: text nodes and the
// attributes a screen reader or the live region speaks.
func readable(doc *html.Node) []string {
	var out []string
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" || n.Data == "style" || n.Data == "head" || n.Data == "math" || n.Data == "code" {
				return
			}
			for _, c := range strings.Fields(attr(n, "class")) {
				if authorText[c] {
					return
				}
			}
			if n.Data == "h1" && attr(n, "id") == "material-title" || n.Data == "input" && attr(n, "name") == "q" {
				return
			}
			for _, a := range []string{"aria-label", "title", "placeholder", "alt", "data-status"} {
				if v := attr(n, a); v != "" {
					out = append(out, v)
				}
			}
		}
		if n.Type == html.TextNode {
			out = append(out, n.Data)
			return
		}
		// Join inline children so "(1" + "<span> materialen</span>)" reads as one phrase.
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			} else if c.Type == html.ElementNode && c.Data == "span" {
				b.WriteString(textOf(c))
			} else {
				if b.Len() > 0 {
					out = append(out, b.String())
					b.Reset()
				}
				visit(c)
			}
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	visit(doc)
	return out
}

// polishProblems lists what a Dutch reader would stumble over in body.
func polishProblems(body string) []string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, text := range readable(doc) {
		text = strings.Join(strings.Fields(text), " ")
		if w := englishUI.FindString(webAddress.ReplaceAllString(text, "")); w != "" {
			out = append(out, "Engels woord "+strconvQuote(w)+" in "+strconvQuote(text))
		}
		for _, re := range pluralErrors {
			if m := re.FindString(text); m != "" {
				out = append(out, "enkelvoud/meervoud "+strconvQuote(strings.TrimSpace(m))+" in "+strconvQuote(text))
			}
		}
		for _, w := range wrongDutch {
			if strings.Contains(text, w) {
				out = append(out, "verouderde tekst "+strconvQuote(w))
			}
		}
	}
	return out
}

func strconvQuote(s string) string {
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// TestPolishCheckerCatches: the checker itself finds each kind of mistake.
func TestPolishCheckerCatches(t *testing.T) {
	for body, want := range map[string]string{
		`<p>Soort: Tool</p>`: "Engels woord",
		`<span class="count">(1<span class="visually-hidden"> materialen</span>)</span>`: "enkelvoud/meervoud",
		`<div data-status="3 materiaal gevonden"></div>`:                                 "enkelvoud/meervoud",
		`<button>Filter toepassen</button>`:                                              "verouderde tekst",
		`<input aria-label="Search">`:                                                    "Engels woord",
	} {
		got := polishProblems("<!DOCTYPE html><html><body>" + body + "</body></html>")
		if len(got) == 0 || !strings.Contains(got[0], want) {
			t.Errorf("%s: %v, verwacht %q", body, got, want)
		}
	}
	if got := polishProblems(`<html><body><p>1 materiaal, 2 materialen, 11 materialen, 1.234 materialen</p><div class="prose">Read more tools</div></body></html>`); len(got) != 0 {
		t.Errorf("vals alarm: %v", got)
	}
}

// TestRealPagesSpeakDutch renders every page template on the seed and reads
// it as a Dutch-speaking teacher would.
func TestRealPagesSpeakDutch(t *testing.T) {
	t.Parallel()
	realApp(t)
	// The admin pages and the missing-material form need their stores.
	cfg := web.Config{BaseURL: testBaseURL, AdminToken: "polijst", Misses: real.hub.Hub, Requests: real.hub.Hub}
	accounts, err := real.hub.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Accounts = func() *auth.Service { return accounts }
	cfg.Authoring = polishAuthoring(t) // the revisions pages
	// The hub admin pages.
	cfg.Hubs = func() *hubs.Service { return real.hub.Hubs }
	// Curation (curation.go): the walk's collection and a hub's picks.
	cfg.Curation = polishCuration(t)
	// The audit log and the notifications (audit.go, notifications.go).
	cfg.Audit = func() *audit.Service { return &audit.Service{Store: real.hub.Store} }
	cfg.Notify = func() *notify.Service { return &notify.Service{Store: real.hub.Store} }
	// Problem reports and broken links (reports.go).
	cfg.Reports = func() web.ReportStore { return real.hub.Store }
	ctx := context.Background()
	const email, password = "polijst@hub.test", "een zin als wachtwoord voor de taalcontrole"
	if _, err := accounts.CreateUser(ctx, email, "Polijst", password); err != nil {
		t.Fatal(err)
	}
	// A beheerder, so the walk reads the user admin page too.
	if _, err := accounts.SetGrant(ctx, email, auth.Grant{Role: auth.RoleBeheerder}, true); err != nil {
		t.Fatal(err)
	}
	signed, err := accounts.SignIn(ctx, email, password, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	admin := web.New(cfg, real.hub.Hub, nil)
	pages := polishPages(t)
	names, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	for _, name := range names {
		tmpl := strings.TrimSuffix(path.Base(name), ".html")
		urls, ok := pages[tmpl]
		if !ok || len(urls) == 0 {
			t.Errorf("paginasjabloon %s heeft geen adres in polishPages: voeg er een toe zodat de taalcontrole het leest", tmpl)
			continue
		}
		for _, u := range urls {
			var r reply
			if ownApp(u) {
				req := httptest.NewRequest(http.MethodGet, u, nil)
				req.Header.Set("Authorization", "Bearer polijst")
				if signedIn[u] {
					req.AddCookie(&http.Cookie{Name: "hub_sessie", Value: signed.Token})
				}
				res, err := admin.Test(req, 15000)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				r = reply{Status: res.StatusCode, Body: string(body)}
			} else {
				r = fetchReal(t, u)
			}
			if r.Status >= 500 || (r.Status == 404 && tmpl != "error") || (signedIn[u] && r.Status != 200) {
				t.Errorf("%s (%s): status %d", u, tmpl, r.Status)
				continue
			}
			for _, p := range polishProblems(r.Body) {
				t.Errorf("%s (%s): %s", u, tmpl, p)
			}
		}
	}
}

// TestRealMessagesNameFieldsInDutch: a bad parameter is explained with the
// field's Dutch label (catalog FieldLabel), in the API's JSON message (which
// keeps the parameter id in "parameter") and in the search page's notice.
func TestRealMessagesNameFieldsInDutch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query, param, want string
		forbidden          *regexp.Regexp
	}{
		{"levels=secundar", "levels", `"secundar" is geen gekende waarde voor Niveau; bedoelde je "secundair"?`, regexp.MustCompile(`levels`)},
		{"levels=lager,secundair", "levels", "Niveau", regexp.MustCompile(`levels`)},
		{"grades=twee", "grades", "Graad", regexp.MustCompile(`grades`)},
		{"subjects=" + strings.Repeat("b", 130), "subjects", "Vak", regexp.MustCompile(`subjects`)},
		{"hub=atlantis", "hub", "Regionale hub", regexp.MustCompile(`"hub"`)},
		{"per_page=5000", "per_page", "Het aantal resultaten per pagina moet een geheel getal van 1 tot 100 zijn", regexp.MustCompile(`per_page`)},
		{"page=0", "page", "Het paginanummer moet een geheel getal", regexp.MustCompile(`\bpage\b`)},
		{"sort=populair", "sort", "Sorteren kan op relevantie", regexp.MustCompile(`\bsort\b`)},
		{"q=a&q=b", "q", "De zoektekst mag maar één keer", regexp.MustCompile(`"q"`)},
		{"level=lager", "level", `bedoelde je "levels" (Niveau)?`, nil},
	}
	for _, tt := range tests {
		api := fetchReal(t, "/api/v1/materials?"+tt.query)
		var body struct {
			Error struct{ Code, Parameter, Message string }
		}
		if err := json.Unmarshal([]byte(api.Body), &body); err != nil || api.Status != 400 {
			t.Errorf("%s: status %d: %.200s", tt.query, api.Status, api.Body)
			continue
		}
		if body.Error.Parameter != tt.param {
			t.Errorf("%s: parameter %q, verwacht %q", tt.query, body.Error.Parameter, tt.param)
		}
		page := fetchReal(t, "/zoeken?"+tt.query)
		notice := textOf(findFirst(parseHTML(t, page.Body), func(n *html.Node) bool { return attr(n, "class") == "notice notice-warning" }))
		for where, msg := range map[string]string{"API": body.Error.Message, "zoekpagina": notice} {
			if !strings.Contains(msg, tt.want) {
				t.Errorf("%s (%s): %q, verwacht %q", tt.query, where, msg, tt.want)
			}
			if tt.forbidden != nil && tt.forbidden.MatchString(msg) {
				t.Errorf("%s (%s): de melding noemt de parameter in plaats van het veld: %q", tt.query, where, msg)
			}
		}
	}
}
