package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// BenchmarkMaterialsUnder measures the listing pruning starts with: one
// folder's materials out of a store of 20,000 of realistic size, half in
// that folder. It scans the table (no index serves a prefix test on both
// databases), so it grows with the database: measured 0.41 s on SQLite and
// 0.09 s on PostgreSQL per listing on the 2-core dev machine. (A covering
// index on (source_path, slug) only brought SQLite to 0.24 s, not worth a
// migration and slower inserts.) Run with e.g.
//
//	go test -run '^$' -bench MaterialsUnder -benchtime 10x ./internal/store/
func BenchmarkMaterialsUnder(b *testing.B) { benchEachDB(b, benchMaterialsUnder) }

func benchMaterialsUnder(b *testing.B, s *Store) {
	const total, batchSize = 20000, 500
	para := strings.Repeat("Leerlingen bouwen een windmolen en meten het vermogen bij verschillende windsnelheden. ", 30)
	ctx := context.Background()
	for done := 0; done < total; done += batchSize {
		batch := make([]catalog.Material, batchSize)
		for i := range batch {
			k := done + i
			folder := []string{"content", "aanlevering"}[k%2]
			batch[i] = mat(fmt.Sprintf("materiaal-%07d", k), from(fmt.Sprintf("%s/net-%d/materiaal-%07d.md", folder, k%15, k)), func(m *catalog.Material) {
				m.Body, m.HTML, m.Text = para, "<p>"+para+"</p>", para
			})
		}
		if _, err := s.UpsertMaterials(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, err := s.MaterialsUnder(ctx, "content")
		if err != nil {
			b.Fatal(err)
		}
		if len(got) != total/2 {
			b.Fatalf("%d materials under content, want %d", len(got), total/2)
		}
	}
}
