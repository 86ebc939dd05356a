package meili

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"

	"github.com/stem-kennishub/hub/internal/search"
)

// Meilisearch does not stem Dutch: "bruggen" does not find "brug" (two
// letters away, beyond the typo allowance of a short word), "hefbomen" does
// not find "hefboom". The hub gives it what it lacks at index time: next to
// the text, a document holds the other forms of its words — the Snowball
// stem Bleve indexes ("bruggen" → brug, "hefbomen" → hefbom) and the
// regular Dutch plurals ("brug" → bruggen, "hefboom" → hefbomen, "formule"
// → formules). A query word in any of these forms then matches the word as
// written, and the query itself is sent as typed, so typo tolerance and
// prefix search keep working on it. Forms are extra words in fields of
// their own, weighted below the text they come from.

// maxForms bounds one document's forms field (a long body has many words).
const maxForms = 4000

// wordForms returns the other forms of the words of texts: deduplicated,
// without the words themselves, at most maxForms.
func wordForms(texts ...[]string) string {
	seen := map[string]bool{}
	var words []string
	for _, t := range texts {
		for _, s := range t {
			for _, w := range search.Words(s) {
				if !seen[w] {
					seen[w] = true
					words = append(words, w)
				}
			}
		}
	}
	var out []string
	added := map[string]bool{}
	for _, w := range words {
		for _, f := range formsOf(w) {
			if !seen[f] && !added[f] && len(out) < maxForms {
				added[f] = true
				out = append(out, f)
			}
		}
	}
	return strings.Join(out, " ")
}

// formsOf is a word's Snowball stem and regular plurals (only for words of
// letters, at least four of them: short words and codes stay as written).
func formsOf(w string) []string {
	if utf8.RuneCountInString(w) < 4 || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return nil
	}
	var out []string
	if s := stem(w); s != w && len(s) >= 3 {
		out = append(out, s)
	}
	return append(out, plurals(w)...)
}

// stem is the Dutch Snowball stemmer of Bleve's analyzer.
func stem(word string) string {
	env := snowballstem.NewEnv(word)
	dutch.Stem(env)
	return env.Current()
}

func isVowel(b byte) bool { return strings.IndexByte("aeiouy", b) >= 0 }

// plurals are the regular Dutch plurals of w: -s (or -n) after -e and a
// vowel, -s (or -en) after -el, -em, -er; none after -en (mostly a plural or
// a verb already); otherwise -en, with the spelling rules: a short vowel
// doubles the consonant after it (brug → bruggen), a long vowel written
// double is written single in an open syllable (hefboom → hefbomen), and
// f, s become v, z (brief → brieven). Irregular plurals are simply missed.
func plurals(w string) []string {
	n := len(w)
	last := w[n-1]
	switch {
	case last == 'e', isVowel(last):
		return []string{w + "s", w + "n"}
	case strings.HasSuffix(w, "en"):
		return nil // mostly a plural or a verb already
	case strings.HasSuffix(w, "el"), strings.HasSuffix(w, "em"), strings.HasSuffix(w, "er"):
		return []string{w + "s", w + "en"}
	}
	out := []string{w + "en"}
	prev := w[n-2]
	switch {
	case isVowel(prev) && n >= 3 && w[n-3] == prev && prev != 'i' && prev != 'u' || prev == 'e' && w[n-3] == 'e':
		// boom → bomen, maan → manen, been → benen
		out = append(out, w[:n-2]+voiced(last)+"en")
	case isVowel(prev) && (n < 3 || !isVowel(w[n-3])) && last != 'w' && last != 'x':
		// brug → bruggen, bel → bellen (a short vowel)
		out = append(out, w+string(last)+"en")
	default:
		if v := voiced(last); v != string(last) {
			out = append(out, w[:n-1]+v+"en") // brief → brieven, huis → huizen
		}
	}
	return slices.Compact(out)
}

func voiced(b byte) string {
	switch b {
	case 'f':
		return "v"
	case 's':
		return "z"
	}
	return string(b)
}
