package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func day(d int) func(*catalog.Material) {
	return func(m *catalog.Material) { m.Date = time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
}

func TestMaterialsKeepsOrder(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		mustUpsert(t, s, mat("a"), mat("b"), mat("c"))
		got, err := s.Materials(context.Background(), []string{"c", "onbekend", "a", "b", "a"})
		if err != nil {
			t.Fatal(err)
		}
		if slugsOf(got) != "c,a,b" {
			t.Errorf("Materials order = %s, want c,a,b", slugsOf(got))
		}
		if got[0].HTML != "" || got[0].Body != "" {
			t.Error("listing carries the heavy columns")
		}
		full, _ := s.MaterialsForIndex(context.Background(), []string{"b"})
		if len(full) != 1 || full[0].Text == "" {
			t.Errorf("MaterialsForIndex lacks the plain text: %+v", full)
		}
	})
}

func TestListings(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s,
			mat("oud", day(1)),
			mat("nieuw", day(20), func(m *catalog.Material) { m.Hub = "limburg" }),
			mat("midden", day(10)),
			mat("zonder-datum", func(m *catalog.Material) { m.Date = time.Time{} }),
		)
		recent, err := s.Recent(ctx, 3)
		if err != nil {
			t.Fatal(err)
		}
		if slugsOf(recent) != "nieuw,midden,oud" {
			t.Errorf("Recent = %s", slugsOf(recent))
		}
		page, total, err := s.ByHub(ctx, "antwerpen", 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || slugsOf(page) != "oud" {
			t.Errorf("ByHub page 2 = %s (total %d), want oud (total 3)", slugsOf(page), total)
		}
		if n, _ := s.Count(ctx); n != 4 {
			t.Errorf("Count = %d", n)
		}
		hubs, err := s.CountBy(ctx, catalog.FieldHub)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(hubs, map[string]int{"antwerpen": 3, "limburg": 1}) {
			t.Errorf("CountBy hub = %v", hubs)
		}
		within, err := s.CountWhere(ctx, catalog.FieldHub, map[string][]string{"levels": {"secundair"}, "hub": {"limburg"}})
		if err != nil || !reflect.DeepEqual(within, map[string]int{"limburg": 1}) {
			t.Errorf("CountWhere = %v, %v", within, err)
		}
		if _, err := s.CountBy(ctx, "wachtwoord"); !errors.Is(err, ErrUnknownField) {
			t.Errorf("CountBy unknown field: %v", err)
		}
	})
}

func TestAllStreamsEverything(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		var batch []catalog.Material
		for i := 0; i < 7; i++ {
			batch = append(batch, mat(fmt.Sprintf("m%d", i)))
		}
		mustUpsert(t, s, batch...)
		var sizes []int
		seen := map[string]bool{}
		err := s.All(context.Background(), 3, func(ms []catalog.Material) error {
			sizes = append(sizes, len(ms))
			for _, m := range ms {
				if m.Text == "" {
					t.Errorf("%s streamed without text", m.Slug)
				}
				seen[m.Slug] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sizes, []int{3, 3, 1}) || len(seen) != 7 {
			t.Errorf("batches %v, %d distinct", sizes, len(seen))
		}
		stop := errors.New("stop")
		if err := s.All(context.Background(), 3, func([]catalog.Material) error { return stop }); !errors.Is(err, stop) {
			t.Errorf("All did not pass the callback's error on: %v", err)
		}
	})
}

func TestRelated(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		goal := "SO_1STE_GRAAD_V2_1:06.43"
		self := mat("zelf", func(m *catalog.Material) { m.Goals = []string{goal}; m.Themes = []string{"klimaat"} })
		mustUpsert(t, s, self,
			mat("zelfde-doel", func(m *catalog.Material) { m.Goals = []string{goal}; m.Themes = nil }),
			mat("zelfde-thema", func(m *catalog.Material) { m.Themes = []string{"klimaat"} }),
			mat("zelfde-vak", func(m *catalog.Material) { m.Themes = nil; m.Disciplines = []string{"technologie"} }),
			mat("niets-gemeen", func(m *catalog.Material) { m.Themes = nil; m.Disciplines = []string{"wiskunde"} }),
		)
		got, err := s.Related(context.Background(), self, 10)
		if err != nil {
			t.Fatal(err)
		}
		if slugsOf(got) != "zelfde-doel,zelfde-thema,zelfde-vak" {
			t.Errorf("Related = %s", slugsOf(got))
		}
	})
}

func TestFallbackSearch(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		mustUpsert(t, s,
			mat("windmolen", day(3), func(m *catalog.Material) {
				m.Title, m.Summary = "Bouw een Windmolen", "Energie uit wind"
				m.Levels, m.Disciplines = []string{"secundair"}, []string{"technologie"}
			}),
			mat("zonnepaneel", day(2), func(m *catalog.Material) {
				m.Title, m.Summary = "Zonnepanelen meten", "Rendement in 100% zon"
				m.Levels, m.Disciplines = []string{"lager"}, []string{"wetenschappen", "technologie"}
			}),
			mat("breuken", day(1), func(m *catalog.Material) {
				m.Title, m.Summary = "Breuken met pizza", "Wiskunde aan tafel"
				m.Levels, m.Disciplines, m.Hub = []string{"lager"}, []string{"wiskunde"}, "limburg"
			}),
		)
		cases := []struct {
			name    string
			q       string
			filters map[string][]string
			want    string
			total   int
		}{
			{"empty lists all newest first", "", nil, "windmolen,zonnepaneel,breuken", 3},
			{"title word, any case", "WINDMOLEN", nil, "windmolen", 1},
			{"summary word", "tafel", nil, "breuken", 1},
			{"every word must match", "energie pizza", nil, "", 0},
			{"percent is literal", "100%", nil, "zonnepaneel", 1},
			{"underscore is literal", "_", nil, "", 0},
			{"OR within a field", "", map[string][]string{"levels": {"secundair", "lager"}}, "windmolen,zonnepaneel,breuken", 3},
			{"AND across fields", "", map[string][]string{"levels": {"lager"}, "disciplines": {"technologie"}}, "zonnepaneel", 1},
			{"scalar field filter", "", map[string][]string{"hub": {"limburg"}}, "breuken", 1},
			{"text and filter", "meten", map[string][]string{"levels": {"secundair"}}, "", 0},
			{"empty filter values ignored", "", map[string][]string{"levels": {}}, "windmolen,zonnepaneel,breuken", 3},
		}
		for _, tc := range cases {
			res, err := s.FallbackSearch(context.Background(), tc.q, tc.filters, 1, 10)
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if slugsOf(res.Materials) != tc.want || res.Total != tc.total {
				t.Errorf("%s: got %s (total %d), want %s (total %d)", tc.name, slugsOf(res.Materials), res.Total, tc.want, tc.total)
			}
		}
		page2, err := s.FallbackSearch(context.Background(), "", nil, 2, 2)
		if err != nil || slugsOf(page2.Materials) != "breuken" || page2.Total != 3 {
			t.Errorf("page 2: %s total %d %v", slugsOf(page2.Materials), page2.Total, err)
		}
		if _, err := s.FallbackSearch(context.Background(), "", map[string][]string{"x; DROP TABLE materials": {"a"}}, 1, 10); !errors.Is(err, ErrUnknownField) {
			t.Errorf("unknown filter field: %v", err)
		}
	})
}

// Two writers upserting overlapping batches at once must both succeed and
// leave every material's terms matching its stored row.
func TestConcurrentWriters(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const rounds = 5
		var wg sync.WaitGroup
		errs := make(chan error, 2*rounds)
		for w := 0; w < 2; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for r := 0; r < rounds; r++ {
					var batch []catalog.Material
					// Writer 0 writes m0..m29, writer 1 writes m15..m44.
					for i := w * 15; i < w*15+30; i++ {
						level := []string{"lager", "secundair"}[(w+r)%2]
						batch = append(batch, mat(fmt.Sprintf("m%02d", i), func(m *catalog.Material) {
							m.Levels = []string{level}
							m.ContentHash = fmt.Sprintf("w%d-r%d", w, r)
						}))
					}
					if _, err := s.UpsertMaterials(ctx, batch); err != nil {
						errs <- fmt.Errorf("writer %d round %d: %w", w, r, err)
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n, _ := s.Count(ctx); n != 45 {
			t.Errorf("count = %d, want 45", n)
		}
		// Every row's levels must equal its terms, and each material must
		// hold one writer's whole version (not a mix of two).
		var terms []struct{ Slug, Value string }
		s.read.Raw(`SELECT m.slug, t.value FROM material_terms t JOIN materials m ON m.id = t.material_id WHERE t.field = 'levels'`).Scan(&terms)
		termsBySlug := map[string][]string{}
		for _, tr := range terms {
			termsBySlug[tr.Slug] = append(termsBySlug[tr.Slug], tr.Value)
		}
		err := s.All(ctx, 100, func(ms []catalog.Material) error {
			for _, m := range ms {
				if !reflect.DeepEqual(termsBySlug[m.Slug], m.Levels) {
					t.Errorf("%s: row levels %v, terms %v", m.Slug, m.Levels, termsBySlug[m.Slug])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(termsBySlug) != 45 {
			t.Errorf("%d materials have level terms, want 45", len(termsBySlug))
		}
		var outboxSlugs int64
		s.read.Raw("SELECT COUNT(DISTINCT material_slug) FROM outbox").Scan(&outboxSlugs)
		if outboxSlugs != 45 {
			t.Errorf("outbox covers %d materials, want 45", outboxSlugs)
		}
	})
}
