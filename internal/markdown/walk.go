package markdown

import (
	"bytes"
	"context"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// One pass over the AST, before rendering, does everything the HTML alone
// cannot give: heading anchors and the table of contents, attachment links
// resolved under the asset base, lazy images, task-list classes, and the
// plain text that search indexes. Building the text from the AST (instead
// of stripping the HTML) keeps formulas as their TeX, images as their alt
// text, and never lets markup leak into the index.

// The values are boxed once: goldmark stores attributes as any, and
// converting a []byte to any on every call would allocate each time.
var (
	attrID                          = []byte("id")
	attrClass                       = []byte("class")
	attrLoading                     = []byte("loading")
	attrDecoding                    = []byte("decoding")
	valLazy, valAsync           any = []byte("lazy"), []byte("async")
	valTaskItem, valContainTask any = []byte("task-list-item"), []byte("contains-task-list")
)

type walker struct {
	src       []byte
	assetBase string
	imageSize func(string) (int, int, bool) // Options.ImageSize
	noAlt     []string                      // Rendered.ImagesWithoutAlt
	// math, when set, receives every formula as trusted MathML (see
	// splice.go); nil leaves the formulas to the renderer and sanitiser.
	math *trustedMath

	text      plainText
	ids       headingIDs
	headStart int
	headings  []string
	// inHeading collects the heading as a reader sees it for the table of
	// contents: formulas as readable text (mathtext.go), not as TeX.
	inHeading bool
	tocText   []byte
	toc       []catalog.TOCEntry
	links     []string
	seenLinks map[string]struct{}

	// ctx carries the render's deadline; lim and count check what
	// goldmark built against the Limits (limits.go).
	ctx       context.Context
	lim       *Limits
	count     built
	firstLine int // see Options.FirstLine
}

func (w *walker) walk(doc ast.Node) error {
	return ast.Walk(doc, w.visit)
}

func (w *walker) visit(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if err := w.count.node(w, node, entering); err != nil {
		return ast.WalkStop, err
	}
	switch n := node.(type) {
	case *ast.Heading:
		if entering {
			// A body is always shown under the page's own <h1> (the
			// material's title), so its headings move one level down.
			if n.Level < 6 {
				n.Level++
			}
			w.text.separate()
			w.headStart = w.text.len()
			w.inHeading, w.tocText = true, w.tocText[:0]
			return ast.WalkContinue, nil
		}
		w.closeHeading(n)
	case *ast.Text:
		if entering {
			v := resolveText(n.Value(w.src), n.IsRaw())
			w.text.write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				w.text.separate()
			}
			if w.inHeading {
				w.tocText = append(w.tocText, v...)
				if n.SoftLineBreak() || n.HardLineBreak() {
					w.tocText = append(w.tocText, ' ')
				}
			}
		}
	case *ast.String:
		if entering {
			v := resolveText(n.Value, n.IsRaw())
			w.text.write(v)
			if w.inHeading {
				w.tocText = append(w.tocText, v...)
			}
		}
	case *ast.AutoLink:
		if entering {
			w.text.write(n.Label(w.src))
			if w.inHeading {
				w.tocText = append(w.tocText, n.Label(w.src)...)
			}
		}
		return ast.WalkSkipChildren, nil
	case *ast.Link:
		if entering {
			n.Destination = w.resolveLink(n.Destination)
		}
	case *ast.Image:
		if entering {
			w.imageFacts(n)
			n.Destination = w.resolveLink(n.Destination)
			n.SetAttribute(attrLoading, valLazy)
			n.SetAttribute(attrDecoding, valAsync)
			w.text.separate()
		} else {
			w.text.separate()
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		if entering {
			w.text.separate()
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				w.text.write(seg.Value(w.src))
			}
			w.text.separate()
		}
		return ast.WalkSkipChildren, nil
	case *ast.RawHTML, *ast.HTMLBlock:
		return ast.WalkSkipChildren, nil // never rendered, so never indexed
	case *mathInline:
		if entering {
			w.formula(&n.trusted, n.TeX, n.Display)
		}
		return ast.WalkSkipChildren, nil
	case *mathBlock:
		if entering {
			w.formula(&n.trusted, n.tex(w.src), true)
		}
		return ast.WalkSkipChildren, nil
	case *extast.TaskCheckBox:
		if entering {
			markTaskItem(n)
		}
	case *extast.FootnoteLink, *extast.FootnoteBacklink:
		return ast.WalkSkipChildren, nil // the note number is not content
	default:
		if node.Type() == ast.TypeBlock {
			w.text.separate()
		}
	}
	return ast.WalkContinue, nil
}

// formula indexes the TeX and, on the fast path, converts it once here so
// that the renderer only writes a placeholder.
func (w *walker) formula(t *trusted, tex []byte, display bool) {
	w.text.separate()
	w.text.write(tex)
	w.text.separate()
	if w.inHeading {
		w.tocText = appendMathText(w.tocText, tex)
	}
	if w.math != nil {
		t.math, t.slot = w.math, w.math.add(tex, display)
	}
}

func (w *walker) closeHeading(n *ast.Heading) {
	heading := strings.TrimSpace(string(w.text.bytes()[w.headStart:]))
	id := w.ids.next(heading)
	n.SetAttribute(attrID, []byte(id))
	w.headings = append(w.headings, heading)
	w.toc = append(w.toc, catalog.TOCEntry{Level: n.Level, ID: id, Text: strings.Join(strings.Fields(string(w.tocText)), " ")})
	w.inHeading = false
	w.text.separate()
}

// resolveLink records a relative destination as an attachment and moves it
// under the asset base; other destinations are left to goldmark's and the
// sanitiser's URL checks.
func (w *walker) resolveLink(dest []byte) []byte {
	// goldmark resolves escapes and entities only when it writes the URL;
	// resolve them here too, or "&#x2e;&#x2e;/" would slip past as text.
	resolved := string(resolveText(dest, false))
	if !isRelativeRef(resolved) {
		return dest
	}
	file, suffix := cleanRelative(resolved)
	if file != "" {
		w.addLink(file)
	}
	if w.assetBase == "" {
		return dest
	}
	return []byte(resolveAsset(w.assetBase, file, suffix))
}

func (w *walker) addLink(file string) {
	if w.seenLinks != nil { // many links: a set keeps it linear
		if _, ok := w.seenLinks[file]; ok {
			return
		}
		w.seenLinks[file] = struct{}{}
		w.links = append(w.links, file)
		return
	}
	for _, l := range w.links {
		if l == file {
			return
		}
	}
	w.links = append(w.links, file)
	if len(w.links) == 32 {
		w.seenLinks = make(map[string]struct{}, 64)
		for _, l := range w.links {
			w.seenLinks[l] = struct{}{}
		}
	}
}

// markTaskItem gives a list item with a checkbox the classes GitHub uses,
// so the stylesheet can drop the bullet.
func markTaskItem(box ast.Node) {
	for p := box.Parent(); p != nil; p = p.Parent() {
		if item, ok := p.(*ast.ListItem); ok {
			item.SetAttribute(attrClass, valTaskItem)
			if list := item.Parent(); list != nil {
				list.SetAttribute(attrClass, valContainTask)
			}
			return
		}
	}
}

// resolveText applies Markdown's backslash escapes and HTML entities to a
// text value, as goldmark does when it writes HTML; raw text (code) stays.
func resolveText(v []byte, raw bool) []byte {
	if raw || (bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0) {
		return v
	}
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	return util.ResolveEntityNames(v)
}

// plainText collects text with every run of white space folded to one space.
// Its buffer comes from a pool (release gives it back): the text is about
// as long as the source, and growing it from nothing for every lesson
// costs more than the text itself.
type plainText struct {
	b       []byte
	pending bool
}

var textPool = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

func (t *plainText) separate()     { t.pending = true }
func (t *plainText) len() int      { return len(t.b) }
func (t *plainText) bytes() []byte { return t.b }
func (t *plainText) String() string {
	return string(t.b)
}

func (t *plainText) init() {
	t.b = (*textPool.Get().(*[]byte))[:0]
}

// release returns the buffer; t must not be used after.
func (t *plainText) release() {
	if t.b == nil || cap(t.b) > 1<<20 {
		return // never pooled, or grown by one huge document
	}
	b := t.b[:0]
	t.b = nil
	textPool.Put(&b)
}

// foldSpace marks the bytes that plainText folds into one space.
var foldSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true}

// write appends p, copying runs of non-space bytes whole.
func (t *plainText) write(p []byte) {
	for len(p) > 0 {
		if foldSpace[p[0]] {
			t.pending = true
			p = p[1:]
			continue
		}
		n := 1
		for n < len(p) && !foldSpace[p[n]] {
			n++
		}
		if t.pending && len(t.b) > 0 {
			t.b = append(t.b, ' ')
		}
		t.pending = false
		t.b = append(t.b, p[:n]...)
		p = p[n:]
	}
}
