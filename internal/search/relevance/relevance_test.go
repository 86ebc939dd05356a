package relevance

import (
	"io/fs"
	"math"
	"path"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/corpus"
)

// Known values worked out by hand (gain 2^g−1, discount log2(rank+1)):
// ideal DCG of {a:3, b:2, c:1} = 7 + 3/log2(3) + 1/2 = 9.3928.
func TestNDCGKnownValues(t *testing.T) {
	grades := map[string]int{"a": 3, "b": 2, "c": 1}
	cases := []struct {
		name   string
		ranked []string
		want   float64
	}{
		{"ideaal", []string{"a", "b", "c"}, 1},
		{"ideaal met ruis erna", []string{"a", "b", "c", "x", "y"}, 1},
		{"omgekeerd", []string{"c", "b", "a"}, 0.680606},        // (1 + 3/log2 3 + 7/2) / 9.3928
		{"b en a gewisseld", []string{"b", "a", "c"}, 0.842828}, // (3 + 7/log2 3 + 1/2) / 9.3928
		{"beste op rang 2", []string{"x", "a"}, 0.470202},       // (7/log2 3) / 9.3928
		{"beste op rang 10", []string{"x", "x", "x", "x", "x", "x", "x", "x", "x", "a"}, 0.215426},
		{"beste op rang 11 telt niet", []string{"x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "a"}, 0},
		{"niets gevonden", nil, 0},
	}
	for _, c := range cases {
		if got := NDCG(c.ranked, grades, 10); math.Abs(got-c.want) > 1e-5 {
			t.Errorf("%s: nDCG@10 = %.6f, verwacht %.6f", c.name, got, c.want)
		}
	}
	if got := NDCG([]string{"a"}, map[string]int{}, 10); got != 0 {
		t.Errorf("zonder beoordeelde materialen: nDCG = %v, verwacht 0", got)
	}
}

func TestMisses(t *testing.T) {
	grades := map[string]int{"a": 3, "b": 2, "c": 1}
	got := Misses([]string{"b", "x", "y", "z", "q", "r", "s", "t", "u", "v", "a"}, grades, 10)
	// a is on rank 11, c nowhere: both missing, highest grade first.
	if len(got) != 2 || got[0] != (Miss{"a", 3, 11}) || got[1] != (Miss{"c", 1, 0}) {
		t.Fatalf("Misses = %+v, verwacht a (graad 3, rang 11) en c (graad 1, niet gevonden)", got)
	}

	// 12 equally relevant materials: a top 10 of them misses nothing…
	many := map[string]int{}
	var ranked []string
	for i := range 12 {
		s := string(rune('a' + i))
		many[s] = 2
		ranked = append(ranked, s)
	}
	if got := Misses(ranked, many, 10); len(got) != 0 {
		t.Errorf("top 10 vol relevante materialen: %d gemist, verwacht 0 (%+v)", len(got), got)
	}
	// …but 2 irrelevant ones in it leave 2 slots the set could have filled.
	ranked = append([]string{"x", "y"}, ranked...)
	if got := Misses(ranked, many, 10); len(got) != 2 {
		t.Errorf("2 irrelevante in de top 10: %d gemist, verwacht 2 (%+v)", len(got), got)
	}
}

// seedSlugs lists the slugs of the seed materials embedded in the binary:
// the file name, or the front matter's slug when it gives one.
func seedSlugs(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := fs.WalkDir(seed.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p == "taxonomy" {
			return fs.SkipDir
		}
		if d.IsDir() || path.Ext(p) != ".md" || strings.EqualFold(path.Base(p), "README.md") {
			return nil
		}
		data, err := fs.ReadFile(seed.FS, p)
		if err != nil {
			return err
		}
		slug := strings.TrimSuffix(path.Base(p), ".md")
		if parts := strings.SplitN(string(data), "---", 3); len(parts) == 3 {
			var fm struct {
				Slug string `yaml:"slug"`
			}
			if yaml.Unmarshal([]byte(parts[1]), &fm) == nil && fm.Slug != "" {
				slug = fm.Slug
			}
		}
		out[slug] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJudgedSetIsWellFormed(t *testing.T) {
	js, err := Judged()
	if err != nil {
		t.Fatal(err)
	}
	seedMats := seedSlugs(t)
	if len(seedMats) < 40 {
		t.Fatalf("slechts %d seedmaterialen gevonden; klopt het pad naar content/?", len(seedMats))
	}
	gen := map[string]bool{}
	for _, m := range corpus.Generate(GeneratedSeed, GeneratedN, corpus.DefaultVocab()) {
		gen[m.Slug] = true
	}
	known := func(c, slug string) bool {
		if c == CorpusSeed {
			return seedMats[slug]
		}
		return gen[slug]
	}
	if err := Validate(js, JudgedFile, known); err != nil {
		t.Fatalf("de beoordeelde set is niet in orde:\n%v", err)
	}

	perCorpus, perCat := map[string]int{}, map[string]int{}
	for _, j := range js {
		perCorpus[j.Corpus]++
		perCat[j.Category]++
	}
	if len(js) < 100 || perCorpus[CorpusSeed] < 70 {
		t.Errorf("%d zoekvragen waarvan %d over de seed; issue 10 vraagt er minstens 100, waarvan 70 over de seed", len(js), perCorpus[CorpusSeed])
	}
	for _, c := range Categories {
		if perCat[c] < 10 {
			t.Errorf("categorie %s heeft %d zoekvragen; minstens 10 nodig om iets te zeggen", c, perCat[c])
		}
	}
	if perCorpus[CorpusGenerated] == 0 {
		t.Error("geen zoekvragen over de gegenereerde corpus")
	}
}

// The validator must catch what a person gets wrong when adding a query.
func TestValidateReportsEveryProblemWithLine(t *testing.T) {
	data := []byte(`- q: windmolen
  cat: typo
  corpus: seed
  expect: {windmolen-ontwerpen: 3}
- q: zonne panelen
  cat: samenstelling
  corpus: seed
  expect: {zonnepaneel: 4}
- q: windmolen
  cat: typo
  corpus: seed
  expect: {windmolen-ontwerpen: 3}
- q: brug
  cat: plural
  corpus: seed
  expect: {}
`)
	js, err := Parse(data, "j.yaml")
	if err != nil {
		t.Fatal(err)
	}
	known := func(_, slug string) bool { return slug == "windmolen-ontwerpen" }
	err = Validate(js, "j.yaml", known)
	if err == nil {
		t.Fatal("geen fout voor een set met vijf problemen")
	}
	for _, want := range []string{
		`j.yaml:5: onbekende categorie "samenstelling"`,
		`j.yaml:5: graad 4 voor "zonnepaneel"`,
		`j.yaml:5: "zonnepaneel" is geen materiaal van de corpus "seed"`,
		`j.yaml:9: "windmolen" staat er al op regel 1`,
		`j.yaml:13: "brug" verwacht geen enkel materiaal`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("fout mist %q:\n%v", want, err)
		}
	}

	// A misspelt key would silently drop a filter: refused with its line.
	_, err = Parse([]byte("- q: energie\n  cat: level\n  corpus: seed\n  filter: {levels: [lager]}\n  expect: {a: 3}\n"), "k.yaml")
	if err == nil || !strings.Contains(err.Error(), `k.yaml:4: onbekend veld "filter"`) {
		t.Errorf("onbekend veld: fout = %v, verwacht k.yaml:4 met \"filter\"", err)
	}
}
