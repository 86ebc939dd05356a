package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	hubmail "github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/mail/mailtest"
	"github.com/stem-kennishub/hub/internal/search/dbsearch"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// The browser editor through the real app on SQLite and PostgreSQL: pages,
// drafts and published materials all read the same test store, so what
// the editor saves is what the material page shows.

type editorEnv struct {
	accountEnv
	svc *authoring.Service
}

func newEditorEnv(t *testing.T, st *store.Store) editorEnv {
	t.Helper()
	return newEditorEnvWith(t, st, nil)
}

// newEditorEnvWith is newEditorEnv with more of web.Config set by more.
func newEditorEnvWith(t *testing.T, st *store.Store, more func(*web.Config)) editorEnv {
	t.Helper()
	realApp(t)
	srv := mailtest.Start(t)
	p := auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	accounts, err := auth.New(st, hubmail.SMTP{Host: srv.Host, Port: srv.Port, From: "noreply@hub.test"},
		auth.Config{BaseURL: testBaseURL, Params: &p, KnownHub: func(id string) bool { return id == "limburg" || id == "antwerpen" }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := &authoring.Service{Store: st, Vocab: real.hub.Vocab}
	reader := service.New(st, dbsearch.New(st), nil, real.hub.Vocab, nil)
	cfg := web.Config{BaseURL: testBaseURL, Accounts: func() *auth.Service { return accounts },
		Authoring: func() *authoring.Service { return svc }}
	if more != nil {
		more(&cfg)
	}
	app := web.New(cfg, reader, slog.New(slog.DiscardHandler))
	return editorEnv{accountEnv{app: app, mails: srv, st: st, svc: accounts}, svc}
}

// lessonForm is a complete, valid material as the form posts it.
func lessonForm(title string) url.Values {
	return url.Values{
		"title": {title}, "summary": {"Leerlingen bouwen een windmolen en meten de spanning."},
		"type": {"les"}, "levels": {"secundair"}, "grades": {"secundair-1"}, "disciplines": {"wetenschappen", "technologie"},
		"themes": {"energie"}, "stem_kader": {"2", "3"}, "sdgs": {"7"}, "goals": {"SO_1STE_GRAAD_V2_1:06.43"},
		"network": {"istem"}, "hub": {"limburg"}, "license": {"CC-BY-4.0"}, "language": {"nl"}, "date": {"2024-03-01"},
		"duration": {"100"}, "authors": {"Vakgroep STEM, An Peeters"}, "keywords": {"windenergie, rotor"},
		"body": {"# Windmolen\n\nBouw een **windmolen**.\n"}, "actie": {"bewaren"}, "version": {"0"},
	}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func TestEditorCreatesADraftOnlyItsPeopleSee(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEditorEnv(t, st)
		anon := e.browser(t)
		if resp, _ := anon.do("GET", "/materialen/nieuw", nil); resp.StatusCode != 303 || resp.Header.Get("Location") != "/aanmelden?terug=/materialen/nieuw" {
			t.Fatalf("visitor: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		author := e.signedIn(t, "trainer@school.be", "auteur", "limburg")
		resp, page := author.do("GET", "/materialen/nieuw", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `name="title"`) || !strings.Contains(page, `value="secundair-1"`) ||
			!strings.Contains(page, "STEM-kader") || !strings.Contains(page, "Naamsvermelding") {
			t.Fatalf("new form: %d\n%.3000s", resp.StatusCode, page)
		}
		// Only the hubs this author writes for.
		if !strings.Contains(page, `<option value="limburg" selected>`) || strings.Contains(page, `value="antwerpen"`) {
			t.Errorf("hub list is not limited to limburg")
		}

		resp, _ = author.do("POST", "/materialen/nieuw", lessonForm("Windmolen in de klas"))
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/materialen/windmolen-in-de-klas/bewerken?melding=bewaard" {
			t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, page = author.do("GET", "/materialen/windmolen-in-de-klas/bewerken?melding=bewaard", nil)
		for _, want := range []string{"Bewaard vandaag om", `value="Windmolen in de klas"`, `name="version" value="1"`,
			`value="SO_1STE_GRAAD_V2_1:06.43" checked`, "Vakgroep STEM, An Peeters", `value="2024-03-01"`} {
			if !strings.Contains(page, want) {
				t.Errorf("edit form lacks %q", want)
			}
		}
		resp, page = author.do("GET", "/materialen/windmolen-in-de-klas", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Concept — nog niet gepubliceerd") ||
			!strings.Contains(page, "<strong>windmolen</strong>") || !strings.Contains(page, `action="/materialen/windmolen-in-de-klas/indienen"`) {
			t.Fatalf("draft page for its author: %d\n%.2000s", resp.StatusCode, page)
		}
		if cc, robots := resp.Header.Get("Cache-Control"), resp.Header.Get("X-Robots-Tag"); cc != "private, no-store" || robots != "noindex" {
			t.Errorf("draft page headers: Cache-Control %q, X-Robots-Tag %q", cc, robots)
		}

		// A visitor and another hub's author: the same 404 as no material.
		other := e.signedIn(t, "antwerpen@school.be", "auteur", "antwerpen")
		for name, b := range map[string]*browser{"bezoeker": anon, "auteur antwerpen": other} {
			if resp, page := b.do("GET", "/materialen/windmolen-in-de-klas", nil); resp.StatusCode != 404 || strings.Contains(page, "Windmolen in de klas") {
				t.Errorf("%s sees the draft: %d", name, resp.StatusCode)
			}
		}
		if resp, _ := other.do("GET", "/materialen/windmolen-in-de-klas/bewerken", nil); resp.StatusCode != 404 {
			t.Errorf("other hub's author opens the editor: %d", resp.StatusCode)
		}
		if resp, _ := other.do("POST", "/materialen/windmolen-in-de-klas/bewerken", with(lessonForm("Gekaapt"), "version", "1")); resp.StatusCode != 404 {
			t.Errorf("other hub's author saves: %d", resp.StatusCode)
		}

		// Submit: concept → ingediend, shown on the page.
		resp, _ = author.do("POST", "/materialen/windmolen-in-de-klas/indienen", url.Values{})
		if resp.StatusCode != 303 {
			t.Fatalf("submit: %d", resp.StatusCode)
		}
		if _, page := author.do("GET", "/materialen/windmolen-in-de-klas?melding=ingediend", nil); !strings.Contains(page, "Ingediend") {
			t.Errorf("submitted draft page does not say so")
		}

		// A page on another site cannot make the author save.
		resp, _ = author.do("POST", "/materialen/nieuw", lessonForm("Van elders"), "Sec-Fetch-Site", "cross-site", "Origin", "https://kwaad.example")
		if resp.StatusCode != 403 {
			t.Errorf("cross-site POST: %d", resp.StatusCode)
		}
		if _, err := st.DraftBySlug(context.Background(), "van-elders"); err == nil {
			t.Errorf("cross-site POST stored a draft")
		}
	})
}

func TestEditorKeepsInputWithErrorsAndWarnings(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEditorEnv(t, st)
		author := e.signedIn(t, "trainer@school.be", "auteur", "limburg")
		bad := with(lessonForm(""), "date", "1 maart", "body", "Mijn **eigen** tekst die niet verloren mag gaan.", "slug", "mijn-les")
		bad["levels"] = []string{"secundar"}
		resp, page := author.do("POST", "/materialen/nieuw", bad)
		if resp.StatusCode != 422 {
			t.Fatalf("refused form: %d", resp.StatusCode)
		}
		for _, want := range []string{
			`class="error-summary"`, `href="#veld-title"`, `href="#veld-levels"`, `href="#veld-date"`,
			"Titel (title): ontbreekt", `bedoelde je &#34;secundair&#34;?`, "is geen datum",
			`id="fout-title"`, `aria-invalid="true"`,
			"Mijn **eigen** tekst die niet verloren mag gaan.", `value="1 maart"`, `value="mijn-les"`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("refused form lacks %q", want)
			}
		}
		if _, err := st.DraftBySlug(context.Background(), "mijn-les"); err == nil {
			t.Errorf("a refused form stored a draft")
		}

		// A warning is shown beside its field but does not block.
		resp, _ = author.do("POST", "/materialen/nieuw", with(lessonForm("Lange les"), "duration", "600"))
		if resp.StatusCode != 303 {
			t.Fatalf("save with a warning: %d", resp.StatusCode)
		}
		_, page = author.do("GET", "/materialen/lange-les/bewerken", nil)
		if !strings.Contains(page, `id="let-op-duration"`) || !strings.Contains(page, "600 minuten is lang") {
			t.Errorf("warning not shown beside duration")
		}
		// An image without alt text: a warning beside the text, after saving and in the preview.
		noAlt := with(lessonForm("Les met foto"), "body", "Kijk:\n\n![](foto.png)\n")
		if resp, _ := author.do("POST", "/materialen/nieuw", noAlt); resp.StatusCode != 303 {
			t.Fatalf("save with an image without alt text: %d", resp.StatusCode)
		}
		for _, target := range []string{"/materialen/les-met-foto/bewerken"} {
			if _, page := author.do("GET", target, nil); !strings.Contains(page, `id="let-op-body"`) || !strings.Contains(page, "geen alternatieve tekst") {
				t.Errorf("%s: no alt-text warning beside the text", target)
			}
		}
		if _, page := author.do("POST", "/materialen/les-met-foto/bewerken", with(noAlt, "actie", "voorbeeld", "version", "1")); !strings.Contains(page, "geen alternatieve tekst") {
			t.Errorf("preview: no alt-text warning beside the text")
		}
	})
}

func TestEditorPreviewAndGoalsWithoutScript(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEditorEnv(t, st)
		author := e.signedIn(t, "trainer@school.be", "auteur", "limburg")
		body := "Formule $E = m c^2$.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n"
		resp, page := author.do("POST", "/materialen/nieuw", with(lessonForm("Voorbeeldles"), "actie", "voorbeeld", "body", body))
		if resp.StatusCode != 200 || !strings.Contains(page, "<math") || !strings.Contains(page, "<table") ||
			strings.Contains(page, "<script>alert(1)</script>") {
			t.Fatalf("preview: %d\n%.4000s", resp.StatusCode, page)
		}
		if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(page, `value="Voorbeeldles"`) {
			t.Errorf("the typed text or title was not kept in the form")
		}
		if _, err := st.DraftBySlug(context.Background(), "voorbeeldles"); err == nil {
			t.Errorf("preview saved a draft")
		}

		// The live preview's endpoint with the session cookie (what editor.js
		// sends), and refused when another site sends it.
		for site, want := range map[string]int{"same-origin": 200, "cross-site": 403} {
			req := httptest.NewRequest("POST", testBaseURL+"/api/v1/preview", strings.NewReader(`{"body":"$x^2$ en **vet**"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Sec-Fetch-Site", site)
			req.AddCookie(&http.Cookie{Name: author.cookie.Name, Value: author.cookie.Value})
			r, err := e.app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(r.Body)
			if r.StatusCode != want || (want == 200 && !strings.Contains(string(body), `\u003cmath`)) {
				t.Errorf("preview with the cookie, %s: %d %.200s", site, r.StatusCode, body)
			}
		}

		// The goal picker without script: a search re-renders the form.
		resp, page = author.do("POST", "/materialen/nieuw", with(lessonForm("Doelenles"), "actie", "doelen", "doelzoek", "ontwerpen oplossing geintegreerd"))
		if resp.StatusCode != 200 || !strings.Contains(page, "Eindtermen 1ste graad A-stroom") ||
			!strings.Contains(page, "wetenschappen, technologie of wiskunde geïntegreerd") {
			t.Fatalf("goal search: %d\n%.4000s", resp.StatusCode, page)
		}
		if !strings.Contains(page, `value="Doelenles"`) {
			t.Errorf("goal search lost the title")
		}
		req := httptest.NewRequest("GET", testBaseURL+"/api/v1/goals?q=06.43", nil)
		r, err := e.app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Goals []struct{ Value, Code, SetName, Text string } `json:"goals"`
		}
		json.NewDecoder(r.Body).Decode(&out)
		found := false
		for _, g := range out.Goals {
			if g.Value == "SO_1STE_GRAAD_V2_1:06.43" && g.Code == "06.43" && strings.Contains(g.Text, "ontwerpen") {
				found = true
			}
		}
		if r.StatusCode != 200 || !found {
			t.Errorf("/api/v1/goals?q=06.43: %d %+v", r.StatusCode, out)
		}
	})
}

func TestEditorTwoPeopleEditing(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEditorEnv(t, st)
		an := e.signedIn(t, "an@school.be", "auteur", "limburg")
		bo := e.signedIn(t, "bo@school.be", "auteur", "limburg")
		if resp, _ := an.do("POST", "/materialen/nieuw", lessonForm("Samen schrijven")); resp.StatusCode != 303 {
			t.Fatalf("create: %d", resp.StatusCode)
		}
		const edit = "/materialen/samen-schrijven/bewerken"
		// Both read version 1; An saves first.
		anForm := with(lessonForm("Samen schrijven"), "version", "1", "body", "# Windmolen\n\nBouw een **grote** windmolen.\n", "title", "Samen schrijven en meten")
		if resp, _ := an.do("POST", edit, anForm); resp.StatusCode != 303 {
			t.Fatalf("An's edit: %d", resp.StatusCode)
		}
		boBody := "# Windmolen\n\nBo's eigen zin die niet verloren mag gaan.\n"
		resp, page := bo.do("POST", edit, with(lessonForm("Samen schrijven"), "version", "1", "body", boBody))
		if resp.StatusCode != 409 {
			t.Fatalf("stale save: %d", resp.StatusCode)
		}
		for _, want := range []string{"iemand anders bewaarde dit materiaal intussen", "<strong>an</strong>", "versie 2",
			"Titel", "Tekst", `<ins><span class="visually-hidden">toegevoegd: </span>grote`, "Bo&#39;s eigen zin die niet verloren mag gaan.", `name="version" value="2"`,
			"Mijn versie bewaren", "Hun versie overnemen"} {
			if !strings.Contains(page, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		// Take theirs: An's version in the form, Bo's text beside it.
		_, page = bo.do("POST", edit, with(lessonForm("Samen schrijven"), "version", "2", "body", boBody, "actie", "overnemen"))
		if !strings.Contains(page, `value="Samen schrijven en meten"`) || !strings.Contains(page, `id="mijn-tekst"`) ||
			!strings.Contains(page, "Bo&#39;s eigen zin") {
			t.Errorf("take theirs: An's version and Bo's text not both shown")
		}
		// Keep mine: saved on top of version 2.
		if resp, _ := bo.do("POST", edit, with(lessonForm("Samen schrijven"), "version", "2", "body", boBody)); resp.StatusCode != 303 {
			t.Fatalf("keep mine: %d", resp.StatusCode)
		}
		d, err := st.DraftBySlug(context.Background(), "samen-schrijven")
		if err != nil || d.Body != boBody || d.Version != 3 {
			t.Errorf("after keep mine: version %d body %q (%v)", d.Version, d.Body, err)
		}
	})
}

func TestEditorPublishedMaterialAndProposals(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEditorEnv(t, st)
		ctx := context.Background()
		m := catalog.Material{Slug: "gepubliceerde-les", Title: "Gepubliceerde les", Summary: "Een les uit een map.",
			Levels: []string{"secundair"}, Disciplines: []string{"technologie"}, Hub: "limburg", License: "CC-BY-4.0",
			Body: "Tekst.\n"}
		if _, err := e.svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: m}); err != nil {
			t.Fatal(err)
		}
		author := e.signedIn(t, "trainer@school.be", "auteur", "limburg")
		other := e.signedIn(t, "antwerpen@school.be", "auteur", "antwerpen")
		const editLink = `href="/materialen/gepubliceerde-les/bewerken"`
		if _, page := author.do("GET", "/materialen/gepubliceerde-les", nil); !strings.Contains(page, editLink) {
			t.Errorf("the hub's author has no Bewerken on the published page")
		}
		for name, b := range map[string]*browser{"bezoeker": e.browser(t), "auteur antwerpen": other} {
			if resp, page := b.do("GET", "/materialen/gepubliceerde-les", nil); resp.StatusCode != 200 || strings.Contains(page, editLink) {
				t.Errorf("%s: %d, Bewerken shown: %v", name, resp.StatusCode, strings.Contains(page, editLink))
			}
		}

		// The hub's author edits the published material: no autosave; the
		// save is a new version that waits for review (issue 9).
		resp, page := author.do("GET", "/materialen/gepubliceerde-les/bewerken", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Nieuwe versie bewaren") || !strings.Contains(page, "blijft de huidige versie online") || strings.Contains(page, "data-autosave") {
			t.Fatalf("editor of a published material: %d", resp.StatusCode)
		}
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)
		form := url.Values{"title": {"Gepubliceerde les, herwerkt"}, "summary": {m.Summary}, "levels": m.Levels,
			"disciplines": m.Disciplines, "hub": {"limburg"}, "license": {"CC-BY-4.0"}, "body": {"Nieuwe tekst.\n"},
			"version": {version[1]}, "actie": {"bewaren"}}
		if resp, _ := author.do("POST", "/materialen/gepubliceerde-les/bewerken", form); resp.StatusCode != 303 {
			t.Fatalf("edit of a published material: %d", resp.StatusCode)
		}
		if _, page := e.browser(t).do("GET", "/materialen/gepubliceerde-les", nil); strings.Contains(page, "herwerkt") || strings.Contains(page, "nieuwe versie") {
			t.Errorf("a visitor sees the unreviewed edit or its banner")
		}
		_, page = author.do("GET", "/materialen/gepubliceerde-les", nil)
		if !strings.Contains(page, "Er wacht een nieuwe versie van dit materiaal") || !strings.Contains(page, `href="/materialen/gepubliceerde-les/nieuwe-versie"`) ||
			strings.Contains(page, "herwerkt") || !strings.Contains(page, `action="/materialen/gepubliceerde-les/indienen"`) {
			t.Errorf("the author's live page lacks the banner of the new version (or shows its text)")
		}
		resp, page = author.do("GET", "/materialen/gepubliceerde-les/nieuwe-versie", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Gepubliceerde les, herwerkt") || !strings.Contains(page, "bekijk de gepubliceerde versie") || !strings.Contains(page, "noindex") {
			t.Errorf("the new version's page: %d", resp.StatusCode)
		}
		// Another hub's author is led to the live page, as when nothing waits.
		if resp, page := other.do("GET", "/materialen/gepubliceerde-les/nieuwe-versie", nil); resp.StatusCode != 303 || resp.Header.Get("Location") != "/materialen/gepubliceerde-les" || strings.Contains(page, "herwerkt") {
			t.Errorf("another hub's author and the new version: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, page = author.do("GET", "/materialen/gepubliceerde-les/bewerken", nil)
		if !strings.Contains(page, "Nieuwe versie, concept") || !strings.Contains(page, "data-autosave") {
			t.Errorf("the editor of the new version: %d, no state or autosave", resp.StatusCode)
		}
		if resp, _ := author.do("POST", "/materialen/gepubliceerde-les/indienen", nil); resp.StatusCode != 303 || resp.Header.Get("Location") != "/materialen/gepubliceerde-les/nieuwe-versie?melding=ingediend" {
			t.Errorf("submit the new version: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := author.do("POST", "/materialen/gepubliceerde-les/bewerken", form); resp.StatusCode != 409 {
			t.Errorf("a second save on the old version: %d, want 409", resp.StatusCode)
		}

		// A leraar without a hub: every hub to propose to, and why.
		teacher := e.signedIn(t, "leraar@school.be")
		_, page = teacher.do("GET", "/materialen/nieuw", nil)
		if !strings.Contains(page, "privévoorstel") || !strings.Contains(page, `value="antwerpen"`) || !strings.Contains(page, `value="limburg"`) {
			t.Errorf("leraar: no proposal explanation or hub choice")
		}
	})
}
