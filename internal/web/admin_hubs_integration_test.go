package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/hubs"
	"github.com/stem-kennishub/hub/internal/search/dbsearch"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// The hub admin pages through the real Fiber app, on SQLite and
// PostgreSQL: the pages, the hub records, the accounts, the write API and
// the hub vocabulary all on one store, with a vocabulary of their own (an
// admin's edit must not leak into other tests).
type hubEnv struct {
	accountEnv
	vocab *catalog.Vocabularies
}

func newHubEnv(t *testing.T, st *store.Store) hubEnv {
	t.Helper()
	return newSeedEnv(t, st, nil)
}

// newSeedEnv is the app on st with the seed's vocabulary (its own copy),
// the hub records opened from it, accounts and the authoring service; more
// sets more of web.Config.
func newSeedEnv(t *testing.T, st *store.Store, more func(*web.Config)) hubEnv {
	t.Helper()
	ctx := context.Background()
	vocab, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		t.Fatal(err)
	}
	records := &hubs.Service{Store: st, Vocab: vocab}
	if err := records.Open(ctx); err != nil {
		t.Fatal(err)
	}
	p := auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	svc, err := auth.New(st, nil, auth.Config{BaseURL: testBaseURL, Params: &p, KnownHub: func(id string) bool {
		_, ok := vocab.Term(catalog.FieldHub, id)
		return ok
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	writes := &authoring.Service{Store: st, Vocab: vocab}
	cfg := web.Config{BaseURL: testBaseURL, Accounts: func() *auth.Service { return svc },
		Authoring: func() *authoring.Service { return writes }, Hubs: func() *hubs.Service { return records }}
	if more != nil {
		more(&cfg)
	}
	reader := service.New(st, dbsearch.New(st), nil, vocab, nil)
	return hubEnv{accountEnv: accountEnv{app: web.New(cfg, reader, nil), st: st, svc: svc}, vocab: vocab}
}

func hubForm(name, description, region, rtc, email, site string, contacts ...string) url.Values {
	return url.Values{"name": {name}, "description": {description}, "region": {region}, "rtc": {rtc},
		"contact_email": {email}, "contact_url": {site}, "contacts": contacts}
}

func TestHubAdmin(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newHubEnv(t, st)
		lesson := catalog.Material{Slug: "limburgse-windmolen", Title: "De Limburgse windmolen", Summary: "Bouw een windmolen.",
			Type: "les", Levels: []string{"secundair"}, Disciplines: []string{"technologie"}, Hub: "limburg", License: "CC-BY-4.0", Language: "nl"}
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{lesson}); err != nil {
			t.Fatal(err)
		}

		// A visitor is sent to sign in; a moderator of the hub is refused.
		visitor := e.browser(t)
		if resp, _ := visitor.do("GET", "/beheer/hubs", nil); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
			t.Errorf("visitor: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		mod := e.signedIn(t, "mia@rtc-limburg.be", "moderator", "limburg")
		for _, r := range []struct {
			method, path string
			form         url.Values
		}{{"GET", "/beheer/hubs", nil}, {"GET", "/beheer/hubs/limburg", nil}, {"GET", "/beheer/hubs/nieuw", nil},
			{"POST", "/beheer/hubs/limburg", hubForm("Mijn Limburg", "", "", "", "", "")},
			{"POST", "/beheer/hubs/nieuw", url.Values{"slug": {"kempen"}, "name": {"De Kempen"}}}} {
			if resp, body := mod.do(r.method, r.path, r.form); resp.StatusCode != 403 || !strings.Contains(body, "Alleen een beheerder kan regionale hubs beheren") {
				t.Errorf("moderator %s %s: %d", r.method, r.path, resp.StatusCode)
			}
		}

		admin := e.signedIn(t, "bea@school.be", "beheerder", "")
		resp, body := admin.do("GET", "/beheer/hubs", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("list: %d", resp.StatusCode)
		}
		for _, want := range []string{"Antwerpen", "West-Vlaanderen", "Vlaanderen", `href="/beheer/hubs/limburg"`, `href="/beheer/hubs/nieuw"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the list lacks %q", want)
			}
		}
		row := regexp.MustCompile(`(?s)href="/beheer/hubs/limburg".*?</tr>`).FindString(body)
		if cells := regexp.MustCompile(`<td class="num">(\d+)</td>`).FindAllStringSubmatch(row, -1); len(cells) != 4 ||
			cells[0][1] != "1" || cells[1][1] != "0" || cells[2][1] != "0" || cells[3][1] != "1" {
			t.Errorf("limburg's counts (published, drafts, authors, moderators) = %v", cells)
		}
		if _, body := admin.do("GET", "/beheer/gebruikers", nil); !strings.Contains(body, `href="/beheer/hubs"`) {
			t.Error("the user admin page does not link to the hub admin")
		}
		if _, body := admin.do("GET", "/beheer/hubs/limburg", nil); !strings.Contains(body, `value="Limburg"`) || !strings.Contains(body, "mia") {
			t.Error("the edit form lacks the name or the moderator")
		}

		// Refused input: a message beside each field, nothing stored.
		resp, body = admin.do("POST", "/beheer/hubs/limburg", hubForm(" ", "", "", "rtc-limburg", "stem at limburg", "ftp://rtc-limburg.be"))
		if resp.StatusCode != 422 {
			t.Errorf("refused edit: %d", resp.StatusCode)
		}
		for _, want := range []string{"De wijzigingen zijn nog niet bewaard", `href="#veld-name"`, "Vul de naam in.", `id="veld-contact_email-fout"`,
			"geen geldig e-mailadres", "begin met https://", `aria-invalid="true"`, `value="stem at limburg"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the refused form lacks %q", want)
			}
		}

		// A cross-site form changes nothing.
		if resp, _ := admin.do("POST", "/beheer/hubs/limburg", hubForm("Gekaapt", "", "", "", "", ""), "Sec-Fetch-Site", "cross-site", "Origin", "https://kwaad.example"); resp.StatusCode != 403 {
			t.Errorf("cross-site edit: %d", resp.StatusCode)
		}

		// An edit (with a slug in the form, which cannot move the hub) shows on the pages.
		form := hubForm("Limburg en Maasland", "De STEM-hub van het Maasland en de Kempen.", "Provincie Limburg", "rtc-limburg",
			"stem@rtc-limburg.be", "https://www.rtc-limburg.be/stem", "rtc-limburg", "stem-steunpunt-brussel")
		form.Set("slug", "maasland")
		resp, _ = admin.do("POST", "/beheer/hubs/limburg", form)
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/beheer/hubs/limburg?melding=bewaard" {
			t.Fatalf("edit: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, body = visitor.do("GET", "/hubs/limburg", nil)
		for _, want := range []string{"Limburg en Maasland", "De STEM-hub van het Maasland en de Kempen.", `href="mailto:stem@rtc-limburg.be"`,
			`href="https://www.rtc-limburg.be/stem"`, "STEM-steunpunt Brussel", "1 materiaal", "De Limburgse windmolen"} {
			if !strings.Contains(body, want) {
				t.Errorf("the hub page (%d) lacks %q after the edit", resp.StatusCode, want)
			}
		}
		if resp, _ := visitor.do("GET", "/hubs/maasland", nil); resp.StatusCode != 404 {
			t.Errorf("the form's slug moved the hub: /hubs/maasland = %d", resp.StatusCode)
		}
		if _, body := visitor.do("GET", "/hubs", nil); !strings.Contains(body, "Limburg en Maasland") {
			t.Error("/hubs shows the old name")
		}
		if _, body := visitor.do("GET", "/materialen/limburgse-windmolen", nil); !strings.Contains(body, "Limburg en Maasland") {
			t.Error("the material page shows the old hub name")
		}
		if resp, _ := admin.do("POST", "/beheer/hubs/limburg", form); resp.Header.Get("Location") != "/beheer/hubs/limburg?melding=ongewijzigd" {
			t.Errorf("the same form again: %s", resp.Header.Get("Location"))
		}

		// A new hub: refused by material validation before, accepted after.
		token := e.tokenFor(t, "trainer@school.be", "auteur", "limburg")
		kempen := withField(withField(apiLesson, "hub", `"kempen"`), "slug", `"kempense-windmolen"`)
		if r := e.call(t, "POST", "/api/v1/materials", token, kempen); r.status != 422 {
			t.Errorf("material in a hub that does not exist: %d", r.status)
		}
		resp, _ = admin.do("POST", "/beheer/hubs/nieuw", url.Values{"slug": {"kempen"}, "name": {"De Kempen"}, "region": {"Noorderkempen"}})
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/beheer/hubs/kempen?melding=gemaakt" {
			t.Fatalf("create: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, body := visitor.do("GET", "/hubs/kempen", nil); resp.StatusCode != 200 || !strings.Contains(body, "De Kempen") {
			t.Errorf("/hubs/kempen = %d", resp.StatusCode)
		}
		if resp, body := admin.do("POST", "/beheer/hubs/nieuw", url.Values{"slug": {"kempen"}, "name": {"Nog eens"}}); resp.StatusCode != 422 ||
			!strings.Contains(body, "Er bestaat al een hub met de adresnaam ‘kempen’") || !strings.Contains(body, "De hub is nog niet gemaakt") {
			t.Errorf("the same slug twice: %d", resp.StatusCode)
		}
		kempenAuthor := e.tokenFor(t, "kempen@school.be", "auteur", "kempen")
		if r := e.call(t, "POST", "/api/v1/materials", kempenAuthor, kempen); r.status != 201 {
			t.Errorf("material in the new hub: %d %v", r.status, r.body)
		}

		// The public list, as openapi.json describes it.
		spec := e.call(t, "GET", "/api/v1/openapi.json", "", "").body
		r := e.call(t, "GET", "/api/v1/hubs", "", "")
		if r.status != 200 {
			t.Fatalf("/api/v1/hubs: %d", r.status)
		}
		op := spec["paths"].(map[string]any)["/api/v1/hubs"].(map[string]any)["get"].(map[string]any)
		schema := op["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
		for _, problem := range fits(spec, schema, any(r.body), "$") {
			t.Errorf("/api/v1/hubs: %s", problem)
		}
		listed, _ := r.body["hubs"].([]any)
		if len(listed) != 8 {
			t.Fatalf("/api/v1/hubs lists %d hubs, want the 7 seeded and kempen", len(listed))
		}
		lim, _ := listed[1].(map[string]any)
		rtc, _ := lim["rtc"].(map[string]any)
		if lim["slug"] != "limburg" || lim["name"] != "Limburg en Maasland" || lim["contact_email"] != "stem@rtc-limburg.be" ||
			lim["materials"] != float64(1) || rtc["id"] != "rtc-limburg" || lim["url"] != testBaseURL+"/hubs/limburg" {
			t.Errorf("limburg in /api/v1/hubs: %v", lim)
		}
		if last, _ := listed[7].(map[string]any); last["slug"] != "kempen" {
			t.Errorf("the new hub is not last: %v", last)
		}

		log, err := st.AuditLog(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var hubActions []string
		for _, a := range log {
			if strings.HasPrefix(a.Action, "hub.") {
				hubActions = append(hubActions, a.Action+": "+a.Note)
			}
		}
		if want := "hub.update: hub limburg: naam, beschrijving, contactorganisaties, e-mailadres, website gewijzigd|hub.create: hub kempen gemaakt (naam ‘De Kempen’)"; strings.Join(hubActions, "|") != want {
			t.Errorf("audit:\n%s\nwant\n%s", strings.Join(hubActions, "|"), want)
		}
	})
}
