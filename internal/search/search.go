// Package search owns the hub's full-text search: the Index interface every
// backend implements (Bleve embedded by default, Meilisearch in production),
// the query and result types, and the mapping from a catalog.Material to the
// document a backend indexes. The index is a projection of the database: it
// can be rebuilt from it at any time.
package search

import (
	"context"
	"errors"
	"time"
)

// Document is what a backend indexes. Facets holds every filterable field
// (catalog.FacetFields) as string values; numbers are decimal strings.
type Document struct {
	ID       string // the material's slug
	Title    string
	Summary  string
	Keywords []string
	Headings []string
	Body     string // plain text from the Markdown pipeline
	// Metadata is the text of the material's metadata: vak (subjects),
	// labels of its levels, finalities, grades, themes, STEM-kader, goal
	// codes with the start of their text. A material found only through
	// its metadata ranks below one that says the word in its title.
	Metadata []string
	Date     time.Time
	Facets   map[string][]string // field -> values
}

// Sort orders.
const (
	SortRelevance = "relevance" // default; with an empty query it means newest
	SortNewest    = "newest"
	SortTitle     = "title"
)

// Query is one search request. Filters are OR within one field and AND
// across fields. Facets names the fields to count; each field's counts
// reflect all active filters except that field's own (disjunctive faceting),
// so a user sees how many results each additional choice would give.
type Query struct {
	Text      string
	Filters   map[string][]string
	Sort      string
	Page      int // 1-based
	PerPage   int
	Facets    []string
	Highlight bool
	// Uncounted: not a person's search (the likely-duplicates lookup of
	// internal/authoring); the service leaves it out of the report of
	// searches with no or few results and looks for no corrections.
	Uncounted bool
}

// Hit is one result. Highlight holds HTML-escaped text of "title" and
// "summary" with <mark>…</mark> around matched terms (only when asked for).
type Hit struct {
	ID        string
	Score     float64
	Highlight map[string]string
}

// Result is the answer to a Query.
type Result struct {
	Total  int
	Hits   []Hit
	Facets map[string]map[string]int
	Took   time.Duration
}

// Index is implemented by every search backend. All methods are safe for
// concurrent use.
type Index interface {
	// Upsert adds or replaces documents by ID.
	Upsert(ctx context.Context, docs []Document) error
	// Delete removes documents by ID; unknown IDs are not an error.
	Delete(ctx context.Context, ids []string) error
	// Search runs a query.
	Search(ctx context.Context, q Query) (Result, error)
	// Count returns the number of indexed documents.
	Count(ctx context.Context) (int, error)
	// Rebuild replaces the whole content with the documents src emits,
	// building beside the live index and swapping, so searches keep working
	// during the rebuild.
	Rebuild(ctx context.Context, src func(emit func([]Document) error) error) error
	// Health reports whether the engine can answer.
	Health(ctx context.Context) error
	// Name is the backend's name for logs and metrics ("bleve", "meilisearch").
	Name() string
	// Capabilities says what the backend can do and whether it needs a
	// rebuild (see Capabilities); callers never type-assert a backend.
	Capabilities() Capabilities
	Close() error
}

// ErrUnavailable wraps errors that mean the engine cannot be reached; callers
// degrade to the fallback backend (the database).
var ErrUnavailable = errors.New("zoekmachine niet bereikbaar")

// ErrRefused wraps errors that mean the engine refused a write because of
// the documents in it (a bad id, a payload too large), so the same write
// will fail again while a write without the refused document would not.
// The outbox worker then splits the batch instead of retrying it whole.
var ErrRefused = errors.New("zoekmachine weigerde een document")
