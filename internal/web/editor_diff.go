package web

import (
	"html/template"

	"github.com/stem-kennishub/hub/internal/textdiff"
)

// wordDiff is old → new word by word for the conflict view, as the
// revisions page draws it (textdiff.HTML: escaped, <del>/<ins> with words a
// screen reader says); coarse: by paragraph, when the texts differ too much.
func wordDiff(old, new string) (template.HTML, bool) {
	r := textdiff.Words(old, new)
	return textdiff.HTML(r.Edits), r.Coarse
}
