package service_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/bleve"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// thinHub is a Hub on a real store and a real Bleve index holding mats,
// with the hub's own vocabularies and its lexicon loaded.
func thinHub(t *testing.T, st *store.Store, mats []catalog.Material) (*service.Hub, search.Index) {
	t.Helper()
	ctx := context.Background()
	voc, err := catalog.LoadVocabularies(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpsertMaterials(ctx, mats); err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.Open(filepath.Join(t.TempDir(), "index"), bleve.Options{Synonyms: voc.Synonyms(), StopWords: voc.StopWords()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if _, err := service.ReindexWith(ctx, st, idx, voc, nil); err != nil {
		t.Fatal(err)
	}
	h := service.New(st, idx, nil, voc, nil)
	if err := h.LoadLexicon(ctx); err != nil {
		t.Fatal(err)
	}
	return h, idx
}

func graded(slug, title string, grade int) catalog.Material {
	m := material(slug, title)
	m.Grades = []int{grade}
	return m
}

func moveOf(moves []service.WidenMove, kind, field, value string) (service.WidenMove, bool) {
	for _, m := range moves {
		if m.Kind == kind && m.Field == field && m.Value == value {
			return m, true
		}
	}
	return service.WidenMove{}, false
}

// TestThinResultsOfferTheNeighbouringGraad: one waterrad material in the
// 2de graad secundair, three in the 3de: filtered on the 2de graad the
// page is thin and offers "also the 3de graad" (3 more) and dropping the
// graad filter (3 more), never the empty 1ste graad nor a lager graad.
func TestThinResultsOfferTheNeighbouringGraad(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		h, _ := thinHub(t, st, []catalog.Material{
			graded("rad-2", "Waterrad bouwen", 2),
			graded("rad-3a", "Waterrad en rendement", 3), graded("rad-3b", "Waterrad meten", 3), graded("rad-3c", "Een waterrad ontwerpen", 3),
			graded("brug-1", "Bruggen bouwen", 1),
		})
		grade2 := (&catalog.Material{Levels: []string{"secundair"}, Grades: []int{2}}).FacetValues()[catalog.FieldGrades][0]
		grade3 := (&catalog.Material{Levels: []string{"secundair"}, Grades: []int{3}}).FacetValues()[catalog.FieldGrades][0]
		page, err := h.Search(context.Background(), search.Query{Text: "waterrad",
			Filters: map[string][]string{catalog.FieldGrades: {grade2}}, Facets: catalog.FacetFields})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 {
			t.Fatalf("total %d, want 1", page.Total)
		}
		n, ok := moveOf(page.Widen, service.MoveNeighbour, catalog.FieldGrades, grade3)
		if !ok || n.Total != 4 || n.More != 3 {
			t.Errorf("neighbour move %q: %+v (found %v), want total 4, 3 more; moves %+v", grade3, n, ok, page.Widen)
		}
		if got := n.Query.Filters[catalog.FieldGrades]; len(got) != 2 {
			t.Errorf("the neighbour move searches grades %v, want both %s and %s", got, grade2, grade3)
		}
		d, ok := moveOf(page.Widen, service.MoveDropFilter, catalog.FieldGrades, "")
		if !ok || d.Total != 4 || d.More != 3 || len(d.Query.Filters) != 0 || d.Query.Text != "waterrad" {
			t.Errorf("drop-filter move: %+v (found %v), want waterrad without filters, 3 more", d, ok)
		}
		for _, m := range page.Widen {
			if m.Kind == service.MoveNeighbour && m.Value != grade3 {
				t.Errorf("offered neighbour %q, which gives nothing more (or is another level)", m.Value)
			}
		}

		// Enough results: nothing to widen.
		page, err = h.Search(context.Background(), search.Query{Text: "waterrad bruggen", Facets: catalog.FacetFields})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total >= service.ThinResults && len(page.Widen) > 0 {
			t.Errorf("%d results, yet widen moves %+v", page.Total, page.Widen)
		}
	})
}

// TestThinResultsOfferTheNeighbouringLeerjaar: one waterrad material for
// leerjaar 3 of the lager onderwijs, three for leerjaar 4: filtered on
// leerjaar 3 the page offers leerjaar 4 too (3 more), never the empty
// leerjaar 2 nor a leerjaar of another level.
func TestThinResultsOfferTheNeighbouringLeerjaar(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		year := func(slug, title, y string) catalog.Material {
			m := material(slug, title)
			m.Levels, m.Grades, m.Years = []string{"lager"}, nil, []string{y}
			return m
		}
		h, _ := thinHub(t, st, []catalog.Material{
			year("rad-3", "Waterrad bouwen", "lager-3"),
			year("rad-4a", "Waterrad en water", "lager-4"), year("rad-4b", "Waterrad meten", "lager-4"), year("rad-4c", "Een waterrad", "lager-4"),
			year("brug-5", "Bruggen bouwen", "lager-5"),
		})
		page, err := h.Search(context.Background(), search.Query{Text: "waterrad",
			Filters: map[string][]string{catalog.FieldYears: {"lager-3"}}, Facets: catalog.FacetFields})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 {
			t.Fatalf("total %d, want 1", page.Total)
		}
		n, ok := moveOf(page.Widen, service.MoveNeighbour, catalog.FieldYears, "lager-4")
		if !ok || n.Total != 4 || n.More != 3 {
			t.Errorf("neighbour move lager-4: %+v (found %v), want total 4, 3 more; moves %+v", n, ok, page.Widen)
		}
		for _, m := range page.Widen {
			if m.Kind == service.MoveNeighbour && m.Value != "lager-4" {
				t.Errorf("offered neighbour %q, which gives nothing more (or is another level)", m.Value)
			}
		}
	})
}

// TestSpellingFromTheLexiconFollowsNewMaterials: "fotosyntese" is corrected
// only once materials use "fotosynthese"; the lexicon learns it from the
// change log, and the suggestion counts what the corrected search finds.
func TestSpellingFromTheLexiconFollowsNewMaterials(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		h, idx := thinHub(t, st, []catalog.Material{material("brug", "Bruggen bouwen"), material("rad", "Waterrad bouwen")})
		page, err := h.Search(ctx, search.Query{Text: "fotosyntese"})
		if err != nil {
			t.Fatal(err)
		}
		if page.Spelling != nil {
			t.Fatalf("suggestion %+v before any material uses the word", page.Spelling)
		}
		mats := []catalog.Material{material("blad", "Fotosynthese in het blad"), material("licht", "Fotosynthese en licht")}
		if _, err := st.UpsertMaterials(ctx, mats); err != nil {
			t.Fatal(err)
		}
		if _, err := service.ReindexWith(ctx, st, idx, h.Vocab(), nil); err != nil {
			t.Fatal(err)
		}
		// On PostgreSQL the change log shows a write once no older
		// transaction in the cluster is still open (the horizon): other
		// packages' tests share the cluster, so the lexicon may need a few
		// steps before it sees the new words.
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if err := h.StepLexicon(ctx); err != nil {
				t.Fatal(err)
			}
			page, err = h.Search(ctx, search.Query{Text: "fotosyntese"})
			if err != nil {
				t.Fatal(err)
			}
			if page.Spelling != nil || time.Now().After(deadline) {
				break
			}
		}
		if page.Spelling == nil || page.Spelling.Text != "fotosynthese" || page.Spelling.Total != 2 {
			t.Fatalf("spelling %+v, want fotosynthese finding 2", page.Spelling)
		}
		page, err = h.Search(ctx, search.Query{Text: "fotosynthese"})
		if err != nil {
			t.Fatal(err)
		}
		if page.Spelling != nil {
			t.Errorf("the indexed word itself got suggestion %+v", page.Spelling)
		}
	})
}

// TestSpellingOnTheDatabaseFallback: with the engine down, the database
// backend (no typo tolerance: 0 results) still gets "Bedoelde je …?",
// counted by the backend that answered.
func TestSpellingOnTheDatabaseFallback(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		h, idx := thinHub(t, st, []catalog.Material{material("molen", "Windmolen ontwerpen"), material("molen2", "Een windmolen meten")})
		idx.Close() // the engine is down
		page, err := h.Search(context.Background(), search.Query{Text: "windmoelen"})
		if err != nil {
			t.Fatal(err)
		}
		if !page.Degraded || page.Total != 0 {
			t.Fatalf("degraded %v, total %d: want the fallback with 0 results", page.Degraded, page.Total)
		}
		if page.Spelling == nil || page.Spelling.Text != "windmolen" || page.Spelling.Total != 2 {
			t.Errorf("spelling %+v, want windmolen finding 2", page.Spelling)
		}
	})
}
