package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/config"
	"github.com/stem-kennishub/hub/internal/web"
)

// awkwardAttachments are file names a teacher really uses, keyed by the
// name on disk, with how the Markdown refers to each (a literal "#", "?" or
// "%" in a link must be written escaped, as in any URL).
var awkwardAttachments = []struct{ file, link string }{
	{"foto klas.png", "foto%20klas.png"},
	{"café.png", "café.png"},                                             // NFC, as typed on most systems
	{"cafe\u0301-nfd.png", "cafe\u0301-nfd.png"},                         // NFD, as macOS writes file names
	{"nr#1.png", "nr%231.png"},                                           // '#' starts a fragment in a URL
	{"wat?.png", "wat%3F.png"},                                           // '?' starts a query
	{"100%.png", "100%25.png"},                                           // '%' starts an escape
	{"a+b.png", "a+b.png"},                                               // '+' is a plus in a path, never a space
	{"map met spatie/schéma 1.png", "map%20met%20spatie/schéma%201.png"}, // a subfolder
}

// pngBytes is a distinct, valid PNG header per file, so a test can tell
// which file it got.
func pngBytes(name string) []byte {
	return append([]byte("\x89PNG\r\n\x1a\n"), []byte("inhoud van "+name)...)
}

// openAwkwardHub imports one material with awkwardly named attachments into
// a fresh real hub (SQLite, Bleve, local disk) and serves it.
func openAwkwardHub(t *testing.T) (*app.App, func(target string) reply) {
	t.Helper()
	root := t.TempDir()
	contentDir := filepath.Join(root, "content")
	copyDir(t, filepath.Join("..", "..", "content", "taxonomy"), filepath.Join(contentDir, "taxonomy"))
	matDir := filepath.Join(contentDir, "istem")
	var body strings.Builder
	body.WriteString(`---
title: Bijlagen met lastige namen
summary: Een materiaal waarvan de bijlagen spaties, accenten en leestekens in hun naam hebben.
levels: [secundair]
disciplines: [wetenschappen]
license: CC-BY-4.0
network: istem
---
# Bijlagen

`)
	for _, a := range awkwardAttachments {
		p := filepath.Join(matDir, filepath.FromSlash(a.file))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, pngBytes(a.file), 0o644); err != nil {
			t.Fatal(err)
		}
		body.WriteString("![" + a.file + "](" + a.link + ")\n\n")
	}
	if err := os.WriteFile(filepath.Join(matDir, "lastige-namen.md"), []byte(body.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"HUB_DATA_DIR": filepath.Join(root, "data"), "HUB_CONTENT_DIR": contentDir,
		"HUB_LOG_LEVEL": "warn", "HUB_BASE_URL": testBaseURL,
	}
	cfg, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	hub, err := app.Open(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hub.Close() })
	if err := hub.Bootstrap(ctx); err != nil {
		t.Fatalf("importeren: %v\nlog:\n%s", err, logs.String())
	}
	srv := web.New(web.Config{BaseURL: testBaseURL}, hub.Hub, log)
	return hub, func(target string) reply {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RequestURI = target
		res, err := srv.Test(req, int(requestDeadline/time.Millisecond))
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return reply{Status: res.StatusCode, Header: res.Header, Body: string(b)}
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRealAwkwardAttachmentNamesResolve follows every attachment link the
// material page and the API produce and expects the file's own bytes.
func TestRealAwkwardAttachmentNamesResolve(t *testing.T) {
	hub, get := openAwkwardHub(t)
	m, err := hub.Store.Material(context.Background(), "lastige-namen")
	if err != nil {
		t.Fatalf("materiaal niet geïmporteerd: %v", err)
	}
	if len(m.Attachments) != len(awkwardAttachments) {
		t.Fatalf("%d bijlagen bewaard, %d verwacht", len(m.Attachments), len(awkwardAttachments))
	}

	page := get("/materialen/lastige-namen")
	if page.Status != 200 {
		t.Fatalf("pagina: %d", page.Status)
	}
	// Every href and src on the page that points at a file of this material.
	var links []string
	walk(parseHTML(t, page.Body), func(n *html.Node) {
		for _, k := range []string{"href", "src"} {
			if v := attr(n, k); strings.HasPrefix(v, "/materialen/lastige-namen/bestanden/") {
				links = append(links, v)
			}
		}
	})
	// The API's attachment URLs, and the links inside the HTML it returns.
	var api struct {
		HTML        string `json:"html"`
		Attachments []struct {
			URL string `json:"url"`
		} `json:"attachments"`
	}
	if r := get("/api/v1/materials/lastige-namen"); r.Status != 200 || json.Unmarshal([]byte(r.Body), &api) != nil {
		t.Fatalf("API: %d %.200s", r.Status, r.Body)
	}
	for _, a := range api.Attachments {
		links = append(links, strings.TrimPrefix(a.URL, testBaseURL))
	}
	walk(parseHTML(t, api.HTML), func(n *html.Node) {
		if v := attr(n, "src"); strings.HasPrefix(v, "/materialen/lastige-namen/bestanden/") {
			links = append(links, v)
		}
	})
	if len(links) < 3*len(awkwardAttachments) {
		t.Errorf("%d bijlagelinks gevonden, verwacht %d (pagina: tekst en lijst; API: lijst en tekst)", len(links), 4*len(awkwardAttachments))
	}
	seen := map[string]bool{}
	for _, link := range links {
		r := get(link)
		name, _ := url.PathUnescape(strings.TrimPrefix(link, "/materialen/lastige-namen/bestanden/"))
		if r.Status != 200 || !bytes.Equal([]byte(r.Body), pngBytes(name)) {
			t.Errorf("link %q: %d, %d bytes (verwacht de bytes van %q)", link, r.Status, len(r.Body), name)
			continue
		}
		seen[name] = true
	}
	for _, a := range awkwardAttachments {
		if !seen[a.file] {
			t.Errorf("geen werkende link naar %q op de pagina of in de API", a.file)
		}
	}

	// A browser or a person may send the other Unicode form of the same
	// name (macOS writes NFD, most keyboards type NFC): same file.
	for _, a := range awkwardAttachments {
		for _, form := range []norm.Form{norm.NFC, norm.NFD} {
			target := "/materialen/lastige-namen/bestanden/" + escapeSegments(form.String(a.file))
			if r := get(target); r.Status != 200 || r.Body != string(pngBytes(a.file)) {
				t.Errorf("%s: %d", target, r.Status)
			}
		}
	}
}

// TestRealAttachmentNamesNeverEscape: decoding the name must not open a way
// out of the material's own files.
func TestRealAttachmentNamesNeverEscape(t *testing.T) {
	_, get := openAwkwardHub(t)
	for _, target := range []string{
		"/materialen/lastige-namen/bestanden/..%2F..%2F..%2Fhub.db",
		"/materialen/lastige-namen/bestanden/..%2Flastige-namen.md",
		"/materialen/lastige-namen/bestanden/%2E%2E/lastige-namen.md",
		"/materialen/lastige-namen/bestanden/map%20met%20spatie%2F..%2F..%2Flastige-namen.md",
		"/materialen/lastige-namen/bestanden/%2Fetc%2Fpasswd",
		"/materialen/lastige-namen/bestanden/foto%2",            // broken escape
		"/materialen/lastige-namen/bestanden/foto%00klas.png",   // NUL
		"/materialen/lastige-namen/bestanden/foto%5Cklas.png",   // backslash
		"/materialen/lastige-namen/bestanden/foto%2520klas.png", // decoded once only
	} {
		if r := get(target); r.Status != 404 {
			t.Errorf("%s: %d, verwacht 404", target, r.Status)
		}
	}
	// A slash written as %2F inside the material's own folder is still
	// only that material's file.
	if r := get("/materialen/lastige-namen/bestanden/map%20met%20spatie%2Fsch%C3%A9ma%201.png"); r.Status != 200 {
		t.Errorf("%%2F binnen de eigen map: %d", r.Status)
	}
}

func escapeSegments(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}
