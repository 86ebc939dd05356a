package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// Likely duplicates through the real app and real Bleve: candidates by a
// similar title and by the same (normalised) source URL, none for an
// unrelated material, and a concept draft with the same source shown only
// to whom may see it. Then merging: refused for a visitor, the author and
// another hub's moderator; done by the hub's moderator, the merged
// material's address, its old address and its files answer 301 to the kept
// one, it leaves search, one audit entry names both ids. The form (no
// JavaScript) merges a second one and refuses a wrong address in Dutch.
func TestLikelyDuplicatesAndMerge(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		kept := lesson("zonnepaneel-schooldak", "Zonnepaneel op het schooldak: rendement en hellingshoek meten", "antwerpen")
		kept.Summary, kept.SourceURL = "Meet hoeveel stroom een paneel levert bij elke hellingshoek.", "https://www.example.be/lessen/zonnepaneel/"
		twin := lesson("zonnepaneel-oud", "Het zonnepaneel op het schooldak: rendement meten met een multimeter", "antwerpen")
		twin.Summary = "Een tweede versie van dezelfde les."
		same := lesson("energie-uit-de-zon", "Energie uit de zon", "antwerpen")
		same.Summary, same.SourceURL = "Elektriciteit opwekken met licht.", "http://example.be/lessen/zonnepaneel?utm_source=nieuwsbrief"
		other := lesson("knikkerbaan", "Knikkerbaan bouwen met kleuters", "antwerpen")
		other.Summary = "Hellingen, snelheid en samen proberen."
		e.publish(t, kept)
		e.publish(t, twin)
		e.publish(t, same)
		e.publish(t, other)
		admin := auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
		if _, err := e.writes.Rename(ctx, admin, "zonnepaneel-oud", "zonnepaneel-kopie", 0); err != nil {
			t.Fatal(err)
		}
		leraar := e.tokenFor(t, "leraar@school.be", "leraar", "")
		draft := withField(withField(withField(apiLesson, "slug", `"mijn-zonnepaneel"`), "title", `"Mijn zonnepaneel"`), "source_url", `"https://example.be/lessen/zonnepaneel"`)
		if r := e.call(t, "POST", "/api/v1/materials", leraar, draft); r.status != 201 {
			t.Fatalf("draft: %d %v", r.status, r.body)
		}
		if hits := e.searchUntil(t, "multimeter", "zonnepaneel-kopie"); len(hits) != 1 {
			t.Fatalf("twin not searchable: %v", hits)
		}
		dups := func(slug, tok string) map[string]string {
			t.Helper()
			r := e.call(t, "GET", "/api/v1/materials/"+slug+"/duplicates", tok, "")
			if r.status != 200 {
				t.Fatalf("duplicates of %s: %d %v", slug, r.status, r.body)
			}
			out := map[string]string{}
			list, _ := r.body["candidates"].([]any)
			for _, c := range list {
				m := c.(map[string]any)
				var why []string
				for _, w := range m["reasons"].([]any) {
					why = append(why, w.(string))
				}
				out[m["slug"].(string)] = strings.Join(why, ",")
			}
			return out
		}
		got := dups("zonnepaneel-schooldak", "")
		if !strings.Contains(got["zonnepaneel-kopie"], "gelijkaardige titel") || got["energie-uit-de-zon"] != "zelfde bron-URL" {
			t.Errorf("candidates: %v; want the twin by title and energie-uit-de-zon by source", got)
		}
		if _, ok := got["knikkerbaan"]; ok {
			t.Errorf("unrelated material listed: %v", got)
		}
		if _, ok := got["mijn-zonnepaneel"]; ok {
			t.Errorf("a teacher's concept leaks to a visitor: %v", got)
		}
		mod := e.tokenFor(t, "moderator@antwerpen.be", "moderator", "antwerpen")
		if got := dups("zonnepaneel-schooldak", mod); got["mijn-zonnepaneel"] != "" {
			t.Errorf("a teacher's concept (not submitted) leaks to the moderator: %v", got)
		}
		if got := dups("mijn-zonnepaneel", leraar); !strings.Contains(got["zonnepaneel-schooldak"], "zelfde bron-URL") {
			t.Errorf("the author's draft does not show the published one with the same source: %v", got)
		}
		// The author sees them on the draft's page before submitting.
		lb := e.browser(t)
		if resp, _ := lb.do("POST", "/aanmelden", url.Values{"email": {"leraar@school.be"}, "password": {testPassword}}); resp.StatusCode != 303 {
			t.Fatalf("sign-in: %d", resp.StatusCode)
		}
		if resp, page := lb.do("GET", "/materialen/mijn-zonnepaneel", nil); resp.StatusCode != 200 || !strings.Contains(page, "Bestaat dit al?") ||
			!strings.Contains(page, `href="/materialen/zonnepaneel-schooldak"`) || strings.Contains(page, "Samenvoegen") {
			t.Errorf("draft page without 'Bestaat dit al?' (or with a merge link for its author): %d\n%s", resp.StatusCode, page)
		}
		if got := dups("knikkerbaan", ""); len(got) != 0 {
			t.Errorf("candidates for an unrelated material: %v", got)
		}

		// Merging: who may.
		const merge = "/api/v1/materials/zonnepaneel-kopie/merge"
		body := `{"into":"zonnepaneel-schooldak","comment":"dubbel ingediend"}`
		author := e.tokenFor(t, "auteur@antwerpen.be", "auteur", "antwerpen")
		otherMod := e.tokenFor(t, "moderator@limburg.be", "moderator", "limburg")
		for name, tok := range map[string]string{"visitor": "", "author": author, "other hub's moderator": otherMod} {
			if r := e.call(t, "POST", merge, tok, body); r.status != 401 && r.status != 403 {
				t.Errorf("%s merges: %d %v", name, r.status, r.body)
			}
		}
		if r := e.call(t, "POST", merge, mod, `{"into":"zonnepaneel-kopie"}`); r.status != 422 {
			t.Errorf("merge into itself: %d %v", r.status, r.body)
		}
		r := e.call(t, "POST", merge, mod, body)
		if r.status != 200 || r.body["into"] != "zonnepaneel-schooldak" {
			t.Fatalf("merge: %d %v", r.status, r.body)
		}
		keptID, _ := st.MaterialID(ctx, "zonnepaneel-schooldak")
		if hits := e.searchUntil(t, "multimeter"); len(hits) != 0 {
			t.Errorf("merged material still in search: %v", hits)
		}
		visitor := e.browser(t)
		for from, to := range map[string]string{
			"/materialen/zonnepaneel-kopie":                    "/materialen/zonnepaneel-schooldak",
			"/materialen/zonnepaneel-oud":                      "/materialen/zonnepaneel-schooldak",
			"/materialen/zonnepaneel-kopie/bestanden/blad.pdf": "/materialen/zonnepaneel-schooldak/bestanden/blad.pdf",
			"/api/v1/materials/zonnepaneel-kopie":              "/api/v1/materials/zonnepaneel-schooldak",
		} {
			resp, _ := visitor.do("GET", from, nil)
			if resp.StatusCode != 301 || resp.Header.Get("Location") != to {
				t.Errorf("GET %s: %d → %q, want 301 → %s", from, resp.StatusCode, resp.Header.Get("Location"), to)
			}
		}
		var merges []store.AuditEntry
		log, _ := st.AuditLog(ctx, "")
		for _, a := range log {
			if a.Action == store.AuditMerge {
				merges = append(merges, a)
			}
		}
		if len(merges) != 1 || !strings.Contains(merges[0].Note, strconv.FormatInt(keptID, 10)) || merges[0].Comment != "dubbel ingediend" || merges[0].ToState != store.StateGearchiveerd {
			t.Fatalf("audit: %+v, want one material.merge naming kept id %d", merges, keptID)
		}
		if r := e.call(t, "POST", merge, mod, body); r.status != 404 && r.status != 409 {
			t.Errorf("merging again: %d %v", r.status, r.body)
		}

		// The form, without JavaScript.
		mb := e.signedIn(t, "moderator2@antwerpen.be", "moderator", "antwerpen")
		resp, page := mb.do("GET", "/materialen/energie-uit-de-zon/samenvoegen?in=zonnepaneel-schooldak", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `value="zonnepaneel-schooldak"`) || !strings.Contains(page, "zelfde bron-URL") ||
			!strings.Contains(page, `href="/materialen/energie-uit-de-zon/samenvoegen?in=zonnepaneel-schooldak#veld-into"`) {
			t.Fatalf("merge form: %d\n%s", resp.StatusCode, page)
		}
		resp, page = mb.do("POST", "/materialen/energie-uit-de-zon/samenvoegen", url.Values{"into": {"bestaat-niet"}})
		if resp.StatusCode != 422 || !strings.Contains(page, "geen materiaal met het adres") || !strings.Contains(page, `value="bestaat-niet"`) {
			t.Fatalf("wrong address: %d\n%s", resp.StatusCode, page)
		}
		// The review form of a submitted material lists its candidates,
		// each with why and a merge link.
		if r := e.call(t, "POST", "/api/v1/materials/mijn-zonnepaneel/transitions", leraar, `{"action":"indienen"}`); r.status != 200 {
			t.Fatalf("indienen: %d %v", r.status, r.body)
		}
		// A published material does not go into one that is not published:
		// its visitors would find nothing at the end of the redirect.
		if r := e.call(t, "POST", "/api/v1/materials/knikkerbaan/merge", mod, `{"into":"mijn-zonnepaneel"}`); r.status != 422 {
			t.Errorf("published into a draft: %d %v", r.status, r.body)
		}
		resp, page = mb.do("GET", "/hubs/antwerpen/review/mijn-zonnepaneel", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Mogelijke dubbels") || !strings.Contains(page, `href="/materialen/zonnepaneel-schooldak"`) ||
			!strings.Contains(page, "zelfde bron-URL") || !strings.Contains(page, `href="/materialen/mijn-zonnepaneel/samenvoegen?in=zonnepaneel-schooldak"`) {
			t.Errorf("review form without the candidates: %d\n%s", resp.StatusCode, page)
		}
		ab := e.signedIn(t, "auteur2@antwerpen.be", "auteur", "antwerpen")
		if resp, _ := ab.do("GET", "/materialen/energie-uit-de-zon/samenvoegen", nil); resp.StatusCode != 403 {
			t.Errorf("the author gets the merge form: %d", resp.StatusCode)
		}
		resp, _ = mb.do("POST", "/materialen/energie-uit-de-zon/samenvoegen", url.Values{"into": {"zonnepaneel-schooldak"}})
		if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/materialen/zonnepaneel-schooldak") {
			t.Fatalf("merge by form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page := mb.do("GET", resp.Header.Get("Location"), nil); !strings.Contains(page, "Samengevoegd.") {
			t.Error("the kept material's page does not say the merge happened")
		}
		if resp, _ := visitor.do("GET", "/materialen/energie-uit-de-zon", nil); resp.StatusCode != 301 {
			t.Errorf("second merged material: %d", resp.StatusCode)
		}
	})
}
