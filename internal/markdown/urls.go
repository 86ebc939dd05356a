package markdown

import (
	"net/url"
	"path"
	"strings"
)

// Relative links and images point at files next to the Markdown file (the
// material's attachments). They are resolved against Options.AssetBase and
// may never climb out of it: "../../etc/passwd" is flattened to
// "etc/passwd" inside the base. Browsers treat "\" as "/" and "%2e%2e" as
// "..", so both are normalised before the path is cleaned.

// isRelativeRef reports whether dest names a neighbouring file rather than
// a site path (/…), an anchor (#…), a query (?…), a scheme (x:…) or a
// protocol-relative URL (//…).
func isRelativeRef(dest string) bool {
	if dest == "" {
		return false
	}
	switch dest[0] {
	case '/', '\\', '#', '?':
		return false
	}
	for i := 0; i < len(dest); i++ {
		switch dest[i] {
		case ':':
			return false // a scheme, or something a browser may read as one
		case '/', '\\', '?', '#':
			return true
		}
	}
	return true
}

// cleanRelative splits a relative reference into its cleaned file path
// (decoded, "/"-separated, never starting with "..") and the query and
// fragment that follow it, unchanged.
func cleanRelative(dest string) (file, suffix string) {
	cut := len(dest)
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		cut = i
	}
	raw, suffix := dest[:cut], dest[cut:]
	if decoded, err := url.PathUnescape(raw); err == nil {
		raw = decoded
	}
	raw = strings.ReplaceAll(raw, `\`, "/")
	cleaned := path.Clean("/" + raw) // rooted: ".." stops at the base
	return strings.TrimPrefix(cleaned, "/"), suffix
}

// resolveAsset returns the URL for a cleaned relative file under base,
// with the file name percent-encoded again ("foto klas.jpg" → "foto%20klas.jpg").
func resolveAsset(base, file, suffix string) string {
	escaped := (&url.URL{Path: file}).EscapedPath()
	var b strings.Builder
	b.Grow(len(base) + 1 + len(escaped) + len(suffix))
	b.WriteString(strings.TrimRight(base, "/"))
	b.WriteByte('/')
	b.WriteString(escaped)
	b.WriteString(suffix)
	return b.String()
}
