package catalog

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlugLen keeps URLs readable and file names portable.
const MaxSlugLen = 100

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a slug: lower-case letters and digits in
// groups joined by single hyphens, at most MaxSlugLen bytes.
func ValidSlug(s string) bool {
	return len(s) <= MaxSlugLen && slugRe.MatchString(s)
}

// Slugify turns a title or file name into a slug ("Zonne-energie: meten!" →
// "zonne-energie-meten"); accents are dropped, anything else becomes a hyphen.
// A slug longer than MaxSlugLen is cut at a hyphen. It returns "" when
// nothing usable is left.
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
		if b.Len() > MaxSlugLen {
			break // enough to know where to cut
		}
	}
	out := b.String()
	if len(out) > MaxSlugLen {
		cut := out[:MaxSlugLen]
		if out[MaxSlugLen] != '-' {
			if i := strings.LastIndexByte(cut, '-'); i > 0 {
				cut = cut[:i]
			}
		}
		out = strings.TrimRight(cut, "-")
	}
	return out
}
