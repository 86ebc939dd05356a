package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/authoring"
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
