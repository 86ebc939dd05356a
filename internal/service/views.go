package service

import (
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// SearchPage is everything the search page and the search API show.
type SearchPage struct {
	Query    search.Query
	Total    int
	Page     int
	PerPage  int
	Pages    int
	Hits     []HitView
	Facets   []FacetView // in catalog.FacetFields order, only fields with values
	Took     time.Duration
	Degraded bool // the engine was unavailable; results come from the database fallback
	// SuggestedFilters are filters the query text names ("bso" →
	// finaliteit arbeidsmarkt), for the page to offer; not applied.
	SuggestedFilters []search.Suggestion
	// Spelling is "Bedoelde je …?" (nil: nothing to correct, or the
	// correction finds nothing); Widen the moves to more results when the
	// results are thin (see widen.go).
	Spelling *SpellingView
	Widen    []WidenMove
}

// HitView is one search result with what a result card needs.
type HitView struct {
	Material  catalog.Material  // listing fields filled; Body/HTML/Text may be empty
	Highlight map[string]string // "title", "summary": escaped HTML with <mark>
}

// FacetView is one facet block of the sidebar.
type FacetView struct {
	Field  string
	Label  string // Dutch field label, e.g. "Niveau"
	Values []FacetValue
}

// FacetValue is one checkbox in a facet block.
type FacetValue struct {
	Value    string
	Label    string
	Count    int
	Selected bool
}

// MaterialPage is everything the material page shows.
type MaterialPage struct {
	Material catalog.Material // with HTML, TOC, Attachments
	Goals    []catalog.Goal   // resolved goals with official text
	Related  []catalog.Material
	Hub      catalog.Term
	Network  catalog.Term
}

// HubPage is a regional hub's page.
type HubPage struct {
	Hub       catalog.Term
	Materials []catalog.Material
	Total     int
	Counts    map[string]map[string]int // facet counts within the hub (levels, disciplines)
}
