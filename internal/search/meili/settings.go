package meili

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	meilisearch "github.com/meilisearch/meilisearch-go"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// mappingRevision must change whenever toMeiliDoc changes the shape of the
// documents (a field added, renamed or typed differently): it is part of the
// version hash, so existing indexes are then rebuilt instead of silently
// holding documents of the old shape.
const mappingRevision = "doc-5: id title title_sort summary keywords headings metadata forms body body_forms date(unix s) facets(strings; grades per level, years)"

// Attribute names of the documents this backend indexes.
const (
	attrID        = "id"
	attrTitle     = "title"
	attrTitleSort = "title_sort"
	attrSummary   = "summary"
	attrKeywords  = "keywords"
	attrHeadings  = "headings"
	attrMetadata  = "metadata"
	attrForms     = "forms"      // other forms of the words above (forms.go)
	attrBodyForms = "body_forms" // other forms of the body's words
	attrBody      = "body"
	attrDate      = "date"
)

// searchableInWeightOrder: Meilisearch's "attribute" ranking rule prefers
// matches in earlier attributes, so the order is the weighting.
// Metadata (vak, thema, niveau … as Dutch labels) comes before the body: a
// material tagged "fysica" is a better answer to "fysica" than one that
// mentions it once in passing, but not as good as one with it in its title.
// The forms of a field's words (stems, plurals: forms.go) follow it, so a
// title that says "brug" answers "bruggen" before a body that says it.
var searchableInWeightOrder = []string{attrTitle, attrSummary, attrKeywords, attrHeadings, attrMetadata, attrForms, attrBody, attrBodyForms}

// rankingRules are Meilisearch's defaults with "sort" right after "words":
// an explicit sort (newest, title) orders every material that matches as
// many query words, as in Bleve — not only those tied on typos, proximity
// and attribute. Without a sort parameter the rule does nothing.
// "attribute" comes before "typo": Meilisearch does not stem Dutch, so an
// inflection ("zonnepaneel" for the title's "Zonnepanelen") counts as a
// typo, and a title that says it in the plural must still beat a body that
// says it exactly (contract case TitleOutranksBody).
var rankingRules = []string{"words", "sort", "attribute", "typo", "proximity", "exactness"}

// buildSettings returns the complete settings of a live or build index. Every
// part is spelled out (typo tolerance in full, empty lists as []) so that a
// server whose defaults change does not change our behaviour unnoticed.
func buildSettings(o Options) *meilisearch.Settings {
	stop := normalizeWords(o.StopWords)
	return &meilisearch.Settings{
		SearchableAttributes: slices.Clone(searchableInWeightOrder),
		FilterableAttributes: slices.Clone(catalog.FacetFields),
		SortableAttributes:   []string{attrDate, attrTitleSort},
		RankingRules:         slices.Clone(rankingRules),
		TypoTolerance: &meilisearch.TypoTolerance{
			Enabled: true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{
				OneTypo:  search.OneTypoFrom,
				TwoTypos: search.TwoTyposFrom,
			},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
			// Numbers are codes here (goal "06.43", grade "2", SDG "13"): a
			// typo in one names another thing, not a misspelling.
			DisableOnNumbers: true,
		},
		Synonyms:  expandSynonyms(o.Synonyms),
		StopWords: stop,
		Faceting: &meilisearch.Faceting{
			MaxValuesPerFacet: int64(o.MaxValuesPerFacet),
			SortFacetValuesBy: map[string]meilisearch.SortFacetType{"*": meilisearch.SortFacetTypeAlpha},
		},
		Pagination:     &meilisearch.Pagination{MaxTotalHits: int64(o.MaxTotalHits)},
		SearchCutoffMs: o.SearchCutoff.Milliseconds(),
	}
}

// expandSynonyms turns groups of equivalent terms into Meilisearch's
// directed map (term -> terms it also finds), in every direction, using the
// search package's expander so both backends treat the same terms as
// equivalent (folded, multi-word entries allowed). Values are sorted so the
// settings, and so the version hash, do not depend on map order.
func expandSynonyms(groups [][]string) map[string][]string {
	out := search.NewSynonyms(groups).Map()
	for k := range out {
		slices.Sort(out[k])
	}
	return out
}

// normalizeWords folds (lower-case, no diacritics), trims, drops empties and
// duplicates, sorts.
func normalizeWords(words []string) []string {
	out := []string{}
	for _, w := range words {
		w = search.Fold(strings.Join(strings.Fields(w), " "))
		if w != "" && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// settingsVersion hashes the settings and the document mapping. Any change
// gives a new index name, hence an empty index and a rebuild from the
// database, instead of settings edited under a live index.
func settingsVersion(s *meilisearch.Settings) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("meilisearch: instellingen coderen: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(mappingRevision))
	h.Write([]byte{0})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// liveIndexName is "<prefix>_v<version>".
func liveIndexName(prefix, version string) string {
	return prefix + "_v" + version
}
