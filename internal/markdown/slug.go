package markdown

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Heading anchors must read well in a Dutch URL ("#wat-heb-je-nodig"), so
// accents are folded to their base letter, apostrophes vanish ("auto's" →
// "autos") and every other run of punctuation or space becomes one hyphen.

const maxSlugLen = 80

// slugify appends the anchor for a heading text to dst.
func slugify(dst []byte, heading string) []byte {
	start := len(dst)
	hyphen := true // no leading hyphen
	for _, r := range heading {
		if r < utf8.RuneSelf {
			c := byte(r)
			switch {
			case c >= 'A' && c <= 'Z':
				dst, hyphen = append(dst, c+'a'-'A'), false
			case (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'):
				dst, hyphen = append(dst, c), false
			case c == '\'':
			default:
				if !hyphen {
					dst, hyphen = append(dst, '-'), true
				}
			}
			continue
		}
		if r == '’' || r == '‘' || r == 'ʼ' {
			continue
		}
		if folded := foldRune(r); folded != "" {
			dst, hyphen = append(dst, folded...), false
			continue
		}
		if !hyphen && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			dst, hyphen = append(dst, '-'), true
		}
	}
	if len(dst)-start > maxSlugLen {
		dst = dst[:start+maxSlugLen]
	}
	for len(dst) > start && dst[len(dst)-1] == '-' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// foldRune gives the ASCII spelling of a Latin letter with accents or a
// ligature (é → e, ĳ → ij, ß → ss); "" for anything else.
func foldRune(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ', 'Æ':
		return "ae"
	case 'œ', 'Œ':
		return "oe"
	case 'ø', 'Ø':
		return "o"
	case 'ł', 'Ł':
		return "l"
	case 'đ', 'Đ', 'ð', 'Ð':
		return "d"
	case 'þ', 'Þ':
		return "th"
	case 'ı':
		return "i"
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFKD.Properties(buf[:n]).Decomposition()
	var out []byte
	for _, c := range d {
		if c >= utf8.RuneSelf {
			continue // the combining accents
		}
		switch {
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		case (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'):
			out = append(out, c)
		}
	}
	return string(out)
}

// headingIDs hands out unique anchors within one document.
type headingIDs struct {
	used   map[string]struct{}
	suffix map[string]int // next number to try per base, so repeats stay linear
	buf    []byte
}

// next returns a unique id for the heading text: "stappen", then
// "stappen-1", "stappen-2" for repeats, as GitHub does.
func (h *headingIDs) next(heading string) string {
	h.buf = slugify(h.buf[:0], heading)
	if len(h.buf) == 0 {
		h.buf = append(h.buf, "sectie"...)
	}
	if h.used == nil {
		h.used = make(map[string]struct{}, 8)
		h.suffix = make(map[string]int)
	}
	if _, taken := h.used[string(h.buf)]; !taken {
		id := string(h.buf)
		h.used[id] = struct{}{}
		return id
	}
	base := string(h.buf)
	for i := max(h.suffix[base], 1); ; i++ {
		h.buf = strconv.AppendInt(append(h.buf[:len(base)], '-'), int64(i), 10)
		if _, taken := h.used[string(h.buf)]; !taken {
			id := string(h.buf)
			h.used[id] = struct{}{}
			h.suffix[base] = i + 1
			return id
		}
	}
}
