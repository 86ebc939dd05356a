package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	seed "github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
)

func TestGenerateIsDeterministicAndChunkable(t *testing.T) {
	v := DefaultVocab()
	a := Generate(7, 300, v)
	b := Generate(7, 300, v)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different materials")
	}
	chunk := GenerateRange(7, 100, 200, v)
	if !reflect.DeepEqual(chunk, a[100:200]) {
		t.Fatal("a chunk differs from the same range of the whole corpus")
	}
	if other := Generate(8, 300, v); reflect.DeepEqual(other[0], a[0]) {
		t.Fatal("another seed gave the same material")
	}
}

func TestGenerateIsRealistic(t *testing.T) {
	v := DefaultVocab()
	ms := Generate(1, 2000, v)
	slugs := map[string]bool{}
	seen := map[string]map[string]bool{}
	note := func(field string, values ...string) {
		if seen[field] == nil {
			seen[field] = map[string]bool{}
		}
		for _, x := range values {
			seen[field][x] = true
		}
	}
	for _, m := range ms {
		if slugs[m.Slug] {
			t.Fatalf("duplicate slug %q", m.Slug)
		}
		slugs[m.Slug] = true
		if m.Title == "" || m.Summary == "" || len(m.Levels) == 0 || len(m.Disciplines) == 0 || m.License == "" {
			t.Fatalf("%s misses a required field: %+v", m.Slug, m)
		}
		if n := len(strings.Fields(m.Text)); n < 150 || n > 520 {
			t.Errorf("%s: body has %d words, want about 150–400", m.Slug, n)
		}
		if !strings.Contains(m.Body, "\n## ") || !strings.Contains(m.Body, "|---|") {
			t.Errorf("%s: body lacks headings or a table", m.Slug)
		}
		if y := m.Date.Year(); y < 2019 || y > 2026 {
			t.Errorf("%s: date %s outside 2019–2026", m.Slug, m.Date)
		}
		if len(m.Finalities) > 0 && (m.Levels[0] != "secundair" || containsInt(m.Grades, 1)) {
			t.Errorf("%s: finalities %v on %v graad %v", m.Slug, m.Finalities, m.Levels, m.Grades)
		}
		note("levels", m.Levels...)
		note("hub", m.Hub)
		note("network", m.Network)
		note("finalities", m.Finalities...)
		note("disciplines", m.Disciplines...)
		note("type", m.Type)
	}
	for field, want := range map[string][]string{"levels": v.Levels, "hub": v.Hubs, "network": v.Networks,
		"finalities": v.Finalities, "disciplines": v.Disciplines, "type": v.Types} {
		if len(seen[field]) != len(want) {
			t.Errorf("%s: %d distinct values in 2000 materials, want all %d", field, len(seen[field]), len(want))
		}
	}
	formulas := 0
	for _, m := range ms {
		if strings.Contains(m.Body, "$") {
			formulas++
		}
	}
	if formulas == 0 || formulas == len(ms) {
		t.Errorf("%d of %d bodies hold a formula; want some", formulas, len(ms))
	}
}

func TestWriteFolder(t *testing.T) {
	dir := t.TempDir()
	ms := Generate(3, 20, DefaultVocab())
	if err := WriteFolder(dir, ms); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		raw, err := os.ReadFile(filepath.Join(dir, m.Network, m.Slug+".md"))
		if err != nil {
			t.Fatal(err)
		}
		parts := bytes.SplitN(raw, []byte("\n---\n"), 2)
		if len(parts) != 2 || !bytes.HasPrefix(parts[0], []byte("---\n")) {
			t.Fatalf("%s: no front matter", m.Slug)
		}
		var front struct {
			catalog.Material `yaml:",inline"`
			Date             string `yaml:"date"`
		}
		if err := yaml.Unmarshal(parts[0][4:], &front); err != nil {
			t.Fatalf("%s: %v", m.Slug, err)
		}
		if front.Title != m.Title || front.Date != m.Date.Format("2006-01-02") || !sameStrings(front.Goals, m.Goals) ||
			front.Hub != m.Hub || !reflect.DeepEqual(front.StemKader, m.StemKader) {
			t.Errorf("%s: front matter does not round-trip: %+v", m.Slug, front.Material)
		}
		if strings.TrimSpace(string(parts[1])) != strings.TrimSpace(m.Body) {
			t.Errorf("%s: body differs", m.Slug)
		}
	}
}

func sameStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func BenchmarkGenerate(b *testing.B) {
	v := DefaultVocab()
	for b.Loop() {
		GenerateRange(1, 0, 1000, v)
	}
}

// TestGeneratedMaterialsAreValid keeps the generator in step with the real
// vocabularies: a benchmark corpus that the importer rejects measures nothing.
func TestGeneratedMaterialsAreValid(t *testing.T) {
	vocab, err := catalog.LoadVocabularies(seed.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range Generate(7, 500, DefaultVocab()) {
		if errs := vocab.Validate(&m); len(errs) > 0 {
			t.Fatalf("generated %q is invalid: %v", m.Slug, errs)
		}
	}
}

// TestCorpusCarriesYearsAndQualifiedGrades: the benchmark corpus has
// leerjaren (given and derived, every one of the 17) and counts its graden
// per level, like the seed; a graad is never a bare number.
func TestCorpusCarriesYearsAndQualifiedGrades(t *testing.T) {
	ms := Generate(1, 2000, DefaultVocab())
	given := 0
	years := map[string]bool{}
	for _, m := range ms {
		if len(m.Years) > 0 {
			given++
		}
		f := m.FacetValues()
		for _, y := range f[catalog.FieldYears] {
			years[y] = true
		}
		for _, g := range f[catalog.FieldGrades] {
			if !strings.HasPrefix(g, "lager-") && !strings.HasPrefix(g, "secundair-") {
				t.Fatalf("%s: graad %q without its level", m.Slug, g)
			}
		}
	}
	if given < 100 || given > 1000 {
		t.Errorf("%d of 2000 materials give their leerjaren, want a share of them", given)
	}
	if len(years) != len(catalog.YearIDs()) {
		t.Errorf("leerjaren in the corpus: %d of %d (%v)", len(years), len(catalog.YearIDs()), years)
	}
}
