package web_test

import (
	"strings"
	"testing"
)

// A page names its canonical address; an error page (a 404 for an address
// that may be a draft's, a 403) names none: it is no page of its own.
func TestCanonicalOnlyOnRealPages(t *testing.T) {
	slug := seedMaterials(t)[0].Slug
	if r := fetchReal(t, "/materialen/"+slug); r.Status != 200 || !strings.Contains(r.Body, `<link rel="canonical" href="`) || !strings.Contains(r.Body, "/materialen/"+slug+`">`) {
		t.Fatalf("material page: %d, canonical missing", r.Status)
	}
	r := fetchReal(t, "/materialen/bestaat-niet-of-is-een-concept")
	if r.Status != 404 {
		t.Fatalf("unknown material: %d, want 404", r.Status)
	}
	if strings.Contains(r.Body, `rel="canonical"`) {
		t.Errorf("the 404 page names a canonical address")
	}
}
