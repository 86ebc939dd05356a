package web

import (
	"strings"
	"testing"
)

func TestAttachmentHeaders(t *testing.T) {
	app, _ := newTestApp(t, newFake())
	base := "/materialen/windmolen-bouwen/bestanden/"

	r := get(t, app, base+"werkblad.pdf")
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || len(r.Body) != 100 {
		t.Fatalf("pdf: %d %q %d bytes", r.Status, r.Header.Get("Content-Type"), len(r.Body))
	}
	etag := r.Header.Get("ETag")
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "public, max-age=3600",
		"Last-Modified":          "Mon, 01 Apr 2024 12:00:00 GMT",
		"Accept-Ranges":          "bytes",
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("pdf %s = %q, want %q", h, got, want)
		}
	}
	// A PDF downloads (it may carry scripts for the reader): issue 8 §3.
	if etag == "" || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("pdf ETag %q, Content-Disposition %q", etag, r.Header.Get("Content-Disposition"))
	}
	if n := len(r.Header.Values("X-Content-Type-Options")); n != 1 {
		t.Errorf("%d nosniff headers", n)
	}

	r = get(t, app, base+"werkblad.pdf", "If-None-Match", etag)
	if r.Status != 304 || r.Body != "" {
		t.Errorf("If-None-Match: %d %q", r.Status, r.Body)
	}
	r = get(t, app, base+"werkblad.pdf", "Range", "bytes=10-19")
	if r.Status != 206 || r.Body != "0123456789" || r.Header.Get("Content-Range") != "bytes 10-19/100" {
		t.Errorf("Range: %d %q %q", r.Status, r.Body, r.Header.Get("Content-Range"))
	}

	r = get(t, app, base+"schema.svg")
	if r.Status != 200 || r.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("svg: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	if csp := r.Header.Values("Content-Security-Policy"); len(csp) != 1 || csp[0] != svgPolicy {
		t.Errorf("svg CSP %q", csp)
	}

	// HTML is never rendered on our origin: it downloads.
	r = get(t, app, base+"pagina.html")
	if !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("html attachment Content-Disposition %q", r.Header.Get("Content-Disposition"))
	}
	for _, p := range []string{base + "..%2F..%2Fetc%2Fpasswd", base + "nee.pdf", "/materialen/onbekend/bestanden/x.pdf"} {
		if r := get(t, app, p); r.Status != 404 {
			t.Errorf("%s: %d", p, r.Status)
		}
	}
}
