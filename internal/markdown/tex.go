package markdown

import (
	"unicode"
	"unicode/utf8"
)

// The TeX converter turns the LaTeX subset that teachers write into MathML
// Core, which Chromium and Firefox draw natively: no CDN, no script. It is
// a small recursive-descent parser that writes MathML straight into a byte
// slice; scripts (^ and _) are wrapped around their base afterwards by
// moving the few bytes of the base. Anything it does not know is shown, not
// dropped: an unknown command becomes a visible <merror>, so a typo in a
// formula is noticed by the teacher instead of silently changing the maths.

// maxTeXDepth bounds nesting ({{{…}}}, \frac inside \frac, …) so that a
// hostile formula cannot exhaust the stack.
const maxTeXDepth = 40

// texStop names the token that ends a list for the caller that started it.
type texStop uint8

const (
	stopEOF     texStop = iota
	stopBrace           // "}" of a group
	stopRight           // \right of a \left
	stopBracket         // "]" of \sqrt[n]
	stopCell            // "&", "\\" or \end inside an environment
)

type texParser struct {
	src    []byte
	pos    int
	out    []byte
	depth  int
	braces int  // open "{" groups: a "}" inside \left…\right ends the group, not the fence
	normal bool // inside \mathrm and friends: letters upright and joined into words
}

// appendMathML appends a complete <math> element for tex to dst. The TeX
// source is kept in an annotation so that copy-paste and assistive tools
// can still reach it.
func appendMathML(dst, tex []byte, display bool) []byte {
	if display {
		dst = append(dst, `<math display="block"><semantics>`...)
	} else {
		dst = append(dst, `<math><semantics>`...)
	}
	p := texParser{src: tex, out: dst}
	start := len(p.out)
	if items := p.parseList(stopEOF); items != 1 {
		p.wrap(start, "mrow") // <semantics> wants one presentation element
	}
	dst = append(p.out, `<annotation encoding="application/x-tex">`...)
	dst = appendEscaped(dst, tex)
	return append(dst, `</annotation></semantics></math>`...)
}

func (p *texParser) emit(s string) { p.out = append(p.out, s...) }

func (p *texParser) emitToken(tag, text string, normal bool) {
	p.out = append(p.out, '<')
	p.out = append(p.out, tag...)
	if normal {
		p.out = append(p.out, ` mathvariant="normal"`...)
	}
	p.out = append(p.out, '>')
	p.out = append(p.out, text...)
	p.out = append(p.out, "</"...)
	p.out = append(p.out, tag...)
	p.out = append(p.out, '>')
}

// emitError shows a piece of TeX we cannot typeset, escaped, in red.
func (p *texParser) emitError(raw []byte) {
	p.emit("<merror><mtext>")
	p.out = appendEscaped(p.out, raw)
	p.emit("</mtext></merror>")
}

func (p *texParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r', '\f':
			p.pos++
		default:
			return
		}
	}
}

// peekCommand returns the name of the command at pos ("frac", ",", …)
// without consuming it; "" when there is none.
func (p *texParser) peekCommand() string {
	if p.pos >= len(p.src) || p.src[p.pos] != '\\' {
		return ""
	}
	i := p.pos + 1
	for i < len(p.src) && isASCIILetter(p.src[i]) {
		i++
	}
	if i == p.pos+1 {
		if i >= len(p.src) {
			return ""
		}
		_, size := utf8.DecodeRune(p.src[i:])
		i += size
	}
	return string(p.src[p.pos+1 : i])
}

// readCommand consumes a command and returns its name. A name made of
// letters swallows the spaces after it, as in TeX.
func (p *texParser) readCommand() string {
	name := p.peekCommand()
	p.pos += 1 + len(name)
	if name != "" && isASCIILetter(name[0]) {
		p.skipSpace()
	}
	return name
}

// atStop reports whether the list that ends with stop is at its end.
func (p *texParser) atStop(stop texStop) bool {
	if p.pos >= len(p.src) {
		return true
	}
	c := p.src[p.pos]
	if c == '}' && (stop == stopBrace || p.braces > 0) {
		return true
	}
	switch stop {
	case stopBracket:
		return c == ']'
	case stopCell:
		if c == '&' {
			return true
		}
		name := p.peekCommand()
		return name == "\\" || name == "end"
	case stopRight:
		return p.peekCommand() == "right"
	}
	return false
}

// parseList parses atoms until the stop token (left for the caller) or the
// end of the input, and returns how many elements it wrote.
func (p *texParser) parseList(stop texStop) int {
	items := 0
	for {
		p.skipSpace()
		if p.atStop(stop) {
			return items
		}
		if p.src[p.pos] == '}' { // a stray brace: show it, keep the rest
			p.pos++
			p.emit(`<mo stretchy="false">}</mo>`)
			items++
			continue
		}
		items += p.parseScripted()
	}
}

// parseScripted parses one atom and the ^ and _ scripts that follow it, and
// returns how many elements it wrote.
func (p *texParser) parseScripted() int {
	start := len(p.out)
	kind := p.parseAtom(false)
	if kind == atomSpace {
		return 1 // a following ^ gets an empty base, as in TeX
	}
	baseEnd := len(p.out)
	subStart, subEnd, supStart, supEnd := -1, -1, -1, -1
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			break
		}
		c := p.src[p.pos]
		if c == '\'' && supStart < 0 { // f' is f with a prime as superscript
			supStart = len(p.out)
			for p.pos < len(p.src) && p.src[p.pos] == '\'' {
				p.pos++
				p.emit("<mo>′</mo>")
			}
			if len(p.out)-supStart > len("<mo>′</mo>") {
				p.wrap(supStart, "mrow")
			}
			supEnd = len(p.out)
			continue
		}
		if (c != '^' || supStart >= 0) && (c != '_' || subStart >= 0) {
			break
		}
		p.pos++
		s := len(p.out)
		p.parseArg()
		if c == '^' {
			supStart, supEnd = s, len(p.out)
		} else {
			subStart, subEnd = s, len(p.out)
		}
	}
	if subStart >= 0 || supStart >= 0 {
		p.attachScripts(start, baseEnd, subStart, subEnd, supStart, supEnd, kind)
	}
	if kind == atomFunction || kind == atomLimitFn {
		p.emit("<mo>\u2061</mo>")
		return 2
	}
	if len(p.out) == start {
		return 0 // \displaystyle and the like
	}
	return 1
}

// attachScripts rewrites out[start:] (base, then scripts in written order)
// as msub/msup/msubsup, or munder/mover/munderover for limits.
func (p *texParser) attachScripts(start, baseEnd, subStart, subEnd, supStart, supEnd int, kind atomKind) {
	tail := append([]byte(nil), p.out[start:]...)
	p.out = p.out[:start]
	under := kind == atomLargeOp || kind == atomLimitFn
	var tag string
	switch {
	case subStart >= 0 && supStart >= 0:
		tag = "msubsup"
		if under {
			tag = "munderover"
		}
	case subStart >= 0:
		tag = "msub"
		if under {
			tag = "munder"
		}
	default:
		tag = "msup"
		if under {
			tag = "mover"
		}
	}
	p.out = append(p.out, '<')
	p.out = append(p.out, tag...)
	p.out = append(p.out, '>')
	p.out = append(p.out, tail[:baseEnd-start]...)
	if subStart >= 0 {
		p.out = append(p.out, tail[subStart-start:subEnd-start]...)
	}
	if supStart >= 0 {
		p.out = append(p.out, tail[supStart-start:supEnd-start]...)
	}
	p.out = append(p.out, "</"...)
	p.out = append(p.out, tag...)
	p.out = append(p.out, '>')
}

// wrap puts out[start:] inside <tag>…</tag>.
func (p *texParser) wrap(start int, tag string) {
	open := "<" + tag + ">"
	p.out = append(p.out, open...) // grow, then shift the content right
	copy(p.out[start+len(open):], p.out[start:len(p.out)-len(open)])
	copy(p.out[start:], open)
	p.out = append(p.out, "</"+tag+">"...)
}

// parseArg parses the argument of a command or script: a {group} or a
// single token (x^23 is x² followed by 3, as in TeX).
func (p *texParser) parseArg() {
	p.parseAtom(true)
}

// parseAtom parses one group, number, letter, symbol or command and tells
// how scripts attach to it. With single set, a number or word is cut after
// its first character, as TeX does for arguments.
func (p *texParser) parseAtom(single bool) atomKind {
	p.skipSpace()
	if p.pos >= len(p.src) {
		p.emit("<mrow></mrow>")
		return atomOrd
	}
	if p.depth >= maxTeXDepth {
		p.emitError(p.src[p.pos:])
		p.pos = len(p.src)
		return atomOrd
	}
	p.depth++
	defer func() { p.depth-- }()

	c := p.src[p.pos]
	switch {
	case c == '{':
		p.pos++
		p.parseGroupRest()
	case c == '}' || c == '^' || c == '_':
		// An empty base or argument: keep the MathML well-formed.
		p.emit("<mrow></mrow>")
	case isDigit(c) || (c == '.' && p.pos+1 < len(p.src) && isDigit(p.src[p.pos+1])):
		p.parseNumber(single)
	case isASCIILetter(c):
		p.parseLetters(single)
	case c == '\\':
		return p.parseCommand()
	case c < utf8.RuneSelf:
		p.pos++
		p.emitASCIISymbol(c)
	default:
		r, size := utf8.DecodeRune(p.src[p.pos:])
		p.pos += size
		p.emitRune(r)
	}
	return atomOrd
}

// parseGroupRest parses a group whose "{" is already consumed.
func (p *texParser) parseGroupRest() {
	saved := p.normal
	p.braces++
	start := len(p.out)
	if items := p.parseList(stopBrace); items != 1 {
		p.wrap(start, "mrow") // one element needs no row around it
	}
	p.braces--
	p.normal = saved
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
	}
}

func (p *texParser) parseNumber(single bool) {
	start := p.pos
	if single {
		p.pos++
	} else {
		for p.pos < len(p.src) {
			c := p.src[p.pos]
			if isDigit(c) {
				p.pos++
				continue
			}
			// 3.14, and the Dutch decimal comma: 3,14 and 3{,}14.
			if (c == '.' || c == ',') && p.pos+1 < len(p.src) && isDigit(p.src[p.pos+1]) {
				p.pos++
				continue
			}
			if c == '{' && p.pos+3 < len(p.src) && p.src[p.pos+1] == ',' && p.src[p.pos+2] == '}' && isDigit(p.src[p.pos+3]) {
				p.pos += 3
				continue
			}
			break
		}
	}
	p.emit("<mn>")
	for _, c := range p.src[start:p.pos] {
		if c != '{' && c != '}' {
			p.out = append(p.out, c)
		}
	}
	p.emit("</mn>")
}

func (p *texParser) parseLetters(single bool) {
	if !p.normal {
		p.emitToken("mi", string(p.src[p.pos]), false)
		p.pos++
		return
	}
	start := p.pos
	p.pos++
	for !single && p.pos < len(p.src) && isASCIILetter(p.src[p.pos]) {
		p.pos++
	}
	// Multi-letter identifiers are upright already; say so only for one letter.
	p.out = append(p.out, "<mi"...)
	if p.pos-start == 1 {
		p.out = append(p.out, ` mathvariant="normal"`...)
	}
	p.out = append(p.out, '>')
	p.out = append(p.out, p.src[start:p.pos]...)
	p.out = append(p.out, "</mi>"...)
}

func (p *texParser) emitASCIISymbol(c byte) {
	switch c {
	case '-':
		p.emit("<mo>−</mo>")
	case '*':
		p.emit("<mo>∗</mo>")
	case '<':
		p.emit("<mo>&lt;</mo>")
	case '>':
		p.emit("<mo>&gt;</mo>")
	case '&':
		p.emit("<mo>&amp;</mo>")
	case '"':
		p.emit("<mo>&#34;</mo>")
	case '\'':
		p.emit("<mo>′</mo>")
	case '/':
		// TeX sets a slash as an ordinary character (m/s), MathML's operator
		// dictionary would put space around it.
		p.emit(`<mo lspace="0" rspace="0">/</mo>`)
	case '~':
		p.emit(`<mspace width="0.25em"></mspace>`)
	case '(', ')', '[', ']', '|':
		p.out = append(p.out, `<mo stretchy="false">`...)
		p.out = append(p.out, c)
		p.out = append(p.out, "</mo>"...)
	default:
		if c < 0x20 || c == 0x7f { // control characters carry no maths
			return
		}
		p.out = append(p.out, "<mo>"...)
		p.out = append(p.out, c)
		p.out = append(p.out, "</mo>"...)
	}
}

// emitRune classifies a non-ASCII character typed directly (π, ≤, °, é).
func (p *texParser) emitRune(r rune) {
	var buf [utf8.UTFMax]byte
	text := string(buf[:utf8.EncodeRune(buf[:], r)])
	switch {
	case r == utf8.RuneError:
		p.emit("<mo>\uFFFD</mo>")
	case r >= 'Α' && r <= 'Ω':
		p.emitToken("mi", text, true)
	case unicode.IsLetter(r):
		p.emitToken("mi", text, false)
	case unicode.IsDigit(r):
		p.emitToken("mn", text, false)
	case unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		// Spacing is MathML's job; invisible characters add nothing.
	case r == '°':
		p.emitToken("mi", text, true)
	default:
		p.emitToken("mo", text, false)
	}
}

func isDigit(c byte) bool       { return c >= '0' && c <= '9' }
func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// appendEscaped appends s with the HTML markup characters escaped, exactly
// as golang.org/x/net/html (and so the sanitiser) writes text: the fast
// path relies on the sanitiser leaving this output unchanged.
func appendEscaped(dst, s []byte) []byte {
	for len(s) > 0 {
		n := 0
		for n < len(s) && !escapeByte[s[n]] {
			n++
		}
		dst = append(dst, s[:n]...) // the plain run, copied whole
		if n == len(s) {
			return dst
		}
		switch s[n] {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '"':
			dst = append(dst, "&#34;"...)
		case '\'':
			dst = append(dst, "&#39;"...)
		case '\r':
			// HTML turns CR LF and a lone CR into LF when it reads text.
			if n+1 == len(s) || s[n+1] != '\n' {
				dst = append(dst, '\n')
			}
		}
		s = s[n+1:]
	}
	return dst
}

// escapeByte marks the bytes appendEscaped must rewrite.
var escapeByte = [256]bool{'&': true, '<': true, '>': true, '"': true, '\'': true, '\r': true}
