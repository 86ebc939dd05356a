package bleve

import "testing"

// TestHighlightCountsTyposAsTheEngine: the typo automaton is built with
// transpositions (levenshteinBuilder), so "wnidmolen" is one edit from
// "windmolen" when searching; the highlighter must count the same, or a
// found word goes unmarked.
func TestHighlightCountsTyposAsTheEngine(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		k    int
		want bool
	}{
		{"wnidmolen", "windmolen", 1, true}, // one transposition
		{"wnidmloen", "windmolen", 1, false},
		{"wnidmloen", "windmolen", 2, true},
	} {
		if got := withinEdits(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v, want %v (as the engine's automaton)", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}
