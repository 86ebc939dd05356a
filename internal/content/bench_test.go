package content

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/corpus"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// BenchmarkImport imports b.N generated materials (internal/corpus, written
// as a content folder on disk) into a fresh SQLite store, end to end:
// walking, parsing, validating, rendering, hashing and storing. It reports
// materials/s; the target is ≥ 1,000/s at 100,000 materials:
//
//	go test -run '^$' -bench Import -benchtime 100000x ./internal/content/
func BenchmarkImport(b *testing.B) {
	dir := b.TempDir()
	content := filepath.Join(dir, "content")
	vocab := testVocab(b)
	// Draw values only from those the taxonomy knows, so every generated
	// file is valid and the benchmark measures the full path of each.
	cv := corpus.DefaultVocab()
	known := func(field string, ids []string) []string {
		var out []string
		for _, id := range ids {
			_, term := vocab.Term(field, id)
			_, goal := vocab.Goal(id)
			if (field == "goals" && goal) || (field != "goals" && term) {
				out = append(out, id)
			}
		}
		return out
	}
	cv.Goals = known("goals", cv.Goals)
	cv.Themes = known("themes", cv.Themes)
	cv.Levels = known("levels", cv.Levels)
	cv.Finalities = known("finalities", cv.Finalities)
	cv.Disciplines = known("disciplines", cv.Disciplines)
	cv.Hubs = known("hub", cv.Hubs)
	cv.Networks = known("network", cv.Networks)
	cv.Types = known("type", cv.Types)
	cv.Licenses = known("license", cv.Licenses)
	cv.Inclusion = known("inclusion", cv.Inclusion)
	const chunk = 5000
	for from := 0; from < b.N; from += chunk {
		if err := corpus.WriteFolder(content, corpus.GenerateRange(1, from, min(from+chunk, b.N), cv)); err != nil {
			b.Fatal(err)
		}
	}
	st, err := store.Open(context.Background(), store.Config{DSN: filepath.Join(dir, "hub.db")})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	disk, err := storage.NewDisk(filepath.Join(dir, "files"))
	if err != nil {
		b.Fatal(err)
	}
	im := &Importer{Store: st, Storage: disk, Vocab: vocab}
	runtime.GC()

	b.ResetTimer()
	start := time.Now()
	sum, err := im.Import(context.Background(), os.DirFS(dir), "content")
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if sum.Created+sum.Rejected != b.N {
		b.Fatalf("summary %s for %d files", sum, b.N)
	}
	if sum.Rejected > 0 {
		kinds := map[string]int{}
		for _, p := range sum.Problems {
			kinds[p.Field]++
		}
		b.Logf("%s; problems by field %v; first: %s", sum, kinds, sum.Problems[0])
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "materials/s")
	b.ReportMetric(float64(sum.Rejected), "rejected")
}
