package markdown

import (
	"bytes"
	"slices"
	"strconv"

	"github.com/yuin/goldmark/ast"
)

// Images: the size of uploaded images on <img> (Options.ImageSize), and
// which images lack alt text (Rendered.ImagesWithoutAlt) so the author can
// be warned — a warning, not a refusal: a decorative image may rightly
// have none.

var attrWidth, attrHeight = []byte("width"), []byte("height")

// maxNoAlt bounds the list; a body with a thousand bare images gets the
// point from the first ones.
const maxNoAlt = 20

// imageFacts runs before the destination is resolved: it sees it as
// written.
func (w *walker) imageFacts(n *ast.Image) {
	dest := string(resolveText(n.Destination, false))
	name := dest
	if isRelativeRef(dest) {
		file, _ := cleanRelative(dest)
		name = file
		if w.imageSize != nil && file != "" {
			if wd, ht, ok := w.imageSize(file); ok && wd > 0 && ht > 0 {
				n.SetAttribute(attrWidth, []byte(strconv.Itoa(wd)))
				n.SetAttribute(attrHeight, []byte(strconv.Itoa(ht)))
			}
		}
	}
	if !hasText(n, w.src) && len(w.noAlt) < maxNoAlt && !slices.Contains(w.noAlt, name) {
		w.noAlt = append(w.noAlt, name)
	}
}

// hasText reports whether an inline node holds any non-blank text: words,
// code, or a formula.
func hasText(n ast.Node, src []byte) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Text:
			if len(bytes.TrimSpace(v.Segment.Value(src))) > 0 {
				return true
			}
		case *ast.String:
			if len(bytes.TrimSpace(v.Value)) > 0 {
				return true
			}
		case *mathInline:
			return true
		default:
			if hasText(c, src) {
				return true
			}
		}
	}
	return false
}
