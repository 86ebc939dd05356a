package service

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// ErrNotFound is returned when a material, hub or file does not exist.
var ErrNotFound = errors.New("niet gevonden")

// Reader is what the web room needs from the hub: every page and API
// endpoint is served through these methods. Implemented by *Hub.
type Reader interface {
	// Search runs a search; q is validated (search.QueryError for bad input).
	Search(ctx context.Context, q search.Query) (SearchPage, error)
	// Material returns a material's page (ErrNotFound if unknown).
	Material(ctx context.Context, slug string) (MaterialPage, error)
	// Recent returns the newest materials.
	Recent(ctx context.Context, limit int) ([]catalog.Material, error)
	// HubPage returns a regional hub's page (ErrNotFound if unknown).
	HubPage(ctx context.Context, slug string, page, perPage int) (HubPage, error)
	// Attachment opens a file served with a material (ErrNotFound if unknown).
	Attachment(ctx context.Context, slug, name string) (io.ReadSeekCloser, catalog.Attachment, time.Time, error)
	// SitemapEntries lists every material slug with its last change.
	SitemapEntries(ctx context.Context) ([]SitemapEntry, error)
	// Vocab is the loaded vocabularies (labels, hubs, goals).
	Vocab() *catalog.Vocabularies
	// Counts returns value counts of a facet field over all materials (home page).
	Counts(ctx context.Context, field string) (map[string]int, error)
	// Ready reports whether database and index answer; the map says per component.
	Ready(ctx context.Context) (map[string]string, error)
}

// SitemapEntry is one URL of the sitemap.
type SitemapEntry struct {
	Slug    string
	Updated time.Time
}
