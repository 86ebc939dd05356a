package meili

import (
	"strings"

	"github.com/stem-kennishub/hub/internal/search"
)

// Highlight markers sent as highlightPreTag/highlightPostTag. They are
// Unicode private-use characters, which stripMarkers removes from every
// indexed text, so a marker in the engine's answer can only be ours.
const (
	markOpen  = "\uE000"
	markClose = "\uE001"
)

// stripMarkers removes the marker runes from text before it is indexed.
func stripMarkers(s string) string {
	if !strings.ContainsAny(s, markOpen+markClose) {
		return s
	}
	return strings.NewReplacer(markOpen, "", markClose, "").Replace(s)
}

// renderHighlight turns engine output with markers into safe HTML: the
// markers are removed and their positions handed, as byte spans of the plain
// text, to search.MarkSpans, which escapes every piece of text itself
// (engine output is never trusted as HTML). Unbalanced markers are
// tolerated: a stray close is ignored, an open one runs to the end.
func renderHighlight(s string) string {
	var plain strings.Builder
	var spans [][2]int
	open := -1
	for s != "" {
		i := strings.IndexAny(s, markOpen+markClose)
		if i < 0 {
			plain.WriteString(s)
			break
		}
		plain.WriteString(s[:i])
		if strings.HasPrefix(s[i:], markOpen) {
			if open < 0 {
				open = plain.Len()
			}
			s = s[i+len(markOpen):]
			continue
		}
		if open >= 0 {
			spans = append(spans, [2]int{open, plain.Len()})
			open = -1
		}
		s = s[i+len(markClose):]
	}
	if open >= 0 {
		spans = append(spans, [2]int{open, plain.Len()})
	}
	return search.MarkSpans(plain.String(), spans)
}
