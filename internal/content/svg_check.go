package content

import "github.com/stem-kennishub/hub/internal/svgcheck"

// svgProblem is the shared SVG check (internal/svgcheck), which uploads
// use too: why data is not a harmless drawing, or "".
func svgProblem(data []byte) string { return svgcheck.Problem(data) }
