package search

import (
	"os"
	"slices"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func TestUnderstand(t *testing.T) {
	voc, err := catalog.LoadVocabularies(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	u := NewUnderstander(voc)
	type chip struct{ field, value string }
	for _, tt := range []struct {
		text   string
		active map[string][]string
		want   []chip
	}{
		{"bso", nil, []chip{{catalog.FieldFinalities, "arbeidsmarkt"}}},                                                     // a synonym of a value
		{"arbeidsmarktfinaliteit lassen", nil, []chip{{catalog.FieldFinalities, "arbeidsmarkt"}}},                           // a label
		{"eerste graad elektriciteit", nil, []chip{{catalog.FieldGrades, "lager-1"}, {catalog.FieldGrades, "secundair-1"}}}, // a graad without level: both
		{"kleuters magneten", nil, []chip{{catalog.FieldLevels, "kleuter"}}},                                                // a plural
		{"energie", nil, []chip{{catalog.FieldThemes, "energie"}}},
		{"Secundair onderwijs", nil, []chip{{catalog.FieldLevels, "secundair"}}},
		{"energie", map[string][]string{catalog.FieldThemes: {"energie"}}, nil}, // already filtered
		{"windmolen", nil, nil},
		{"", nil, nil},
	} {
		var got []chip
		for _, s := range u.Understand(tt.text, tt.active) {
			got = append(got, chip{s.Field, s.Value})
			if s.Label == "" || s.FieldLabel == "" || s.Words == "" {
				t.Errorf("%q: suggestion %+v lacks a label or the words", tt.text, s)
			}
		}
		if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("Understand(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	var nilU *Understander
	if got := nilU.Understand("bso", nil); got != nil {
		t.Errorf("nil Understander suggested %v", got)
	}
}

// TestUnderstandLevelsAsTeachersWriteThem: leerjaren, graden with their
// level and "basisonderwijs" as Flemish teachers type them become the
// matching filter chips, all of them and in order.
func TestUnderstandLevelsAsTeachersWriteThem(t *testing.T) {
	voc, err := catalog.LoadVocabularies(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	u := NewUnderstander(voc)
	type chip struct{ field, value string }
	years, grades, levels := catalog.FieldYears, catalog.FieldGrades, catalog.FieldLevels
	for _, tt := range []struct {
		text string
		want []chip
	}{
		{"leerjaar 3 water", []chip{{years, "lager-3"}, {catalog.FieldThemes, "water"}}},
		{"3de leerjaar", []chip{{years, "lager-3"}}},
		{"derde leerjaar", []chip{{years, "lager-3"}}},
		{"3e leerjaar", []chip{{years, "lager-3"}}},
		{"L3", []chip{{years, "lager-3"}}},
		{"3e lj proefjes", []chip{{years, "lager-3"}}},
		{"6de leerjaar", []chip{{years, "lager-6"}}},
		{"K2", []chip{{years, "kleuter-2"}}},
		{"instapklas", []chip{{years, "instapklas"}}},
		{"3de jaar secundair", []chip{{years, "secundair-3"}}},
		{"7de specialisatiejaar", []chip{{years, "secundair-7"}}},
		{"2de graad lager", []chip{{grades, "lager-2"}}},
		{"tweede graad secundair energie", []chip{{grades, "secundair-2"}, {catalog.FieldThemes, "energie"}}},
		{"2de graad", []chip{{grades, "lager-2"}, {grades, "secundair-2"}}},
		{"basisonderwijs", []chip{{levels, "kleuter"}, {levels, "lager"}}},
		{"basisschool water", []chip{{levels, "kleuter"}, {levels, "lager"}, {catalog.FieldThemes, "water"}}},
		{"water leerjaar 3-4", []chip{{catalog.FieldThemes, "water"}, {grades, "lager-2"}}},
		{"3de en 4de leerjaar", []chip{{grades, "lager-2"}}},
		// A named level, finality or stream keeps only that level's graad.
		{"secundair 2de graad", []chip{{levels, "secundair"}, {grades, "secundair-2"}}},
		{"3de graad bso", []chip{{grades, "secundair-3"}, {catalog.FieldFinalities, "arbeidsmarkt"}}},
		{"lager onderwijs eerste graad", []chip{{levels, "lager"}, {grades, "lager-1"}}},
	} {
		var got []chip
		for _, s := range u.Understand(tt.text, nil) {
			got = append(got, chip{s.Field, s.Value})
			if s.Label == "" || s.Label == s.Value || s.FieldLabel == "" {
				t.Errorf("%q: suggestion %+v lacks its Dutch labels", tt.text, s)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Understand(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	if s := u.Understand("2de graad", map[string][]string{catalog.FieldLevels: {"lager"}}); len(s) != 1 || s[0].Value != "lager-2" {
		t.Errorf("2de graad with levels=lager ticked: %+v, want only lager-2", s)
	}
	s := u.Understand("2de graad lager", nil)
	if len(s) != 1 || s[0].Label != "2de graad lager onderwijs (leerjaar 3–4)" || s[0].FieldLabel != "Graad" {
		t.Errorf("chip for 2de graad lager: %+v", s)
	}
}
