package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Wide tables (measurements, rubrics) must scroll sideways on a phone
// without the page doing so, and a scrolling region must be reachable by
// keyboard (WCAG 2.1.1; axe "scrollable-region-focusable"). Every table is
// therefore wrapped in a focusable, labelled region the stylesheet makes
// scrollable.

// KindTableScroll is the wrapper node's kind.
var KindTableScroll = ast.NewNodeKind("TableScroll")

type tableScroll struct{ ast.BaseBlock }

func (n *tableScroll) Kind() ast.NodeKind            { return KindTableScroll }
func (n *tableScroll) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }
func (n *tableScroll) IsRaw() bool                   { return false }
func (n *tableScroll) HasBlankPreviousLines() bool   { return false }
func (n *tableScroll) SetBlankPreviousLines(v bool)  {}
func (n *tableScroll) CanInterruptParagraph() bool   { return false }
func (n *tableScroll) CanAcceptIndentedLine() bool   { return false }

const tableScrollOpen = `<div class="table-scroll" tabindex="0" role="region" aria-label="Tabel">`

type tableScrollExtension struct{}

func (tableScrollExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(tableScrollExtension{}, 999)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tableScrollExtension{}, 500)))
}

// Transform wraps every table after parsing (tables sit in the document,
// block quotes, list items or footnotes).
func (tableScrollExtension) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var tables []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == extast.KindTable {
			tables = append(tables, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, t := range tables {
		parent := t.Parent()
		wrap := &tableScroll{}
		parent.ReplaceChild(parent, t, wrap)
		wrap.AppendChild(wrap, t)
	}
}

func (tableScrollExtension) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTableScroll, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(tableScrollOpen + "\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}
