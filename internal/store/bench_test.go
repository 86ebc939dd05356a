package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// BenchmarkUpsert measures bulk import into the store: b.N materials of
// realistic size (a few KB of Markdown, HTML and text, ~20 facet terms) in
// batches of 500, each batch one transaction. Run with e.g.
//
//	go test -run '^$' -bench Upsert -benchtime 20000x ./internal/store/
func BenchmarkUpsert(b *testing.B) { benchEachDB(b, benchUpsert) }

func benchUpsert(b *testing.B, s *Store) {
	const batchSize = 500
	para := strings.Repeat("Leerlingen bouwen een windmolen en meten het vermogen bij verschillende windsnelheden. ", 30)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for done := 0; done < b.N; {
		n := min(batchSize, b.N-done)
		batch := make([]catalog.Material, n)
		for i := range batch {
			k := done + i
			batch[i] = mat(fmt.Sprintf("materiaal-%07d", k), func(m *catalog.Material) {
				m.Levels = []string{[]string{"lager", "secundair", "hoger"}[k%3]}
				m.Grades = []int{k%3 + 1}
				m.Finalities = []string{"doorstroom"}
				m.Subjects = []string{"fysica", "techniek"}
				m.Goals = []string{fmt.Sprintf("SO_1STE_GRAAD_V2_1:06.%02d", k%50)}
				m.StemKader = []int{k%10 + 1, (k+3)%10 + 1}
				m.Themes = []string{"energie", "klimaat"}
				m.SDGs = []int{7, 13}
				m.Inclusion = []string{"ses"}
				m.Keywords = []string{"windmolen", "vermogen", "energie"}
				m.Body, m.HTML, m.Text = para, "<p>"+para+"</p>", para
				m.Headings = []string{"Doel", "Materiaal", "Stappen"}
			})
		}
		if _, err := s.UpsertMaterials(ctx, batch); err != nil {
			b.Fatal(err)
		}
		done += n
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "materials/s")
}
