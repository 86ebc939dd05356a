package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkAPISearch is one API search through app.Test on the real stack
// with the seed (50 materials): routing, parameter parsing, Bleve with all
// facets and highlights, loading the hits from SQLite, JSON. It is small on
// purpose, to catch regressions in the request path, not to measure the
// engine at scale (that is cmd/hub bench).
//
//	go test ./internal/web/ -run '^$' -bench BenchmarkAPISearch -benchmem
func BenchmarkAPISearch(b *testing.B) {
	app := realApp(b)
	for _, bc := range []struct{ name, query string }{
		{"word+filter", "q=energie&levels=secundair"},
		{"typo", "q=windmoelen"},
		{"prefix", "q=wisk"},
		{"facets-only", "levels=secundair&disciplines=wiskunde&per_page=20"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/api/v1/materials?"+bc.query, nil)
				res, err := app.Test(req, -1)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("status %d", res.StatusCode)
				}
			}
		})
	}
}
