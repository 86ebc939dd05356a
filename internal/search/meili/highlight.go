package meili

import (
	"html"
	"strings"
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

// renderHighlight turns engine output with markers into safe HTML: every
// piece of text is HTML-escaped by us (engine output is never trusted as
// HTML) and the markers become <mark>…</mark>. Unbalanced markers are
// tolerated: a stray close is dropped, an open one is closed at the end.
func renderHighlight(s string) string {
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.IndexAny(s, markOpen+markClose)
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		b.WriteString(html.EscapeString(s[:i]))
		if strings.HasPrefix(s[i:], markOpen) {
			if !open {
				b.WriteString("<mark>")
				open = true
			}
			s = s[i+len(markOpen):]
		} else {
			if open {
				b.WriteString("</mark>")
				open = false
			}
			s = s[i+len(markClose):]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
