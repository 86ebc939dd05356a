package catalog_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stem-kennishub/hub/content"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// taxonomyWith returns the real taxonomy with some files replaced (an
// empty body removes the file).
func taxonomyWith(t *testing.T, replace map[string]string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	files, err := fs.Glob(content.FS, "taxonomy/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := fs.ReadFile(content.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		m[f] = &fstest.MapFile{Data: data}
	}
	for name, body := range replace {
		if body == "" {
			delete(m, name)
			continue
		}
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name    string
		replace map[string]string
		want    []string // substrings of the error
	}{
		{"bad YAML syntax", map[string]string{"taxonomy/levels.yaml": "field: levels\nlabel: Niveau\nterms:\n  - id: kleuter\n   label: x\n"},
			[]string{"taxonomy/levels.yaml:3: ongeldige YAML: did not find expected '-' indicator"}},
		{"unknown key (a typo)", map[string]string{"taxonomy/language.yaml": "field: language\nlabel: Taal\nterms:\n  - id: nl\n    lable: Nederlands\n"},
			[]string{"taxonomy/language.yaml:5: field lable not found"}},
		{"duplicate id", map[string]string{"taxonomy/language.yaml": "field: language\nlabel: Taal\nterms:\n  - id: nl\n    label: Nederlands\n  - id: nl\n    label: Vlaams\n"},
			[]string{`taxonomy/language.yaml:6: id "nl" komt twee keer voor`}},
		{"alias clashes with another term", map[string]string{"taxonomy/language.yaml": "field: language\nlabel: Taal\nterms:\n  - id: nl\n    label: Nederlands\n  - id: en\n    label: Engels\n    aliases: [NL]\n"},
			[]string{`taxonomy/language.yaml:6: "NL" van term "en" botst met term "nl"`}},
		{"missing label", map[string]string{"taxonomy/language.yaml": "field: language\nlabel: Taal\nterms:\n  - id: nl\n"},
			[]string{`taxonomy/language.yaml:4: term "nl": label ontbreekt`}},
		{"non-numeric STEM-kader dimension", map[string]string{"taxonomy/stem_kader.yaml": "field: stem_kader\nlabel: STEM-kader\nterms:\n  - id: een\n    label: Probleemgericht\n"},
			[]string{`taxonomy/stem_kader.yaml:4: id "een" is geen getal`}},
		{"group of an unknown term", map[string]string{"taxonomy/grades.yaml": "field: grades\nlabel: Graad\nterms:\n  - id: lager-1\n    label: 1ste graad lager\ngroups:\n  - id: \"1\"\n    label: 1ste graad\n    terms: [lager-1, secundair-1]\n"},
			[]string{`taxonomy/grades.yaml:7: groep "1": term "secundair-1" bestaat niet`}},
		{"group alias clashes with a term", map[string]string{"taxonomy/grades.yaml": "field: grades\nlabel: Graad\nterms:\n  - id: lager-1\n    label: 1ste graad lager\n    aliases: [1ste graad]\ngroups:\n  - id: \"1\"\n    label: 1ste graad\n    aliases: [1ste graad]\n    terms: [lager-1]\n"},
			[]string{`taxonomy/grades.yaml:8: "1ste graad" van groep "1" botst met "lager-1"`}},
		{"unknown field", map[string]string{"taxonomy/extra.yaml": "field: kleuren\nlabel: Kleur\nterms:\n  - id: rood\n    label: Rood\n"},
			[]string{`taxonomy/extra.yaml:1: onbekend veld "kleuren"`}},
		{"field twice", map[string]string{"taxonomy/extra.yaml": "field: levels\nlabel: Niveau\nterms:\n  - id: x\n    label: X\n"},
			[]string{`veld "levels" staat al in taxonomy/extra.yaml`, "taxonomy/levels.yaml:4:"}},
		{"missing vocabulary", map[string]string{"taxonomy/hub.yaml": ""},
			[]string{`vocabularium "hub" ontbreekt`}},
		{"goal id not set:code", map[string]string{"taxonomy/goals_extra.yaml": "goals:\n  - id: X:1\n    set: Y\n    code: \"1\"\n    text: t\n    level: lager\n"},
			[]string{`taxonomy/goals_extra.yaml:2: doel "X:1": id moet set:code zijn (Y:1)`}},
		{"duplicate goal across files", map[string]string{"taxonomy/goals_extra.yaml": "goals:\n  - id: SO_1STE_GRAAD_V2_1:06.43\n    set: SO_1STE_GRAAD_V2_1\n    code: \"06.43\"\n    text: t\n    level: secundair\n"},
			[]string{"taxonomy/goals_so_v2_1.yaml:", `doel "SO_1STE_GRAAD_V2_1:06.43" komt twee keer voor (ook in taxonomy/goals_extra.yaml)`}},
		{"goal with unknown level", map[string]string{"taxonomy/goals_extra.yaml": "goals:\n  - id: X:1\n    set: X\n    code: \"1\"\n    text: t\n    level: universiteit\n"},
			[]string{`taxonomy/goals_extra.yaml: doel "X:1": level "universiteit" bestaat niet`}},
		{"wrong type", map[string]string{"taxonomy/goals_extra.yaml": "goals:\n  - id: X:1\n    set: X\n    code: \"1\"\n    text: t\n    level: lager\n    grade: twee\n"},
			[]string{"taxonomy/goals_extra.yaml:7: cannot unmarshal"}},
		{"empty file", map[string]string{"taxonomy/extra.yaml": "# alleen commentaar\n"},
			[]string{"taxonomy/extra.yaml: bestand is leeg"}},
		{"one-word synonym group", map[string]string{"taxonomy/synonyms.yaml": "synonyms:\n  - [aso, doorstroom]\n  - [alleen]\n"},
			[]string{"taxonomy/synonyms.yaml:3: een synoniemgroep heeft minstens twee woorden nodig"}},
		{"several problems at once", map[string]string{
			"taxonomy/language.yaml": "field: language\nlabel: Taal\nterms:\n  - id: nl\n",
			"taxonomy/sdgs.yaml":     "field: sdgs\nlabel: SDG\nterms:\n  - id: een\n    label: x\n"},
			[]string{"taxonomy/language.yaml:4", "taxonomy/sdgs.yaml:4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := catalog.LoadVocabularies(taxonomyWith(t, tt.replace))
			if err == nil {
				t.Fatalf("loaded without error: %v", v.Fields())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
			var le *catalog.LoadError
			if !errors.As(err, &le) {
				t.Errorf("error is not a *LoadError: %T", err)
			}
		})
	}
}

func TestLoadWithoutTaxonomy(t *testing.T) {
	_, err := catalog.LoadVocabularies(fstest.MapFS{"istem/les.md": {Data: []byte("---\n")}})
	if err == nil || !strings.Contains(err.Error(), "geen vocabularia gevonden") || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v", err)
	}
	if _, err := catalog.LoadVocabularies(nil); err == nil {
		t.Error("nil FS loaded")
	}
}

// A nil *Vocabularies (not loaded) answers without panicking.
func TestNilVocabularies(t *testing.T) {
	var v *catalog.Vocabularies
	if v.Vocabulary(catalog.FieldLevels) != nil || v.Label(catalog.FieldLevels, "lager") != "lager" || len(v.Goals()) != 0 ||
		v.Hubs() != nil || v.Synonyms() != nil || v.StopWords() != nil || v.SuggestTerm(catalog.FieldLevels, "lagr") != "" {
		t.Error("nil vocabularies should be empty")
	}
	if _, ok := v.Goal("X:1"); ok {
		t.Error("nil vocabularies found a goal")
	}
	if errs := v.Validate(&catalog.Material{}); len(errs) == 0 {
		t.Error("nil vocabularies still must report missing title")
	}
}
