package web

import "github.com/stem-kennishub/hub/internal/textdiff"

// wordDiff is old → new word by word for the conflict view (coarse: by
// paragraph, when the texts differ too much).
func wordDiff(old, new string) ([]diffPiece, bool) {
	r := textdiff.Words(old, new)
	out := make([]diffPiece, 0, len(r.Edits))
	for _, e := range r.Edits {
		p := diffPiece{Text: e.Text}
		switch e.Op {
		case textdiff.Delete:
			p.Op = "del"
		case textdiff.Insert:
			p.Op = "ins"
		}
		out = append(out, p)
	}
	return out, r.Coarse
}
