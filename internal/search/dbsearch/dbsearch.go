// Package dbsearch is the database as a search backend: the stand-in the
// service asks when the search engine cannot answer. It implements
// search.Index on top of the store's simple title/summary matching
// (store.FallbackSearch), declares in Capabilities what it cannot do, and
// says it is Degraded, so the API and the search page tell the visitor.
//
// It keeps no copy of its own: the database is already the truth, so
// Upsert, Delete and Rebuild have nothing to do, and Count counts materials.
package dbsearch

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/store"
)

// Index searches the store. The store belongs to the caller: Close does not
// close it.
type Index struct {
	st     *store.Store
	closed atomic.Bool
}

// New returns a database search backend over st.
func New(st *store.Store) *Index { return &Index{st: st} }

var errClosed = fmt.Errorf("database-zoeken is gesloten: %w", search.ErrUnavailable)

// lacks is what the simple matching cannot do, each with why (Dutch: it ends
// up in test output and in the operator documentation).
var lacks = map[search.Feature]string{
	search.FeatureRelevance:  "resultaten staan nieuwste eerst, niet op relevantie",
	search.FeatureStemming:   "zoekt letterlijke tekst; \"windmolens\" vindt \"windmolen\" niet",
	search.FeatureTypos:      "geen fouttolerantie; elke zoekterm moet letterlijk voorkomen",
	search.FeatureAccents:    "LOWER vouwt op SQLite alleen ASCII; \"ampere\" vindt \"ampère\" niet",
	search.FeatureSynonyms:   "kent de synoniemenlijst niet",
	search.FeatureStopWords:  "kent geen stopwoorden; elk woord moet voorkomen",
	search.FeatureBody:       "zoekt alleen in titel en samenvatting, niet in tekst, trefwoorden of kenmerken",
	search.FeatureFacets:     "telt geen facetwaarden (filteren kan wel)",
	search.FeatureSortTitle:  "sorteert alleen nieuwste eerst",
	search.FeatureHighlights: "markeert geen gevonden woorden",
	search.FeatureOwnCopy:    "heeft geen eigen kopie: de database is de bron, schrijven naar de index verandert niets",
}

// Capabilities implements search.Index.
func (ix *Index) Capabilities() search.Capabilities {
	return search.Capabilities{Degraded: true, Lacks: lacks}
}

// Name implements search.Index.
func (ix *Index) Name() string { return "database" }

// Upsert implements search.Index: the database already holds the documents.
func (ix *Index) Upsert(context.Context, []search.Document) error { return ix.open() }

// Delete implements search.Index: the database already lost the documents.
func (ix *Index) Delete(context.Context, []string) error { return ix.open() }

// Rebuild implements search.Index: there is nothing to rebuild, so src is not read.
func (ix *Index) Rebuild(context.Context, func(emit func([]search.Document) error) error) error {
	return ix.open()
}

// Search implements search.Index. The query is expected normalised
// (search.Query.Normalize, as the service does); Sort and Facets are ignored
// (see lacks): results are newest first, with no counts.
func (ix *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	if err := ix.open(); err != nil {
		return search.Result{}, err
	}
	found, err := ix.st.FallbackSearch(ctx, q.Text, q.Filters, q.Page, q.PerPage)
	if err != nil {
		return search.Result{}, err
	}
	res := search.Result{Total: found.Total, Hits: make([]search.Hit, 0, len(found.Materials))}
	for _, m := range found.Materials {
		res.Hits = append(res.Hits, search.Hit{ID: m.Slug})
	}
	return res, nil
}

// Count implements search.Index: the number of materials in the database.
func (ix *Index) Count(ctx context.Context) (int, error) {
	if err := ix.open(); err != nil {
		return 0, err
	}
	return ix.st.Count(ctx)
}

// Health implements search.Index: the database answers.
func (ix *Index) Health(ctx context.Context) error {
	if err := ix.open(); err != nil {
		return err
	}
	return ix.st.Ping(ctx)
}

// Close implements search.Index; later calls fail, the store stays open.
func (ix *Index) Close() error {
	ix.closed.Store(true)
	return nil
}

func (ix *Index) open() error {
	if ix.closed.Load() {
		return errClosed
	}
	return nil
}
