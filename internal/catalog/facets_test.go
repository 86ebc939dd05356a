package catalog

import (
	"reflect"
	"testing"
)

// TestFacetValuesCoverEveryFacetField: a field added to FacetFields must be
// mapped here too, or filters on it would find nothing.
func TestFacetValuesCoverEveryFacetField(t *testing.T) {
	m := Material{Type: "les", Levels: []string{"secundair"}, Grades: []int{1}, Years: []string{"secundair-1"}, Streams: []string{"A"},
		Finalities: []string{"doorstroom"}, Disciplines: []string{"wiskunde"}, Subjects: []string{"Wiskunde"},
		Goals: []string{"X:1"}, StemKader: []int{2}, Themes: []string{"energie"}, SDGs: []int{7},
		Inclusion: []string{"ses"}, Network: "istem", Hub: "limburg", License: "CC-BY-4.0", Language: "nl"}
	got := m.FacetValues()
	for _, f := range FacetFields {
		if len(got[f]) != 1 {
			t.Errorf("field %q: %v, want its one value", f, got[f])
		}
	}
	if len(got) != len(FacetFields) {
		t.Errorf("%d fields mapped, FacetFields has %d", len(got), len(FacetFields))
	}
	m = Material{Subjects: []string{" Fysica ", "Fysica", " "}, Levels: []string{"lager"}, Grades: []int{2, 2}}
	want := map[string][]string{FieldSubjects: {"Fysica"}, FieldLevels: {"lager"}, FieldGrades: {"lager-2"}, FieldYears: {"lager-3", "lager-4"}}
	if got := m.FacetValues(); !reflect.DeepEqual(got, want) {
		t.Errorf("trim and repeats: %v, want %v", got, want)
	}
}
