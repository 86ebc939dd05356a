package markdown

import (
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The formula extension: $…$ inline and $$…$$ display maths, parsed into
// their own AST nodes so that Markdown never touches their inside (a_1 * b_2
// is not emphasis) and rendered to MathML on the server.

// KindMath is the node kind of both inline and display formulas.
var KindMath = ast.NewNodeKind("Math")

// KindMathBlock is the node kind of a $$ … $$ block on lines of its own.
var KindMathBlock = ast.NewNodeKind("MathBlock")

// mathInline is a formula inside a paragraph: $x$, or $$x$$ which GitHub
// and pandoc show as display maths even within a paragraph.
type mathInline struct {
	ast.BaseInline
	TeX     []byte
	Display bool
	trusted
}

// trusted is set by the walker when it has converted the formula into the
// render's trusted MathML; the renderer then writes a placeholder.
type trusted struct {
	math *trustedMath
	slot int // 1-based; 0: not converted, render the MathML in place
}

func (n *mathInline) Kind() ast.NodeKind { return KindMath }
func (n *mathInline) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": string(n.TeX)}, nil)
}

// mathBlock is display maths between $$ lines; its TeX is in Lines().
type mathBlock struct {
	ast.BaseBlock
	// closed is set once the closing $$ has been read. goldmark keeps a
	// block that Open returned with parser.Close among the open blocks and
	// still offers it the next line; without this flag a one-line
	// "$$a$$" took the following "$$b$$" line as its closing line and
	// showed "a$$b" as one formula.
	closed bool
	trusted
}

func (n *mathBlock) Kind() ast.NodeKind { return KindMathBlock }
func (n *mathBlock) IsRaw() bool        { return true }
func (n *mathBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, nil, nil)
}

// tex joins the block's lines into the formula source.
func (n *mathBlock) tex(source []byte) []byte {
	var b []byte
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b = append(b, seg.Value(source)...)
	}
	return bytes.TrimSpace(b)
}

type mathExtension struct{}

func (mathExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(mathBlockParser{}, 750)),
		parser.WithInlineParsers(util.Prioritized(mathInlineParser{}, 150)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mathRenderer{}, 500)))
}

// mathInlineParser follows the GitHub/pandoc rule so that prices in prose
// ("kost 5 $ en 10 $") stay prose: the opening $ is not followed by a space,
// the closing $ is not preceded by a space and not followed by a digit
// (display maths between $$ is exempt, as there). It
// adds one rule of its own: an opening $ right after a digit ("20$") is a
// price.
type mathInlineParser struct{}

// maxInlineTeX bounds how far an opening $ looks for its closer. Without
// it, a paragraph full of unmatched dollars costs quadratic time, which a
// hostile or broken file could use to stall the importer.
const maxInlineTeX = 2048

func (mathInlineParser) Trigger() []byte { return []byte{'$'} }

func (mathInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	display := len(line) > 1 && line[1] == '$'
	width := 1
	if display {
		width = 2
	}
	// The space rule keeps prices prose; display maths, as in pandoc and
	// GitHub, may start with a space or a line break ("$$ a" … "b $$").
	if len(line) <= width || (!display && (isSpaceByte(line[width]) || line[width] == '$')) {
		return nil
	}
	// "20$, korting 5$": a dollar right after a digit is a price, not an opener.
	if prev := block.PrecendingCharacter(); prev >= '0' && prev <= '9' {
		return nil
	}
	block.Advance(width)
	var tex []byte
	for first := true; ; first = false {
		line, _ := block.PeekLine()
		if line == nil || len(tex) > maxInlineTeX {
			return nil // unclosed: the caller rewinds and keeps the $ as text
		}
		if len(line) > maxInlineTeX {
			line = line[:maxInlineTeX] // one long line: same bound
		}
		if end := findMathCloser(line, display, first); end >= 0 {
			tex = append(tex, line[:end]...)
			block.Advance(end + width)
			break
		}
		tex = append(tex, line...)
		block.AdvanceLine()
	}
	tex = bytes.TrimSpace(tex)
	if len(tex) == 0 {
		return nil
	}
	return &mathInline{TeX: tex, Display: display}
}

// findMathCloser returns the index of the closing delimiter in line, or -1.
func findMathCloser(line []byte, display, first bool) int {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++ // \$ is a dollar inside the formula
		case '$':
			if display {
				if i+1 < len(line) && line[i+1] == '$' {
					return i
				}
				continue
			}
			if i == 0 && first {
				continue // "$$" is handled as display maths
			}
			if i == 0 || isSpaceByte(line[i-1]) {
				continue
			}
			if i+1 < len(line) && isDigit(line[i+1]) {
				continue
			}
			return i
		}
	}
	return -1
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// mathBlockParser opens on a line starting with $$ and closes on the line
// that ends with $$. It only opens when a closing $$ follows before the next
// blank line, so that a lone "$$" cannot swallow the rest of the lesson.
type mathBlockParser struct{}

func (mathBlockParser) Trigger() []byte { return []byte{'$'} }

func (mathBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos+1 >= len(line) || line[pos] != '$' || line[pos+1] != '$' {
		return nil, parser.NoChildren
	}
	rest := bytes.TrimRight(line[pos+2:], " \t\r\n")
	node := &mathBlock{}
	contentStart := seg.Start + pos + 2
	if end := bytes.Index(rest, []byte("$$")); end >= 0 {
		// One line: $$ E = mc^2 $$, with nothing after the closer.
		if end+2 != len(rest) || len(bytes.TrimSpace(rest[:end])) == 0 {
			return nil, parser.NoChildren
		}
		node.Lines().Append(text.NewSegment(contentStart, contentStart+end))
		node.closed = true
		reader.AdvanceToEOL()
		return node, parser.Close
	}
	if !closerFollows(reader.Source(), seg.Stop) {
		return nil, parser.NoChildren
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		// Keep the line's end: "$$ \alpha" and "b $$" must not join into "\alphab".
		node.Lines().Append(text.NewSegment(contentStart, seg.Stop))
	}
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

// closerFollows looks ahead in the raw source for the line that closes the
// block, before a blank line. Its first $$ must end the line: with text
// after it ("$$ en verder") the formula is left to the inline parser,
// which keeps that text, instead of a block that would drop it.
func closerFollows(src []byte, from int) bool {
	for from < len(src) {
		end := bytes.IndexByte(src[from:], '\n')
		if end < 0 {
			end = len(src) - from
		}
		l := src[from : from+end]
		if len(bytes.TrimSpace(l)) == 0 {
			return false
		}
		if at, ends := closingDollars(l); at >= 0 {
			return ends
		}
		from += end + 1
	}
	return false
}

// closingDollars finds the first $$ in line (-1 when there is none) and
// tells whether only white space follows it.
func closingDollars(line []byte) (at int, endsLine bool) {
	at = bytes.Index(line, []byte("$$"))
	if at < 0 {
		return -1, false
	}
	return at, at+2 == len(bytes.TrimRight(line, " \t\r\n"))
}

func (mathBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	block := node.(*mathBlock)
	line, seg := reader.PeekLine()
	if block.closed || util.IsBlank(line) {
		return parser.Close // the line is left for the next block
	}
	// closerFollows made sure this line's $$ ends it; should a container
	// make the two disagree, the line stays in the formula, visible,
	// rather than losing the text after the $$.
	if at, ends := closingDollars(line); at >= 0 && ends {
		node.Lines().Append(text.NewSegment(seg.Start, seg.Start+at))
		block.closed = true
		reader.AdvanceToEOL()
		return parser.Close
	}
	node.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (mathBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (mathBlockParser) CanInterruptParagraph() bool                                { return true }
func (mathBlockParser) CanAcceptIndentedLine() bool                                { return false }

// mathRenderer writes the formula's placeholder, or its MathML when the
// walker did not convert it; a pooled buffer keeps it allocation-light.
type mathRenderer struct{}

func (mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMath, renderMath)
	reg.Register(KindMathBlock, renderMath)
}

var mathBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func renderMath(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	bp := mathBufPool.Get().(*[]byte)
	out := (*bp)[:0]
	switch n := node.(type) {
	case *mathInline:
		if n.converted() {
			out = n.math.appendPlaceholder(out, n.slot)
		} else {
			out = appendMathML(out, n.TeX, n.Display)
		}
	case *mathBlock:
		if n.converted() {
			out = n.math.appendPlaceholder(out, n.slot)
		} else {
			out = appendMathML(out, n.tex(source), true)
		}
		out = append(out, '\n')
	}
	_, err := w.Write(out)
	*bp = out
	mathBufPool.Put(bp)
	return ast.WalkSkipChildren, err
}

func (t *trusted) converted() bool { return t.math != nil && t.slot > 0 }
