package web_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/upload"
)

// One address, one version: while a new version that replaces an image
// waits for review, the plain file address keeps serving the live image
// to everyone (the author and the moderator too, as the live page beside
// it shows the live text), publicly cacheable; the new version's files
// have their own address, private to who may see that version, and every
// page of the new version links there (its page, the review form, the
// editor's list, the API). The live page's image keeps the live image's
// size even when the live version is rewritten meanwhile. Once published,
// the plain address has the new bytes and the new version's address is
// gone.
func TestPendingFilesHaveTheirOwnAddress(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e, _ := uploadEnv(t, st, upload.Limits{})
		ctx := context.Background()
		m := lesson("zon", "Zonnepanelen meten", "limburg")
		m.Body = "# Zonnepanelen meten\n\n![Schema van de meetopstelling](schema.png)\n"
		if _, err := e.svc.Save(ctx, authoring.Actor{Operator: "test"}, authoring.Draft{Material: m}); err != nil {
			t.Fatal(err)
		}
		author := e.signedIn(t, "auteur@school.be", "auteur", "limburg")
		mod := e.signedIn(t, "moderator@school.be", "moderator", "limburg")
		visitor := e.browser(t)
		const (
			file        = "/materialen/zon/bestanden/schema.png"
			pendingFile = "/materialen/zon/nieuwe-versie/bestanden/schema.png"
		)
		publish := func() {
			t.Helper()
			if resp, _ := author.do("POST", "/materialen/zon/indienen", url.Values{}); resp.StatusCode != 303 {
				t.Fatalf("indienen: %d", resp.StatusCode)
			}
			if resp, _ := mod.do("POST", "/hubs/limburg/review/zon", url.Values{"besluit": {"goedkeuren"}, "publiceren": {"nu"}}); resp.StatusCode != 303 {
				t.Fatalf("goedkeuren: %d", resp.StatusCode)
			}
		}

		// A live schema.png of 10 pixels, then a replacement of 20 waits.
		ct, body := multipartBody(t, "schema.png", testPNG(t, 10, 10))
		if resp, _ := author.doRaw("POST", "/materialen/zon/bestanden", ct, body); resp.StatusCode != 303 {
			t.Fatalf("upload: %d", resp.StatusCode)
		}
		publish()
		ct, body = multipartBody(t, "schema.png", testPNG(t, 20, 20))
		resp, reply := author.doRaw("POST", "/materialen/zon/bestanden", ct, body, "Accept", "application/json")
		if resp.StatusCode != 201 || !strings.Contains(reply, `"url":"`+pendingFile+`"`) {
			t.Errorf("the staged replacement's answer does not name its address %s: %d %s", pendingFile, resp.StatusCode, reply)
		}

		for who, b := range map[string]*browser{"author": author, "moderator": mod, "visitor": visitor} {
			resp, got := b.do("GET", file, nil)
			if resp.StatusCode != 200 || pngWidth(t, got) != 10 {
				t.Errorf("%s at the live address: %d, want the live 10-pixel image", who, resp.StatusCode)
				continue
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=3600" || strings.Contains(resp.Header.Get("Vary"), "Cookie") {
				t.Errorf("%s at the live address: Cache-Control %q Vary %q, want public and not per session", who, cc, resp.Header.Get("Vary"))
			}
		}
		for who, b := range map[string]*browser{"author": author, "moderator": mod} {
			resp, got := b.do("GET", pendingFile, nil)
			if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "private, no-store" || pngWidth(t, got) != 20 {
				t.Errorf("%s at the new version's address: %d %q, want the staged 20-pixel image, private", who, resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
		}
		if resp, _ := visitor.do("GET", pendingFile, nil); resp.StatusCode != 404 {
			t.Errorf("a visitor at the new version's address: %d, want 404", resp.StatusCode)
		}

		// An operator rewrites the live version meanwhile: its image keeps
		// the live file's size, not the waiting one's.
		m.Summary = "Leerlingen meten de opbrengst van zonnepanelen op het schooldak."
		if _, err := e.svc.Save(ctx, authoring.Actor{Operator: "test"}, authoring.Draft{Material: m}); err != nil {
			t.Fatal(err)
		}
		img := regexp.MustCompile(`<img[^>]*schema\.png[^>]*>`)
		_, live := visitor.do("GET", "/materialen/zon", nil)
		if got := img.FindString(live); !strings.Contains(got, `src="`+file+`"`) || !strings.Contains(got, `width="10"`) {
			t.Errorf("the live page's image: %q, want the live address and width 10", got)
		}
		if _, live := mod.do("GET", "/materialen/zon", nil); strings.Contains(live, "nieuwe-versie/bestanden") {
			t.Errorf("the live page links a file of the new version")
		}

		_, page := author.do("GET", "/materialen/zon/nieuwe-versie", nil)
		if got := img.FindString(page); !strings.Contains(got, `src="`+pendingFile+`"`) || !strings.Contains(got, `width="20"`) {
			t.Errorf("the new version's page shows %q, want its own address and width 20", got)
		}
		_, page = author.do("GET", "/materialen/zon/bewerken", nil)
		if !strings.Contains(page, `href="`+pendingFile+`"`) {
			t.Errorf("the editor's file list does not link the new version's address")
		}

		// The API lists the waiting change with the staged file's address.
		token := e.tokenFor(t, "script@school.be", "moderator", "limburg")
		r := e.call(t, "GET", "/api/v1/materials/zon/pending", token, "")
		raw, _ := json.Marshal(r.body["files"])
		var files []struct {
			Change, Name, ContentType, URL string
			Size                           int64
		}
		json.Unmarshal(raw, &files)
		if r.status != 200 || len(files) != 1 || files[0].Change != "replaced" || files[0].Name != "schema.png" ||
			files[0].Size <= 0 || files[0].URL != pendingFile {
			t.Errorf("pending API files: %d %s", r.status, raw)
		}
		if !strings.Contains(string(raw), `"content_type":"image/png"`) {
			t.Errorf("pending API files lack the type: %s", raw)
		}
		spec := e.call(t, "GET", "/api/v1/openapi.json", "", "").body
		op, _ := spec["paths"].(map[string]any)["/api/v1/materials/{slug}/pending"].(map[string]any)["get"].(map[string]any)
		schema := op["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
		for _, problem := range fits(spec, schema, any(r.body), "$") {
			t.Errorf("pending API against openapi.json: %s", problem)
		}

		if resp, _ := author.do("POST", "/materialen/zon/indienen", url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("indienen: %d", resp.StatusCode)
		}
		_, page = mod.do("GET", "/hubs/limburg/review/zon", nil)
		if got := img.FindString(page); !strings.Contains(got, `src="`+pendingFile+`"`) {
			t.Errorf("the review form's preview shows %q, want the new version's address", got)
		}
		list := regexp.MustCompile(`(?s)<h2 id="bestanden">Bestanden</h2>.*?</ul>`).FindString(page)
		if !strings.Contains(list, `href="`+pendingFile+`"`) {
			t.Errorf("the review form's Bestanden list does not link the new version's address: %q", list)
		}

		if resp, _ := mod.do("POST", "/hubs/limburg/review/zon", url.Values{"besluit": {"goedkeuren"}, "publiceren": {"nu"}}); resp.StatusCode != 303 {
			t.Fatalf("goedkeuren: %d", resp.StatusCode)
		}
		if resp, got := visitor.do("GET", file, nil); resp.StatusCode != 200 || pngWidth(t, got) != 20 {
			t.Errorf("published: the live address gives %d, want the new 20-pixel image", resp.StatusCode)
		}
		if resp, _ := author.do("GET", pendingFile, nil); resp.StatusCode != 404 {
			t.Errorf("published: the new version's address gives %d, want 404", resp.StatusCode)
		}
		if _, live := visitor.do("GET", "/materialen/zon", nil); !strings.Contains(img.FindString(live), `width="20"`) {
			t.Errorf("published: the live page's image %q, want width 20", img.FindString(live))
		}
	})
}

// A new version of an imported material links its content folder's files
// at its own address too, so they are served there — its own copies,
// under its content hash (here brought by `hub import --review` with a
// changed picture) — to who may see that version, privately; a visitor
// gets 404, and the live address keeps the live picture.
func TestPendingVersionServesItsFolderFiles(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newStackEnv(t, st)
		m := lesson("zonneboot", "De zonneboot", "antwerpen")
		m.Body = "# Zonneboot\n\n![Schema van de boot](schema.png)\n"
		m.Attachments = []catalog.Attachment{{Name: "schema.png", ContentType: "image/png", Size: 4}}
		e.publish(t, m)
		stored, err := st.Material(ctx, "zonneboot")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.files.Put(ctx, authoring.AttachmentStorageKey("zonneboot", stored.ContentHash, "schema.png"), strings.NewReader("PNG!"), 4, "image/png"); err != nil {
			t.Fatal(err)
		}
		edit := m
		edit.Body += "\nHerwerkt.\n"
		if _, err := e.writes.SubmitForReview(ctx, authoring.ImportActor("lessen"), edit, "hub import --review"); err != nil {
			t.Fatal(err)
		}
		d, err := st.DraftBySlug(ctx, "zonneboot")
		if err != nil || d.Hash == stored.ContentHash {
			t.Fatalf("the new version has no content hash of its own: %v", err)
		}
		if err := e.files.Put(ctx, authoring.AttachmentStorageKey("zonneboot", d.Hash, "schema.png"), strings.NewReader("NEU!"), 4, "image/png"); err != nil {
			t.Fatal(err)
		}
		author := e.signedIn(t, "auteur@antwerpen.be", "auteur", "antwerpen")
		const pendingFile = "/materialen/zonneboot/nieuwe-versie/bestanden/schema.png"
		if _, page := author.do("GET", "/materialen/zonneboot/nieuwe-versie", nil); !strings.Contains(page, `src="`+pendingFile+`"`) {
			t.Errorf("the new version's page does not link its folder file at its own address")
		}
		resp, got := author.do("GET", pendingFile, nil)
		if resp.StatusCode != 200 || got != "NEU!" || resp.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("the author at the new version's folder file: %d %.40q %q, want its own copy, private", resp.StatusCode, got, resp.Header.Get("Cache-Control"))
		}
		if _, got := author.do("GET", "/materialen/zonneboot/bestanden/schema.png", nil); got != "PNG!" {
			t.Errorf("the live address gives %.40q, want the live folder file", got)
		}
		if resp, _ := e.browser(t).do("GET", pendingFile, nil); resp.StatusCode != 404 {
			t.Errorf("a visitor at the new version's folder file: %d, want 404", resp.StatusCode)
		}
		// The zip of the new version holds its copy too.
		for who, b := range map[string]*browser{"author": author, "visitor": e.browser(t)} {
			want := map[string]string{"author": "NEU!", "visitor": "PNG!"}[who]
			_, z := b.do("GET", "/materialen/zonneboot/download.zip", nil)
			if got := zipFileText(t, z, "zonneboot/schema.png"); got != want {
				t.Errorf("the %s's zip has schema.png %.40q, want %q", who, got, want)
			}
		}
	})
}

// zipFileText is the content of the file name in a download zip.
func zipFileText(t *testing.T, body, name string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	return ""
}
