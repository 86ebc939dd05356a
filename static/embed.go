// Package static carries the hub's stylesheet, script and images inside the
// binary. internal/web serves them under /static/ with fingerprinted URLs.
package static

import "embed"

// FS holds css/, js/ and img/.
//
//go:embed css js img
var FS embed.FS
