// Package templates carries the hub's html/template files inside the binary:
// layouts/ (the page frame), partials/ (cards, facets, pagination) and pages/
// (one file per page). internal/web parses them once at start.
package templates

import "embed"

// FS holds layouts/, partials/ and pages/.
//
//go:embed layouts partials pages
var FS embed.FS
