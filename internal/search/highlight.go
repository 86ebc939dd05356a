package search

import (
	"html"
	"sort"
	"strings"
)

// Highlight returns text HTML-escaped with <mark>…</mark> around every word
// for which match (given the folded word) reports true. The text is always
// escaped here, never taken as HTML from an engine, so a title holding
// "<script>" shows as text.
func Highlight(text string, match func(word string) bool) string {
	var spans [][2]int
	forEachWord(text, func(start, end int) {
		if match(Fold(text[start:end])) {
			spans = append(spans, [2]int{start, end})
		}
	})
	return MarkSpans(text, spans)
}

// MarkSpans escapes text and wraps the byte ranges [start, end) in <mark>.
// Ranges may arrive unsorted or overlapping (engines report match positions
// per term); out-of-range or mid-rune positions are clipped rather than
// trusted, so bad engine output can never produce broken HTML.
func MarkSpans(text string, spans [][2]int) string {
	clean := make([][2]int, 0, len(spans))
	for _, s := range spans {
		start, end := max(s[0], 0), min(s[1], len(text))
		for start < end && !isRuneStart(text, start) {
			start++
		}
		for end < len(text) && end > start && !isRuneStart(text, end) {
			end++
		}
		if start < end {
			clean = append(clean, [2]int{start, end})
		}
	}
	sort.Slice(clean, func(i, j int) bool { return clean[i][0] < clean[j][0] })
	merged := clean[:0]
	for _, s := range clean {
		if n := len(merged); n > 0 && s[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], s[1])
			continue
		}
		merged = append(merged, s)
	}
	var b strings.Builder
	b.Grow(len(text) + 13*len(merged))
	pos := 0
	for _, s := range merged {
		b.WriteString(html.EscapeString(text[pos:s[0]]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s[0]:s[1]]))
		b.WriteString("</mark>")
		pos = s[1]
	}
	b.WriteString(html.EscapeString(text[pos:]))
	return b.String()
}

func isRuneStart(s string, i int) bool {
	return i >= len(s) || s[i] < 0x80 || s[i] >= 0xC0
}
