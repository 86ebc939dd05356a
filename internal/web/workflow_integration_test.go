package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// The workflow through HTTP: POST /api/v1/materials/{slug}/transitions
// answers 200 with the new state, 403, 409 naming the state, 404 and 422;
// publishing makes the material searchable (real Bleve following the
// change log as the serving hub does) and its page public; offline-halen
// takes it out of search, its page answers 410 with a Dutch page to
// visitors while its author still sees it with a banner; herpubliceren
// brings it back. The page's buttons go through the same service.
func TestWorkflowThroughTheAPIAndPages(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newStackEnv(t, st)
		author := e.tokenFor(t, "auteur@antwerpen.be", "auteur", "antwerpen")
		mod := e.tokenFor(t, "moderator@antwerpen.be", "moderator", "antwerpen")
		otherMod := e.tokenFor(t, "moderator@limburg.be", "moderator", "limburg")
		body := strings.Replace(apiLesson, "Windmolen bouwen", "Windmolen klapwiek bouwen", 1)
		if r := e.call(t, "POST", "/api/v1/materials", author, body); r.status != 201 {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
		const tr = "/api/v1/materials/api-windmolen/transitions"
		step := func(tok, js string, want int, wantState string) map[string]any {
			t.Helper()
			r := e.call(t, "POST", tr, tok, js)
			if r.status != want {
				t.Fatalf("%s: %d, want %d (%v)", js, r.status, want, r.body)
			}
			if want == 200 && r.body["state"] != wantState {
				t.Fatalf("%s: state %v, want %s", js, r.body["state"], wantState)
			}
			if want != 200 {
				errBody, _ := r.body["error"].(map[string]any)
				if msg, _ := errBody["message"].(string); msg == "" {
					t.Errorf("%s: %d without a message: %v", js, want, r.body)
				}
				if want == 409 && errBody["state"] != wantState {
					t.Errorf("%s: 409 names state %v, want %s", js, errBody["state"], wantState)
				}
				return errBody
			}
			return r.body
		}
		step(otherMod, `{"action":"claimen"}`, 404, "")      // another hub's moderator does not see the draft
		step(mod, `{"action":"publiceren"}`, 409, "concept") // not from concept
		step(author, `{"action":"indienen"}`, 200, "ingediend")
		step(author, `{"action":"goedkeuren"}`, 403, "") // an author never approves their own
		step(mod, `{"action":"wegdoen"}`, 422, "")
		if f := step(mod, `{"action":"afwijzen","comment":" "}`, 422, ""); f["field"] != "comment" {
			t.Errorf("afwijzen without a reason: field %v", f["field"])
		}
		if f := step(mod, `{"action":"publiceren","at":"morgen"}`, 422, ""); f["field"] != "at" {
			t.Errorf("a bad time: field %v", f["field"])
		}
		step(mod, `{"action":"claimen"}`, 200, "in-behandeling")
		step(mod, `{"action":"goedkeuren","comment":"mooi"}`, 200, "goedgekeurd")
		if hits := e.searchUntil(t, "klapwiek"); len(hits) != 0 {
			t.Fatalf("approved but unpublished material in search: %v", hits)
		}
		step(mod, `{"action":"publiceren"}`, 200, "gepubliceerd")
		if hits := e.searchUntil(t, "klapwiek", "api-windmolen"); len(hits) != 1 {
			t.Fatalf("published material not found: %v", hits)
		}
		visitor := e.browser(t)
		if resp, page := visitor.do("GET", "/materialen/api-windmolen", nil); resp.StatusCode != 200 || !strings.Contains(page, "klapwiek") {
			t.Fatalf("published page: %d", resp.StatusCode)
		}
		step(otherMod, `{"action":"offline-halen","comment":"fout"}`, 403, "") // visible now, still not theirs
		step(mod, `{"action":"offline-halen","comment":"verouderde veiligheidsregels"}`, 200, "offline")
		if hits := e.searchUntil(t, "klapwiek"); len(hits) != 0 {
			t.Fatalf("offline material still in search: %v", hits)
		}
		resp, page := visitor.do("GET", "/materialen/api-windmolen", nil)
		if resp.StatusCode != 410 || !strings.Contains(page, "niet meer beschikbaar") || strings.Contains(page, "klapwiek") {
			t.Fatalf("offline page for a visitor: %d\n%s", resp.StatusCode, page)
		}
		if _, sm := visitor.do("GET", "/sitemap.xml", nil); strings.Contains(sm, "api-windmolen") {
			t.Error("offline material in the sitemap")
		}
		// Its author still sees it, with the banner and the reason.
		ab := e.signedIn(t, "auteur2@antwerpen.be", "auteur", "antwerpen")
		if resp, page := ab.do("GET", "/materialen/api-windmolen", nil); resp.StatusCode != 200 || !strings.Contains(page, "Offline gehaald") {
			t.Fatalf("offline page for the hub's author: %d", resp.StatusCode)
		}
		// The moderator's page offers herpubliceren as a button; it works
		// without JavaScript and goes through the same service.
		mb := e.signedIn(t, "moderator2@antwerpen.be", "moderator", "antwerpen")
		resp, page = mb.do("GET", "/materialen/api-windmolen", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `value="herpubliceren"`) || !strings.Contains(page, "verouderde veiligheidsregels") || strings.Contains(page, `value="publiceren"`) {
			t.Fatalf("moderator's page of an offline material: %d\n%s", resp.StatusCode, page)
		}
		resp, _ = mb.do("POST", "/materialen/api-windmolen/werkstroom", url.Values{"action": {"herpubliceren"}, "comment": {"bijgewerkt"}})
		if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/materialen/api-windmolen?werkstroom=herpubliceren") {
			t.Fatalf("herpubliceren from the page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if hits := e.searchUntil(t, "klapwiek", "api-windmolen"); len(hits) != 1 {
			t.Fatalf("republished material not found: %v", hits)
		}
		if resp, _ := visitor.do("GET", "/materialen/api-windmolen", nil); resp.StatusCode != 200 {
			t.Fatalf("republished page: %d", resp.StatusCode)
		}
		// A refused step from the page says why, in Dutch.
		resp, _ = mb.do("POST", "/materialen/api-windmolen/werkstroom", url.Values{"action": {"offline-halen"}})
		if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || !strings.Contains(loc, "werkstroomfout=reden") {
			t.Fatalf("offline-halen without a reason: %d %s", resp.StatusCode, loc)
		}
		if _, page := mb.do("GET", "/materialen/api-windmolen?werkstroomfout=reden", nil); !strings.Contains(page, "Geef een reden") {
			t.Error("the page does not say a reason is needed")
		}
		// Another hub's moderator sees no buttons.
		ob := e.signedIn(t, "moderator2@limburg.be", "moderator", "limburg")
		if _, page := ob.do("GET", "/materialen/api-windmolen", nil); strings.Contains(page, `id="werkstroom"`) {
			t.Error("another hub's moderator is offered workflow buttons")
		}
	})
}
