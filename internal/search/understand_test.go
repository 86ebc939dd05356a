package search

import (
	"os"
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
		{"bso", nil, []chip{{catalog.FieldFinalities, "arbeidsmarkt"}}},                           // a synonym of a value
		{"arbeidsmarktfinaliteit lassen", nil, []chip{{catalog.FieldFinalities, "arbeidsmarkt"}}}, // a label
		{"eerste graad elektriciteit", nil, []chip{{catalog.FieldGrades, "1"}}},                   // an alias of two words
		{"kleuters magneten", nil, []chip{{catalog.FieldLevels, "kleuter"}}},                      // a plural
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
