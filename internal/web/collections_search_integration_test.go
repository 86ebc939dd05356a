package web_test

import (
	"context"

	seed "github.com/stem-kennishub/hub/content"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/curation"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// Collections in search (issue 9), through the real app on SQLite and
// PostgreSQL: matched with the engines' Dutch analysis over title,
// introduction and the titles of their materials, ranked title →
// introduction → matching materials, then found through the search's top
// material hits; never a private collection; the collections-only filter;
// the API; and a change made elsewhere (another instance's service) seen
// at the next search.
func TestCollectionsInSearch(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newCurationEnv(t, st)
		vocab, err := catalog.LoadVocabularies(seed.FS)
		if err != nil {
			t.Fatal(err)
		}
		var ms []catalog.Material
		for _, m := range []struct{ slug, title, summary string }{
			{"windmolen-bouwen", "Een windmolen bouwen", "Bouw een windmolen."},
			{"windmolens-meten", "Windmolens meten", "Meet het vermogen."},
			{"eb-en-vloed", "Eb en vloed in de klas", "Over de getijden van de Noordzee."},
			{"zonnepanelen-meten", "Zonnepanelen meten", "Rendement meten."},
			{"kringen", "Elektrische kringen", "Stroom en spanning."},
		} {
			ms = append(ms, catalog.Material{Slug: m.slug, Title: m.title, Summary: m.summary, Type: "les",
				Levels: []string{"secundair"}, Disciplines: []string{"technologie"}, Hub: "limburg", License: "CC-BY-4.0", Language: "nl"})
		}
		if _, err := st.UpsertMaterials(ctx, ms); err != nil {
			t.Fatal(err)
		}
		// Written through a service of its own, as another instance of the
		// hub would: the app's must notice the change by itself.
		other := &curation.Service{Store: st}
		beheer := auth.Actor{UserID: 9010, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
		collection := func(a auth.Actor, title, intro, hub string, items ...string) string {
			t.Helper()
			c, err := other.Create(ctx, a, curation.Input{Title: title, Intro: intro, Hub: hub})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if err := other.AddItem(ctx, a, c.Slug, it, ""); err != nil {
					t.Fatal(err)
				}
			}
			return "/collecties/" + c.Slug
		}
		inTitle := collection(beheer, "Windmolen bouwen stap voor stap", "Een reeks over wind.", "limburg", "kringen")
		inIntro := collection(beheer, "Leerlijn hernieuwbaar", "Van **windmolens** tot zonnepanelen.", "limburg", "zonnepanelen-meten")
		twoItems := collection(beheer, "Techniek in de klas", "Praktische lessen.", "limburg", "windmolen-bouwen", "windmolens-meten", "kringen")
		oneItem := collection(beheer, "Proeven", "Korte proeven.", "antwerpen", "windmolens-meten")
		accent := collection(beheer, "Énergie en klimaat", "", "limburg")
		compound := collection(beheer, "Energietransitie op school", "", "limburg")
		sea := collection(beheer, "Leerlijn zee", "Alles over de Noordzee.", "limburg", "eb-en-vloed")
		teacher := auth.Actor{UserID: 77}
		private := collection(teacher, "Windmolens van mij", "Energie.", "", "eb-en-vloed", "windmolens-meten")

		visitor := e.browser(t)
		hits := func(target string) []string {
			t.Helper()
			resp, body := visitor.do("GET", target, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d", target, resp.StatusCode)
			}
			var out []string
			for _, m := range regexp.MustCompile(`href="(/collecties/[^"]+)"`).FindAllStringSubmatch(curSection(body, "collectie-hits-title"), -1) {
				out = append(out, m[1])
			}
			return out
		}
		want := func(target string, list ...string) {
			t.Helper()
			if got := hits(target); strings.Join(got, " ") != strings.Join(list, " ") {
				t.Errorf("%s:\n got  %v\n want %v", target, got, list)
			}
		}

		// A plural finds the singular and the other way round; title, then
		// introduction, then the most matching materials (2 before 1).
		want("/zoeken?q=windmolens&soort=collectie", inTitle, inIntro, twoItems, oneItem)
		want("/zoeken?q=Windmolen&soort=collectie", inTitle, inIntro, twoItems, oneItem)
		// Above the materials: the best three.
		want("/zoeken?q=windmolens", inTitle, inIntro, twoItems)
		// Accents folded; a compound found by its first part, the word
		// itself first.
		want("/zoeken?q=energie&soort=collectie", accent, compound)
		// A compound found by its last part, and by its parts typed apart.
		want("/zoeken?q=panelen&soort=collectie", inIntro)
		want("/zoeken?q=zonne+panelen&soort=collectie", inIntro)
		// Every word must be found somewhere in the collection.
		want("/zoeken?q=windmolens+klimaat&soort=collectie")
		// No word of the collection matches, but the search's top material
		// is in it: found through its materials, and said so. The private
		// collection holding it too is never shown.
		want("/zoeken?q=getijden&soort=collectie", sea)
		if _, body := visitor.do("GET", "/zoeken?q=getijden", nil); !strings.Contains(curSection(body, "collectie-hits-title"), "1 gevonden materiaal zit erin") {
			t.Error("a collection found through its materials does not say why")
		}
		if _, body := visitor.do("GET", "/zoeken?q=windmolens", nil); !strings.Contains(curSection(body, "collectie-hits-title"), "2 materialen passen bij je zoekopdracht") {
			t.Error("a collection found through its materials' titles does not say how many match")
		}
		// The collections-only view shows no material cards; the other does.
		_, body := visitor.do("GET", "/zoeken?q=windmolens&soort=collectie", nil)
		if strings.Contains(body, `href="/materialen/`) || !strings.Contains(body, "Toon ook de materialen") {
			t.Error("the collections-only view shows materials or lacks the way back")
		}
		_, body = visitor.do("GET", "/zoeken?q=windmolens", nil)
		if !strings.Contains(body, `href="/materialen/windmolens-meten"`) || !strings.Contains(body, "soort=collectie") {
			t.Error("the search page lacks its materials or the collections-only link")
		}
		// Never a private collection: not by its words, not by its materials.
		for _, q := range []string{"windmolens", "mij", "getijden", "energie"} {
			for _, h := range hits("/zoeken?q=" + q + "&soort=collectie") {
				if h == private {
					t.Errorf("search for %q shows the private collection", q)
				}
			}
		}

		// The API: soort=collectie adds the collections, best first.
		r := e.call(t, "GET", "/api/v1/materials?q=windmolens&soort=collectie", "", "")
		cols, _ := r.body["collections"].([]any)
		if r.status != 200 || len(cols) != 4 {
			t.Fatalf("API collections: %d %v", r.status, r.body)
		}
		first := cols[0].(map[string]any)
		if first["url"] != testBaseURL+inTitle || first["hub"] != "limburg" || first["items"] != 1.0 || first["via"] != false ||
			cols[2].(map[string]any)["matching"] != 2.0 {
			t.Errorf("API collections: %v", cols)
		}
		if hits, _ := r.body["hits"].([]any); len(hits) == 0 {
			t.Error("API with soort=collectie lost its materials")
		}
		r = e.call(t, "GET", "/api/v1/materials?q=getijden&soort=collectie", "", "")
		if cols, _ := r.body["collections"].([]any); len(cols) != 1 || cols[0].(map[string]any)["via"] != true || cols[0].(map[string]any)["matching"] != 1.0 {
			t.Errorf("API via materials: %v", r.body["collections"])
		}
		if r := e.call(t, "GET", "/api/v1/materials?q=windmolens", "", ""); r.status != 200 || r.body["collections"] != nil {
			t.Errorf("API without soort: %d, collections %v", r.status, r.body["collections"])
		}
		if r := e.call(t, "GET", "/api/v1/materials?q=windmolens&soort=materiaal", "", ""); r.status != 400 {
			t.Errorf("API with an unknown soort: %d %v", r.status, r.body)
		}

		// Changes made elsewhere are seen at the next search: a withdrawn
		// material leaves its collections' matches, a new collection and a
		// new title are found.
		if err := st.DeleteMaterial(ctx, "windmolens-meten"); err != nil {
			t.Fatal(err)
		}
		want("/zoeken?q=windmolens&soort=collectie", inTitle, inIntro, twoItems)
		newer := collection(beheer, "Windmolens in Limburg", "", "limburg")
		want("/zoeken?q=windmolens&soort=collectie", newer, inTitle, inIntro, twoItems)
		c, err := st.CollectionBySlug(ctx, strings.TrimPrefix(oneItem, "/collecties/"))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateCollection(ctx, c.ID, "Proeven met windmolens", "", "", store.Actor{Label: "test"}); err != nil {
			t.Fatal(err)
		}
		// Two exact title matches: the title decides ("Proeven…" before "Windmolens…").
		want("/zoeken?q=windmolens&soort=collectie", oneItem, newer, inTitle, inIntro, twoItems)

		// A listed material retitled is found by its new title (one matching
		// material each: the title decides); a material
		// taken offline leaves the matches and comes back when republished.
		ms[4].Title, ms[4].ContentHash = "Kringen met een windturbine", "nieuw"
		if _, err := st.UpsertMaterials(ctx, ms[4:5]); err != nil {
			t.Fatal(err)
		}
		want("/zoeken?q=windturbines&soort=collectie", twoItems, inTitle)
		writes := &authoring.Service{Store: st, Vocab: vocab}
		if _, err := writes.Transition(ctx, beheer, "kringen", authoring.ActOfflineHalen, "Verouderd.", time.Time{}); err != nil {
			t.Fatal(err)
		}
		want("/zoeken?q=windturbines&soort=collectie")
		if _, err := writes.Transition(ctx, beheer, "kringen", authoring.ActHerpubliceren, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		want("/zoeken?q=windturbines&soort=collectie", twoItems, inTitle)
		// A material no public collection lists changes nothing.
		if _, err := st.UpsertMaterials(ctx, []catalog.Material{{Slug: "los", Title: "Losse windturbine", Summary: "Los.", Type: "les",
			Levels: []string{"secundair"}, Disciplines: []string{"technologie"}, Hub: "limburg", License: "CC-BY-4.0", Language: "nl"}}); err != nil {
			t.Fatal(err)
		}
		want("/zoeken?q=windturbines&soort=collectie", twoItems, inTitle)
	})
}
