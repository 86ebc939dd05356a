package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"image/png"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/upload"
)

// zipNames lists the files of a download zip.
func zipNames(t *testing.T, body string) []string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var out []string
	for _, f := range zr.File {
		out = append(out, f.Name)
	}
	return out
}

func pngWidth(t *testing.T, body string) int {
	t.Helper()
	cfg, err := png.DecodeConfig(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return cfg.Width
}

// Issue 9 through the real app: a person's upload to a published material
// waits for review. Visitors keep the live files at the file address and
// in the zip; the author and the hub's moderator get the staged file
// (private), the editor says it waits, the review form lists the file
// changes; publishing through the review form makes it everyone's, and a
// later replacement waits again while the visitor keeps the old bytes.
func TestUploadsOfPublishedWaitForReview(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e, _ := uploadEnv(t, st, upload.Limits{})
		if _, err := e.svc.Save(context.Background(), authoring.Actor{Operator: "test"}, authoring.Draft{Material: lesson("zon", "Zonnepanelen meten", "limburg")}); err != nil {
			t.Fatal(err)
		}
		author := e.signedIn(t, "auteur@school.be", "auteur", "limburg")
		mod := e.signedIn(t, "moderator@school.be", "moderator", "limburg")
		visitor := e.browser(t)
		file := "/materialen/zon/bestanden/schema.png"
		pendingFile := "/materialen/zon/nieuwe-versie/bestanden/schema.png"

		ct, body := multipartBody(t, "schema.png", testPNG(t, 10, 10))
		if resp, _ := author.doRaw("POST", "/materialen/zon/bestanden", ct, body); resp.StatusCode != 303 {
			t.Fatalf("form upload: %d", resp.StatusCode)
		}
		if _, page := author.do("GET", "/materialen/zon/bewerken", nil); !strings.Contains(page, "schema.png") ||
			!strings.Contains(page, "wacht op review") || !strings.Contains(page, "nieuw in deze versie") {
			t.Errorf("the editor does not say the file waits for review:\n%s", page)
		}
		if resp, _ := visitor.do("GET", file, nil); resp.StatusCode != 404 {
			t.Errorf("visitor got the staged file: %d", resp.StatusCode)
		}
		for who, b := range map[string]*browser{"author": author, "moderator": mod} {
			// The plain address is the live version's: no file there yet.
			if resp, _ := b.do("GET", file, nil); resp.StatusCode != 404 {
				t.Errorf("%s got the staged file at the live address: %d", who, resp.StatusCode)
			}
			resp, got := b.do("GET", pendingFile, nil)
			if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "private, no-store" || pngWidth(t, got) != 10 {
				t.Errorf("%s on the staged file: %d %q", who, resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
		}
		if _, z := visitor.do("GET", "/materialen/zon/download.zip", nil); strings.Contains(strings.Join(zipNames(t, z), ","), "schema.png") {
			t.Errorf("the visitor's zip has the staged file: %v", zipNames(t, z))
		}
		if _, z := author.do("GET", "/materialen/zon/download.zip", nil); !strings.Contains(strings.Join(zipNames(t, z), ","), "zon/schema.png") {
			t.Errorf("the author's zip of the new version lacks the staged file: %v", zipNames(t, z))
		}
		if resp, _ := author.do("GET", "/materialen/zon/nieuwe-versie", nil); resp.StatusCode != 200 {
			t.Errorf("the new version's page: %d", resp.StatusCode)
		}

		if resp, _ := author.do("POST", "/materialen/zon/indienen", url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("indienen: %d", resp.StatusCode)
		}
		files := regexp.MustCompile(`(?s)<h2 id="bestanden">Bestanden</h2>.*?</ul>`)
		_, page := mod.do("GET", "/hubs/limburg/review/zon", nil)
		if got := files.FindString(page); !strings.Contains(got, "Toegevoegd") || !strings.Contains(got, "schema.png") {
			t.Errorf("the review form does not list the file changes: %q", got)
		}
		if resp, _ := mod.do("POST", "/hubs/limburg/review/zon", url.Values{"besluit": {"goedkeuren"}, "publiceren": {"nu"}}); resp.StatusCode != 303 {
			t.Fatalf("goedkeuren: %d", resp.StatusCode)
		}
		resp, got := visitor.do("GET", file, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "public, max-age=3600" || pngWidth(t, got) != 10 {
			t.Fatalf("published: visitor gets %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		// One address, one version: the live file is the same for everyone,
		// so it does not vary with the session.
		if strings.Contains(resp.Header.Get("Vary"), "Cookie") {
			t.Errorf("the live file varies with the session: Vary %q", resp.Header.Get("Vary"))
		}
		if resp, _ := author.do("GET", file, nil); resp.Header.Get("Cache-Control") != "public, max-age=3600" {
			t.Errorf("signed in, the live file is %q, want public, max-age=3600", resp.Header.Get("Cache-Control"))
		}

		// Replaced through uploads.js's JSON door: staged, with the version
		// the editor's next save must name.
		ct, body = multipartBody(t, "schema.png", testPNG(t, 20, 20))
		resp, reply := author.doRaw("POST", "/materialen/zon/bestanden", ct, body, "Accept", "application/json")
		if resp.StatusCode != 201 || !strings.Contains(reply, `"staged":true`) || !strings.Contains(reply, `"version":`) {
			t.Fatalf("JSON replace: %d %s", resp.StatusCode, reply)
		}
		if _, got := visitor.do("GET", file, nil); pngWidth(t, got) != 10 {
			t.Errorf("the visitor got the staged replacement")
		}
		resp, got = author.do("GET", pendingFile, nil)
		if pngWidth(t, got) != 20 || resp.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("the author gets width %d %q, want the staged 20, private", pngWidth(t, got), resp.Header.Get("Cache-Control"))
		}
		if resp, _ := author.do("POST", "/materialen/zon/indienen", url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("indienen: %d", resp.StatusCode)
		}
		_, page = mod.do("GET", "/hubs/limburg/review/zon", nil)
		if got := files.FindString(page); !strings.Contains(got, "Vervangen") || !strings.Contains(got, "schema.png") {
			t.Errorf("the review form does not list the replacement: %q", got)
		}
		if !bytes.Contains([]byte(page), []byte("schema.png")) {
			t.Errorf("review form lacks the file")
		}
	})
}
