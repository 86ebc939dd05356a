package authoring_test

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"testing"
	"time"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// BenchmarkSave saves an edit of a seed lesson on SQLite: permission,
// validation, warnings, rendering and the transaction with material,
// terms, revision, audit entry and outbox row. Target: p95 ≤ 100 ms.
//
//	go test -run '^$' -bench Save -benchtime 200x ./internal/authoring/
func BenchmarkSave(b *testing.B) {
	admin := auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
	const file = "istem/windmolen-ontwerpen.md"
	data, err := fs.ReadFile(seed.FS, file)
	if err != nil {
		b.Fatalf("seed lesson %s: %v", file, err)
	}
	v, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		b.Fatal(err)
	}
	m, problems := content.Parse(file, data)
	if len(problems) > 0 {
		b.Fatalf("seed lesson: %v", problems)
	}
	svc := &authoring.Service{Store: storetest.SQLite(b), Vocab: v}
	ctx := context.Background()
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Title = fmt.Sprintf("Versie %d", i) // every save is a new revision
		start := time.Now()
		if _, err := svc.Save(ctx, authoring.UserActor(admin), authoring.Draft{Material: m}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}
