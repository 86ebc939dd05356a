package search

import (
	"reflect"
	"testing"
)

// TestOneWaySynonyms: "basisonderwijs => lager onderwijs, kleuteronderwijs"
// lets a search for basisonderwijs find both, while a search for kleuter
// does not find lager onderwijs (or basisonderwijs): a broader word finds
// its parts, a part does not find the whole.
func TestOneWaySynonyms(t *testing.T) {
	s := NewSynonyms([][]string{
		{"basisonderwijs", "bao", "=>", "lager onderwijs", "kleuteronderwijs"},
		{"kleuteronderwijs", "kleuterschool"},
	})
	got := s.Expand(Words("basisonderwijs"))
	want := []Clause{{Words: []string{"basisonderwijs"}, Alternatives: [][]string{{"lager", "onderwijs"}, {"kleuteronderwijs"}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(basisonderwijs) = %+v, want %+v", got, want)
	}
	if got := s.Expand(Words("kleuteronderwijs")); !reflect.DeepEqual(got[0].Alternatives, [][]string{{"kleuterschool"}}) {
		t.Errorf("kleuteronderwijs expands to %v; only its own group, not basisonderwijs", got[0].Alternatives)
	}
	if got := s.Expand(Words("lager onderwijs")); got[0].Alternatives != nil || len(got) != 2 {
		t.Errorf("lager onderwijs expands to %+v; a part does not find the whole", got)
	}
	m := s.Map()
	if _, ok := m["lager onderwijs"]; ok {
		t.Errorf("Map has lager onderwijs → %v", m["lager onderwijs"])
	}
	if !reflect.DeepEqual(m["bao"], []string{"lager onderwijs", "kleuteronderwijs"}) {
		t.Errorf("Map()[bao] = %v", m["bao"])
	}
}
