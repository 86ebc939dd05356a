package curation

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// The collection part of a search at the scale the design allows (1,000
// public collections of 10 materials each, out of 2,000 materials): the
// store's key query plus the in-process match, per search. Seeded once per
// database (it takes a while: every collection change is a transaction
// with its audit entry, as in production).
//
//	go test ./internal/curation -run '^$' -bench FindCollections -benchtime 3000x
//
// reports ns/op and the p95 of one Find in ms; BenchmarkRebuildCollections
// the cold load and build after a change.

const (
	benchCollections = 1000
	benchItems       = 10
	benchMaterials   = 2000
)

var benchWords = strings.Fields(`windmolen zonnepaneel energie water kracht stroom kring magneet hefboom brug
robot sensor programmeren klimaat lucht kwaliteit meten bouwen ontwerpen proef reactie zuur base cel plant dier
ecosysteem getijden zee rivier bodem aarde vulkaan licht geluid golf trilling kracht beweging snelheid versnelling
wrijving druk temperatuur warmte isolatie batterij motor generator transformator circuit schakeling led drone
vliegtuig raket satelliet planeet ster maan seizoen weer wolk regen wind stad verkeer recycleren afval plastic
voeding gezondheid spier bot hart longen bloed microbit arduino data grafiek statistiek kans meetkunde`)

var (
	benchSeeded   = map[string]*Service{}
	benchMu       sync.Mutex
	benchCleanups []func()
)

// seedTB keeps a seeded store open across the runs of a benchmark (a
// benchmark's own cleanups run after every run); TestMain closes it.
type seedTB struct{ testing.TB }

func (seedTB) Cleanup(fn func()) { benchCleanups = append(benchCleanups, fn) }

func (t seedTB) TempDir() string {
	dir, err := os.MkdirTemp("", "collecties-bench-")
	if err != nil {
		t.Fatal(err)
	}
	benchCleanups = append(benchCleanups, func() { os.RemoveAll(dir) })
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(benchCleanups) - 1; i >= 0; i-- {
		benchCleanups[i]()
	}
	os.Exit(code)
}

func benchService(b *testing.B, driver string) *Service {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if s := benchSeeded[driver]; s != nil {
		return s
	}
	var st *store.Store
	if driver == "postgres" {
		dsn := os.Getenv(storetest.EnvPostgres)
		if dsn == "" {
			b.Skipf("%s niet gezet", storetest.EnvPostgres)
		}
		st = storetest.Postgres(seedTB{b}, dsn)
	} else {
		st = storetest.SQLite(seedTB{b})
	}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	phrase := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = benchWords[rng.IntN(len(benchWords))]
		}
		return strings.Join(w, " ")
	}
	ms := make([]catalog.Material, benchMaterials)
	for i := range ms {
		ms[i] = catalog.Material{Slug: fmt.Sprintf("m-%d", i), Title: phrase(4), Summary: phrase(10), Type: "les",
			Levels: []string{"secundair"}, Disciplines: []string{"technologie"}, Hub: "limburg", License: "CC-BY-4.0", Language: "nl"}
	}
	if _, err := st.UpsertMaterials(ctx, ms); err != nil {
		b.Fatal(err)
	}
	vocab, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		b.Fatal(err)
	}
	svc := &Service{Store: st, Vocab: vocab} // with the hub's synonyms, as served
	beheer := auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}
	start := time.Now()
	for i := 0; i < benchCollections; i++ {
		c, err := svc.Create(ctx, beheer, Input{Title: "Leerlijn " + phrase(3), Intro: phrase(40), Hub: "limburg"})
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range rng.Perm(benchMaterials)[:benchItems] {
			if err := svc.AddItem(ctx, beheer, c.Slug, fmt.Sprintf("m-%d", k), ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Logf("%s: %d collecties van %d materialen gezaaid in %s", driver, benchCollections, benchItems, time.Since(start).Round(time.Second))
	benchSeeded[driver] = svc
	return svc
}

// benchQueries: the last three as teachers also type: two typos and a
// synonym ("coderen" → "programmeren").
var benchQueries = []string{"windmolens", "energie", "zonnepanelen meten", "getijden zee", "robot programmeren",
	"klimaat", "brug bouwen", "magneten", "elektrische kringen", "luchtkwaliteit",
	"windmoelns", "temperatuur isolatei", "coderen"}

func BenchmarkFindCollections(b *testing.B) {
	for _, driver := range []string{"sqlite", "postgres"} {
		b.Run(driver, func(b *testing.B) {
			svc := benchService(b, driver)
			ctx := context.Background()
			top := []string{"m-1", "m-2", "m-3", "m-4", "m-5", "m-6", "m-7", "m-8", "m-9", "m-10"}
			if _, err := svc.Find(ctx, "warm", top, 3); err != nil { // build the index
				b.Fatal(err)
			}
			took := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				found, err := svc.Find(ctx, benchQueries[i%len(benchQueries)], top, 50)
				if err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
				if i < len(benchQueries) && len(found) == 0 {
					b.Fatalf("%q found nothing", benchQueries[i])
				}
			}
			b.StopTimer()
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// BenchmarkRebuildCollections is the first search after a change: the
// load of every public collection and the build of the index.
func BenchmarkRebuildCollections(b *testing.B) {
	for _, driver := range []string{"sqlite", "postgres"} {
		b.Run(driver, func(b *testing.B) {
			svc := benchService(b, driver)
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				cols, listed, err := svc.Store.SearchablePublicCollections(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if ix := buildIndex(cols, listed); len(ix.cols) != benchCollections {
					b.Fatalf("%d collections", len(ix.cols))
				}
			}
		})
	}
}

// BenchmarkFindTyposLargeVocabulary is the in-process match alone (no
// database) over 1,000 collections whose words come from a vocabulary of
// 20,000 distinct words (the seeded benchmark above has ~100): a word that
// may hold typos is compared with every stem of its first letter, and this
// is where that scan would show.
func BenchmarkFindTyposLargeVocabulary(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	syllables := strings.Fields(`ka ver mo len stroom zon ne pa el tri ci teit be ge ont wer pen kring lucht wa ter meet
proef bouw kracht licht warm te iso la tie bat rij mo tor gra fiek sta tis tiek ro bot sen sor plant dier bo dem aar de
vul kaan gel uid golf tril ling be weeg snel heid druk tem pe ra tuur wind mo len kli maat ver keer af val plas tiek`)
	seen := map[string]bool{}
	var vocab []string
	for len(vocab) < 20000 {
		var w strings.Builder
		for range 2 + rng.IntN(3) {
			w.WriteString(syllables[rng.IntN(len(syllables))])
		}
		if !seen[w.String()] {
			seen[w.String()] = true
			vocab = append(vocab, w.String())
		}
	}
	phrase := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	cols := make([]store.SearchableCollection, benchCollections)
	for i := range cols {
		cols[i] = store.SearchableCollection{Slug: fmt.Sprintf("c-%d", i), Title: "Leerlijn " + phrase(3), Intro: phrase(150), Hub: "limburg"}
		for k := range benchItems {
			cols[i].Items = append(cols[i].Items, store.SearchableItem{Slug: fmt.Sprintf("m-%d-%d", i, k), Title: phrase(4)})
		}
	}
	ix := buildIndex(cols, nil)
	b.Logf("%d woorden, %d stammen in de index", len(ix.byWord), len(ix.byStem))
	// Typed with a typo (a letter swapped or dropped), as a search would.
	var queries []string
	for range 20 {
		w := []rune(vocab[rng.IntN(len(vocab))])
		i := 1 + rng.IntN(len(w)-2)
		w[i], w[i+1] = w[i+1], w[i]
		queries = append(queries, string(w)+" "+vocab[rng.IntN(len(vocab))])
	}
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		ix.find(queries[i%len(queries)], nil, nil, 50)
		took = append(took, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}
