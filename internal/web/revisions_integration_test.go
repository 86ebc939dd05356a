package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

func revisionLesson(edit func(m *catalog.Material)) catalog.Material {
	m := catalog.Material{
		Slug: "versie-windmolen", Title: "Windmolen bouwen", Summary: "Leerlingen bouwen een windmolen en meten de spanning.",
		Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Disciplines: []string{"technologie"},
		Themes: []string{"energie"}, Network: "istem", Hub: "antwerpen", License: "CC-BY-4.0", Language: "nl",
		Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Body: "# Windmolen\n\nBouw een <windmolen> & meet.\n",
	}
	if edit != nil {
		edit(&m)
	}
	return m
}

// The revisions pages and API through the real app, on SQLite and
// PostgreSQL: an imported (published) material edited by a named author;
// the list names people, the comparison marks words and fields, a restore
// makes a new revision; visitors are sent to sign in, another hub's author
// gets 404, a moderator sees but cannot restore, a stale or cross-site
// restore writes nothing.
func TestRevisionPages(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		realApp(t)
		ctx := context.Background()
		svc := &authoring.Service{Store: st, Vocab: real.hub.Vocab}
		e, _ := newLoggedEnv(t, st, web.Config{Authoring: func() *authoring.Service { return svc }})
		author := e.signedIn(t, "an.peeters@school.be", "auteur", "antwerpen")
		moder := e.signedIn(t, "mo@school.be", "moderator", "antwerpen")
		other := e.signedIn(t, "lim@school.be", "auteur", "limburg")
		u, err := st.UserByEmail(ctx, "an.peeters@school.be")
		if err != nil {
			t.Fatal(err)
		}
		an := auth.Actor{UserID: u.ID, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}}}
		if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: revisionLesson(nil)}); err != nil {
			t.Fatal(err)
		}
		edited := revisionLesson(func(m *catalog.Material) {
			m.Title, m.Body = "Een windmolen ontwerpen", "# Windmolen\n\nOntwerp een <windmolen> & meet.\n"
		})
		if _, err := svc.Save(ctx, authoring.UserActor(an), authoring.Draft{Material: edited, Note: "nieuwe titel", IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		const list = "/materialen/versie-windmolen/versies"
		if resp, body := author.do("GET", "/materialen/versie-windmolen/bewerken", nil); resp.StatusCode != 200 || !strings.Contains(body, `href="`+list+`"`) {
			t.Errorf("the editor (%d) does not link to the versions", resp.StatusCode)
		}

		resp, body := author.do("GET", list, nil)
		for _, want := range []string{"Versies van ‘Een windmolen ontwerpen’", "Import uit map lessen", "<td>an.peeters</td>", "nieuwe titel",
			`name="van" value="1" id="van-1" checked`, `name="tot" value="2" id="tot-2" checked`, ">vandaag om ", "gepubliceerd"} {
			if resp.StatusCode != 200 || !strings.Contains(body, want) {
				t.Errorf("list (%d) lacks %q", resp.StatusCode, want)
			}
		}
		if strings.Contains(body, "gebruiker ") {
			t.Errorf("the list names an account by number")
		}
		if resp, _ := e.browser(t).do("GET", list, nil); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
			t.Errorf("visitor: %d %s, want a redirect to sign in", resp.StatusCode, resp.Header.Get("Location"))
		}
		for _, target := range []string{list, list + "/vergelijk?van=1&tot=2", "/materialen/bestaat-niet/versies"} {
			if resp, _ := other.do("GET", target, nil); resp.StatusCode != 404 {
				t.Errorf("another hub's author GET %s: %d, want 404", target, resp.StatusCode)
			}
		}

		resp, body = author.do("GET", list+"/vergelijk?van=1&tot=2", nil)
		for _, want := range []string{
			`<th scope="row">Titel</th><td>Windmolen bouwen</td><td>Een windmolen ontwerpen</td>`,
			`<del><span class="visually-hidden">verwijderd: </span>Bouw<span class="visually-hidden"> (einde verwijderd)</span></del>`,
			`<ins><span class="visually-hidden">toegevoegd: </span>Ontwerp`,
			"&lt;windmolen&gt; &amp; meet.",
			`action="/materialen/versie-windmolen/versies/1/herstellen"`, `name="version" value="2"`, "als nieuwe versie 3",
			">vandaag om ", // as the editor says it (relativeTime)
		} {
			if resp.StatusCode != 200 || !strings.Contains(body, want) {
				t.Errorf("comparison (%d) lacks %s", resp.StatusCode, want)
			}
		}
		if strings.Contains(body, "<windmolen>") {
			t.Errorf("the comparison has the body's markup unescaped")
		}
		if resp, body := author.do("GET", list+"/vergelijk?van=1", nil); resp.StatusCode != 400 || !strings.Contains(body, "Kies twee versies") {
			t.Errorf("no tot: %d", resp.StatusCode)
		}
		if resp, body := author.do("GET", list+"/vergelijk?van=1&tot=9", nil); resp.StatusCode != 404 || !strings.Contains(body, "geen versie 1 of 9") {
			t.Errorf("version 9: %d", resp.StatusCode)
		}
		if resp, body := moder.do("GET", list+"/vergelijk?van=1&tot=2", nil); resp.StatusCode != 200 || strings.Contains(body, "herstellen") {
			t.Errorf("moderator's comparison: %d, restore offered %v", resp.StatusCode, strings.Contains(body, "herstellen"))
		}

		restore := list + "/1/herstellen"
		if resp, _ := moder.do("POST", restore, url.Values{"version": {"2"}}); resp.StatusCode != 403 {
			t.Errorf("moderator restores: %d, want 403", resp.StatusCode)
		}
		if resp, _ := other.do("POST", restore, url.Values{"version": {"2"}}); resp.StatusCode != 404 {
			t.Errorf("other hub's author restores: %d, want 404", resp.StatusCode)
		}
		if resp, body := author.do("POST", restore, url.Values{"version": {"1"}}); resp.StatusCode != 409 || !strings.Contains(body, "nu versie 2") {
			t.Errorf("stale restore: %d", resp.StatusCode)
		}
		if resp, _ := author.do("POST", restore, url.Values{"version": {"2"}}, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); resp.StatusCode != 403 {
			t.Errorf("cross-site restore: %d, want 403", resp.StatusCode)
		}
		if revs := revisionCount(t, st, "versie-windmolen"); revs != 2 {
			t.Fatalf("refused restores wrote: %d revisions", revs)
		}
		resp, _ = author.do("POST", restore, url.Values{"version": {"2"}})
		if resp.StatusCode != 303 || resp.Header.Get("Location") != list+"?hersteld=1" {
			t.Fatalf("restore: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, body = author.do("GET", list+"?hersteld=1", nil)
		if !strings.Contains(body, "Versie 1 is hersteld") || !strings.Contains(body, "Hersteld uit versie 1") || !strings.Contains(body, "Versies van ‘Windmolen bouwen’") {
			t.Errorf("list after restore (%d) lacks the notice, the note or the old title", resp.StatusCode)
		}
		if m, _ := st.Material(ctx, "versie-windmolen"); m.Title != "Windmolen bouwen" {
			t.Errorf("published title after restore = %q", m.Title)
		}
	})
}

func revisionCount(t *testing.T, st *store.Store, slug string) int {
	t.Helper()
	id, err := st.MaterialID(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	revs, err := st.Revisions(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return len(revs)
}

// The API: GET …/revisions works for a published material; POST
// …/revisions/{n}/restore needs If-Match (428), a stale one is 412 with
// the current version, then 200 with the new version; 403 for a moderator,
// 404 for another hub's author and for a revision that does not exist.
func TestRevisionAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		realApp(t)
		ctx := context.Background()
		svc := &authoring.Service{Store: st, Vocab: real.hub.Vocab}
		e, _ := newLoggedEnv(t, st, web.Config{Authoring: func() *authoring.Service { return svc }})
		author := e.tokenFor(t, "an.peeters@school.be", "auteur", "antwerpen")
		moder := e.tokenFor(t, "mo@school.be", "moderator", "antwerpen")
		other := e.tokenFor(t, "lim@school.be", "auteur", "limburg")
		if _, err := svc.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: revisionLesson(nil)}); err != nil {
			t.Fatal(err)
		}
		const path = "/api/v1/materials/versie-windmolen/revisions"
		if r := e.call(t, "PUT", "/api/v1/materials/versie-windmolen", author, `{"title":"Een windmolen ontwerpen","summary":"Leerlingen bouwen een windmolen en meten de spanning.","type":"les","levels":["secundair"],"grades":[1],"disciplines":["technologie"],"themes":["energie"],"network":"istem","hub":"antwerpen","license":"CC-BY-4.0","language":"nl","date":"2024-03-01","body":"nieuw"}`, "If-Match", `"1"`); r.status != 200 {
			t.Fatalf("edit: %d %v", r.status, r.body)
		}

		// The edit of a published material waits for review: the live
		// version is unchanged, the new one is at …/pending for the hub.
		if m, _ := st.Material(ctx, "versie-windmolen"); m.Title != "Windmolen bouwen" {
			t.Errorf("the edit went live before review: %q", m.Title)
		}
		pendingTitle := func(token string) (int, any) {
			r := e.call(t, "GET", "/api/v1/materials/versie-windmolen/pending", token, "")
			m, _ := r.body["material"].(map[string]any)
			return r.status, m["title"]
		}
		if status, title := pendingTitle(author); status != 200 || title != "Een windmolen ontwerpen" {
			t.Errorf("pending for the author: %d %v", status, title)
		}
		if status, _ := pendingTitle(other); status != 404 {
			t.Errorf("pending for another hub's author: %d", status)
		}
		if status, _ := pendingTitle(""); status != 401 {
			t.Errorf("pending without a token: %d", status)
		}

		r := e.call(t, "GET", path, author, "")
		revs, _ := r.body["revisions"].([]any)
		if r.status != 200 || len(revs) != 2 || revs[0].(map[string]any)["actor"] != "Import uit map lessen" || revs[1].(map[string]any)["actor"] != "an.peeters" {
			t.Fatalf("revisions of a published material: %d %v", r.status, r.body)
		}
		if r := e.call(t, "GET", path, other, ""); r.status != 404 {
			t.Errorf("another hub's author lists: %d", r.status)
		}

		restore := path + "/1/restore"
		if r := e.call(t, "POST", restore, author, ""); r.status != 428 {
			t.Errorf("no If-Match: %d", r.status)
		}
		if r := e.call(t, "POST", restore, author, "", "If-Match", `"1"`); r.status != 412 || r.body["error"].(map[string]any)["current_version"] != 2.0 {
			t.Errorf("stale: %d %v", r.status, r.body)
		}
		if r := e.call(t, "POST", restore, moder, "", "If-Match", `"2"`); r.status != 403 {
			t.Errorf("moderator: %d", r.status)
		}
		if r := e.call(t, "POST", restore, other, "", "If-Match", `"2"`); r.status != 404 {
			t.Errorf("another hub's author: %d", r.status)
		}
		if r := e.call(t, "POST", path+"/9/restore", author, "", "If-Match", `"2"`); r.status != 404 || r.body["error"].(map[string]any)["code"] != "revision_not_found" {
			t.Errorf("revision 9: %d %v", r.status, r.body)
		}
		if r := e.call(t, "POST", restore, "", "", "If-Match", `"2"`); r.status != 401 {
			t.Errorf("no token: %d", r.status)
		}
		r = e.call(t, "POST", restore, author, "", "If-Match", `"2"`)
		// Of a published material: a new version that waits for review.
		if r.status != 200 || r.body["version"] != 3.0 || r.body["state"] != "concept" || r.header.Get("ETag") != `"3"` {
			t.Fatalf("restore: %d %v %v", r.status, r.body, r.header)
		}
		if status, title := pendingTitle(author); status != 200 || title != "Windmolen bouwen" {
			t.Errorf("pending after restoring revision 1: %d %v", status, title)
		}
	})
}

// The revisions pages in the Dutch polish walk (polish_integration_test.go):
// a draft with two revisions in the shared real hub (a draft stays out of
// every public page and search, so the other tests see nothing of it),
// read by the walk's beheerder.
const (
	polishRevisionsURL = "/materialen/polijst-versies/versies"
	polishCompareURL   = polishRevisionsURL + "/vergelijk?van=1&tot=2"
)

func polishAuthoring(t *testing.T) func() *authoring.Service {
	t.Helper()
	ctx := context.Background()
	svc := &authoring.Service{Store: real.hub.Store, Vocab: real.hub.Vocab}
	if _, err := real.hub.Store.DraftBySlug(ctx, "polijst-versies"); err == nil {
		return func() *authoring.Service { return svc }
	}
	author := auth.Actor{UserID: 9002, Grants: []auth.Grant{{Role: auth.RoleAuteur, Hub: "antwerpen"}}}
	m := revisionLesson(func(m *catalog.Material) { m.Slug = "polijst-versies" })
	if _, err := svc.Save(ctx, authoring.UserActor(author), authoring.Draft{Material: m}); err != nil {
		t.Fatal(err)
	}
	m.Title, m.Body, m.Grades = "Een windmolen ontwerpen", m.Body+"\nMeet de spanning bij drie windsnelheden.\n", []int{1, 2}
	if _, err := svc.Save(ctx, authoring.UserActor(author), authoring.Draft{Material: m, Note: "opdracht toegevoegd", IfVersion: 1}); err != nil {
		t.Fatal(err)
	}
	return func() *authoring.Service { return svc }
}
