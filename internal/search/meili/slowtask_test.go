package meili

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/search"
)

// TestSlowSmallWriteIsReported: a Meilisearch that takes more than a second
// over one document (measured: its default indexing memory, two thirds of
// the RAM, costs about 1 s per task on a 24 GiB machine, 70 ms at 1 GiB)
// makes every edit late in search without any error. The hub says so once
// in its log, with the setting that fixes it; a fast engine, or a large
// batch (a rebuild) that takes long for its size, says nothing.
func TestSlowSmallWriteIsReported(t *testing.T) {
	doc := func(id string) search.Document {
		return search.Document{ID: id, Title: "Windmolens", Facets: map[string][]string{}}
	}
	for _, c := range []struct {
		name   string
		took   time.Duration
		docs   int
		writes int
		want   int // warnings
	}{
		{"one slow document", 1500 * time.Millisecond, 1, 1, 1},
		{"again soon after: said once", 1500 * time.Millisecond, 1, 3, 1},
		{"fast engine", 80 * time.Millisecond, 1, 2, 0},
		{"large batch", 1500 * time.Millisecond, 500, 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(t)
			f.taskDuration = c.took
			var buf bytes.Buffer
			ix := openFake(t, f, func(o *Options) { o.Logger = slog.New(slog.NewTextHandler(&buf, nil)) })
			for w := 0; w < c.writes; w++ {
				docs := make([]search.Document, c.docs)
				for i := range docs {
					docs[i] = doc("d" + strings.Repeat("x", w) + string(rune('a'+i%26)) + strings.Repeat("y", i/26))
				}
				if err := ix.Upsert(context.Background(), docs); err != nil {
					t.Fatal(err)
				}
			}
			got := strings.Count(buf.String(), "MEILI_MAX_INDEXING_MEMORY")
			if got != c.want {
				t.Fatalf("%d warnings about the engine's slowness, want %d; log:\n%s", got, c.want, buf.String())
			}
			if c.want > 0 && !strings.Contains(buf.String(), "1.5s") {
				t.Errorf("the warning does not say how long the engine took:\n%s", buf.String())
			}
		})
	}
}
