package meili

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// Meilisearch rejects a whole document batch when one id is outside this
// set, so ids are checked before sending, with a message that names the id.
var validDocID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,511}$`)

// toMeiliDoc maps a search.Document to the JSON object the index stores.
// Facet fields are always present (as [] when empty) and always strings, so
// a filter on "3" means the same for every document. Fields outside
// catalog.FacetFields are dropped: they are not filterable anyway.
// forms and body_forms hold the other Dutch forms of the words (forms.go).
// Changing this shape requires bumping mappingRevision.
func toMeiliDoc(d search.Document) (map[string]any, error) {
	if !validDocID.MatchString(d.ID) {
		return nil, fmt.Errorf("meilisearch: %w: ongeldige document-id %q (alleen letters, cijfers, '-' en '_', max. 511 tekens)", search.ErrRefused, d.ID)
	}
	var date int64
	if !d.Date.IsZero() {
		date = d.Date.Unix()
	}
	doc := map[string]any{
		attrID:        d.ID,
		attrTitle:     stripMarkers(d.Title),
		attrTitleSort: foldTitle(stripMarkers(d.Title)),
		attrSummary:   stripMarkers(d.Summary),
		attrKeywords:  nonNil(d.Keywords),
		attrHeadings:  nonNil(d.Headings),
		attrMetadata:  nonNil(d.Metadata),
		attrForms:     wordForms([]string{stripMarkers(d.Title), stripMarkers(d.Summary)}, d.Keywords, d.Headings, d.Metadata),
		attrBodyForms: wordForms([]string{stripMarkers(d.Body)}),
		attrBody:      stripMarkers(d.Body),
		attrDate:      date,
	}
	for _, f := range catalog.FacetFields {
		doc[f] = nonNil(d.Facets[f])
	}
	return doc, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// foldTitle is the sort key for "title": folded like every backend folds
// (lower-case, no diacritics), so "Élektriciteit" sorts with
// "elektriciteit", not after "z".
func foldTitle(s string) string {
	return search.Fold(strings.TrimSpace(s))
}
