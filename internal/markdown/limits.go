package markdown

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// A Markdown body is small, but what it expands to need not be: GFM pads
// every table row to the header's width (a 50 000-column header over a
// few thousand short rows is a hundred megabytes of HTML), and some
// constructs cost goldmark time that grows with the square of their count
// (nested quotes and lists, footnote references × definitions, unclosed
// link destinations on one long line). Limits bounds all of it.
//
// The checks come in three layers, cheapest first:
//
//  1. prescan reads the source once, line by line, before goldmark parses
//     it, and refuses what would make parsing itself explode: table
//     columns and cells, nesting depth, footnotes, link and code-span
//     scanning work. It
//     estimates (it does not parse), so it allows some slack where its
//     estimate can be too high; the exact limits come in layer 2.
//  2. The walker, between parsing and rendering, counts what goldmark
//     really built (nesting, table cells, links) and refuses before the
//     HTML is written.
//  3. Rendering writes into buffers that refuse to grow past MaxHTMLBytes,
//     and the plain text is checked against MaxTextBytes.
//
// Over all of it runs a deadline (Timeout). goldmark cannot be interrupted
// while it parses, so Render gives up waiting and returns an error, while
// the render goroutine runs on to its end; the walker and the writers stop
// it early once the deadline has passed, and the pre-scan is what keeps
// the parse it cannot stop short (every super-linear case we know of is
// refused before parsing).

// Limits bounds what one Markdown body may cost. A zero field takes its
// value from DefaultLimits.
type Limits struct {
	// MaxInputBytes is the largest body (the importer already refuses
	// files over 1 MiB, content.MaxFileSize).
	MaxInputBytes int
	// MaxHTMLBytes bounds the rendered, sanitised HTML: it is stored,
	// sent by the material page and the API, and held in memory on
	// every request for it.
	MaxHTMLBytes int
	// MaxTextBytes bounds the plain text for the search index.
	MaxTextBytes int
	// MaxTableColumns bounds the columns of one table.
	MaxTableColumns int
	// MaxTableCells bounds the cells (columns × rows, header included)
	// of all tables of one body together.
	MaxTableCells int
	// MaxNesting bounds how deep lists and block quotes nest.
	MaxNesting int
	// MaxFootnotes bounds the footnote definitions and, separately, the
	// footnote references ([^…]); goldmark matches every reference
	// against every definition.
	MaxFootnotes int
	// MaxLinks bounds the links and images (each relative one is an
	// attachment the importer looks up).
	MaxLinks int
	// MaxLinkScan bounds the bytes goldmark scans for links: for link
	// destinations on one line (after every "](" it reads on to the next
	// space, to the end of the line after "](<"), and for the brackets
	// of one paragraph (at every "]" it looks through all that follows
	// the matching "["). Thousands of "[a](" in one word, or of "[" in
	// each other, cost the square of their number. Links and
	// reference definitions ("[naam]: adres") count against MaxLinks.
	// The same budget bounds, per paragraph, goldmark's search for the
	// end of code spans (see codeSpanScan).
	MaxLinkScan int
	// Timeout is how long one render may take.
	Timeout time.Duration
}

// DefaultLimits are generous for lessons (the seed materials stay under
// 6 KiB of Markdown and 11 KiB of HTML) and keep the worst body well
// under a second of rendering and a few MiB of memory.
var DefaultLimits = Limits{
	MaxInputBytes:   1 << 20,
	MaxHTMLBytes:    2 << 20,
	MaxTextBytes:    1 << 20,
	MaxTableColumns: 64,
	MaxTableCells:   20_000,
	MaxNesting:      16,
	MaxFootnotes:    1_000,
	MaxLinks:        2_000,
	MaxLinkScan:     20_000_000,
	Timeout:         time.Second,
}

// withDefaults fills the zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	def := func(v *int, dv int) {
		if *v <= 0 {
			*v = dv
		}
	}
	def(&l.MaxInputBytes, d.MaxInputBytes)
	def(&l.MaxHTMLBytes, d.MaxHTMLBytes)
	def(&l.MaxTextBytes, d.MaxTextBytes)
	def(&l.MaxTableColumns, d.MaxTableColumns)
	def(&l.MaxTableCells, d.MaxTableCells)
	def(&l.MaxNesting, d.MaxNesting)
	def(&l.MaxFootnotes, d.MaxFootnotes)
	def(&l.MaxLinks, d.MaxLinks)
	def(&l.MaxLinkScan, d.MaxLinkScan)
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	return l
}

// LimitError is a body that exceeds one of the Limits. Message is a whole
// Dutch sentence for the author: what, the value found, the maximum and
// what to do.
type LimitError struct {
	Line    int // the line (see Options.FirstLine); 0 when it concerns the whole body
	Message string
}

func (e *LimitError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("regel %d: %s", e.Line, e.Message)
	}
	return e.Message
}

func limitErr(line int, format string, args ...any) *LimitError {
	return &LimitError{Line: line, Message: fmt.Sprintf(format, args...)}
}

// num writes a count the Dutch way for a reader: 50 000, 1 048 576.
func num(n int) string {
	s := strconv.Itoa(n)
	if n < 10_000 && n > -10_000 {
		return s
	}
	var b []byte
	for i, c := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b = append(b, ' ')
		}
		b = append(b, c)
	}
	return string(b)
}

// size writes a byte count for a reader: "2 MiB", "300 KiB", "512 bytes".
func size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return num(n>>20) + " MiB"
	case n >= 1<<20:
		return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MiB"
	case n >= 1<<10:
		return num(n>>10) + " KiB"
	}
	return num(n) + " bytes"
}

// The pre-scan's estimates can be too high (it does not parse: a table's
// rows are counted up to the next blank line, indentation counts as
// nesting), so it refuses only at slack × the limit; the walker applies
// the exact limit to what goldmark built.
const prescanSlack = 2

// prescan checks the source before goldmark parses it; see the comment at
// the top of this file. It is one linear pass over the lines. firstLine is
// Options.FirstLine.
func prescan(src []byte, lim *Limits, firstLine int) *LimitError {
	if len(src) > lim.MaxInputBytes {
		return limitErr(0, "de tekst is %s groot; het maximum is %s. Zet grote stukken in een bijlage of splits het materiaal.", size(len(src)), size(lim.MaxInputBytes))
	}
	var (
		prevBlank   = true
		table       tableScan
		cells       int // of the tables before table
		over        tableScan
		overCells   int
		defs, refs  int
		defOver     int // line of the first definition too many
		refOver     int // line of the first reference too many
		linkDefs    int // "[naam]: adres"
		linkDefOver int
		brackets    bracketScan
		codeSpans   codeSpanScan
		fence       fenceScan
		line, start int
	)
	endParagraph := func() *LimitError {
		work, unclosed, first := codeSpans.end()
		if work > lim.MaxLinkScan {
			return limitErr(first, "de alinea op regel %d heeft %s reeksen backticks zonder passend einde; zo'n alinea kost te veel rekenwerk om om te zetten. Sluit elke reeks backticks (`) af met evenveel backticks, zet een \\ voor een backtick die gewoon tekst is, of laat een witregel tussen de alinea's.", first, num(unclosed))
		}
		return nil
	}
	endTable := func() {
		cells += table.cells()
		if over.cols == 0 && cells > lim.MaxTableCells*prescanSlack {
			over, overCells = table, cells
		}
		table = tableScan{}
	}
	for start < len(src) {
		if line++; line == 1 {
			line = max(firstLine, 1)
		}
		l := src[start:]
		if end := bytes.IndexByte(l, '\n'); end >= 0 {
			l = l[:end]
			start += end + 1
		} else {
			start = len(src)
		}

		depth, rest := containerPrefix(l)
		if depth > lim.MaxNesting*prescanSlack {
			return limitErr(line, "deze regel opent %s lijsten of citaten in elkaar (inspringing meegeteld); het maximum is %d niveaus. Maak de opsomming platter.", num(depth), lim.MaxNesting)
		}
		blank := len(bytes.TrimSpace(rest)) == 0

		// Tables: the delimiter row (|---|:--:|) under a header line
		// fixes the column count; every row is padded to it.
		if table.cols > 0 {
			if blank || startsBlock(rest) {
				endTable()
			} else {
				table.rows++
			}
		}
		if table.cols == 0 && !prevBlank {
			if cols := delimiterColumns(rest); cols > 0 {
				if cols > lim.MaxTableColumns {
					return limitErr(line-1, "de tabel op regel %d heeft %s kolommen; het maximum is %d. Splits de tabel, of zet de gegevens in een bijlage (bijvoorbeeld CSV).", line-1, num(cols), lim.MaxTableColumns)
				}
				table = tableScan{cols: cols, line: line - 1}
			}
		}

		// Footnotes: "[^x]:" at the start defines, any other "[^" refers.
		if n := bytes.Count(l, []byte("[^")); n > 0 {
			if isFootnoteDef(rest) {
				defs++
				n--
				if defs > lim.MaxFootnotes && defOver == 0 {
					defOver = line
				}
			}
			refs += n
			if refs > lim.MaxFootnotes && refOver == 0 {
				refOver = line
			}
		}

		// Reference definitions: goldmark re-reads the rest of their
		// paragraph for each one.
		if len(rest) > 1 && rest[0] == '[' && rest[1] != '^' && bytes.Contains(rest, []byte("]:")) {
			if linkDefs++; linkDefs > lim.MaxLinks && linkDefOver == 0 {
				linkDefOver = line
			}
		}
		// Code spans, per paragraph; a fenced code block holds none and
		// ends the paragraph before it.
		if inFence := fence.line(rest); blank || inFence {
			if err := endParagraph(); err != nil {
				return err
			}
		} else {
			codeSpans.scan(l, line)
		}
		if blank {
			brackets.reset()
		} else if work := brackets.scan(l); work > lim.MaxLinkScan {
			return limitErr(line, "in deze alinea staan %s vierkante haken [ in elkaar of lang open; zo'n alinea kost te veel rekenwerk om om te zetten. Sluit elke [ kort erna met ], of zet een \\ voor een haak die gewoon tekst is.", num(brackets.maxDepth))
		}
		if work, links := linkScanWork(l); work > lim.MaxLinkScan {
			return limitErr(line, "deze regel heeft %s links (\"](\") in een lange tekst zonder spaties (%s tekens); zo'n regel kost te veel rekenwerk om om te zetten. Zet spaties of regeleinden tussen de links.", num(links), num(len(l)))
		}
		prevBlank = blank
	}
	if err := endParagraph(); err != nil {
		return err
	}
	if table.cols > 0 {
		endTable()
	}
	switch {
	case over.cols > 0:
		return tableCellsErr(over, overCells, lim)
	case defOver > 0:
		return limitErr(defOver, "het materiaal heeft %s voetnoten; het maximum is %s (deze regel is de eerste te veel). Verwerk noten in de tekst of zet ze in een bijlage.", num(defs), num(lim.MaxFootnotes))
	case linkDefOver > 0:
		return limitErr(linkDefOver, "het materiaal heeft %s linkdefinities ([naam]: adres); het maximum is %s (deze regel is de eerste te veel). Schrijf de adressen bij de links zelf of verdeel ze over meer materialen.", num(linkDefs), num(lim.MaxLinks))
	case refOver > 0:
		return limitErr(refOver, "het materiaal verwijst %s keer naar een voetnoot ([^…]); het maximum is %s (deze regel gaat erover). Verwijs minder vaak naar voetnoten.", num(refs), num(lim.MaxFootnotes))
	}
	return nil
}

type tableScan struct{ cols, rows, line int }

// cells counts the header row too.
func (t tableScan) cells() int { return t.cols * (t.rows + 1) }

func tableCellsErr(t tableScan, total int, lim *Limits) *LimitError {
	return limitErr(t.line, "de tabel op regel %d (%s kolommen × %s rijen) brengt het materiaal op %s tabelcellen; het maximum is %s. Splits de tabel over meer materialen, of zet de gegevens in een bijlage (bijvoorbeeld CSV).", t.line, num(t.cols), num(t.rows+1), num(total), num(lim.MaxTableCells))
}

// containerPrefix counts the block-quote markers and list markers that
// start the line, plus a nesting level for every 4 columns of whitespace
// among them (a nested list is indented), and returns the rest of the
// line. A line of only "-", "*" or "_" is a thematic break, not lists.
func containerPrefix(l []byte) (depth int, rest []byte) {
	i, ws := 0, 0
	brk := -1 // where the line's thematic-break tail starts; -1: not yet known
	for i < len(l) {
		switch c := l[i]; {
		case c == ' ':
			ws++
			i++
		case c == '\t':
			ws += 4
			i++
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '*' || c == '+') && spaceOrEnd(l, i+1):
			if brk < 0 {
				brk = thematicBreakStart(l)
			}
			if c != '+' && i >= brk {
				return depth + ws/4, l[i:]
			}
			depth++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j < len(l) && (l[j] == '.' || l[j] == ')') && spaceOrEnd(l, j+1) {
				depth++
				i = j + 1
				continue
			}
			return depth + ws/4, l[i:]
		default:
			return depth + ws/4, l[i:]
		}
	}
	return depth + ws/4, l[i:]
}

func spaceOrEnd(l []byte, i int) bool { return i >= len(l) || l[i] == ' ' || l[i] == '\t' }

// thematicBreakStart returns where the line's longest tail that is a
// thematic break begins: only one of "-", "*", "_" (3 or more times) and
// whitespace, like "- - -" or "***". len(l) if there is none. Computed
// once per line, so that a line of 100 000 markers stays linear.
func thematicBreakStart(l []byte) int {
	var c byte
	n, start := 0, len(l)
	for i := len(l) - 1; i >= 0; i-- {
		switch b := l[i]; {
		case b == ' ' || b == '\t':
		case c == 0 && (b == '-' || b == '*' || b == '_'):
			c = b
			n++
		case b == c:
			n++
		default:
			i = -1 // stop
			continue
		}
		if b := l[i]; b == c && n >= 3 {
			start = i
		}
	}
	return start
}

// startsBlock reports whether a line ends a table paragraph: a heading or
// a code fence. (Other interruptions are rare; counting their lines as
// rows only makes the estimate higher.)
func startsBlock(rest []byte) bool {
	return len(rest) > 0 && rest[0] == '#' || bytes.HasPrefix(rest, []byte("```")) || bytes.HasPrefix(rest, []byte("~~~"))
}

// delimiterColumns returns the column count of a GFM table delimiter row
// ("| --- | :-: |", "--|--"), or 0 if l is not one.
func delimiterColumns(l []byte) int {
	l = bytes.TrimSpace(l)
	if len(l) == 0 || (l[0] != '|' && l[0] != '-' && l[0] != ':') {
		return 0
	}
	dash, pipes := false, 0
	for _, c := range l {
		switch c {
		case '-':
			dash = true
		case '|':
			pipes++
		case ':', ' ', '\t':
		default:
			return 0
		}
	}
	if !dash || (pipes == 0 && bytes.Count(l, []byte("-")) < len(l)) {
		return 0
	}
	cols := pipes + 1
	if l[0] == '|' {
		cols--
	}
	if len(l) > 1 && l[len(l)-1] == '|' {
		cols--
	}
	return max(cols, 1)
}

// isFootnoteDef reports whether rest starts with "[^label]:".
func isFootnoteDef(rest []byte) bool {
	if !bytes.HasPrefix(rest, []byte("[^")) {
		return false
	}
	end := bytes.IndexByte(rest, ']')
	return end > 2 && end+1 < len(rest) && rest[end+1] == ':'
}

// linkScanWork estimates the bytes goldmark reads for link destinations
// on the line l: from every "](" to the next space, or to the end of the
// line after "](<". It walks the line backwards once.
func linkScanWork(l []byte) (work, links int) {
	if bytes.Index(l, []byte("](")) < 0 {
		return 0, 0
	}
	nextSpace := len(l)
	for i := len(l) - 2; i >= 0; i-- {
		switch {
		case l[i] == ' ' || l[i] == '\t':
			nextSpace = i
		case l[i] == ']' && l[i+1] == '(':
			links++
			if i+2 < len(l) && l[i+2] == '<' {
				work += len(l) - i
			} else {
				work += nextSpace - i
			}
		}
	}
	return work, links
}

// built counts, during the walk, what goldmark really built, for the exact
// limits; the first node over a limit gives the line, the walk goes on so
// that the message can name the whole amount.
type built struct {
	nodes                          int
	depth, maxDepth, depthPos      int
	cells, cellsPos, cols, rows    int
	links, linksPos                int
	depthOver, cellsOver, linkOver bool
}

// node counts one step of the walk; it fails only when the deadline has
// passed (checked every 1024 nodes: the check takes a lock).
func (b *built) node(w *walker, node ast.Node, entering bool) error {
	if w.lim == nil {
		return nil
	}
	switch n := node.(type) {
	case *ast.List, *ast.Blockquote:
		if !entering {
			b.depth--
			return nil
		}
		b.depth++
		b.maxDepth = max(b.maxDepth, b.depth)
		if b.depth > w.lim.MaxNesting && !b.depthOver {
			b.depthOver, b.depthPos = true, nodePos(n)
		}
	case *extast.Table:
		if entering {
			cols, rows := len(n.Alignments), n.ChildCount()
			b.cells += cols * rows
			if b.cells > w.lim.MaxTableCells && !b.cellsOver {
				b.cellsOver, b.cellsPos, b.cols, b.rows = true, nodePos(n), cols, rows
			}
		}
	case *ast.Link, *ast.Image, *ast.AutoLink:
		if entering {
			b.links++
			if b.links > w.lim.MaxLinks && !b.linkOver {
				b.linkOver, b.linksPos = true, nodePos(n)
			}
		}
	}
	if b.nodes++; b.nodes&1023 == 0 && w.ctx != nil {
		return w.ctx.Err()
	}
	return nil
}

// overLimit is the walker's verdict, after the walk: the exact limits on
// what goldmark built, and the size of the text and of the formulas.
func (w *walker) overLimit() error {
	if w.lim == nil {
		return nil
	}
	b, lim := &w.count, w.lim
	switch {
	case b.depthOver:
		return limitErr(w.line(b.depthPos), "hier zitten %d lijsten of citaten in elkaar; het maximum is %d niveaus. Maak de opsomming platter.", b.maxDepth, lim.MaxNesting)
	case b.cellsOver:
		line := w.line(b.cellsPos)
		return tableCellsErr(tableScan{line: line, cols: b.cols, rows: b.rows - 1}, b.cells, lim)
	case b.linkOver:
		return limitErr(w.line(b.linksPos), "het materiaal heeft %s links en afbeeldingen; het maximum is %s (deze regel heeft de eerste te veel). Zet lange lijsten met links in een bijlage of verdeel ze over meer materialen.", num(b.links), num(lim.MaxLinks))
	case w.text.len() > lim.MaxTextBytes:
		return limitErr(0, "de tekst zonder opmaak is %s groot; het maximum is %s. Splits het materiaal.", size(w.text.len()), size(lim.MaxTextBytes))
	case w.math != nil && len(w.math.html) > lim.MaxHTMLBytes:
		return limitErr(0, "de formules worden samen %s HTML; het maximum voor de hele pagina is %s. Verdeel de formules over meer materialen.", size(len(w.math.html)), size(lim.MaxHTMLBytes))
	}
	return nil
}

// line is the line of byte offset pos (the first line if unknown),
// counted from Options.FirstLine.
func (w *walker) line(pos int) int {
	first := max(w.firstLine, 1)
	if pos < 0 || pos > len(w.src) {
		return first
	}
	return first + bytes.Count(w.src[:pos], []byte("\n"))
}

// nodePos is where a node starts in the source: its own position or that
// of its first descendant that has one; -1 if none has.
func nodePos(n ast.Node) int {
	for ; n != nil; n = n.FirstChild() {
		if p := n.Pos(); p >= 0 {
			return p
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	return -1
}

// bracketScan estimates what goldmark's link parser costs for the "[" and
// "]" of one paragraph: at every "]" it walks all inline nodes after the
// matching "[", so the work is about the distance between the two, and
// brackets nested n deep cost n². Backslash-escaped brackets do not count.
type bracketScan struct {
	open     []int // offsets of the open "[", within the paragraph
	offset   int   // of the current line within the paragraph
	work     int
	maxDepth int
}

func (b *bracketScan) reset() {
	b.open, b.offset, b.work, b.maxDepth = b.open[:0], 0, 0, 0
}

// scan adds one line of the paragraph and returns the work so far.
func (b *bracketScan) scan(l []byte) int {
	n := len(l)
	if len(b.open) == 0 && bytes.IndexByte(l, '[') < 0 {
		l = nil // nothing open, nothing opens: most lines
	}
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '\\':
			i++ // an escaped character is text
		case '[':
			b.open = append(b.open, b.offset+i)
			b.maxDepth = max(b.maxDepth, len(b.open))
		case ']':
			if n := len(b.open); n > 0 {
				b.work += b.offset + i - b.open[n-1]
				b.open = b.open[:n-1]
			}
		}
	}
	b.offset += n + 1
	return b.work
}

// codeSpanLineCost is what one line costs goldmark's code-span parser on
// top of its bytes: it reads the paragraph line by line and allocates for
// each, so a paragraph of many short lines costs more than its bytes say.
const codeSpanLineCost = 32

// codeSpanScan estimates what goldmark's code-span parser costs for the
// backtick runs of one paragraph: at an opening run it reads on to the
// next run of the same length, or to the end of the paragraph when there
// is none, and then goes on after that run. One unclosed run is cheap;
// hundreds of runs of different lengths over a long paragraph cost their
// number times the paragraph's length.
type codeSpanScan struct {
	runs  []backtickRun
	pos   int // cost position of the current line's start
	first int // the paragraph's first line; 0: no paragraph open
}

type backtickRun struct{ pos, n int }

// scan adds one line of the paragraph (line is its number).
func (c *codeSpanScan) scan(l []byte, line int) {
	if c.first == 0 {
		c.first = line
	}
	for i := 0; i < len(l); {
		if l[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(l) && l[j] == '`' {
			j++
		}
		c.runs = append(c.runs, backtickRun{pos: c.pos + i, n: j - i})
		i = j
	}
	c.pos += len(l) + 1 + codeSpanLineCost
}

// end closes the paragraph and returns its work, the number of runs left
// without a closer and the paragraph's first line.
func (c *codeSpanScan) end() (work, unclosed, first int) {
	first = c.first
	if len(c.runs) > 0 {
		// next[i]: the first later run of the same length, -1 if none.
		next := make([]int, len(c.runs))
		last := map[int]int{}
		for i := len(c.runs) - 1; i >= 0; i-- {
			next[i] = -1
			if j, ok := last[c.runs[i].n]; ok {
				next[i] = j
			}
			last[c.runs[i].n] = i
		}
		for i := 0; i < len(c.runs); {
			if j := next[i]; j >= 0 {
				work += c.runs[j].pos - c.runs[i].pos
				i = j + 1 // the runs in between are code, not openers
				continue
			}
			work += c.pos - c.runs[i].pos
			unclosed++
			i++
		}
	}
	c.runs, c.pos, c.first = c.runs[:0], 0, 0
	return work, unclosed, first
}

// fenceScan follows fenced code blocks (``` or ~~~): their lines are code,
// not paragraphs, so backticks in them are no code spans.
type fenceScan struct {
	char byte // 0: not in a fence
	n    int
}

// line reports whether l (the line after its container markers) opens,
// closes or lies in a fenced code block.
func (f *fenceScan) line(rest []byte) bool {
	run := func() (byte, int) {
		if len(rest) == 0 || (rest[0] != '`' && rest[0] != '~') {
			return 0, 0
		}
		n := 0
		for n < len(rest) && rest[n] == rest[0] {
			n++
		}
		return rest[0], n
	}
	c, n := run()
	if f.char != 0 {
		if c == f.char && n >= f.n && len(bytes.TrimSpace(rest[n:])) == 0 {
			f.char = 0
		}
		return true
	}
	if n >= 3 && !(c == '`' && bytes.IndexByte(rest[n:], '`') >= 0) {
		f.char, f.n = c, n
		return true
	}
	return false
}
