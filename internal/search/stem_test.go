package search

import "testing"

// Stem is the engines' stemmer: two forms of one word share a stem, or one
// stem is the other shortened (the derived forms the Bleve plan adds).
func TestStemIsTheIndexStemmer(t *testing.T) {
	for word, want := range map[string]string{
		"windmolens": "windmolen", "windmolen": "windmol", "hefbomen": "hefbom", "hefboom": "hefbom",
		"zonnepanelen": "zonnepanel", "zonnepaneel": "zonnepanel", "energie": "energie", "metingen": "meting",
	} {
		if got := Stem(word); got != want {
			t.Errorf("Stem(%q) = %q, want %q", word, got, want)
		}
	}
}
