package authoring_test

import (
	"context"
	"runtime"
	"strings"
	"testing"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/corpus"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// BenchmarkQuality builds the admins' metadata-quality overview over 10 000
// generated materials on SQLite (each with ~12 KB of HTML, every tenth with
// an image without alt text): one full pass, the list of one rule.
//
//	go test -run '^$' -bench Quality -benchtime 10x ./internal/authoring/
func BenchmarkQuality(b *testing.B) {
	const n = 10000
	v, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		b.Fatal(err)
	}
	st := storetest.SQLite(b)
	ctx := context.Background()
	filler := strings.Repeat("<p>Leerlingen meten de spanning van een zonnecel bij verschillende hoeken.</p>\n", 160)
	for from := 0; from < n; from += 1000 {
		ms := corpus.GenerateRange(7, from, from+1000, corpus.DefaultVocab())
		for i := range ms {
			ms[i].HTML = filler
			if (from+i)%10 == 0 {
				ms[i].HTML += `<p><img src="/materialen/x/bestanden/a.png" alt="" loading="lazy"></p>`
			}
		}
		if _, err := st.UpsertMaterials(ctx, ms); err != nil {
			b.Fatal(err)
		}
	}
	svc := &authoring.Service{Store: st, Vocab: v}
	admin := auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := svc.Quality(ctx, admin, "afbeelding-zonder-alt", "", 200)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Total != n || rep.ItemsTotal != n/10 {
			b.Fatalf("checked %d, %d images without alt", rep.Total, rep.ItemsTotal)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MiB-alloc/op")
}
