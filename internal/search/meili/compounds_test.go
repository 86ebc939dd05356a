package meili

import (
	"slices"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/search"
)

// Every part search.SplitCompound may ask about must be among the words
// looked up, or a real split is missed: the look-up set is checked against
// the questions SplitCompound actually asks, cut at letter boundaries.
func TestSubstringsCoverWhatSplitCompoundAsks(t *testing.T) {
	for _, word := range []string{"energieverbruik", "arbeidsmarktfinaliteit", "zonneënergiecentrale", "luchtkwaliteitsmeter"} {
		have := substrings(word, search.MinCompoundPart)
		// Knowing every first part makes SplitCompound also ask about the
		// middle parts of a three-part split.
		for _, knowsHeads := range []bool{false, true} {
			search.SplitCompound(word, func(part string) bool {
				if !slices.Contains(have, part) {
					t.Errorf("%s: SplitCompound vraagt naar %q, dat niet opgezocht wordt", word, part)
				}
				return knowsHeads && strings.HasPrefix(word, part)
			})
		}
		for _, s := range have {
			if !utf8Valid(s) {
				t.Errorf("%s: deel %q snijdt een letter door", word, s)
			}
		}
	}
}

func utf8Valid(s string) bool {
	for _, r := range s {
		if r == '\uFFFD' {
			return false
		}
	}
	return true
}
