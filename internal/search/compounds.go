package search

import (
	"strings"
	"unicode/utf8"
)

// Dutch writes compounds as one word ("zonnepanelen", "stroomkring",
// "waterkwaliteit") where a searcher often types the parts apart, and the
// other way round. Both directions need to know which words exist: the
// splitter below takes that from a dictionary the caller owns (for the
// embedded index: the index's own term dictionary, i.e. every word seen
// standalone in the materials and their vocabulary labels), never from a
// hand list.

// Compound limits: a part shorter than MinCompoundPart letters is too often
// a chance hit ("les" in "lesbos", "bus" in "abusievelijk"); a word shorter
// than twice that cannot hold two parts.
const (
	MinCompoundPart = 4
	maxCompoundPart = 3 // parts per word: "zonne|energie|centrale"
	// maxCompoundWord bounds the work: splitting tries every cut (and
	// every cut of the rest), each a dictionary lookup. Real compounds
	// ("luchtkwaliteitsmeetnetwerk", 26) stay well below it.
	maxCompoundWord = 40
)

// linkings are the Dutch linking sounds between the parts of a compound
// ("arbeid-s-markt", "kind-er-opvang", "pann-en-koek", "zonn-e-…" is part of
// "zonne" itself). A part may end with one; it is then also tried without.
var linkings = []string{"s", "en", "e", "er"}

// SplitCompound splits a folded word into two or three known parts
// ("energieverbruik" → energie, verbruik; "arbeidsmarkt" → arbeid, markt),
// or returns nil when it does not split. known reports whether a part is a
// word of the dictionary. Where several splits exist, the longest first part
// wins: "zonnepanelen" splits as zonne|panelen, not as a shorter first word.
func SplitCompound(word string, known func(string) bool) []string {
	return split(word, known, maxCompoundPart)
}

func split(word string, known func(string) bool, parts int) []string {
	if n := utf8.RuneCountInString(word); parts < 2 || n < 2*MinCompoundPart || n > maxCompoundWord {
		return nil
	}
	// Byte offsets of rune boundaries: a split never cuts a letter.
	var cuts []int
	for i := range word {
		cuts = append(cuts, i)
	}
	for ci := len(cuts) - MinCompoundPart; ci >= MinCompoundPart; ci-- {
		left, right := word[:cuts[ci]], word[cuts[ci]:]
		head := knownPart(left, known)
		if head == "" {
			continue
		}
		if known(right) {
			return []string{head, right}
		}
		if rest := split(right, known, parts-1); rest != nil {
			return append([]string{head}, rest...)
		}
	}
	return nil
}

// knownPart returns left if it is a word, or left without a linking sound
// if that is one (at least MinCompoundPart letters either way), else "".
func knownPart(left string, known func(string) bool) string {
	if known(left) {
		return left
	}
	for _, l := range linkings {
		if len(left) > len(l) && left[len(left)-len(l):] == l {
			if stem := left[:len(left)-len(l)]; utf8.RuneCountInString(stem) >= MinCompoundPart && known(stem) {
				return stem
			}
		}
	}
	return ""
}

// MaxJoinedWords is the longest run of adjacent query words tried as one
// compound ("lucht kwaliteits meter" → "luchtkwaliteitsmeter").
const MaxJoinedWords = 3

// JoinedForms are the ways adjacent query words may be written as one
// compound: plainly joined ("stroom kring" → "stroomkring") or with a
// linking s between parts ("arbeid markt" → "arbeidsmarkt"). Callers keep
// the forms their dictionary knows.
func JoinedForms(words ...string) []string {
	forms := []string{""}
	for i, w := range words {
		var next []string
		for _, f := range forms {
			next = append(next, f+w)
			if i < len(words)-1 && !strings.HasSuffix(w, "s") { // "kwaliteits" has its s already
				next = append(next, f+w+"s")
			}
		}
		forms = next
	}
	return forms
}
