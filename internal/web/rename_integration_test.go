package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// A material's address changes through the form and the API; every old
// address keeps working (301, in one hop however many renames there were),
// its files move along, search follows, and only those who may edit the
// material may change its address.
func TestRenameKeepsOldAddressesWorking(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		m := lesson("zonneboot-a", "De zonneboot zoemvlot", "antwerpen")
		m.Body = "# Zonneboot\n\nHet zoemvlot vaart op de zon.\n\n![Schema van de boot](schema.png)\n"
		m.Attachments = []catalog.Attachment{{Name: "schema.png", ContentType: "image/png", Size: 4}}
		e.publish(t, m)
		e.publish(t, lesson("windmolen-x", "Windmolen", "antwerpen"))
		stored, err := st.Material(ctx, "zonneboot-a")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.files.Put(ctx, authoring.AttachmentStorageKey("zonneboot-a", stored.ContentHash, "schema.png"), strings.NewReader("PNG!"), 4, "image/png"); err != nil {
			t.Fatal(err)
		}
		e.drain(t)

		visitor := e.browser(t)
		author := e.signedIn(t, "auteur@antwerpen.be", "auteur", "antwerpen")
		other := e.signedIn(t, "auteur@limburg.be", "auteur", "limburg")
		const form = "/materialen/zonneboot-a/adres"

		// A visitor is sent to sign in; another hub's author is refused.
		if resp, _ := visitor.do("GET", form, nil); resp.StatusCode != 303 || resp.Header.Get("Location") != "/aanmelden?terug="+form {
			t.Errorf("visitor GET form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := visitor.do("POST", form, url.Values{"slug": {"zonneboot-v"}}); resp.StatusCode != 303 {
			t.Errorf("visitor POST: %d", resp.StatusCode)
		}
		if resp, _ := other.do("GET", form, nil); resp.StatusCode != 403 {
			t.Errorf("other hub's author GET form: %d", resp.StatusCode)
		}
		if resp, _ := other.do("POST", form, url.Values{"slug": {"zonneboot-o"}, "version": {"1"}}); resp.StatusCode != 403 {
			t.Errorf("other hub's author POST: %d", resp.StatusCode)
		}

		// The form: refused addresses say why, in Dutch, next to the field.
		resp, page := author.do("GET", form, nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `name="version" value="1"`) || !strings.Contains(page, "/materialen/zonneboot-a") {
			t.Fatalf("form: %d\n%s", resp.StatusCode, page)
		}
		for typed, want := range map[string]string{
			"Zonneboot B!": `bv. &#34;zonneboot-b&#34;`,
			"windmolen-x":  "al het adres van een ander materiaal",
			"zonneboot-a":  "al het adres van dit materiaal",
		} {
			resp, page := author.do("POST", form, url.Values{"slug": {typed}, "version": {"1"}})
			if resp.StatusCode != 422 || !strings.Contains(page, want) || !strings.Contains(page, `aria-invalid="true"`) {
				t.Errorf("slug %q: %d, want 422 with %q", typed, resp.StatusCode, want)
			}
		}

		// Renamed: the old page, file and JSON answer 301 to the new address.
		resp, _ = author.do("POST", form, url.Values{"slug": {"zonneboot-b"}, "version": {"1"}})
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/materialen/zonneboot-b/adres?gewijzigd=1" {
			t.Fatalf("rename: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		for old, want := range map[string]string{
			"/materialen/zonneboot-a":                      "/materialen/zonneboot-b",
			"/materialen/zonneboot-a/bestanden/schema.png": "/materialen/zonneboot-b/bestanden/schema.png",
			"/materialen/zonneboot-a/download.zip":         "/materialen/zonneboot-b/download.zip",
			"/api/v1/materials/zonneboot-a":                "/api/v1/materials/zonneboot-b",
			"/materialen/zonneboot-a?x=1":                  "/materialen/zonneboot-b?x=1",
		} {
			if resp, _ := visitor.do("GET", old, nil); resp.StatusCode != 301 || resp.Header.Get("Location") != want {
				t.Errorf("GET %s = %d %q, want 301 %s", old, resp.StatusCode, resp.Header.Get("Location"), want)
			}
		}
		resp, page = visitor.do("GET", "/materialen/zonneboot-b", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "/materialen/zonneboot-b/bestanden/schema.png") || strings.Contains(page, "zonneboot-a/bestanden") {
			t.Errorf("new page: %d (image URL not moved along)", resp.StatusCode)
		}
		if resp, body := visitor.do("GET", "/materialen/zonneboot-b/bestanden/schema.png", nil); resp.StatusCode != 200 || body != "PNG!" {
			t.Errorf("file at the new address: %d %.60q", resp.StatusCode, body)
		}

		// Search follows: the old slug is gone from the index, the new one found.
		if hits := e.searchUntil(t, "zoemvlot", "zonneboot-b"); len(hits) != 1 || hits[0] != "zonneboot-b" {
			t.Errorf("search after the rename: %v", hits)
		}

		// The API: If-Match required and checked; rights as for editing.
		token := e.tokenFor(t, "api@antwerpen.be", "auteur", "antwerpen")
		otherToken := e.tokenFor(t, "api@limburg.be", "auteur", "limburg")
		const api = "/api/v1/materials/zonneboot-b/rename"
		if r := e.call(t, "POST", api, "", `{"slug":"zonneboot-c"}`); r.status != 401 {
			t.Errorf("API without a token: %d", r.status)
		}
		if r := e.call(t, "POST", api, otherToken, `{"slug":"zonneboot-c"}`, "If-Match", `"2"`); r.status != 403 {
			t.Errorf("API, another hub's author: %d %v", r.status, r.body)
		}
		if r := e.call(t, "POST", api, token, `{"slug":"zonneboot-c"}`); r.status != 428 {
			t.Errorf("API without If-Match: %d", r.status)
		}
		if r := e.call(t, "POST", api, token, `{"slug":"zonneboot-c"}`, "If-Match", `"1"`); r.status != 412 || r.body["error"].(map[string]any)["current_version"] != 2.0 {
			t.Errorf("API stale: %d %v", r.status, r.body)
		}
		r := e.call(t, "POST", api, token, `{"slug":"zonneboot-c"}`, "If-Match", `"2"`)
		if r.status != 200 || r.body["slug"] != "zonneboot-c" || r.body["version"] != 3.0 || r.body["state"] != "gepubliceerd" {
			t.Fatalf("API rename: %d %v", r.status, r.body)
		}
		// a → b → c: a goes straight to c.
		for _, old := range []string{"zonneboot-a", "zonneboot-b"} {
			if resp, _ := visitor.do("GET", "/materialen/"+old, nil); resp.StatusCode != 301 || resp.Header.Get("Location") != "/materialen/zonneboot-c" {
				t.Errorf("GET %s = %d %s, want one hop to zonneboot-c", old, resp.StatusCode, resp.Header.Get("Location"))
			}
		}

		// An old address stays its material's: no new draft, no other material takes it.
		if r := e.call(t, "POST", "/api/v1/materials", token, strings.Replace(apiLesson, "api-windmolen", "zonneboot-a", 1)); r.status != 409 || errField(r.body) != "slug" {
			t.Errorf("new draft at an old address: %d %v", r.status, r.body)
		}
		r = e.call(t, "POST", "/api/v1/materials/windmolen-x/rename", token, `{"slug":"zonneboot-a"}`, "If-Match", `"1"`)
		if msg, _ := r.body["error"].(map[string]any)["message"].(string); r.status != 422 || errField(r.body) != "slug" || !strings.Contains(msg, "vroeger het adres van een ander materiaal") {
			t.Errorf("another material takes an old address: %d %v", r.status, r.body)
		}
		// The material itself may take an old address back.
		if r := e.call(t, "POST", "/api/v1/materials/zonneboot-c/rename", token, `{"slug":"zonneboot-a"}`, "If-Match", `"3"`); r.status != 200 {
			t.Fatalf("take the old address back: %d %v", r.status, r.body)
		}
		if resp, _ := visitor.do("GET", "/materialen/zonneboot-a", nil); resp.StatusCode != 200 {
			t.Errorf("the address taken back: %d", resp.StatusCode)
		}
		if resp, _ := visitor.do("GET", "/materialen/zonneboot-c", nil); resp.StatusCode != 301 || resp.Header.Get("Location") != "/materialen/zonneboot-a" {
			t.Errorf("GET zonneboot-c = %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, body := visitor.do("GET", "/materialen/zonneboot-a/bestanden/schema.png", nil); resp.StatusCode != 200 || body != "PNG!" {
			t.Errorf("file after three renames: %d %.60q", resp.StatusCode, body)
		}
		// Each rename is a revision and an audit entry of the same material.
		id, _ := st.MaterialID(ctx, "zonneboot-a")
		if revs, _ := st.Revisions(ctx, id); len(revs) != 4 {
			t.Errorf("revisions: %d, want 4 (publish + 3 renames)", len(revs))
		}
		if hits := e.searchUntil(t, "zoemvlot", "zonneboot-a"); len(hits) != 1 || hits[0] != "zonneboot-a" {
			t.Errorf("search at the end: %v", hits)
		}
		// An unknown old address is still a plain 404.
		if resp, _ := visitor.do("GET", "/materialen/nooit-bestaan", nil); resp.StatusCode != 404 {
			t.Errorf("unknown address: %d", resp.StatusCode)
		}
	})
}

// A draft's address changes too; its old address leads only those who may
// see the draft to it (a visitor still gets 404), and a material from a
// content folder keeps the address its file gives it.
func TestRenameDraftAndFolderMaterial(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		token := e.tokenFor(t, "schrijver@antwerpen.be", "auteur", "antwerpen")
		if r := e.call(t, "POST", "/api/v1/materials", token, apiLesson); r.status != 201 {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
		r := e.call(t, "POST", "/api/v1/materials/api-windmolen/rename", token, `{"slug":"api-windmolen-2"}`, "If-Match", `"1"`)
		if r.status != 200 || r.body["state"] != "concept" || r.body["version"] != 2.0 {
			t.Fatalf("rename draft: %d %v", r.status, r.body)
		}
		if r := e.call(t, "GET", "/api/v1/materials/api-windmolen", token, ""); r.status != 301 || r.header.Get("Location") != "/api/v1/materials/api-windmolen-2" {
			t.Errorf("owner GET old draft address: %d %s", r.status, r.header.Get("Location"))
		}
		if r := e.call(t, "GET", "/api/v1/materials/api-windmolen", "", ""); r.status != 401 && r.status != 404 {
			t.Errorf("visitor GET old draft address: %d (reveals the draft)", r.status)
		}
		if resp, _ := e.browser(t).do("GET", "/materialen/api-windmolen", nil); resp.StatusCode != 404 {
			t.Errorf("visitor page at old draft address: %d", resp.StatusCode)
		}
		if r := e.call(t, "GET", "/api/v1/materials/api-windmolen-2", token, ""); r.status != 200 || r.body["slug"] != "api-windmolen-2" {
			t.Errorf("draft at its new address: %d %v", r.status, r.body)
		}

		// A folder's material: the file names its slug.
		m := lesson("uit-de-map", "Uit de map", "antwerpen")
		m.SourcePath = "lessen/uit-de-map.md"
		if _, err := e.writes.Write(ctx, authoring.ImportActor("lessen"), []catalog.Material{withRendered(t, e, m)}, authoring.WriteOptions{Source: "lessen"}); err != nil {
			t.Fatal(err)
		}
		r = e.call(t, "POST", "/api/v1/materials/uit-de-map/rename", token, `{"slug":"ergens-anders"}`, "If-Match", `"1"`)
		if msg, _ := r.body["error"].(map[string]any)["message"].(string); r.status != 422 || !strings.Contains(msg, "inhoudsmap (lessen/uit-de-map.md)") {
			t.Errorf("rename a folder's material: %d %v", r.status, r.body)
		}
	})
}

// withRendered renders m's body as the importer would before Write.
func withRendered(t *testing.T, e stackEnv, m catalog.Material) catalog.Material {
	t.Helper()
	html, err := e.writes.Preview(m.Body, m.Slug)
	if err != nil {
		t.Fatal(err)
	}
	m.HTML, m.Text, m.ContentHash = html, m.Body, "map-"+m.Slug
	return m
}

// slugsOf lists the slugs of an API search answer.
func slugsOf(body map[string]any) []string {
	var out []string
	hits, _ := body["hits"].([]any)
	if hits == nil {
		hits, _ = body["results"].([]any)
	}
	for _, h := range hits {
		if m, ok := h.(map[string]any); ok {
			if s, ok := m["slug"].(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
