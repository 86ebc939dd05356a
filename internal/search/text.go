package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and removes diacritics, so that "Geïntegreerd" and
// "geintegreerd" compare equal. Every backend folds query and text the same
// way: Dutch writers are inconsistent with trema and accents ("beïnvloeden",
// "ideeën", "café") and searchers rarely type them.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue // the combining accent split off by NFD
		}
		switch r {
		case 'ß':
			b.WriteString("ss")
		case 'æ', 'Æ':
			b.WriteString("ae")
		case 'œ', 'Œ':
			b.WriteString("oe")
		case 'ø', 'Ø':
			b.WriteByte('o')
		case 'ł', 'Ł':
			b.WriteByte('l')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Words splits text into folded words: runs of letters and digits, keeping
// an apostrophe between letters ("auto's") as Unicode word segmentation does.
func Words(text string) []string {
	var out []string
	forEachWord(text, func(start, end int) {
		out = append(out, Fold(text[start:end]))
	})
	return out
}

// forEachWord calls fn with the byte range of every word of text.
func forEachWord(text string, fn func(start, end int)) {
	start := -1
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && r == '\'' && i > start {
			next, _ := utf8.DecodeRuneInString(text[i+1:])
			if unicode.IsLetter(next) {
				continue // inside "auto's"
			}
		}
		if start >= 0 {
			fn(start, i)
			start = -1
		}
	}
	if start >= 0 {
		fn(start, len(text))
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// TitleKey is the sort key for "sort by title": folded so that case and
// accents do not decide the order ("Één lamp" sorts with "een", "micro:bit"
// with "M").
func TitleKey(title string) string {
	return Fold(strings.TrimSpace(title))
}
