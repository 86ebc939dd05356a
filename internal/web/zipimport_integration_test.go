package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/content"
	hubmail "github.com/stem-kennishub/hub/internal/mail"
	"github.com/stem-kennishub/hub/internal/mail/mailtest"
	"github.com/stem-kennishub/hub/internal/search/dbsearch"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/web"
)

// Export and import as a zip through the real app on SQLite and
// PostgreSQL: a folder material with a picture is downloaded, edited and
// uploaded again in the browser form and through the API; a draft's zip
// only for those who may see it; refusals list file and line in Dutch.

const zipLesson = `---
title: Windmolen bouwen
summary: Leerlingen bouwen een windmolen en meten de spanning.
type: les
levels: [secundair]
grades: [1]
disciplines: [wetenschappen, technologie]
license: CC-BY-4.0
hub: antwerpen
network: istem
---
# Windmolen

![Schema van de wieken](schema.svg)

Bouw een **windmolen**.
`

var zipSVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`)

// zipEnv: the editor env with file storage shared by the folder import,
// the pages and uploads, and the windmolen imported from a folder.
func zipEnv(t *testing.T, st *store.Store) editorEnv {
	t.Helper()
	realApp(t)
	files, err := storage.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	im := &content.Importer{Store: st, Storage: files, Vocab: real.hub.Vocab}
	sum, err := im.Import(context.Background(), fstest.MapFS{
		"lessen/windmolen.md": {Data: []byte(zipLesson)}, "lessen/schema.svg": {Data: zipSVG}}, "lessen")
	if err != nil || sum.Created != 1 {
		t.Fatalf("import: %+v %v", sum, err)
	}
	srv := mailtest.Start(t)
	p := auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	accounts, err := auth.New(st, hubmail.SMTP{Host: srv.Host, Port: srv.Port, From: "noreply@hub.test"},
		auth.Config{BaseURL: testBaseURL, Params: &p, KnownHub: func(id string) bool { return id == "limburg" || id == "antwerpen" }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := &authoring.Service{Store: st, Vocab: real.hub.Vocab, Files: files,
		Uploads: &authoring.Uploads{Storage: files, Store: st}}
	reader := service.New(st, dbsearch.New(st), files, real.hub.Vocab, nil)
	cfg := web.Config{BaseURL: testBaseURL, Accounts: func() *auth.Service { return accounts },
		Authoring: func() *authoring.Service { return svc }}
	app := web.New(cfg, reader, slog.New(slog.DiscardHandler))
	return editorEnv{accountEnv{app: app, mails: srv, st: st, svc: accounts}, svc}
}

// zipBody is a multipart form with the zip in field and the other fields.
func zipBody(t *testing.T, field string, data []byte, fields ...string) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	fw, _ := mw.CreateFormFile(field, "windmolen.zip")
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType(), &b
}

// postZip is the browser form, as this browser (session, same origin).
func (b *browser) postZip(data []byte, fields ...string) (int, string) {
	b.t.Helper()
	ct, body := zipBody(b.t, "zip", data, fields...)
	req := httptest.NewRequest("POST", testBaseURL+"/materialen/importeren", body)
	req.Header.Set("Content-Type", ct)
	for k, v := range b.header {
		req.Header.Set(k, v)
	}
	if b.cookie != nil {
		req.AddCookie(b.cookie)
	}
	resp, err := b.env.app.Test(req, -1)
	if err != nil {
		b.t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func (e editorEnv) apiZip(t *testing.T, bearer string, data []byte, headers ...string) apiReply {
	t.Helper()
	r := e.apiZipRaw(t, bearer, data, headers...)
	// Every answer fits what openapi.json says of it.
	spec := e.call(t, "GET", "/api/v1/openapi.json", "", "").body
	op := spec["paths"].(map[string]any)["/api/v1/materials/import"].(map[string]any)["post"].(map[string]any)
	rs, _ := op["responses"].(map[string]any)[strconv.Itoa(r.status)].(map[string]any)
	if rs == nil {
		t.Fatalf("openapi.json has no %d response for POST /api/v1/materials/import", r.status)
	}
	schema := rs["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
	for _, problem := range fits(spec, schema, any(r.body), "$") {
		t.Errorf("POST /api/v1/materials/import %d: %s", r.status, problem)
	}
	return r
}

func (e editorEnv) apiZipRaw(t *testing.T, bearer string, data []byte, headers ...string) apiReply {
	t.Helper()
	ct, body := zipBody(t, "file", data)
	return e.send(t, "POST", "/api/v1/materials/import", ct, body, bearer, headers...)
}

// unzip reads a downloaded zip: its files and comment.
func unzip(t *testing.T, data []byte) (map[string][]byte, string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip (%d bytes): %v", len(data), err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out, zr.Comment
}

func rezip(t *testing.T, files map[string][]byte, comment string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.SetComment(comment)
	zw.Close()
	return b.Bytes()
}

func TestZipExportImportInTheBrowser(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := zipEnv(t, st)
		trainer := e.signedIn(t, "trainer@school.be", "auteur", "antwerpen")

		// The form is there, without script.
		resp, page := trainer.do("GET", "/materialen/importeren", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `enctype="multipart/form-data"`) || !strings.Contains(page, `name="zip"`) {
			t.Fatalf("form: %d\n%.600s", resp.StatusCode, page)
		}

		// Mijn materialen leads there.
		if _, mine := trainer.do("GET", "/mijn-materialen", nil); !strings.Contains(mine, `href="/materialen/importeren"`) {
			t.Errorf("Mijn materialen has no link to the zip import")
		}
		// Updating one material: the form names it and offers its zip.
		if _, page := trainer.do("GET", "/materialen/importeren?slug=windmolen", nil); !strings.Contains(page, `href="/materialen/windmolen/download.zip"`) || !strings.Contains(page, `name="versie" value="1"`) {
			t.Errorf("form for windmolen:\n%.800s", page)
		}

		// Download, upload unchanged: nothing changes.
		resp, zipped := trainer.do("GET", "/materialen/windmolen/download.zip", nil)
		files, comment := unzip(t, []byte(zipped))
		if resp.StatusCode != 200 || comment != "STEM Kennishub: windmolen versie 1" || len(files) != 2 {
			t.Fatalf("download: %d, comment %q, files %d", resp.StatusCode, comment, len(files))
		}
		status, page := trainer.postZip([]byte(zipped))
		if status != 200 || !strings.Contains(page, "ongewijzigd") {
			t.Fatalf("unchanged zip: %d\n%s", status, page)
		}

		// Edited: a new version, the picture still there.
		files["windmolen/windmolen.md"] = bytes.Replace(files["windmolen/windmolen.md"], []byte("Bouw een"), []byte("Bouw samen een"), 1)
		status, page = trainer.postZip(rezip(t, files, comment))
		// Of a published material: a new version waiting for review.
		if status != 200 || !strings.Contains(page, "is bijgewerkt (versie 2, een nieuwe versie die op review wacht") {
			t.Fatalf("edited zip: %d\n%s", status, page)
		}
		if _, page = e.browser(t).do("GET", "/materialen/windmolen", nil); strings.Contains(page, "Bouw samen een") {
			t.Errorf("the zip's edit went live before review")
		}
		resp, page = trainer.do("GET", "/materialen/windmolen/nieuwe-versie", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Bouw samen een") {
			t.Errorf("the new version does not show the edit: %d", resp.StatusCode)
		}
		// The new version's zip carries the folder's picture and goes back
		// in unchanged.
		_, again := trainer.do("GET", "/materialen/windmolen/download.zip", nil)
		if files2, comment2 := unzip(t, []byte(again)); len(files2) != 2 || comment2 != "STEM Kennishub: windmolen versie 2" {
			t.Errorf("the new version's zip: %d files, comment %q", len(files2), comment2)
		}
		if status, page := trainer.postZip([]byte(again)); status != 200 || !strings.Contains(page, "ongewijzigd") {
			t.Errorf("the new version's zip uploaded again: %d\n%.600s", status, page)
		}
		if resp, svg := trainer.do("GET", "/materialen/windmolen/bestanden/schema.svg", nil); resp.StatusCode != 200 || svg != string(zipSVG) {
			t.Errorf("picture after the edit: %d %q", resp.StatusCode, svg)
		}

		// The same (now stale) zip again: 412, named, nothing overwritten.
		files["windmolen/windmolen.md"] = bytes.Replace(files["windmolen/windmolen.md"], []byte("Bouw samen een"), []byte("Bouw zelf een"), 1)
		status, page = trainer.postZip(rezip(t, files, comment))
		if status != 412 || !strings.Contains(page, "gewijzigd sinds versie 1") || !strings.Contains(page, "er is niets overschreven") {
			t.Fatalf("stale zip: %d\n%s", status, page)
		}

		// Bad front matter: 422 with the file and line, like hub import.
		bad := map[string][]byte{"nieuw/nieuw.md": []byte(strings.Replace(zipLesson, "levels: [secundair]", "levels: [secundar]", 1))}
		status, page = trainer.postZip(rezip(t, bad, ""))
		if status != 422 || !strings.Contains(page, `nieuw/nieuw.md:5: Niveau (levels): &#34;secundar&#34;`) || !strings.Contains(page, `class="error-summary"`) {
			t.Fatalf("bad front matter: %d\n%s", status, page)
		}
		for _, p := range polishProblems(page) {
			t.Errorf("refusal page: %s", p)
		}

		// A new material from a zip is a draft: its zip only for its readers.
		fresh := map[string][]byte{"zon/zon.md": []byte(strings.Replace(strings.Replace(zipLesson, "Windmolen bouwen", "Zonnepaneel", 1), "![Schema van de wieken](schema.svg)", "", 1))}
		status, page = trainer.postZip(rezip(t, fresh, ""))
		if status != 200 || !strings.Contains(page, "aangemaakt als concept") {
			t.Fatalf("new zip: %d\n%s", status, page)
		}
		for _, p := range polishProblems(page) {
			t.Errorf("result page: %s", p)
		}
		resp, zipped = trainer.do("GET", "/materialen/zon/download.zip", nil)
		if _, c := unzip(t, []byte(zipped)); resp.StatusCode != 200 || c != "STEM Kennishub: zon versie 1" || !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("draft zip for its author: %d %q %q", resp.StatusCode, c, resp.Header.Get("Cache-Control"))
		}
		other := e.signedIn(t, "limburg@school.be", "auteur", "limburg")
		if resp, _ := other.do("GET", "/materialen/zon/download.zip", nil); resp.StatusCode != 404 {
			t.Errorf("draft zip for another hub's author: %d", resp.StatusCode)
		}
		if resp, _ := e.browser(t).do("GET", "/materialen/zon/download.zip", nil); resp.StatusCode != 404 {
			t.Errorf("draft zip for a visitor: %d", resp.StatusCode)
		}
		// Another hub's author may not update; a visitor is sent to sign in.
		status, page = other.postZip(rezip(t, files, "STEM Kennishub: windmolen versie 2"))
		if status != 403 || !strings.Contains(page, "niet bewerken") {
			t.Errorf("other hub's author: %d\n%.400s", status, page)
		}
		if status, _ := e.browser(t).postZip(rezip(t, fresh, "")); status != 303 {
			t.Errorf("visitor: %d, want the sign-in redirect", status)
		}
	})
}

func TestZipImportAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e := zipEnv(t, st)
		trainer := e.tokenFor(t, "trainer@school.be", "auteur", "antwerpen")
		b := e.browser(t)
		_, zipped := b.do("GET", "/materialen/windmolen/download.zip", nil)
		files, _ := unzip(t, []byte(zipped))
		files["windmolen/windmolen.md"] = bytes.Replace(files["windmolen/windmolen.md"], []byte("Bouw een"), []byte("Bouw via de API een"), 1)
		plain := rezip(t, files, "")

		if r := e.apiZip(t, "", plain); r.status != 401 {
			t.Errorf("no token: %d", r.status)
		}
		r := e.apiZip(t, trainer, plain)
		if r.status != 428 || zipErrCode(r.body) != "zip_version_required" || r.body["error"].(map[string]any)["current_version"] != float64(1) {
			t.Fatalf("no version: %d %v", r.status, r.body)
		}
		r = e.apiZip(t, trainer, plain, "If-Match", `"1"`)
		if r.status != 200 || r.body["version"] != float64(2) || r.body["status"] != "updated" || r.body["state"] != "concept" || r.header.Get("ETag") != `"2"` {
			t.Fatalf("update: %d %v", r.status, r.body)
		}
		r = e.apiZip(t, trainer, plain, "If-Match", `"1"`)
		if r.status != 412 || zipErrCode(r.body) != "zip_stale" {
			t.Fatalf("stale: %d %v", r.status, r.body)
		}
		slip := rezip(t, map[string][]byte{"les.md": []byte(zipLesson), "../../buiten.txt": []byte("x")}, "")
		r = e.apiZip(t, trainer, slip)
		probs, _ := r.body["error"].(map[string]any)["problems"].([]any)
		if r.status != 422 || zipErrCode(r.body) != "zip_invalid" || len(probs) != 1 {
			t.Fatalf("zip slip: %d %v", r.status, r.body)
		}
		fresh := rezip(t, map[string][]byte{"api-zon.md": []byte(strings.Replace(zipLesson, "![Schema van de wieken](schema.svg)", "", 1))}, "")
		r = e.apiZip(t, trainer, fresh)
		if r.status != 201 || r.body["slug"] != "api-zon" || r.body["state"] != "concept" || r.body["version"] != float64(1) {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
	})
}

func zipErrCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}
