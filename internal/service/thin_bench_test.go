package service_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/corpus"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
)

// The thin-results benchmark measures what a search page costs when its
// results are thin or a word is misspelled: the search itself plus the
// spelling lookup and the count-only searches of the widening moves. It
// runs on a real SQLite store and a real Bleve index of HUB_BENCH_N
// generated materials (default 100,000), built once into a cached
// directory under os.TempDir() (delete it to rebuild):
//
//	go test ./internal/service -run '^$' -bench Thin -benchtime 400x
//
// It reports p50/p95/p99 of Hub.Search as the search page calls it (all
// facets, highlights) for thin queries, and the lexicon's build time and
// heap.

var thinBench struct {
	once  sync.Once
	hub   *service.Hub
	idx   search.Index
	err   error
	stats string
}

func thinBenchN() int {
	if n, err := strconv.Atoi(os.Getenv("HUB_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 100000
}

func thinBenchHub(b *testing.B) (*service.Hub, search.Index) {
	b.Helper()
	thinBench.once.Do(func() {
		ctx := context.Background()
		n := thinBenchN()
		voc, err := catalog.LoadVocabularies(content.FS)
		if err != nil {
			thinBench.err = err
			return
		}
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("hub-bench-thin-n%d", n))
		marker := filepath.Join(dir, "complete")
		_, statErr := os.Stat(marker)
		if statErr != nil {
			_ = os.RemoveAll(dir)
			_ = os.MkdirAll(dir, 0o755)
		}
		st, err := store.Open(ctx, store.Config{DSN: filepath.Join(dir, "hub.db")})
		if err != nil {
			thinBench.err = err
			return
		}
		idx, err := bleve.Open(filepath.Join(dir, "index"), bleve.Options{Synonyms: voc.Synonyms(), StopWords: voc.StopWords()})
		if err != nil {
			thinBench.err = err
			return
		}
		if statErr != nil {
			t0 := time.Now()
			v := corpus.DefaultVocab()
			for from := 0; from < n; from += 2000 {
				if _, err := st.UpsertMaterials(ctx, corpus.GenerateRange(1, from, min(from+2000, n), v)); err != nil {
					thinBench.err = err
					return
				}
			}
			t1 := time.Now()
			if _, err := service.ReindexWith(ctx, st, idx, voc, nil); err != nil {
				thinBench.err = err
				return
			}
			stats := fmt.Sprintf("built: store %v, index %v", t1.Sub(t0).Round(time.Second), time.Since(t1).Round(time.Second))
			if err := os.WriteFile(marker, []byte(stats+"\n"), 0o644); err != nil {
				thinBench.err = err
				return
			}
		}
		built, _ := os.ReadFile(marker)
		h := service.New(st, idx, nil, voc, nil)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		t0 := time.Now()
		if thinBench.err = h.LoadLexicon(ctx); thinBench.err != nil {
			return
		}
		took := time.Since(t0)
		runtime.GC()
		runtime.ReadMemStats(&after)
		thinBench.hub, thinBench.idx = h, idx
		words, bytes := h.LexiconSize()
		thinBench.stats = fmt.Sprintf("%d materials (%s); lexicon: %d words, %.1f MiB (FSTs), built in %v, live heap after build %+.1f MiB",
			n, string(built[:len(built)-1]), words, float64(bytes)/(1<<20), took.Round(time.Millisecond),
			float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20))
	})
	if thinBench.err != nil {
		b.Fatal(thinBench.err)
	}
	b.Log(thinBench.stats)
	return thinBench.hub, thinBench.idx
}

// thinQueries are page searches (all facets, highlights) that are thin or
// misspelled on the generated corpus: typos, filters stacked until little
// is left, compounds.
func thinQueries(b *testing.B, h *service.Hub) []search.Query {
	ctx := context.Background()
	texts := []string{"windmoelen", "elektriciteid", "zonnepaneell", "fotosyntese", "temperatuu", "waterkrachtcentrale", "windenergie", "isolatsie"}
	filters := []map[string][]string{
		{"hub": {"limburg"}, "levels": {"kleuter"}, "inclusion": {"taalarm"}},
		{"themes": {"klimaat"}, "hub": {"brussel"}, "type": {"project"}, "inclusion": {"buitengewoon"}},
		{"levels": {"lager"}, "hub": {"west-vlaanderen"}, "themes": {"mobiliteit"}, "sdgs": {"14"}},
	}
	var qs []search.Query
	var thin, spelled int
	for _, text := range texts {
		for _, f := range filters {
			q := search.Query{Text: text, Filters: f, Facets: catalog.FacetFields, Highlight: true}
			p, err := h.Search(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			if p.Total < service.ThinResults || p.Spelling != nil {
				qs = append(qs, q)
				if p.Total < service.ThinResults {
					thin++
				}
				if p.Spelling != nil {
					spelled++
				}
			}
		}
	}
	if len(qs) == 0 {
		b.Fatal("no thin query on this corpus")
	}
	b.Logf("%d queries: %d thin, %d with a spelling suggestion", len(qs), thin, spelled)
	return qs
}

// BenchmarkThinResultsSearchPage: the page as a teacher meets it, with
// the count cache (the same thin search asked again within 10 s).
func BenchmarkThinResultsSearchPage(b *testing.B) { benchThinPage(b, false) }

// BenchmarkThinResultsSearchPageUncached: every count search really runs
// (the cache is emptied before each page).
func BenchmarkThinResultsSearchPageUncached(b *testing.B) { benchThinPage(b, true) }

func benchThinPage(b *testing.B, uncached bool) {
	h, _ := thinBenchHub(b)
	qs := thinQueries(b, h)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if uncached {
			h.ForgetCounts()
		}
		t0 := time.Now()
		if _, err := h.Search(ctx, qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkThinResultsEngineOnly is the same queries on the index alone
// (no spelling, no moves, no cards): the baseline the thin results add to.
func BenchmarkThinResultsEngineOnly(b *testing.B) {
	h, idx := thinBenchHub(b)
	qs := thinQueries(b, h)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)]
		_ = q.Normalize()
		t0 := time.Now()
		if _, err := idx.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
