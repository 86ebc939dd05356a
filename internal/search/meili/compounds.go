package meili

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	meilisearch "github.com/meilisearch/meilisearch-go"

	"github.com/stem-kennishub/hub/internal/search"
)

// Meilisearch joins adjacent query words into a compound by itself ("zonne
// panelen" finds "zonnepanelen"), but it splits a typed compound only into
// two words that stand side by side in a document. "energieverbruik" must
// also find a material with "Energie" in its title and "verbruik" among its
// keywords, as it does in Bleve. So the query is given the hub's own Dutch
// analysis (search.SplitCompound) before it is sent: a long word the index
// does not hold, but that splits into words it does, is replaced by those
// parts. Nothing is lost:
// Meilisearch's own joining still finds the compound written whole.

// minSplitWord is the shortest word worth splitting: two parts of
// search.MinCompoundPart letters.
const minSplitWord = 2 * search.MinCompoundPart

// maxLookups bounds the one look-up request: a 20-letter word has 152
// candidate parts, a 40-letter one over 600. Words past the budget are sent
// as typed.
const maxLookups = 400

// splitCompounds returns text with every compound that splits into known
// words replaced by its parts, or text unchanged when none does (or when the
// look-up fails: splitting only widens a search, so it degrades quietly).
func (ix *Index) splitCompounds(ctx context.Context, text string) string {
	tokens := strings.Fields(text)
	var long []int // indexes of tokens that are one long word
	var words []string
	for i, tok := range tokens {
		w := search.Words(tok)
		if len(w) == 1 && w[0] == search.Fold(tok) && utf8.RuneCountInString(w[0]) >= minSplitWord && !slices.Contains(words, w[0]) {
			long = append(long, i)
			words = append(words, w[0])
		}
	}
	if len(long) == 0 {
		return text
	}
	// First the whole words, in one small request: most typed words are in
	// the index, and a word the index holds whole is left alone —
	// Meilisearch keeps documents that match only some query words (after
	// those with all), so "arbeidsmarkt" sent as "arbeid markt" would also
	// bring every material about "arbeid" (work, in physics). Only the
	// others cost the larger look-up of their parts (about 20 ms for a
	// 15-letter word on a 2-core machine, against 2-3 ms for a search).
	known, err := ix.knownWords(ctx, words)
	if err != nil {
		ix.opts.Logger.Warn("meilisearch: samenstellingen splitsen overgeslagen", "fout", err)
		return text
	}
	var split []int
	var candidates []string
	seen := map[string]bool{}
	for _, i := range long {
		w := search.Fold(tokens[i])
		if known[w] {
			continue
		}
		parts := substrings(w, search.MinCompoundPart)
		if len(candidates)+len(parts) > maxLookups {
			continue
		}
		split = append(split, i)
		for _, part := range parts {
			if !seen[part] {
				seen[part] = true
				candidates = append(candidates, part)
			}
		}
	}
	if len(split) == 0 {
		return text
	}
	if known, err = ix.knownWords(ctx, candidates); err != nil {
		ix.opts.Logger.Warn("meilisearch: samenstellingen splitsen overgeslagen", "fout", err)
		return text
	}
	changed := false
	for _, i := range split {
		if parts := search.SplitCompound(search.Fold(tokens[i]), func(s string) bool { return known[s] }); len(parts) > 1 {
			tokens[i] = strings.Join(parts, " ")
			changed = true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(tokens, " ")
}

// substrings are all parts of word of at least min letters, cut at letter
// boundaries: every string search.SplitCompound may ask about.
func substrings(word string, min int) []string {
	var cuts []int
	for i := range word {
		cuts = append(cuts, i)
	}
	cuts = append(cuts, len(word))
	var out []string
	for a := 0; a < len(cuts); a++ {
		for b := a + min; b < len(cuts); b++ {
			if a == 0 && b == len(cuts)-1 {
				continue // the whole word is not a part of itself
			}
			out = append(out, word[cuts[a]:cuts[b]])
		}
	}
	return out
}

// knownWords asks, in one multi-search, which of words occur as a whole
// word in the live index: each is searched as a phrase (exact: no typos, no
// prefix), counting hits only.
func (ix *Index) knownWords(ctx context.Context, words []string) (map[string]bool, error) {
	queries := make([]*meilisearch.SearchRequest, len(words))
	for i, w := range words {
		queries[i] = &meilisearch.SearchRequest{
			IndexUID:             ix.live,
			Query:                `"` + w + `"`,
			Limit:                1,
			AttributesToRetrieve: []string{attrID},
		}
	}
	resp, err := ix.client.MultiSearchWithContext(ctx, &meilisearch.MultiSearchRequest{Queries: queries})
	if err != nil {
		return nil, classify("meilisearch: woorden opzoeken", err)
	}
	known := map[string]bool{}
	for i, r := range resp.Results {
		if i < len(words) && len(r.Hits) > 0 {
			known[words[i]] = true
		}
	}
	return known, nil
}
