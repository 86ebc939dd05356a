package bleve

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/corpus"
	"github.com/stem-kennishub/hub/internal/search"
)

// hubSynonyms are the hub's own synonyms (content/taxonomy/synonyms.yaml),
// so the benchmarks expand queries as production does.
func hubSynonyms() [][]string {
	voc, err := catalog.LoadVocabularies(content.FS)
	if err != nil {
		panic(err) // the embedded taxonomy is tested in internal/catalog
	}
	return voc.Synonyms()
}

// The benchmarks share one index of HUB_BENCH_N generated materials
// (default 100,000), built once into a cached directory under os.TempDir()
// and reused by later runs (delete the directory to rebuild it):
//
//	go test ./internal/search/bleve -run '^$' -bench . -benchtime 2000x
//
// Each benchmark reports p50/p95/p99 latency of a realistic query mix.

var bench struct {
	once  sync.Once
	ix    *Index
	err   error
	n     int
	stats string
}

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("HUB_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 100000
}

func benchIndex(b *testing.B) *Index {
	b.Helper()
	bench.once.Do(func() {
		bench.n = benchN()
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("hub-bench-bleve-n%d-v%d", bench.n, indexVersion))
		marker := filepath.Join(dir, "complete")
		if _, err := os.Stat(marker); err != nil {
			_ = os.RemoveAll(dir)
			bench.err = buildBenchIndex(dir, bench.n, marker)
			if bench.err != nil {
				return
			}
		}
		start := time.Now()
		bench.ix, bench.err = Open(dir, Options{Synonyms: hubSynonyms()})
		if bench.err != nil {
			return
		}
		built, _ := os.ReadFile(marker)
		bench.stats = fmt.Sprintf("%s; open %v; index size %.0f MiB; RSS %s", strings.TrimSpace(string(built)),
			time.Since(start).Round(time.Millisecond), float64(dirSize(dir))/(1<<20), rss())
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	b.Logf("%d materials: %s", bench.n, bench.stats)
	return bench.ix
}

func buildBenchIndex(dir string, n int, marker string) error {
	ix, err := Open(dir, Options{Synonyms: hubSynonyms()})
	if err != nil {
		return err
	}
	const chunk = 2000
	var gen, index time.Duration
	v := corpus.DefaultVocab()
	for from := 0; from < n; from += chunk {
		t0 := time.Now()
		ms := corpus.GenerateRange(1, from, min(from+chunk, n), v)
		docs := make([]search.Document, len(ms))
		for i, m := range ms {
			docs[i] = search.DocumentFrom(m)
		}
		t1 := time.Now()
		if err := ix.Upsert(context.Background(), docs); err != nil {
			return err
		}
		gen, index = gen+t1.Sub(t0), index+time.Since(t1)
	}
	t0 := time.Now()
	if err := ix.Optimize(context.Background()); err != nil {
		return err
	}
	optimize := time.Since(t0)
	if err := ix.Close(); err != nil {
		return err
	}
	stats := fmt.Sprintf("built: generate %v, index %v (%.0f materials/s), optimize %v, peak RSS %s",
		gen.Round(time.Millisecond), index.Round(time.Millisecond), float64(n)/index.Seconds(), optimize.Round(time.Millisecond), peakRSS())
	return os.WriteFile(marker, []byte(stats+"\n"), 0o644)
}

var (
	oneWord  = []string{"windmolen", "energie", "leerlingen", "brug", "sensor", "fotosynthese", "magneet", "batterij", "drone", "algoritme", "zuurgraad", "isolatie"}
	twoWords = []string{"windmolen ontwerpen", "elektrische schakeling", "zonnepaneel rendement", "waterraket druk", "robotarm programmeren", "grafiek lezen", "plantengroei licht", "3D-printer prototype"}
	typos    = []string{"windmoelen", "elektriciteid", "fotosyntese", "batterei", "isolatsie", "algoritmme"}
	filters  = []map[string][]string{
		nil,
		{"levels": {"secundair"}},
		{"levels": {"lager"}, "hub": {"antwerpen"}},
		{"disciplines": {"wiskunde", "technologie"}},
		{"themes": {"klimaat"}, "levels": {"secundair"}, "finalities": {"doorstroom"}},
		{"hub": {"limburg", "brussel"}, "type": {"les", "project"}},
		{"inclusion": {"taalarm"}},
	}
)

func facetQueries() []search.Query {
	var qs []search.Query
	texts := append(append(append([]string{}, oneWord...), twoWords...), typos...)
	for i, text := range texts {
		qs = append(qs, search.Query{Text: text, Filters: filters[i%len(filters)], Facets: catalog.FacetFields, Highlight: true})
	}
	return qs
}

func asYouTypeQueries() []search.Query {
	var qs []search.Query
	for _, w := range append(append([]string{}, oneWord...), "bruggen bouwen", "elektrische schakeling", "zonnepanelen") {
		for n := 1; n <= len(w); n++ {
			qs = append(qs, search.Query{Text: w[:n], PerPage: 8, Highlight: true})
		}
	}
	return qs
}

func emptyQueries() []search.Query {
	var qs []search.Query
	for i, f := range filters {
		sort := []string{search.SortRelevance, search.SortNewest, search.SortTitle}[i%3]
		qs = append(qs, search.Query{Filters: f, Facets: catalog.FacetFields, Sort: sort, Page: 1 + i%3})
	}
	return qs
}

func runMix(b *testing.B, qs []search.Query) {
	ix := benchIndex(b)
	for i := range qs {
		if err := qs[i].Normalize(); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	// Warm up: first searches build segment tables and sort orders.
	for _, q := range qs {
		if _, err := ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	var hits int
	b.ResetTimer()
	i := 0
	for b.Loop() {
		t0 := time.Now()
		res, err := ix.Search(ctx, qs[i%len(qs)])
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		hits += res.Total
		i++
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(hits)/float64(len(lat)), "avg-total")
}

func BenchmarkSearchFacets(b *testing.B)      { runMix(b, facetQueries()) }
func BenchmarkSearchAsYouType(b *testing.B)   { runMix(b, asYouTypeQueries()) }
func BenchmarkSearchEmptyFacets(b *testing.B) { runMix(b, emptyQueries()) }

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func rss() string     { return procStatus("VmRSS") }
func peakRSS() string { return procStatus("VmHWM") }

func procStatus(key string) string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "?"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && k == key {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// BenchmarkWriteThenSearch measures a search right after a single-document
// write (the outbox case): it pays for re-sorting and new-segment tables.
// The document is re-written unchanged, so the cached index stays as built.
func BenchmarkWriteThenSearch(b *testing.B) {
	ix := benchIndex(b)
	ctx := context.Background()
	m := corpus.GenerateRange(1, 42, 43, corpus.DefaultVocab())[0]
	doc := []search.Document{search.DocumentFrom(m)}
	q := search.Query{Text: "windmolen", Facets: catalog.FacetFields, Highlight: true}
	if err := q.Normalize(); err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	for b.Loop() {
		if err := ix.Upsert(ctx, doc); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if _, err := ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*95/100)].Microseconds())/1000, "p95-ms")
}
