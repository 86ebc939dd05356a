package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/curation"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// Curation through the real Fiber app on SQLite and PostgreSQL: pages,
// accounts, search (the database engine) and curation on one store.
func newCurationEnv(t *testing.T, st *store.Store) accountEnv {
	t.Helper()
	cur := &curation.Service{Store: st}
	return newSeedEnv(t, st, func(cfg *web.Config) { cfg.Curation = func() *curation.Service { return cur } }).accountEnv
}

func curationMaterials(t *testing.T, st *store.Store) {
	t.Helper()
	var ms []catalog.Material
	for _, m := range []struct{ slug, title, hub string }{
		{"windmolen-bouwen", "Een windmolen bouwen", "limburg"},
		{"zonnepaneel-meten", "Het zonnepaneel meten", "limburg"},
		{"waterkracht", "Waterkracht in de klas", "antwerpen"},
		{"centrale-les", "De centrale les over energie", "vlaanderen"},
	} {
		ms = append(ms, catalog.Material{Slug: m.slug, Title: m.title, Summary: "Over " + m.title + ".", Type: "les",
			Levels: []string{"secundair"}, Disciplines: []string{"technologie"}, Hub: m.hub, License: "CC-BY-4.0", Language: "nl"})
	}
	if _, err := st.UpsertMaterials(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
}

// order returns the material slugs in the order they are linked in html.
func curOrder(html string, slugs ...string) string {
	type at struct {
		i    int
		slug string
	}
	var found []at
	for _, s := range slugs {
		if i := strings.Index(html, `href="/materialen/`+s+`"`); i >= 0 {
			found = append(found, at{i, s})
		}
	}
	for i := range found {
		for j := i + 1; j < len(found); j++ {
			if found[j].i < found[i].i {
				found[i], found[j] = found[j], found[i]
			}
		}
	}
	var out []string
	for _, f := range found {
		out = append(out, f.slug)
	}
	return strings.Join(out, ",")
}

func curSection(html, id string) string {
	i := strings.Index(html, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := html[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		return rest[:j]
	}
	return rest
}

func TestFeaturedPicksInTheBrowser(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newCurationEnv(t, st)
		curationMaterials(t, st)
		const manage = "/hubs/limburg/uitgelicht"
		add := func(slug, note string) url.Values {
			return url.Values{"actie": {"toevoegen"}, "material": {slug}, "note": {note}}
		}

		visitor := e.browser(t)
		if resp, _ := visitor.do("GET", manage, nil); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
			t.Errorf("visitor GET: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := visitor.do("POST", manage, add("windmolen-bouwen", "")); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
			t.Errorf("visitor POST: %d", resp.StatusCode)
		}
		other := e.signedIn(t, "olaf@rtc-antwerpen.be", "moderator", "antwerpen")
		teacher := e.signedIn(t, "lien@school.be", "leraar", "")
		for name, b := range map[string]*browser{"moderator antwerpen": other, "leraar": teacher} {
			if resp, body := b.do("GET", manage, nil); resp.StatusCode != 403 || !strings.Contains(body, "Alleen de moderatoren van deze hub") {
				t.Errorf("%s GET: %d", name, resp.StatusCode)
			}
			if resp, _ := b.do("POST", manage, add("windmolen-bouwen", "")); resp.StatusCode != 403 {
				t.Errorf("%s POST: %d", name, resp.StatusCode)
			}
		}

		mod := e.signedIn(t, "mia@rtc-limburg.be", "moderator", "limburg")
		for _, f := range []url.Values{add("windmolen-bouwen", "Start hier: bouwen en meten."),
			add(testBaseURL+"/materialen/zonnepaneel-meten", ""), add("waterkracht", "")} {
			if resp, body := mod.do("POST", manage, f); resp.StatusCode != 303 {
				t.Fatalf("add %v: %d %s", f, resp.StatusCode, body)
			}
		}
		// Refused: unknown address, twice the same (422, in Dutch, typed value kept).
		resp, body := mod.do("POST", manage, add("bestaat-niet", "x"))
		if resp.StatusCode != 422 || !strings.Contains(body, "Er is geen gepubliceerd materiaal met het adres") ||
			!strings.Contains(body, `value="bestaat-niet"`) || !strings.Contains(body, `href="#veld-material"`) {
			t.Errorf("unknown address: %d", resp.StatusCode)
		}
		if resp, body := mod.do("POST", manage, add("waterkracht", "")); resp.StatusCode != 422 || !strings.Contains(body, "staat al in de lijst") {
			t.Errorf("twice: %d", resp.StatusCode)
		}
		// Another site's form is refused and changes nothing.
		if resp, _ := mod.do("POST", manage, add("centrale-les", ""), "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); resp.StatusCode != 403 {
			t.Errorf("cross-site POST: %d", resp.StatusCode)
		}
		_, body = mod.do("GET", manage, nil)
		if got := curOrder(body, "windmolen-bouwen", "zonnepaneel-meten", "waterkracht", "centrale-les"); got != "windmolen-bouwen,zonnepaneel-meten,waterkracht" {
			t.Errorf("manage page order: %s", got)
		}
		id := regexp.MustCompile(`id="item-(\d+)"`).FindAllStringSubmatch(body, -1)
		if len(id) != 3 {
			t.Fatalf("items: %v", id)
		}
		// waterkracht one up: without JavaScript, a form per button.
		if resp, _ := mod.do("POST", manage, url.Values{"actie": {"omhoog"}, "id": {id[2][1]}}); resp.StatusCode != 303 || !strings.HasSuffix(resp.Header.Get("Location"), "#item-"+id[2][1]) {
			t.Errorf("move up: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := mod.do("POST", manage, url.Values{"actie": {"verwijderen"}, "id": {id[1][1]}}); resp.StatusCode != 303 {
			t.Errorf("remove: %d", resp.StatusCode)
		}
		// Search to add: the hits come with an "add" button.
		if _, body := mod.do("GET", manage+"?zoek=zonnepaneel", nil); !strings.Contains(body, `<input type="hidden" name="material" value="zonnepaneel-meten">`) {
			t.Error("the search to add offers no zonnepaneel-meten")
		}

		// The hub page shows the picks, in order, with their line; the
		// manage link only for the moderator.
		_, body = visitor.do("GET", "/hubs/limburg", nil)
		picks := curSection(body, "picks-title-limburg")
		if got := curOrder(picks, "windmolen-bouwen", "zonnepaneel-meten", "waterkracht"); got != "windmolen-bouwen,waterkracht" {
			t.Errorf("hub page picks: %q", got)
		}
		if !strings.Contains(picks, "Start hier: bouwen en meten.") || strings.Contains(body, manage) {
			t.Error("hub page: the note is missing or a visitor sees the manage link")
		}
		if _, body := mod.do("GET", "/hubs/limburg", nil); !strings.Contains(body, `href="`+manage+`"`) {
			t.Error("the moderator's hub page lacks the manage link")
		}
		if _, body := visitor.do("GET", "/hubs/antwerpen", nil); strings.Contains(body, "Start hier") {
			t.Error("antwerpen shows limburg's picks")
		}
		// A material that is withdrawn (gone from materials) leaves the picks.
		if err := st.DeleteMaterial(context.Background(), "waterkracht"); err != nil {
			t.Fatal(err)
		}
		if _, body := visitor.do("GET", "/hubs/limburg", nil); strings.Contains(curSection(body, "picks-title-limburg"), "waterkracht") {
			t.Error("a deleted material is still featured")
		}

		// The central hub's picks (a beheerder's) are on the home page.
		if _, body := visitor.do("GET", "/", nil); strings.Contains(body, "picks-title-vlaanderen") {
			t.Error("the home page shows an empty picks section to a visitor")
		}
		admin := e.signedIn(t, "bea@school.be", "beheerder", "")
		if resp, _ := admin.do("POST", "/hubs/vlaanderen/uitgelicht", add("centrale-les", "De les van de maand.")); resp.StatusCode != 303 {
			t.Fatalf("admin add central: %d", resp.StatusCode)
		}
		_, body = visitor.do("GET", "/", nil)
		if home := curSection(body, "picks-title-vlaanderen"); !strings.Contains(home, `href="/materialen/centrale-les"`) || !strings.Contains(home, "De les van de maand.") {
			t.Error("the home page lacks the central pick")
		}
	})
}

func TestCollectionsInTheBrowser(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newCurationEnv(t, st)
		curationMaterials(t, st)
		visitor := e.browser(t)
		mod := e.signedIn(t, "mia@rtc-limburg.be", "moderator", "limburg")

		// A moderator makes a public collection for limburg.
		intro := "Een *leerlijn* over energie.\n\n<script>alert(1)</script>\n\n- eerst bouwen\n- dan meten"
		resp, body := mod.do("POST", "/collecties/nieuw", url.Values{"title": {"Leerlijn hernieuwbare energie"}, "intro": {intro}, "hub": {"limburg"}})
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/collecties/leerlijn-hernieuwbare-energie/bewerken?klaar=gemaakt" {
			t.Fatalf("create: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
		const page = "/collecties/leerlijn-hernieuwbare-energie"
		for _, slug := range []string{"zonnepaneel-meten", "windmolen-bouwen", "waterkracht"} {
			if resp, _ := mod.do("POST", page+"/bewerken", url.Values{"actie": {"toevoegen"}, "material": {slug}}); resp.StatusCode != 303 {
				t.Fatalf("add %s: %d", slug, resp.StatusCode)
			}
		}
		_, body = mod.do("GET", page+"/bewerken", nil)
		ids := regexp.MustCompile(`id="item-(\d+)"`).FindAllStringSubmatch(body, -1)
		if len(ids) != 3 {
			t.Fatalf("items on the edit page: %v", ids)
		}
		if resp, _ := mod.do("POST", page+"/bewerken", url.Values{"actie": {"omlaag"}, "id": {ids[0][1]}}); resp.StatusCode != 303 {
			t.Errorf("move down: %d", resp.StatusCode)
		}
		// Refused: an empty title (422, nothing changed).
		if resp, body := mod.do("POST", page+"/bewerken", url.Values{"actie": {"bewaren"}, "title": {" "}, "intro": {"nieuw"}}); resp.StatusCode != 422 ||
			!strings.Contains(body, "Vul een titel in") || !strings.Contains(body, ">nieuw</textarea>") {
			t.Errorf("empty title: %d", resp.StatusCode)
		}
		// Another hub's moderator and a teacher cannot change it.
		other := e.signedIn(t, "olaf@rtc-antwerpen.be", "moderator", "antwerpen")
		teacher := e.signedIn(t, "lien@school.be", "leraar", "")
		for name, b := range map[string]*browser{"moderator antwerpen": other, "leraar": teacher} {
			if resp, _ := b.do("POST", page+"/bewerken", url.Values{"actie": {"verwijderen"}, "id": {ids[0][1]}}); resp.StatusCode != 403 {
				t.Errorf("%s changes limburg's collection: %d", name, resp.StatusCode)
			}
			if resp, _ := b.do("POST", "/collecties/nieuw", url.Values{"title": {"Van een ander"}, "hub": {"limburg"}}); resp.StatusCode != 403 {
				t.Errorf("%s makes a limburg collection: %d", name, resp.StatusCode)
			}
		}
		if resp, _ := mod.do("POST", page+"/bewerken", url.Values{"actie": {"verwijderen"}, "id": {ids[0][1]}},
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); resp.StatusCode != 403 {
			t.Errorf("cross-site POST: %d", resp.StatusCode)
		}

		// The public page: intro through the pipeline, order, JSON-LD.
		resp, body = visitor.do("GET", page, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("public page: %d", resp.StatusCode)
		}
		if !strings.Contains(body, "<em>leerlijn</em>") || strings.Contains(body, "<script>alert") || strings.Contains(body, "noindex") {
			t.Error("the intro is not rendered and sanitised, or the public page is noindex")
		}
		if got := curOrder(body, "zonnepaneel-meten", "windmolen-bouwen", "waterkracht"); got != "windmolen-bouwen,zonnepaneel-meten,waterkracht" {
			t.Errorf("public page order: %s", got)
		}
		m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no JSON-LD")
		}
		var ld struct {
			Type       string `json:"@type"`
			Name       string `json:"name"`
			MainEntity struct {
				Type  string `json:"@type"`
				Items []struct {
					Position int `json:"position"`
					Item     struct {
						Type string `json:"@type"`
						URL  string `json:"url"`
					} `json:"item"`
				} `json:"itemListElement"`
			} `json:"mainEntity"`
		}
		if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
			t.Fatal(err)
		}
		if ld.Type != "Collection" || ld.MainEntity.Type != "ItemList" || len(ld.MainEntity.Items) != 3 ||
			ld.MainEntity.Items[0].Item.Type != "LearningResource" || ld.MainEntity.Items[0].Item.URL != testBaseURL+"/materialen/windmolen-bouwen" ||
			ld.MainEntity.Items[2].Position != 3 {
			t.Errorf("JSON-LD: %+v", ld)
		}

		// The material page lists the public collections it is part of.
		_, body = visitor.do("GET", "/materialen/windmolen-bouwen", nil)
		if in := curSection(body, "collections-title"); !strings.Contains(in, `href="`+page+`"`) {
			t.Error("the material page does not list its collection")
		}
		// The hub page lists its public collections.
		if _, body := visitor.do("GET", "/hubs/limburg", nil); !strings.Contains(curSection(body, "hub-collections-title"), `href="`+page+`"`) {
			t.Error("the hub page does not list its collection")
		}
		// Search finds it, marked as a collection; "alleen collecties" shows only collections.
		_, body = visitor.do("GET", "/zoeken?q=hernieuwbare", nil)
		if !strings.Contains(body, `href="`+page+`"`) || !strings.Contains(body, "Collectie") {
			t.Error("search does not show the collection")
		}
		_, body = visitor.do("GET", "/zoeken?q=energie&soort=collectie", nil)
		if !strings.Contains(body, `href="`+page+`"`) || strings.Contains(body, `href="/materialen/centrale-les"`) {
			t.Error("the collections-only filter shows materials or misses the collection")
		}
		// The API.
		r := e.call(t, "GET", "/api/v1/collections/leerlijn-hernieuwbare-energie", "", "")
		items, _ := r.body["items"].([]any)
		if r.status != 200 || r.body["title"] != "Leerlijn hernieuwbare energie" || len(items) != 3 ||
			items[0].(map[string]any)["slug"] != "windmolen-bouwen" || items[2].(map[string]any)["position"] != 3.0 {
			t.Errorf("API: %d %v", r.status, r.body)
		}

		// A withdrawn (deleted) material leaves the collection's views.
		if err := st.DeleteMaterial(ctx, "waterkracht"); err != nil {
			t.Fatal(err)
		}
		if _, body := visitor.do("GET", page, nil); strings.Contains(body, "/materialen/waterkracht") {
			t.Error("a deleted material is still shown in the collection")
		}

		// A teacher's private collection: invisible without the token,
		// shareable, revocable.
		resp, _ = teacher.do("POST", "/collecties/nieuw", url.Values{"title": {"Mijn energielessen"}, "intro": {"Voor 2A."}})
		if resp.StatusCode != 303 {
			t.Fatalf("private create: %d", resp.StatusCode)
		}
		const mine = "/collecties/mijn-energielessen"
		teacher.do("POST", mine+"/bewerken", url.Values{"actie": {"toevoegen"}, "material": {"windmolen-bouwen"}})
		if resp, _ := teacher.do("GET", mine, nil); resp.StatusCode != 200 {
			t.Errorf("owner's view: %d", resp.StatusCode)
		}
		for name, b := range map[string]*browser{"visitor": visitor, "moderator limburg": mod, "moderator antwerpen": other} {
			if resp, _ := b.do("GET", mine, nil); resp.StatusCode != 404 {
				t.Errorf("%s sees a private collection: %d", name, resp.StatusCode)
			}
			if resp, _ := b.do("GET", mine+"/bewerken", nil); resp.StatusCode != 404 && resp.StatusCode != 303 {
				t.Errorf("%s opens its edit page: %d", name, resp.StatusCode)
			}
		}
		if r := e.call(t, "GET", "/api/v1/collections/mijn-energielessen", "", ""); r.status != 404 {
			t.Errorf("API on a private collection: %d", r.status)
		}
		if _, body := visitor.do("GET", "/materialen/windmolen-bouwen", nil); strings.Contains(body, "Mijn energielessen") {
			t.Error("the material page lists a private collection")
		}
		if _, body := visitor.do("GET", "/zoeken?q=energielessen", nil); strings.Contains(body, mine) {
			t.Error("search shows a private collection")
		}
		if _, body := teacher.do("GET", "/mijn-collecties", nil); !strings.Contains(body, `href="`+mine+`"`) {
			t.Error("Mijn collecties lacks the teacher's collection")
		}
		teacher.do("POST", mine+"/bewerken", url.Values{"actie": {"delen"}})
		_, body = teacher.do("GET", mine+"/bewerken", nil)
		link := regexp.MustCompile(`value="` + regexp.QuoteMeta(testBaseURL) + `(/collecties/deel/[A-Za-z0-9_-]{32})"`).FindStringSubmatch(body)
		if link == nil {
			t.Fatal("no share link on the edit page")
		}
		resp, body = e.browser(t).do("GET", link[1], nil)
		if resp.StatusCode != 200 || !strings.Contains(body, "Mijn energielessen") || !strings.Contains(body, `href="/materialen/windmolen-bouwen"`) ||
			!strings.Contains(body, "noindex") || !strings.Contains(resp.Header.Get("Cache-Control"), "private") {
			t.Errorf("share link signed out: %d %s", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		teacher.do("POST", mine+"/bewerken", url.Values{"actie": {"intrekken"}})
		if resp, body := e.browser(t).do("GET", link[1], nil); resp.StatusCode != 404 || !strings.Contains(body, "Deze link werkt niet (meer)") {
			t.Errorf("revoked link: %d", resp.StatusCode)
		}
	})
}

// polishCollectionURL is the public collection the Dutch walk reads
// (polish_integration_test.go), made once on the real hub by polishCuration.
const polishCollectionURL = "/collecties/polijst-leerlijn-energie"

func polishCuration(t *testing.T) func() *curation.Service {
	t.Helper()
	ctx := context.Background()
	svc := &curation.Service{Store: real.hub.Store}
	if _, err := real.hub.Store.CollectionBySlug(ctx, "polijst-leerlijn-energie"); err == nil {
		return func() *curation.Service { return svc }
	}
	admin := auth.Actor{UserID: 9003, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
	if _, err := svc.Create(ctx, admin, curation.Input{Title: "Polijst leerlijn energie", Intro: "Een *leerlijn* in drie stappen.", Hub: "limburg"}); err != nil {
		t.Fatal(err)
	}
	for i, m := range seedMaterials(t) {
		if i == 2 {
			break
		}
		if err := svc.AddItem(ctx, admin, "polijst-leerlijn-energie", m.Slug, "Stap "+strconv.Itoa(i+1)+"."); err != nil {
			t.Fatal(err)
		}
		if err := svc.AddPick(ctx, admin, "limburg", m.Slug, ""); err != nil {
			t.Fatal(err)
		}
	}
	return func() *curation.Service { return svc }
}
