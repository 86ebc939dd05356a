package bleve

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/stem-kennishub/hub/internal/corpus"

	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/searchtest"
)

var testOptions = Options{Synonyms: searchtest.Synonyms, StopWords: searchtest.StopWords}

func TestContract(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) search.Index {
		ix, err := Open(t.TempDir(), testOptions)
		if err != nil {
			t.Fatal(err)
		}
		return ix
	})
}

func seedDocs() []search.Document {
	ms := corpus.Generate(5, 300, corpus.DefaultVocab())
	docs := make([]search.Document, len(ms))
	for i, m := range ms {
		docs[i] = search.DocumentFrom(m)
	}
	return docs
}

func TestReopenKeepsDataAndVersionedDir(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if !ix.NeedsRebuild() {
		t.Error("a new index must report NeedsRebuild")
	}
	if !strings.HasPrefix(ix.Dir(), filepath.Join(dir, "bleve-v"+strconv.Itoa(indexVersion), "gen-")) {
		t.Errorf("index dir %q is not versioned", ix.Dir())
	}
	docs := seedDocs()
	ctx := context.Background()
	for i := 0; i < len(docs); i += 50 { // several batches: several segments
		if err := ix.Upsert(ctx, docs[i:i+50]); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Delete(ctx, []string{docs[0].ID}); err != nil {
		t.Fatal(err)
	}
	q := search.Query{Text: "windmolen", Filters: map[string][]string{"levels": {"secundair"}}, Facets: []string{"hub", "levels"}, PerPage: 100}
	before, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(dir, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.NeedsRebuild() {
		t.Error("reopening an up-to-date index must not ask for a rebuild")
	}
	if n, _ := ix.Count(ctx); n != len(docs)-1 {
		t.Errorf("Count after reopen = %d, want %d", n, len(docs)-1)
	}
	after, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	before.Took, after.Took = 0, 0
	if !reflect.DeepEqual(before, after) || before.Total == 0 {
		t.Errorf("search differs after reopen:\nbefore %+v\nafter  %+v", before, after)
	}
}

func TestNeedsRebuild(t *testing.T) {
	ctx := context.Background()
	t.Run("old version is removed", func(t *testing.T) {
		dir := t.TempDir()
		old := filepath.Join(dir, "bleve-v0", "gen-x")
		if err := os.MkdirAll(old, 0o755); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if !ix.NeedsRebuild() {
			t.Error("want NeedsRebuild")
		}
		if _, err := os.Stat(filepath.Join(dir, "bleve-v0")); !os.IsNotExist(err) {
			t.Errorf("old index version not removed: %v", err)
		}
	})
	t.Run("other stop words", func(t *testing.T) {
		dir := t.TempDir()
		ix, err := Open(dir, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		_ = ix.Upsert(ctx, seedDocs()[:10])
		_ = ix.Close()
		ix, err = Open(dir, Options{StopWords: []string{"de"}})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if !ix.NeedsRebuild() {
			t.Error("changed stop words must ask for a rebuild")
		}
		if n, _ := ix.Count(ctx); n != 10 {
			t.Errorf("the old index must keep answering until rebuilt: Count = %d", n)
		}
		if err := ix.Rebuild(ctx, func(emit func([]search.Document) error) error { return emit(seedDocs()[:3]) }); err != nil {
			t.Fatal(err)
		}
		if ix.NeedsRebuild() {
			t.Error("NeedsRebuild still true after Rebuild")
		}
	})
	t.Run("unreadable index", func(t *testing.T) {
		dir := t.TempDir()
		ix, err := Open(dir, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		live := ix.Dir()
		_ = ix.Close()
		if err := os.RemoveAll(live); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(live, []byte("kapot"), 0o644); err != nil {
			t.Fatal(err)
		}
		ix, err = Open(dir, testOptions)
		if err != nil {
			t.Fatalf("an unreadable index must not stop the hub: %v", err)
		}
		defer ix.Close()
		if !ix.NeedsRebuild() {
			t.Error("want NeedsRebuild")
		}
	})
}

// TestTranslationMatchesBleve checks our document-number translation
// against Bleve's own ExternalID over several segments, deletes and merges.
func TestTranslationMatchesBleve(t *testing.T) {
	ix, err := Open(t.TempDir(), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	docs := seedDocs()
	for i := 0; i < len(docs); i += 30 {
		if err := ix.Upsert(ctx, docs[i:i+30]); err != nil {
			t.Fatal(err)
		}
	}
	_ = ix.Delete(ctx, []string{docs[3].ID, docs[100].ID})
	_ = ix.Upsert(ctx, docs[10:20]) // replaced: old versions deleted in their segments

	g := ix.gen
	adv, _ := g.bleve.Advanced()
	r, _ := adv.Reader()
	defer r.Close()
	snap := r.(*scorch.IndexSnapshot)
	if len(snap.Segments()) < 2 {
		t.Logf("only %d segments; the check is weaker", len(snap.Segments()))
	}
	tr, err := g.segs.translator(snap, g.st.ord)
	if err != nil {
		t.Fatal(err)
	}
	p := parse("leerlingen", ix.synonyms, ix.stop)
	s, err := p.bleveQuery(false).Searcher(ctx, r, ix.mapping, bsearch.SearcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	n := 0
	for dm, err := s.Next(sctx); dm != nil; dm, err = s.Next(sctx) {
		if err != nil {
			t.Fatal(err)
		}
		want, err := r.ExternalID(dm.IndexInternalID)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.st.ids[tr.ord(dm.IndexInternalID.Value())]; got != want {
			t.Fatalf("internal %v: translated to %q, Bleve says %q", dm.IndexInternalID, got, want)
		}
		n++
	}
	if n != len(docs)-2 {
		t.Errorf("%d matches, want %d", n, len(docs)-2)
	}
}

func TestParse(t *testing.T) {
	stop := map[string]bool{"de": true, "het": true}
	syn := search.NewSynonyms([][]string{{"1e graad", "eerste graad"}})
	tests := []struct {
		text string
		want plan
	}{
		{"de windmolen", plan{clauses: [][][]term{{{{word: "windmolen", fuzzy: 2, prefix: true}}}}}},
		{"Windmolen de", plan{clauses: [][][]term{{{{word: "windmolen", fuzzy: 2}}}}}},
		{"kas", plan{clauses: [][][]term{{{{word: "kas", prefix: true}}}}}},
		{"het", plan{clauses: [][][]term{{{{word: "het", prefix: true, fuzzy: -1}}}}}},
		{"de", plan{}},
		{"1e graad", plan{clauses: [][][]term{{
			{{word: "1e"}, {word: "graad", fuzzy: 1, prefix: true}},
			{{word: "eerste"}, {word: "graad"}},
		}}}},
		{"*:() AND", plan{clauses: [][][]term{{{{word: "and", prefix: true}}}}}},
	}
	for _, tt := range tests {
		if got := parse(tt.text, syn, stop); !reflect.DeepEqual(got.clauses, tt.want.clauses) {
			t.Errorf("parse(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestWithinEdits(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		k    int
		want bool
	}{
		{"windmoel", "windmol", 1, true}, {"elektriciteid", "elektriciteit", 1, true},
		{"kas", "las", 0, false}, {"abc", "abcde", 1, false}, {"ïk", "ik", 1, true}, {"", "a", 1, true},
	} {
		if got := withinEdits(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v", tt.a, tt.b, tt.k, got)
		}
	}
}

// TestMatchPathAgreesWithBleve checks the bitmap match path against Bleve's
// own evaluation of the equivalent query (MatchQuery with fuzziness and
// PrefixQuery per field): both must find exactly the same documents.
func TestMatchPathAgreesWithBleve(t *testing.T) {
	ix, err := Open(t.TempDir(), Options{Synonyms: testOptions.Synonyms})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	docs := seedDocs()
	for i := 0; i < len(docs); i += 100 {
		if err := ix.Upsert(ctx, docs[i:i+100]); err != nil {
			t.Fatal(err)
		}
	}
	_ = ix.Delete(ctx, []string{docs[7].ID})
	nonEmpty := 0
	defer func() {
		if nonEmpty < 10 {
			t.Errorf("only %d queries found anything: the comparison proves little", nonEmpty)
		}
	}()
	for _, text := range []string{"windmolen", "windmoelen", "wisk", "elektr", "leerlingen meten", "bso", "1e graad",
		"eerste graad techniek", "batterij zonnepaneel", "geïntegreerd", "de", "het zonne", "coderen", "fotosyntese licht"} {
		p := parse(text, ix.synonyms, ix.stop)
		g := ix.gen
		adv, _ := g.bleve.Advanced()
		r, _ := adv.Reader()
		snap := r.(*scorch.IndexSnapshot)
		tr, err := g.segs.translator(snap, g.st.ord)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		if len(p.clauses) > 0 {
			s, err := p.bleveQuery(false).Searcher(ctx, r, ix.mapping, bsearch.SearcherOptions{})
			if err != nil {
				t.Fatal(err)
			}
			sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
			for dm, err := s.Next(sctx); dm != nil || err != nil; dm, err = s.Next(sctx) {
				if err != nil {
					t.Fatal(err)
				}
				id, _ := r.ExternalID(dm.IndexInternalID)
				want[id] = true
			}
			s.Close()
		}
		got := map[string]bool{}
		if len(p.clauses) > 0 {
			cp, err := p.compile(ix.mapping.AnalyzerNamed(analyzerName))
			if err != nil {
				t.Fatal(err)
			}
			tm, err := cp.match(ctx, snap, tr)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range tm.every.ToArray() { // the conjunction Bleve runs
				got[g.st.ids[o]] = true
			}
		}
		r.Close()
		if len(want) > 0 {
			nonEmpty++
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: match path found %d documents, Bleve %d", text, len(got), len(want))
		}
	}
}

// TestNoDocumentHasEveryWord: rather than nothing, the documents holding
// some of the words are shown, those holding the rarer word first.
func TestNoDocumentHasEveryWord(t *testing.T) {
	ix, err := Open(t.TempDir(), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if err := ix.Upsert(ctx, seedDocs()); err != nil {
		t.Fatal(err)
	}
	plain, _ := ix.Search(ctx, search.Query{Text: "windmolen"})
	mixed, err := ix.Search(ctx, search.Query{Text: "windmolen kwantumfysica"})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Total == 0 || mixed.Total != plain.Total || mixed.Hits[0].ID != plain.Hits[0].ID {
		t.Errorf("fallback: %d hits (first %v), want the %d windmolen hits", mixed.Total, mixed.Hits, plain.Total)
	}
}
