package web_test

import (
	"strings"
	"testing"
)

// TestMeiliKeyNeverReachesTheBrowser: the hub holds the Meilisearch key
// and searches on the server's side; no page, API answer, header or health
// report carries it (nor the engine's address, which a browser has no
// business calling). Only a Meilisearch run has a key to look for.
func TestMeiliKeyNeverReachesTheBrowser(t *testing.T) {
	seed := seedMaterials(t)
	if real.meili == nil {
		t.Skip("geen Meilisearch-run (TEST_HUB_SEARCH=meilisearch): deze hub heeft geen Meilisearch-sleutel om te lekken")
	}
	key, engine := real.meili["MEILI_API_KEY"], real.meili["MEILI_URL"]
	if key == "" {
		t.Fatal("TEST_MEILISEARCH_KEY is leeg: zonder sleutel kan deze test niet falen")
	}
	targets := []string{
		"/", "/zoeken?q=energie", "/zoeken?q=energie&sort=nieuwste", "/zoeken?q=zzzzqqq",
		"/api/v1/materials?q=energie&facets=levels", "/api/v1/materials/" + seed[0].Slug,
		"/materialen/" + seed[0].Slug, "/hubs", "/over", "/healthz", "/readyz", "/sitemap.xml",
	}
	for _, target := range targets {
		r := fetchReal(t, target)
		if r.Status >= 500 {
			t.Errorf("GET %s: status %d", target, r.Status)
		}
		for name, values := range r.Header {
			for _, v := range values {
				if strings.Contains(v, key) || strings.Contains(v, engine) {
					t.Errorf("GET %s: header %s bevat de Meilisearch-sleutel of -URL", target, name)
				}
			}
		}
		if strings.Contains(r.Body, key) {
			t.Errorf("GET %s: het antwoord bevat de Meilisearch-sleutel", target)
		}
		if strings.Contains(r.Body, engine) {
			t.Errorf("GET %s: het antwoord bevat het adres van Meilisearch (%s)", target, engine)
		}
	}
}
