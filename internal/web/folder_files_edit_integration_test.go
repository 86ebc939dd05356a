package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// A person's edit of an imported material keeps the files of its content
// folder: the editor and the API send only the text and the front matter
// (a folder's files change in the folder, never in the browser), so the
// new version takes them from the version it replaces. Before, the first
// browser edit of an imported lesson, once published, lost every picture.
func TestPersonsEditKeepsTheFolderFiles(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		_, authorActor, token := e.person(t, "auteur@antwerpen.be", "Auteur", "auteur", "antwerpen")
		author := e.signedIn(t, "auteur2@antwerpen.be", "auteur", "antwerpen")
		mod := auth.Actor{UserID: 9999, Grants: []auth.Grant{{Role: auth.RoleModerator, Hub: "antwerpen"}}}
		publishNow := func(slug string) {
			t.Helper()
			for _, a := range []string{authoring.ActIndienen, authoring.ActGoedkeuren, authoring.ActPubliceren} {
				who := mod
				if a == authoring.ActIndienen {
					who = authorActor
				}
				if _, err := e.writes.Transition(ctx, who, slug, a, "", time.Time{}); err != nil {
					t.Fatalf("%s %s: %v", slug, a, err)
				}
			}
		}
		imported := func(slug string) catalog.Material {
			t.Helper()
			m := lesson(slug, "Les "+slug, "antwerpen")
			m.Body = "# Les\n\n![Schema van de opstelling](schema.png)\n"
			m.SourcePath = "lessen/" + slug + ".md"
			m.Attachments = []catalog.Attachment{{Name: "schema.png", ContentType: "image/png", Size: 4}}
			if _, err := e.writes.Save(ctx, authoring.ImportActor("lessen"), authoring.Draft{Material: m}); err != nil {
				t.Fatal(err)
			}
			stored, err := st.Material(ctx, slug)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.files.Put(ctx, authoring.AttachmentStorageKey(slug, stored.ContentHash, "schema.png"), strings.NewReader("PNG!"), 4, "image/png"); err != nil {
				t.Fatal(err)
			}
			return m
		}

		// In the editor.
		m := imported("met-editor")
		_, page := author.do("GET", "/materialen/met-editor/bewerken", nil)
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)
		if version == nil {
			t.Fatal("no version in the editor")
		}
		form := url.Values{"title": {m.Title}, "summary": {m.Summary}, "type": {"les"}, "levels": m.Levels, "grades": {"secundair-1"},
			"disciplines": m.Disciplines, "hub": {"antwerpen"}, "license": {"CC-BY-4.0"}, "language": {"nl"},
			"body": {m.Body + "\nMeet twee keer.\n"}, "version": {version[1]}, "actie": {"bewaren"}}
		if resp, page := author.do("POST", "/materialen/met-editor/bewerken", form); resp.StatusCode != 303 {
			t.Fatalf("editor save: %d\n%.2000s", resp.StatusCode, page)
		}

		// Through the API.
		imported("met-api")
		doc := map[string]any{"title": "Les met-api", "summary": "Leerlingen bouwen en meten: Les met-api.", "type": "les",
			"levels": []string{"secundair"}, "grades": []int{1}, "disciplines": []string{"technologie"}, "hub": "antwerpen",
			"license": "CC-BY-4.0", "language": "nl", "body": m.Body + "\nMeet drie keer.\n"}
		b, _ := json.Marshal(doc)
		if r := e.call(t, "PUT", "/api/v1/materials/met-api", token, string(b), "If-Match", `"1"`); r.status != 200 {
			t.Fatalf("API save: %d %v", r.status, r.body)
		}

		for _, slug := range []string{"met-editor", "met-api"} {
			publishNow(slug)
			live, err := st.Material(ctx, slug)
			if err != nil || !strings.Contains(live.Body, "keer") {
				t.Fatalf("%s: the edit was not published: %v", slug, err)
			}
			if len(live.Attachments) != 1 || live.Attachments[0].Name != "schema.png" {
				t.Errorf("%s: the published edit has attachments %+v, want the folder's schema.png", slug, live.Attachments)
			}
			if resp, got := e.browser(t).do("GET", "/materialen/"+slug+"/bestanden/schema.png", nil); resp.StatusCode != 200 || got != "PNG!" {
				t.Errorf("%s: after the edit the picture answers %d %.20q", slug, resp.StatusCode, got)
			}
		}
	})
}
