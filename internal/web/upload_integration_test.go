package web_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
	"github.com/stem-kennishub/hub/internal/upload"
	"github.com/stem-kennishub/hub/internal/web"
)

// Uploads through the real app on SQLite and PostgreSQL: the API's
// statuses and error shape, the editor's form route, and who may fetch a
// draft's files.

func testPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartBody is a form with one file in field "file" plus fields.
func multipartBody(t testing.TB, filename string, data []byte, fields ...string) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return mw.FormDataContentType(), &b
}

func (e accountEnv) upload(t *testing.T, slug, bearer, filename string, data []byte) apiReply {
	t.Helper()
	ct, body := multipartBody(t, filename, data)
	return e.send(t, "POST", "/api/v1/materials/"+slug+"/attachments", ct, body, bearer)
}

func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func uploadEnv(t *testing.T, st *store.Store, lim upload.Limits) (editorEnv, storage.Storage) {
	t.Helper()
	e := newEditorEnv(t, st)
	files, err := storage.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Uploads = &authoring.Uploads{Storage: files, Store: st, Limits: lim}
	return e, files
}

func TestUploadAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e, _ := uploadEnv(t, st, upload.Limits{MaxFile: 64 << 10})
		trainer := e.tokenFor(t, "trainer@school.be", "auteur", "antwerpen")
		other := e.tokenFor(t, "limburg@school.be", "auteur", "limburg")
		if r := e.call(t, "POST", "/api/v1/materials", trainer, apiLesson); r.status != 201 {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
		img := testPNG(t, 32, 24)

		var replies []apiReply // checked against openapi.json below
		r := e.upload(t, "api-windmolen", trainer, "Schema windmolen.png", img)
		replies = append(replies, r)
		if r.status != 201 || r.body["name"] != "Schema-windmolen.png" || r.body["content_type"] != "image/png" ||
			r.body["width"] != float64(32) || r.body["height"] != float64(24) || r.body["size"].(float64) <= 0 {
			t.Fatalf("upload: %d %v", r.status, r.body)
		}
		for name, c := range map[string]struct {
			bearer, file string
			data         []byte
			status       int
			code         string
		}{
			"no token":        {"", "a.png", img, 401, "unauthorized"},
			"other hub":       {other, "a.png", img, 404, "not_found"},
			"HTML as .png":    {trainer, "foto.png", []byte("<!doctype html><script>alert(1)</script>"), 415, upload.CodeUnsupported},
			"a program":       {trainer, "setup.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"), 415, upload.CodeUnsupported},
			"SVG with script": {trainer, "tekening.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 422, upload.CodeInvalid},
			"broken PNG":      {trainer, "kapot.png", img[:40], 422, upload.CodeInvalid},
			"too big":         {trainer, "groot.txt", bytes.Repeat([]byte("a"), 100<<10), 413, upload.CodeTooBig},
			"no file":         {trainer, "", nil, 422, "missing_file"},
		} {
			r := e.upload(t, "api-windmolen", c.bearer, c.file, c.data)
			replies = append(replies, r)
			if r.status != c.status || errCode(r.body) != c.code {
				t.Errorf("%s: %d %v, want %d %s", name, r.status, r.body, c.status, c.code)
				continue
			}
			if c.status == 413 || c.status == 415 || c.status == 422 {
				e, _ := r.body["error"].(map[string]any)
				if e["field"] != "file" || e["message"] == "" {
					t.Errorf("%s: error %v lacks field file or a message", name, e)
				}
			}
		}
		spec := e.call(t, "GET", "/api/v1/openapi.json", "", "").body
		item, _ := spec["paths"].(map[string]any)["/api/v1/materials/{slug}/attachments"].(map[string]any)
		op, _ := item["post"].(map[string]any)
		if op == nil {
			t.Fatal("openapi.json does not describe POST /api/v1/materials/{slug}/attachments")
		}
		for _, r := range replies {
			rs, _ := op["responses"].(map[string]any)[strconv.Itoa(r.status)].(map[string]any)
			if rs == nil {
				t.Errorf("openapi.json has no %d response for uploads", r.status)
				continue
			}
			schema := rs["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
			for _, problem := range fits(spec, schema, any(r.body), "$") {
				t.Errorf("upload %d: %s", r.status, problem)
			}
		}

		// Over the body limit itself: fasthttp refuses it before any
		// handler (over a real connection), still in the JSON error shape.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go e.app.Listener(ln)
		t.Cleanup(func() { ln.Close() })
		// Only the headers are sent: the refusal must come from the declared
		// length alone, before any of the body is read.
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "POST /api/v1/materials/api-windmolen/attachments HTTP/1.1\r\nHost: hub.test\r\n"+
			"Authorization: Bearer %s\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n", trainer, 4<<20)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode != 413 || errCode(out) != "body_too_large" {
			t.Errorf("4 MiB declared over a 64 KiB limit: %d %v", resp.StatusCode, out)
		}
		// A body as big as one file plus the form is let through.
		ct, body := multipartBody(t, "bijna.txt", bytes.Repeat([]byte("a"), 60<<10), "body", strings.Repeat("tekst ", 300<<10))
		req, _ := http.NewRequest("POST", "http://"+ln.Addr().String()+"/api/v1/materials/api-windmolen/attachments", body)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+trainer)
		if resp, err := http.DefaultClient.Do(req); err != nil {
			t.Errorf("60 KiB file with 1.8 MiB of form: %v", err)
		} else if resp.Body.Close(); resp.StatusCode != 201 {
			t.Errorf("60 KiB file with 1.8 MiB of form: %d", resp.StatusCode)
		}
	})
}

// A draft's files are for those who may see the draft (read from the
// session even though /bestanden/ skips it otherwise), never cached by
// others; a PDF downloads. The editor's form adds and removes files and
// returns to the editor.
func TestUploadedFilesOfADraft(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		e, _ := uploadEnv(t, st, upload.Limits{})
		author := e.signedIn(t, "auteur@school.be", "auteur", "limburg")
		stranger := e.signedIn(t, "ander@school.be", "auteur", "antwerpen")
		visitor := e.browser(t)
		if resp, body := author.do("POST", "/materialen/nieuw", lessonForm("Windmolen bouwen")); resp.StatusCode != 303 {
			t.Fatalf("save: %d %s", resp.StatusCode, body)
		}
		slug := "windmolen-bouwen"

		ct, body := multipartBody(t, "schema.png", testPNG(t, 10, 10), "title", "Windmolen bouwen", "body", "# Tekst")
		resp, _ := author.doRaw("POST", "/materialen/"+slug+"/bestanden", ct, body)
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/materialen/"+slug+"/bewerken#bestanden" {
			t.Fatalf("form upload: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		pdf := []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
		ct, body = multipartBody(t, "werkblad.pdf", pdf)
		if resp, _ := author.doRaw("POST", "/materialen/"+slug+"/bestanden", ct, body, "Accept", "application/json"); resp.StatusCode != 201 {
			t.Fatalf("JSON upload: %d", resp.StatusCode)
		}

		file := "/materialen/" + slug + "/bestanden/schema.png"
		if resp, _ := visitor.do("GET", file, nil); resp.StatusCode != 404 {
			t.Errorf("visitor got a draft's file: %d", resp.StatusCode)
		}
		if resp, _ := stranger.do("GET", file, nil); resp.StatusCode != 404 {
			t.Errorf("another hub's author got a draft's file: %d", resp.StatusCode)
		}
		resp, got := author.do("GET", file, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || resp.Header.Get("Cache-Control") != "private, no-store" ||
			resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("author: %d %v", resp.StatusCode, resp.Header)
		}
		if _, err := png.Decode(strings.NewReader(got)); err != nil {
			t.Errorf("not a PNG: %v", err)
		}
		resp, _ = author.do("GET", "/materialen/"+slug+"/bestanden/werkblad.pdf", nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("pdf: %d Content-Disposition %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
		}

		// A page on another site cannot make the author upload or remove.
		ct, body = multipartBody(t, "evil.png", testPNG(t, 2, 2))
		if resp, _ := author.doRaw("POST", "/materialen/"+slug+"/bestanden", ct, body, "Sec-Fetch-Site", "cross-site", "Origin", "https://kwaad.example"); resp.StatusCode != 403 {
			t.Errorf("cross-site upload: %d", resp.StatusCode)
		}
		if resp, _ := stranger.do("POST", "/materialen/"+slug+"/bestand-verwijderen", url.Values{"naam": {"schema.png"}}); resp.StatusCode != 404 {
			t.Errorf("stranger removing: %d", resp.StatusCode)
		}
		if resp, _ := author.do("POST", "/materialen/"+slug+"/bestand-verwijderen", url.Values{"naam": {"schema.png"}}); resp.StatusCode != 303 {
			t.Errorf("remove: %d", resp.StatusCode)
		}
		if resp, _ := author.do("GET", file, nil); resp.StatusCode != 404 {
			t.Errorf("removed file still served: %d", resp.StatusCode)
		}
	})
}

// doRaw sends a body of a given content type as this browser.
func (b *browser) doRaw(method, target, contentType string, body io.Reader, extra ...string) (*http.Response, string) {
	b.t.Helper()
	req := httptest.NewRequest(method, testBaseURL+target, body)
	req.Header.Set("Content-Type", contentType)
	for k, v := range b.header {
		req.Header.Set(k, v)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		req.Header.Set(extra[i], extra[i+1])
	}
	if b.cookie != nil {
		req.AddCookie(&http.Cookie{Name: b.cookie.Name, Value: b.cookie.Value})
	}
	resp, err := b.env.app.Test(req, -1)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, target, err)
	}
	out, _ := io.ReadAll(resp.Body)
	return resp, string(out)
}

// TestUploadsInS3: the same door with S3 storage (moto_server, or
// HUB_TEST_S3_ENDPOINT): a published material's uploaded file is public, a
// draft's is not, and the bytes come back from the bucket.
func TestUploadsInS3(t *testing.T) {
	endpoint, access, secret := s3ForTest(t)
	root := t.TempDir()
	contentDir := filepath.Join(root, "content")
	copyDir(t, filepath.Join("..", "..", "content", "taxonomy"), filepath.Join(contentDir, "taxonomy"))
	dir := filepath.Join(contentDir, "istem")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "zon.md"), []byte(`---
title: Zonnepanelen meten
summary: Leerlingen meten het vermogen van een zonnepaneel.
levels: [secundair]
disciplines: [wetenschappen]
license: CC-BY-4.0
network: istem
hub: limburg
---
# Zon
`), 0o644))
	var name [6]byte
	rand.Read(name[:])
	hub := openHubOn(t, contentDir, filepath.Join(root, "data"), map[string]string{
		"HUB_STORAGE": "s3", "HUB_S3_ENDPOINT": endpoint, "HUB_S3_ACCESS_KEY": access, "HUB_S3_SECRET_KEY": secret,
		"HUB_S3_BUCKET": "upl-" + hex.EncodeToString(name[:]),
	})
	accounts, err := hub.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	svc := &authoring.Service{Store: hub.Store, Vocab: hub.Vocab,
		Uploads: &authoring.Uploads{Storage: hub.Files, Store: hub.Store}}
	env := accountEnv{app: web.New(web.Config{BaseURL: testBaseURL, Accounts: func() *auth.Service { return accounts },
		Authoring: func() *authoring.Service { return svc }}, hub.Hub, slog.New(slog.DiscardHandler)), st: hub.Store, svc: accounts}
	trainer := env.tokenFor(t, "trainer@school.be", "auteur", "limburg")
	img := testPNG(t, 12, 8)
	if r := env.upload(t, "zon", trainer, "paneel.png", img); r.status != 201 {
		t.Fatalf("upload to a published material: %d %v", r.status, r.body)
	}
	// The file waits for review with the new version; published, it is
	// everyone's.
	if resp, _ := env.browser(t).do("GET", "/materialen/zon/bestanden/paneel.png", nil); resp.StatusCode != 404 {
		t.Errorf("visitor got a staged file: %d", resp.StatusCode)
	}
	moderator := env.tokenFor(t, "moderator@school.be", "moderator", "limburg")
	for _, step := range []struct{ token, action string }{{trainer, "indienen"}, {moderator, "goedkeuren"}, {moderator, "publiceren"}} {
		if r := env.call(t, "POST", "/api/v1/materials/zon/transitions", step.token, `{"action":"`+step.action+`"}`); r.status != 200 {
			t.Fatalf("%s: %d %v", step.action, r.status, r.body)
		}
	}
	resp, got := env.browser(t).do("GET", "/materialen/zon/bestanden/paneel.png", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Cache-Control"), "public") {
		t.Fatalf("visitor on a published material's upload: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if cfg, err := png.DecodeConfig(strings.NewReader(got)); err != nil || cfg.Width != 12 {
		t.Errorf("bytes from S3: %v %+v", err, cfg)
	}
	draft := strings.Replace(apiLesson, `"hub":"antwerpen"`, `"hub":"limburg"`, 1)
	if r := env.call(t, "POST", "/api/v1/materials", trainer, draft); r.status != 201 {
		t.Fatalf("create: %d %v", r.status, r.body)
	}
	if r := env.upload(t, "api-windmolen", trainer, "schets.png", img); r.status != 201 {
		t.Fatalf("upload to a draft: %d %v", r.status, r.body)
	}
	if resp, _ := env.browser(t).do("GET", "/materialen/api-windmolen/bestanden/schets.png", nil); resp.StatusCode != 404 {
		t.Errorf("visitor got a draft's file from S3: %d", resp.StatusCode)
	}
	var keys []string
	hub.Files.List(context.Background(), "uploads/", func(i storage.Info) error { keys = append(keys, i.Key); return nil })
	if len(keys) != 2 {
		t.Errorf("keys under uploads/: %v", keys)
	}
}
