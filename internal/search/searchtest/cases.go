package searchtest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

func testUpsertAndCount(t *testing.T, idx search.Index) {
	if n := count(t, idx); n != 25 {
		t.Fatalf("Count = %d after upserting 25", n)
	}
	if err := idx.Upsert(context.Background(), documents()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, idx); n != 25 {
		t.Errorf("Count = %d after upserting the same 25 again; upsert must replace", n)
	}
	if err := idx.Upsert(context.Background(), nil); err != nil {
		t.Errorf("Upsert(nil) = %v", err)
	}
	if err := idx.Health(context.Background()); err != nil {
		t.Errorf("Health = %v", err)
	}
}

func testReplace(t *testing.T, idx search.Index) {
	m := byID()["windmolen-ontwerpen"]
	m.Title, m.Summary, m.Text, m.Keywords, m.Hub = "Zonneoven bouwen", "Koken met zonlicht.", "Een zonneoven van karton en folie.", nil, "brussel"
	if err := idx.Upsert(context.Background(), []search.Document{search.DocumentFrom(m)}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, idx); n != 25 {
		t.Errorf("Count = %d after replacing one document", n)
	}
	findsID(t, idx, "zonneoven", "windmolen-ontwerpen")
	if got := ids(run(t, idx, search.Query{Text: "windmolen"})); slices.Contains(got, "windmolen-ontwerpen") {
		t.Errorf("old text still found after replace: %v", got)
	}
	res := run(t, idx, search.Query{Filters: map[string][]string{"hub": {"brussel"}}, Facets: []string{"hub"}})
	if !slices.Contains(ids(res), "windmolen-ontwerpen") || res.Total != 4 {
		t.Errorf("hub=brussel: total %d, hits %v; want 4 with the replaced document", res.Total, ids(res))
	}
	if got := res.Facets["hub"]["vlaams-brabant"]; got != 1 {
		t.Errorf("facet hub=vlaams-brabant = %d after moving one of its two documents, want 1", got)
	}
}

func testDelete(t *testing.T, idx search.Index) {
	if err := idx.Delete(context.Background(), []string{"windmolen-ontwerpen", "bestaat-niet"}); err != nil {
		t.Fatalf("Delete with an unknown id: %v", err)
	}
	if n := count(t, idx); n != 24 {
		t.Errorf("Count = %d after deleting one of 25", n)
	}
	if got := ids(run(t, idx, search.Query{Text: "windmolen"})); slices.Contains(got, "windmolen-ontwerpen") {
		t.Errorf("deleted document still found: %v", got)
	}
	res := run(t, idx, search.Query{Facets: []string{"levels"}})
	if res.Total != 24 || res.Facets["levels"]["secundair"] != 13 {
		t.Errorf("after delete: total %d, secundair %d; want 24 and 13", res.Total, res.Facets["levels"]["secundair"])
	}
	if err := idx.Delete(context.Background(), nil); err != nil {
		t.Errorf("Delete(nil) = %v", err)
	}
}

func testEmptyQuery(t *testing.T, idx search.Index) {
	res := run(t, idx, search.Query{PerPage: 100, Facets: catalog.FacetFields})
	if res.Total != 25 || len(res.Hits) != 25 {
		t.Fatalf("empty query: total %d, %d hits; want all 25", res.Total, len(res.Hits))
	}
	mats := byID()
	for i := 1; i < len(res.Hits); i++ {
		if mats[res.Hits[i-1].ID].Date.Before(mats[res.Hits[i].ID].Date) {
			t.Errorf("empty query not newest first: %s before %s", res.Hits[i-1].ID, res.Hits[i].ID)
		}
	}
	want := map[string]int{"secundair": 14, "lager": 7, "kleuter": 2, "lerarenopleiding": 1, "volwassenen": 1, "buitenschools": 1, "hoger": 1}
	if !reflect.DeepEqual(res.Facets["levels"], want) {
		t.Errorf("levels facet = %v, want %v", res.Facets["levels"], want)
	}
	// Graden per level: bruggen-bouwen (lager and secundair, grades 3 and 1)
	// says with its years that it is the 1ste graad secundair only.
	if got := res.Facets["grades"]; got["secundair-1"] != 6 || got["lager-1"] != 1 || got["1"] != 0 {
		t.Errorf("grades facet = %v, want secundair-1 6, lager-1 1 and no bare 1", got)
	}
	if got := res.Facets["language"]; !reflect.DeepEqual(got, map[string]int{"nl": 24, "en": 1}) {
		t.Errorf("language facet = %v", got)
	}
	for _, f := range catalog.FacetFields {
		if len(res.Facets[f]) == 0 {
			t.Errorf("no counts for facet %q", f)
		}
	}
	if res.Facets["goals"]["SO_1STE_GRAAD_V2_1:06.43"] != 2 {
		t.Errorf("goal facet = %v", res.Facets["goals"])
	}
}

func testRelevance(t *testing.T, idx search.Index) {
	got := ids(run(t, idx, search.Query{Text: "zonnepaneel"}))
	title, body := slices.Index(got, "zonnepanelen-schooldak"), slices.Index(got, "energie-thuis")
	if title < 0 || body < 0 || title > body {
		t.Errorf("zonnepaneel: title hit at %d, body-only hit at %d (%v); the title hit must rank first", title, body, got)
	}
	if got := ids(run(t, idx, search.Query{Text: "elektromotor"})); len(got) == 0 || got[0] != "video-elektromotor" {
		t.Errorf("elektromotor: first hit %v, want video-elektromotor", got)
	}
}

func testStemming(t *testing.T, idx search.Index) {
	findsID(t, idx, "windmolens", "windmolen-ontwerpen") // plural finds singular
	findsID(t, idx, "metingen", "eerste-graad-meten")    // text has "meting"
	findsID(t, idx, "brug", "bruggen-bouwen")            // title has "bruggen"
	findsID(t, idx, "hefboom", "hefbomen")
}

func testTypos(t *testing.T, idx search.Index) {
	findsID(t, idx, "windmoelen", "windmolen-ontwerpen")
	findsID(t, idx, "elektriciteid", "elektrische-kring")
	findsID(t, idx, "fotosyntese", "plantengroei")
	// Short words get no typo allowance, or everything would match.
	if got := ids(run(t, idx, search.Query{Text: "kas"})); slices.Contains(got, "lassen-voor-beginners") {
		t.Errorf("kas matched lassen: short words must not be fuzzy (%v)", got)
	}
}

func testPrefix(t *testing.T, idx search.Index) {
	findsID(t, idx, "wisk", "wiskunde-in-de-keuken")
	findsID(t, idx, "elektr", "elektrische-kring")
	findsID(t, idx, "elektr", "video-elektromotor")
	findsID(t, idx, "bruggen bou", "bruggen-bouwen")
	findsID(t, idx, "fotosynth", "plantengroei")
}

func testAccents(t *testing.T, idx search.Index) {
	findsID(t, idx, "geintegreerd", "geintegreerd-stem-project") // text has "Geïntegreerd"
	findsID(t, idx, "GEÏNTEGREERD", "geintegreerd-stem-project")
	findsID(t, idx, "coördinaten", "drone-coordinaten") // text has "coordinaten"
	findsID(t, idx, "artificiele", "ai-in-de-klas")
}

func testSynonyms(t *testing.T, idx search.Index) {
	findsID(t, idx, "bso", "lassen-voor-beginners") // says "arbeidsmarkt"
	findsID(t, idx, "coderen", "scratch-programmeren")
	findsID(t, idx, "1e graad", "eerste-graad-meten") // says "eerste graad"
	findsID(t, idx, "1e graad", "lerarenopleiding-stem-didactiek")
	findsID(t, idx, "eerste graad", "eerste-graad-meten")
}

func testStopWords(t *testing.T, idx search.Index) {
	plain := run(t, idx, search.Query{Text: "windmolen", PerPage: 100})
	for _, text := range []string{"de windmolen", "een windmolen van het"} {
		got := run(t, idx, search.Query{Text: text, PerPage: 100})
		if got.Total != plain.Total || !reflect.DeepEqual(sorted(ids(got)), sorted(ids(plain))) {
			t.Errorf("%q found %v, want the same as windmolen %v", text, ids(got), ids(plain))
		}
	}
	if got := run(t, idx, search.Query{Text: "de"}); got.Total >= 25 {
		t.Errorf(`"de" matched %d of 25 documents`, got.Total)
	}
}

func testFilters(t *testing.T, idx search.Index) {
	tests := []struct {
		name    string
		text    string
		filters map[string][]string
		want    []string
	}{
		{"OR within a field", "", map[string][]string{"levels": {"kleuter", "hoger"}},
			[]string{"waterfilter", "kleuters-magneten", "hoger-statistiek"}},
		{"AND across fields", "", map[string][]string{"levels": {"secundair", "lager"}, "hub": {"limburg"}},
			[]string{"energie-thuis", "elektrische-kring", "een-lamp-twee-schakelaars"}},
		{"numbers as strings", "", map[string][]string{"sdgs": {"6", "16"}, "grades": {"lager-1", "secundair-2"}},
			[]string{"waterfilter", "veilig-online"}},
		{"goal ids with a colon", "", map[string][]string{"goals": {"SO_1STE_GRAAD_V2_1:06.01"}},
			[]string{"elektrische-kring", "eerste-graad-meten"}},
		{"text and filter", "atelier", map[string][]string{"finalities": {"arbeidsmarkt"}},
			[]string{"lassen-voor-beginners"}},
		{"nothing matches", "", map[string][]string{"hub": {"brussel"}, "levels": {"secundair"}}, nil},
		{"unknown value", "", map[string][]string{"hub": {"gent"}}, nil},
	}
	for _, tt := range tests {
		res := run(t, idx, search.Query{Text: tt.text, Filters: tt.filters, PerPage: 100})
		if !reflect.DeepEqual(sorted(ids(res)), sorted(tt.want)) || res.Total != len(tt.want) {
			t.Errorf("%s: got %d %v, want %v", tt.name, res.Total, ids(res), tt.want)
		}
	}
}

func testFacets(t *testing.T, idx search.Index) {
	q := search.Query{Filters: map[string][]string{"levels": {"secundair"}, "hub": {"antwerpen", "limburg"}},
		Facets: []string{"levels", "hub", "finalities"}}
	res := run(t, idx, q)
	if res.Total != 6 {
		t.Errorf("total = %d, want 6", res.Total)
	}
	want := map[string]map[string]int{
		// levels ignores its own filter: every level within Antwerpen or Limburg.
		"levels": {"secundair": 6, "lager": 3, "buitenschools": 1},
		// hub ignores its own filter: every hub of the secundair materials.
		"hub": {"antwerpen": 4, "limburg": 2, "vlaams-brabant": 2, "west-vlaanderen": 3, "oost-vlaanderen": 1, "vlaanderen": 2},
		// finalities is not filtered: it counts within the 6 results.
		"finalities": {"doorstroom": 2, "arbeidsmarkt": 2},
	}
	if !reflect.DeepEqual(res.Facets, want) {
		t.Errorf("facets = %v\nwant     %v", res.Facets, want)
	}
	// Check every field against a brute-force count, with text and filters.
	q = search.Query{Text: "leerlingen", Filters: map[string][]string{"disciplines": {"technologie", "wiskunde"}, "levels": {"secundair", "lager"}},
		Facets: catalog.FacetFields, PerPage: 100}
	res = run(t, idx, q)
	matched := map[string]bool{}
	for _, id := range ids(run(t, idx, search.Query{Text: q.Text, PerPage: 100})) {
		matched[id] = true
	}
	for _, field := range catalog.FacetFields {
		want := map[string]int{}
		for _, m := range corpus() {
			d := search.DocumentFrom(m)
			if !matched[d.ID] || !passes(d, q.Filters, field) {
				continue
			}
			for _, v := range d.Facets[field] {
				want[v]++
			}
		}
		got := res.Facets[field]
		if got == nil {
			got = map[string]int{}
		}
		if !maps.Equal(got, want) {
			t.Errorf("facet %s = %v, want %v", field, got, want)
		}
	}
	if len(matched) < 5 || res.Total == 0 || res.Total == len(matched) {
		t.Errorf("weak check: %d text matches, %d after filters", len(matched), res.Total)
	}
}

// passes reports whether d meets all filters except the one on skip.
func passes(d search.Document, filters map[string][]string, skip string) bool {
	for field, values := range filters {
		if field == skip {
			continue
		}
		ok := false
		for _, v := range values {
			ok = ok || slices.Contains(d.Facets[field], v)
		}
		if !ok {
			return false
		}
	}
	return true
}

func testSort(t *testing.T, idx search.Index) {
	got := ids(run(t, idx, search.Query{Sort: search.SortNewest, PerPage: 3}))
	if want := []string{"ai-in-de-klas", "veilig-online", "geintegreerd-stem-project"}; !reflect.DeepEqual(got, want) {
		t.Errorf("newest = %v, want %v", got, want)
	}
	got = ids(run(t, idx, search.Query{Text: "leerlingen", Sort: search.SortNewest, PerPage: 100}))
	mats := byID()
	for i := 1; i < len(got); i++ {
		if mats[got[i-1]].Date.Before(mats[got[i]].Date) {
			t.Errorf("text query sorted newest: %s before %s", got[i-1], got[i])
		}
	}
	titles := func(res search.Result) []string {
		var out []string
		for _, id := range ids(res) {
			out = append(out, mats[id].Title)
		}
		return out
	}
	want := []string{"Artificiële intelligentie in de klas", "Bruggen bouwen met spaghetti", "Build a paper bridge",
		"De elektrische kring", "Een drone sturen met coordinaten", "Één lamp, twee schakelaars", "Een waterfilter maken",
		"Energie thuis besparen", "Geïntegreerd STEM-project: de klimaatkast", "Groeien planten sneller met licht?",
		"Hefbomen in het dagelijks leven", "Lassen voor beginners", "Magneten ontdekken", "micro:bit als thermometer",
		"Nauwkeurig meten"}
	if got := titles(run(t, idx, search.Query{Sort: search.SortTitle, PerPage: 15})); !reflect.DeepEqual(got, want) {
		t.Errorf("title order (case and accents ignored):\n got %q\nwant %q", got, want)
	}
	last := titles(run(t, idx, search.Query{Sort: search.SortTitle, PerPage: 5, Page: 5}))
	if !reflect.DeepEqual(last, []string{"Video: zo werkt een elektromotor", "Waterraketten lanceren", "Windmolen ontwerpen", "Wiskunde in de keuken", "Zonnepanelen op het schooldak"}) {
		t.Errorf("last title page = %q", last)
	}
}

func testPagination(t *testing.T, idx search.Index) {
	for _, q := range []search.Query{{PerPage: 10}, {Text: "leerlingen", PerPage: 3}, {Sort: search.SortTitle, PerPage: 7}} {
		seen := map[string]bool{}
		first := run(t, idx, q)
		for page := 1; ; page++ {
			q.Page = page
			res := run(t, idx, q)
			if res.Total != first.Total {
				t.Errorf("%+v: total %d on page %d, %d on page 1", q, res.Total, page, first.Total)
			}
			if len(res.Hits) == 0 {
				break
			}
			for _, id := range ids(res) {
				if seen[id] {
					t.Errorf("%+v: %s appears on two pages", q, id)
				}
				seen[id] = true
			}
			if page > 30 {
				t.Fatal("pagination never ends")
			}
		}
		if len(seen) != first.Total || first.Total == 0 {
			t.Errorf("%+v: %d distinct hits over all pages, total %d", q, len(seen), first.Total)
		}
	}
	if res := run(t, idx, search.Query{PerPage: 10, Page: 4}); len(res.Hits) != 0 || res.Total != 25 {
		t.Errorf("page beyond the end: %d hits, total %d; want 0 and 25", len(res.Hits), res.Total)
	}
}

func testHighlights(t *testing.T, idx search.Index) {
	res := run(t, idx, search.Query{Text: "hackers", Highlight: true})
	if len(res.Hits) == 0 || res.Hits[0].ID != "veilig-online" {
		t.Fatalf("hackers: %v", ids(res))
	}
	h := res.Hits[0].Highlight
	if !strings.Contains(h["title"], "<mark>hackers</mark>") || !strings.Contains(h["title"], "&lt;script&gt;") || strings.Contains(h["title"], "<script>") {
		t.Errorf("title highlight not marked or not escaped: %q", h["title"])
	}
	if !strings.Contains(h["summary"], "<mark>hackers</mark>") || strings.Contains(h["summary"], "<b>") || !strings.Contains(h["summary"], "&amp;") {
		t.Errorf("summary highlight not marked or not escaped: %q", h["summary"])
	}
	res = run(t, idx, search.Query{Text: "windmoelen", Highlight: true})
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Highlight["title"], "<mark>Windmolen</mark>") {
		t.Errorf("typo highlight: %+v", res.Hits)
	}
	res = run(t, idx, search.Query{Text: "hackers"})
	if len(res.Hits) > 0 && res.Hits[0].Highlight["title"] != "" {
		t.Errorf("highlight returned though not asked: %v", res.Hits[0].Highlight)
	}
}

func testAwkwardValues(t *testing.T, idx search.Index) {
	for value, want := range map[string][]string{
		`Wiskunde "plus"`:   {"buitenschools-raket"},
		"Wiskunde":          {"wiskunde-in-de-keuken", "drone-coordinaten", "volwassenen-rekenen"},
		"Natuur & Techniek": {"buitenschools-raket"},
		"Techniek":          {"windmolen-ontwerpen", "elektrische-kring", "bruggen-bouwen", "english-bridge"},
		"AND":               {"hoger-statistiek"},
		"OR TO":             {"hoger-statistiek"},
		"OR":                nil,
		"a:b":               {"hoger-statistiek"},
		"Wereldoriëntatie":  {"energie-thuis", "waterfilter", "kleuters-magneten", "plantengroei"},
		`"`:                 nil,
		`\`:                 nil,
		"*":                 nil,
	} {
		res := run(t, idx, search.Query{Filters: map[string][]string{"subjects": {value}}, Facets: []string{"subjects"}, PerPage: 100})
		if !reflect.DeepEqual(sorted(ids(res)), sorted(want)) {
			t.Errorf("subjects=%q: got %v, want %v", value, ids(res), want)
		}
	}
	t.Run("Counts", func(t *testing.T) {
		skipUnless(t, idx, search.FeatureFacets)
		res := run(t, idx, search.Query{Facets: []string{"subjects"}})
		if res.Facets["subjects"][`Wiskunde "plus"`] != 1 || res.Facets["subjects"]["OR TO"] != 1 || res.Facets["subjects"]["Wiskunde"] != 3 {
			t.Errorf("awkward facet values miscounted: %v", res.Facets["subjects"])
		}
	})
	// Query text with syntax of every engine is just text.
	for _, text := range []string{`"`, `windmolen AND`, `title:windmolen`, `a OR b`, `*`, `(`, `\`, `-`, `~2`, `<script>`} {
		q := search.Query{Text: text}
		if err := q.Normalize(); err != nil {
			t.Fatal(err)
		}
		if _, err := idx.Search(context.Background(), q); err != nil {
			t.Errorf("search %q: %v", text, err)
		}
	}
}

func testRebuild(t *testing.T, idx search.Index) {
	ctx := context.Background()
	docs := documents()
	failure := errors.New("database weg")
	err := idx.Rebuild(ctx, func(emit func([]search.Document) error) error {
		if err := emit(docs[:3]); err != nil {
			return err
		}
		return failure
	})
	if !errors.Is(err, failure) {
		t.Errorf("Rebuild with a failing source = %v, want it wrapped", err)
	}
	if n := count(t, idx); n != 25 {
		t.Fatalf("failed rebuild changed the index: Count = %d", n)
	}
	err = idx.Rebuild(ctx, func(emit func([]search.Document) error) error {
		// Search keeps answering from the old content while rebuilding.
		if res := run(t, idx, search.Query{}); res.Total != 25 {
			t.Errorf("during rebuild: total %d, want the old 25", res.Total)
		}
		if err := emit(docs[:6]); err != nil {
			return err
		}
		return emit(docs[6:10])
	})
	if err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	if n := count(t, idx); n != 10 {
		t.Errorf("Count = %d after rebuilding with 10", n)
	}
	if got := ids(run(t, idx, search.Query{Text: "hefbomen"})); len(got) != 0 {
		t.Errorf("a document not emitted survived the rebuild: %v", got)
	}
	if res := run(t, idx, search.Query{Facets: []string{"levels"}}); res.Total != 10 || res.Facets["levels"]["kleuter"] != 0 {
		t.Errorf("after rebuild: total %d, levels %v", res.Total, res.Facets["levels"])
	}
	findsID(t, idx, "windmolen", "windmolen-ontwerpen")
	if err := idx.Upsert(ctx, docs[10:12]); err != nil || count(t, idx) != 12 {
		t.Errorf("upsert after rebuild: %v, count %d", err, count(t, idx))
	}
}

func testConcurrent(t *testing.T, idx search.Index) {
	ctx := context.Background()
	docs := documents()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				q := search.Query{Text: []string{"", "windmolen", "elektr", "leerlingen"}[i%4], Facets: catalog.FacetFields, Highlight: true}
				if err := q.Normalize(); err != nil {
					errs <- err
					return
				}
				if _, err := idx.Search(ctx, q); err != nil {
					errs <- fmt.Errorf("search: %w", err)
				}
			}
		}(w)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 10; i++ {
			d := docs[i]
			d.Title += " (herzien)"
			if err := idx.Upsert(ctx, []search.Document{d}); err != nil {
				errs <- fmt.Errorf("upsert: %w", err)
			}
		}
		if err := idx.Delete(ctx, []string{docs[24].ID}); err != nil {
			errs <- fmt.Errorf("delete: %w", err)
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := count(t, idx); n != 24 {
		t.Errorf("Count = %d after concurrent updates, want 24", n)
	}
}

func testClose(t *testing.T, idx search.Index) {
	if err := idx.Upsert(context.Background(), documents()[:2]); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := idx.Count(context.Background()); err == nil {
		t.Error("Count after Close returned no error")
	}
	q := search.Query{}
	_ = q.Normalize()
	if _, err := idx.Search(context.Background(), q); err == nil {
		t.Error("Search after Close returned no error")
	}
	if err := idx.Upsert(context.Background(), documents()[:1]); err == nil {
		t.Error("Upsert after Close returned no error")
	}
	_ = idx.Close() // a second Close must not panic
}

// testMetadata: a vak (subject) or vocabulary value that a material carries
// only in its metadata finds it, but below a material that says the word in
// its title.
func testMetadata(t *testing.T, idx search.Index) {
	findsID(t, idx, "mechanica", "lassen-voor-beginners") // only its subject
	findsID(t, idx, "fysica", "zonnepanelen-schooldak")   // only its subject
	findsID(t, idx, "wonen", "een-lamp-twee-schakelaars") // only its theme
	got := ids(run(t, idx, search.Query{Text: "energie", PerPage: 100}))
	title, meta := slices.Index(got, "energie-thuis"), slices.Index(got, "elektrische-kring") // theme energie only
	if title < 0 || meta < 0 || title > meta {
		t.Errorf("energie: title hit at %d, theme-only hit at %d (%v); the title hit must rank first", title, meta, got)
	}
}

// testCompounds: a compound is found from its parts typed apart, and the
// parts from the compound typed whole.
func testCompounds(t *testing.T, idx search.Index) {
	// Typed apart, written joined.
	got := ids(run(t, idx, search.Query{Text: "zonne panelen", PerPage: 100}))
	if len(got) == 0 || got[0] != "zonnepanelen-schooldak" {
		t.Errorf("zonne panelen: first hit %v, want zonnepanelen-schooldak", got)
	}
	findsID(t, idx, "zonne paneel", "energie-thuis") // says "zonnepaneel" in its body
	findsID(t, idx, "metaal sector", "lassen-voor-beginners")
	findsID(t, idx, "stroom kring", "elektrische-kring")
	// Typed joined, written apart ("Energie", keyword "verbruik").
	findsID(t, idx, "energieverbruik", "energie-thuis")
}

// testSeveralWords: documents holding every query word rank first; those
// holding only some still follow instead of vanishing.
func testSeveralWords(t *testing.T, idx search.Index) {
	got := ids(run(t, idx, search.Query{Text: "energie isolatie", PerPage: 100}))
	if len(got) == 0 || got[0] != "energie-thuis" {
		t.Fatalf("energie isolatie: first hit %v, want energie-thuis (the only one with both words)", got)
	}
	if !slices.Contains(got, "zonnepanelen-schooldak") {
		t.Errorf("energie isolatie: %v; zonnepanelen-schooldak (energie only) must follow, not vanish", got)
	}
}

// testDerivedForms: a plural the stemmer does not bring back to the
// singular ("formules", stem "formules", against "formule", stem "formul")
// still finds the singular.
func testDerivedForms(t *testing.T, idx search.Index) {
	findsID(t, idx, "formules", "windmolen-ontwerpen")
	findsID(t, idx, "formules berekenen", "windmolen-ontwerpen")
}

// testGradesPerLevel: a graad is always a value of one level. Ticking the
// 2de graad lager never pulls in the 2de graad secundair (or back), the
// leerjaren follow the graden, and years given decide which graad a
// material for two levels has.
func testGradesPerLevel(t *testing.T, idx search.Index) {
	lager2 := []string{"wiskunde-in-de-keuken", "microbit-thermometer", "plantengroei"}
	secundair2 := []string{"zonnepanelen-schooldak", "geintegreerd-stem-project", "veilig-online",
		"een-lamp-twee-schakelaars", "english-bridge", "video-elektromotor"}
	tests := []struct {
		name    string
		filters map[string][]string
		want    []string
	}{
		{"2de graad lager", map[string][]string{"grades": {"lager-2"}}, lager2},
		{"2de graad secundair", map[string][]string{"grades": {"secundair-2"}}, secundair2},
		{"both ticked", map[string][]string{"grades": {"lager-2", "secundair-2"}}, append(slices.Clone(lager2), secundair2...)},
		{"a bare graad is no value", map[string][]string{"grades": {"2"}}, nil},
		{"leerjaar derived from the graad", map[string][]string{"years": {"lager-3"}}, lager2},
		{"leerjaar given", map[string][]string{"years": {"lager-5"}},
			[]string{"energie-thuis", "scratch-programmeren", "microbit-thermometer", "bruggen-bouwen"}},
		{"years decide the graad per level", map[string][]string{"grades": {"lager-1"}}, []string{"waterfilter"}},
		{"years decide the graad per level (secundair)", map[string][]string{"grades": {"secundair-3"}},
			[]string{"geintegreerd-stem-project", "lassen-voor-beginners", "ai-in-de-klas"}},
	}
	for _, tt := range tests {
		res := run(t, idx, search.Query{Filters: tt.filters, PerPage: 100})
		if !reflect.DeepEqual(sorted(ids(res)), sorted(tt.want)) || res.Total != len(tt.want) {
			t.Errorf("%s: got %d %v, want %v", tt.name, res.Total, ids(res), tt.want)
		}
	}
}

// testGradesPerLevelFacets: the counts within the 2de graad lager name no
// secundair graad, leerjaar or level.
func testGradesPerLevelFacets(t *testing.T, idx search.Index) {
	res := run(t, idx, search.Query{Filters: map[string][]string{"grades": {"lager-2"}}, Facets: []string{"grades", "years", "levels"}})
	want := map[string]map[string]int{
		// grades ignores its own filter: every graad, each with its level.
		"grades": {"lager-1": 1, "lager-2": 3, "lager-3": 4, "secundair-1": 6, "secundair-2": 6, "secundair-3": 3},
		// leerjaren and levels within the 2de graad lager: nothing secundair.
		"years":  {"lager-3": 3, "lager-4": 3, "lager-5": 1, "lager-6": 1},
		"levels": {"lager": 3},
	}
	if !reflect.DeepEqual(res.Facets, want) {
		t.Errorf("facets within the 2de graad lager = %v\nwant %v", res.Facets, want)
	}
}
