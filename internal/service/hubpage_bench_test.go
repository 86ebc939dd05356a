package service_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// BenchmarkHubPageAt100k: what /hubs/{slug} and /hubs cost on the cached
// store and index of HUB_BENCH_N generated materials (thin_bench_test.go):
// a hub page is one engine search with the hub filter, the newest 12 and
// the level and discipline counts; the overview counts materials per hub
// in the database. Reports p50 and p95 in ms.
//
//	go test ./internal/service -run '^$' -bench HubPageAt100k -benchtime 200x
func BenchmarkHubPageAt100k(b *testing.B) {
	h, _ := thinBenchHub(b)
	ctx := context.Background()
	hubs := []string{"limburg", "antwerpen", "brussel", "vlaanderen", "west-vlaanderen"}
	counts, err := h.Counts(ctx, catalog.FieldHub)
	if err != nil {
		b.Fatal(err)
	}
	hp, err := h.HubPage(ctx, "limburg", 1, 12)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("materials per hub %v; limburg's page: %d materials, levels %v", counts, hp.Total, hp.Counts[catalog.FieldLevels])
	for _, tc := range []struct {
		name string
		run  func(i int) error
	}{
		{"page", func(i int) error { _, err := h.HubPage(ctx, hubs[i%len(hubs)], 1, 12); return err }},
		{"overview", func(int) error { _, err := h.Counts(ctx, catalog.FieldHub); return err }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			took := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				if err := tc.run(i); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
			}
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000 }
			b.ReportMetric(ms(0.50), "p50-ms")
			b.ReportMetric(ms(0.95), "p95-ms")
		})
	}
}
