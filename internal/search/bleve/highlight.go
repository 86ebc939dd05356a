package bleve

import (
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// stem applies the same Dutch Snowball stemmer as the index analyzer.
func stem(word string) string {
	env := snowballstem.NewEnv(word)
	dutch.Stem(env)
	return env.Current()
}

// matcher reports whether a folded word of a title or summary is one the
// query matched, by the same rules the index uses: equal stems, a stem
// within the allowed typos, or (last word) a prefix. Highlighting from our
// own rules means the HTML is always ours and always escaped.
func (p plan) matcher(stop map[string]bool) func(string) bool {
	type want struct {
		stem, word string
		fuzzy      int
		prefix     bool
	}
	var wants []want
	for _, alts := range p.clauses {
		for _, alt := range alts {
			for _, t := range alt {
				wants = append(wants, want{stem: stem(t.word), word: t.word, fuzzy: t.fuzzy, prefix: t.prefix})
			}
		}
	}
	return func(word string) bool {
		if stop[word] {
			return false
		}
		s := stem(word)
		for _, w := range wants {
			switch {
			case w.fuzzy >= 0 && s == w.stem:
				return true
			case w.prefix && (strings.HasPrefix(word, w.word) || strings.HasPrefix(s, w.word)):
				return true
			case w.fuzzy > 0 && s != "" && w.stem != "" && s[0] == w.stem[0] && withinEdits(s, w.stem, w.fuzzy):
				return true
			}
		}
		return false
	}
}

// highlight renders title and summary with the matched words marked.
func highlight(title, summary string, match func(string) bool) map[string]string {
	return map[string]string{
		"title":   search.Highlight(title, match),
		"summary": search.Highlight(summary, match),
	}
}

// withinEdits reports whether a and b are at most k edits apart, counted as
// the typo automaton counts them (transpositions included, see
// levenshteinBuilder), so every word the engine matched is marked.
func withinEdits(a, b string, k int) bool { return catalog.EditDistance(a, b, k) <= k }
