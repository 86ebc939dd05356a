package bleve

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/stem-kennishub/hub/internal/search"
)

// indexVersion names the index directory (dir/bleve-v2). Bump it whenever
// the mapping, the analyzer or the stored-field layout changes: Open then
// starts an empty index and NeedsRebuild tells the service to reindex.
// v2: the metadata field (subjects and vocabulary labels as text).
// v3: graden per level ("lager-2") and leerjaren (years) in facets and metadata.
const indexVersion = 3

const (
	analyzerName = "nl_hub"
	stopMapName  = "nl_hub_stop_words"
	stopFilter   = "nl_hub_stop"

	// Stored-only fields that let Open rebuild the in-memory facet index
	// without a sidecar file.
	fieldDate   = "_date"
	fieldFacets = "_facets"
)

// textFields are the searched fields with their weight: the title weighs
// most, then keywords, summary, metadata (vak and vocabulary labels),
// headings and body. Metadata weighs less than the title and keywords: a
// material tagged "fysica" answers "fysica", one titled so answers better.
var textFields = []struct {
	name  string
	boost float64
}{
	{"title", 6}, {"keywords", 3}, {"summary", 2}, {"metadata", 2}, {"headings", 1.5}, {"body", 1},
}

// prefixFields get the as-you-type prefix match. Not the body: a short
// prefix there expands to thousands of terms and slows every keystroke for
// matches a person would not pick from a suggestion list anyway.
var prefixFields = map[string]bool{"title": true, "keywords": true, "summary": true}

// newMapping builds the Dutch analysis: Unicode word segmentation, accent
// folding (so "geïntegreerd" and "geintegreerd" are one term), lowercase,
// the caller's stop words and Bleve's Dutch Snowball stemmer
// (stemmer_nl_snowball: github.com/blevesearch/snowballstem v0.9.0, the
// Snowball 2.x "dutch" algorithm generated to Go). The stemmer is pinned by
// go.mod; a change of stemmer output means bumping indexVersion.
func newMapping(stopWords []string) (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	tokens := make([]interface{}, 0, len(stopWords))
	for _, w := range normalizedStopWords(stopWords) {
		tokens = append(tokens, w)
	}
	if err := m.AddCustomTokenMap(stopMapName, map[string]interface{}{"type": tokenmap.Name, "tokens": tokens}); err != nil {
		return nil, err
	}
	if err := m.AddCustomTokenFilter(stopFilter, map[string]interface{}{"type": stop.Name, "stop_token_map": stopMapName}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(analyzerName, map[string]interface{}{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name, stopFilter, nl.SnowballStemmerName},
	}); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = analyzerName
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false

	doc := mapping.NewDocumentStaticMapping()
	for _, f := range textFields {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = analyzerName
		fm.Store = f.name == "title" || f.name == "summary"
		fm.IncludeTermVectors = false // highlighting is ours; positions are not needed
		fm.DocValues = false
		fm.IncludeInAll = false
		doc.AddFieldMappingsAt(f.name, fm)
	}
	m.DefaultMapping = doc
	return m, nil
}

// normalizedStopWords folds and sorts the list so that it can be
// fingerprinted and matched against folded query words.
func normalizedStopWords(words []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words {
		if w = search.Fold(strings.TrimSpace(w)); w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// analysisFingerprint changes when the index-time analysis changes, so that
// an index built with other stop words is reported as needing a rebuild.
func analysisFingerprint(stopWords []string) string {
	h := sha256.New()
	for _, w := range normalizedStopWords(stopWords) {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
