package content

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// BenchmarkSweepStorage: one sweep over a hub of HUB_BENCH_SWEEP_N
// materials (default 5 000), each with 3 KB of text and one attachment on
// disk, nothing to remove: the cost of the sweep after every hub import and
// at every start.
func BenchmarkSweepStorage(b *testing.B) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("HUB_BENCH_SWEEP_N")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	dir := b.TempDir()
	st, err := store.Open(ctx, store.Config{DSN: filepath.Join(dir, "hub.db")})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	disk, err := storage.NewDisk(filepath.Join(dir, "files"))
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("windmolen vermogen rotor ", 120)
	for start := 0; start < n; start += 500 {
		var ms []catalog.Material
		for i := start; i < min(start+500, n); i++ {
			m := catalog.Material{
				Slug: fmt.Sprintf("m-%d", i), Title: "Materiaal", Summary: "s", Levels: []string{"secundair"},
				Disciplines: []string{"technologie"}, License: "CC-BY-4.0", Text: text, Body: text, HTML: text,
				ContentHash: fmt.Sprintf("%064x", i+1), SourcePath: fmt.Sprintf("content/x/m-%d.md", i),
				Attachments: []catalog.Attachment{{Name: "schema.svg", ContentType: "image/svg+xml", Size: int64(len(svg))}},
			}
			key := StoredAttachmentKey(m.Slug, m.ContentHash, "schema.svg")
			if err := disk.Put(ctx, key, strings.NewReader(string(svg)), int64(len(svg)), ""); err != nil {
				b.Fatal(err)
			}
			ms = append(ms, m)
		}
		if _, err := st.UpsertMaterials(ctx, ms); err != nil {
			b.Fatal(err)
		}
	}
	im := &Importer{Store: st, Storage: disk, Vocab: testVocab(b)}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		sum, err := im.SweepStorage(ctx, 0)
		if err != nil || sum.Removed != 0 {
			b.Fatalf("%+v %v", sum, err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/sweep")
	b.ReportMetric(float64(n), "materials")
}
