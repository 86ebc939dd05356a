package meili

import (
	"slices"
	"testing"
)

// The forms written beside a word are the ones a teacher types for it.
func TestFormsOfDutchWords(t *testing.T) {
	for word, want := range map[string]string{
		"brug":      "bruggen",   // short vowel: double consonant
		"hefboom":   "hefbomen",  // long vowel written single in an open syllable
		"sensor":    "sensoren",  // plain -en
		"formule":   "formules",  // -s after -e
		"brief":     "brieven",   // f → v
		"huis":      "huizen",    // s → z
		"computer":  "computers", // -s after -er
		"metingen":  "meting",    // the Snowball stem, back to the singular
		"windmolen": "windmol",   // the stem Bleve indexes
	} {
		if got := formsOf(word); !slices.Contains(got, want) {
			t.Errorf("formsOf(%q) = %v, mist %q", word, got, want)
		}
	}
	for _, word := range []string{"06.43", "co2", "les", "zonnepanelen"} {
		if got := formsOf(word); word != "zonnepanelen" && len(got) > 0 || slices.Contains(got, word+"en") {
			t.Errorf("formsOf(%q) = %v, verwacht geen meervoud (code, kort woord of al een meervoud)", word, got)
		}
	}
	// A form that is also written in the text is not repeated.
	if got := splitSpace(wordForms([]string{"De brug en de bruggen"})); slices.Contains(got, "bruggen") || !slices.Contains(got, "brugg") {
		t.Errorf("wordForms = %v: zonder het geschreven \"bruggen\", met de stam \"brugg\"", got)
	}
}

func splitSpace(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}
