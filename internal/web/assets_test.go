package web

import (
	"io/fs"

	"github.com/stem-kennishub/hub/static"
	"regexp"
	"strings"
	"testing"
)

func TestStaticAssets(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	home := get(t, app, "/").Body
	m := regexp.MustCompile(`href="(/static/css/app\.css\?v=[0-9a-f]{12})"`).FindStringSubmatch(home)
	if m == nil {
		t.Fatal("no fingerprinted stylesheet link on the home page")
	}
	r := get(t, app, m[1])
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("css: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	if r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("fingerprinted Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	if !strings.Contains(r.Body, "prefers-reduced-motion") || !strings.Contains(r.Body, ":focus-visible") {
		t.Error("stylesheet lacks reduced-motion or focus styles")
	}
	if r2 := get(t, app, m[1], "If-None-Match", r.Header.Get("ETag")); r2.Status != 304 {
		t.Errorf("revalidation: %d", r2.Status)
	}
	if r3 := get(t, app, "/static/css/app.css?v=oud"); !strings.Contains(r3.Header.Get("Cache-Control"), "must-revalidate") {
		t.Errorf("stale fingerprint cached forever: %q", r3.Header.Get("Cache-Control"))
	}
	gz := get(t, app, m[1], "Accept-Encoding", "gzip")
	if gz.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("css not compressed: %q", gz.Header.Get("Content-Encoding"))
	}
	if r := get(t, app, "/static/geheim.txt"); r.Status != 404 {
		t.Errorf("unknown static: %d", r.Status)
	}
	if r := get(t, app, "/static/embed.go"); r.Status != 404 {
		t.Errorf("embed.go served: %d", r.Status)
	}
}

// TestNoInlineScriptOrStyle keeps every template CSP-clean: scripts come
// from /static, JSON-LD is the only inline <script> and it is data.
func TestNoInlineScriptOrStyle(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	script := regexp.MustCompile(`<script([^>]*)>`)
	for _, p := range []string{"/", "/zoeken?q=wind", "/materialen/windmolen-bouwen", "/hubs", "/hubs/limburg", "/over", "/nee"} {
		body := get(t, app, p).Body
		if strings.Contains(body, " style=") || strings.Contains(body, "<style") || strings.Contains(body, " onclick=") {
			t.Errorf("%s: inline style or handler", p)
		}
		for _, m := range script.FindAllStringSubmatch(body, -1) {
			if !strings.Contains(m[1], `src="/static/`) && m[1] != ` type="application/ld+json"` {
				t.Errorf("%s: inline script %q", p, m[0])
			}
		}
	}
}

func TestJSIsProgressiveEnhancement(t *testing.T) {
	a, err := loadAssets(staticFSForTest())
	if err != nil {
		t.Fatal(err)
	}
	js := string(a.files["js/search.js"].body)
	for _, want := range []string{"AbortController", "partial=1", "history.pushState", "history.replaceState", "popstate", "DEBOUNCE_MS = 150", "zoekstatus"} {
		if !strings.Contains(js, want) {
			t.Errorf("search.js lacks %q", want)
		}
	}
}

func staticFSForTest() fs.FS { return static.FS }
