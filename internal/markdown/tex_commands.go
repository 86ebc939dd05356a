package markdown

import "unicode/utf8"

// The commands of the TeX subset: fractions, roots, text, styles, fences,
// accents and matrix-like environments. Symbols that stand for one token
// are in tex_symbols.go.

// parseCommand handles everything after a backslash.
func (p *texParser) parseCommand() atomKind {
	cmdStart := p.pos
	name := p.readCommand()
	if name == "" { // a lone backslash at the end
		p.pos = len(p.src)
		p.emitError([]byte(`\`))
		return atomOrd
	}
	if sym, ok := texSymbols[name]; ok {
		p.emitToken(sym.tag, sym.text, sym.normal && len(sym.text) <= utf8.UTFMax)
		return sym.kind
	}
	if width, ok := texSpaces[name]; ok {
		p.emit(`<mspace width="`)
		p.emit(width)
		p.emit(`"></mspace>`)
		return atomSpace
	}
	if texIgnored[name] {
		return atomOrd
	}
	if acc, ok := texAccents[name]; ok {
		p.parseAccent(acc.mark, acc.under, acc.stretch)
		return atomOrd
	}
	switch name {
	case "frac", "dfrac", "tfrac", "cfrac":
		p.emit("<mfrac>")
		p.parseArg()
		p.parseArg()
		p.emit("</mfrac>")
	case "binom", "dbinom", "tbinom":
		p.emit(`<mrow><mo>(</mo><mfrac linethickness="0">`)
		p.parseArg()
		p.parseArg()
		p.emit(`</mfrac><mo>)</mo></mrow>`)
	case "sqrt":
		p.parseSqrt()
	case "text", "textrm", "textnormal", "textup", "textit", "textbf", "textsf",
		"texttt", "mbox", "hbox", "mathnormal":
		p.parseText()
	case "mathrm", "mathup", "mathsf", "mathtt", "mathbf", "operatorname":
		p.parseStyled(true)
		if name == "operatorname" {
			return atomFunction
		}
	case "mathit", "mathcal", "mathfrak", "mathscr", "boldsymbol", "bm", "pmb":
		p.parseStyled(false)
	case "rm", "mathrm*", "upshape":
		p.normal = true // old-style switch: upright until the group ends
	case "it":
		p.normal = false
	case "mathbb":
		p.parseDoubleStruck()
	case "left":
		p.parseLeftRight()
	case "right":
		// A \right without \left: show the delimiter unstretched.
		if d, ok := p.readDelimiter(); ok && d != "" {
			p.emitToken("mo", d, false)
		}
	case "not":
		p.parseNot()
	case "begin":
		p.parseEnvironment(cmdStart)
	default:
		// \href, \url, \end without \begin, typos: visible, never executed.
		if name == "end" {
			p.readBraced()
			p.emitError(p.src[cmdStart:p.pos])
			break
		}
		p.emitError(p.src[cmdStart : cmdStart+1+len(name)])
	}
	return atomOrd
}

func (p *texParser) parseAccent(mark string, under, stretch bool) {
	tag := "mover"
	attr := ` accent="true"`
	if under {
		tag, attr = "munder", ` accentunder="true"`
	}
	p.emit("<" + tag + attr + ">")
	p.parseArg()
	if stretch {
		p.emitToken("mo", mark, false)
	} else {
		p.emit(`<mo stretchy="false">` + mark + `</mo>`)
	}
	p.emit("</" + tag + ">")
}

func (p *texParser) parseSqrt() {
	p.skipSpace()
	if p.pos >= len(p.src) || p.src[p.pos] != '[' {
		p.emit("<msqrt>")
		p.parseArg()
		p.emit("</msqrt>")
		return
	}
	// \sqrt[n]{x}: MathML wants the radicand first, TeX writes the index first.
	p.pos++
	start := len(p.out)
	if items := p.parseList(stopBracket); items != 1 {
		p.wrap(start, "mrow")
	}
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
	}
	index := append([]byte(nil), p.out[start:]...)
	p.out = p.out[:start]
	p.emit("<mroot>")
	p.parseArg()
	p.out = append(p.out, index...)
	p.emit("</mroot>")
}

// readBraced consumes a balanced {…} and returns its inside, raw; a single
// character when there is no brace.
func (p *texParser) readBraced() []byte {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return nil
	}
	if p.src[p.pos] != '{' {
		_, size := utf8.DecodeRune(p.src[p.pos:])
		p.pos += size
		return p.src[p.pos-size : p.pos]
	}
	depth := 0
	start := p.pos + 1
	for i := p.pos; i < len(p.src); i++ {
		switch p.src[i] {
		case '\\':
			i++ // \{ and \} do not count
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				p.pos = i + 1
				return p.src[start:i]
			}
		}
	}
	p.pos = len(p.src)
	return p.src[start:]
}

// parseText renders \text{…} as text. Spaces at its edges matter ("5\text{ m}")
// but MathML trims them, so they become no-break spaces.
func (p *texParser) parseText() {
	raw := p.readBraced()
	p.emit("<mtext>")
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw) && !isASCIILetter(raw[i+1]):
			i++
			p.out = appendEscaped(p.out, raw[i:i+1])
		case c == '{' || c == '}':
		case c == ' ' || c == '\n' || c == '\t' || c == '~':
			if i == 0 || i == len(raw)-1 || c == '~' {
				p.out = append(p.out, "\u00a0"...)
			} else {
				p.out = append(p.out, ' ')
			}
		default:
			p.out = appendEscaped(p.out, raw[i:i+1])
		}
	}
	p.emit("</mtext>")
}

// parseStyled parses an argument with letters upright (units: \mathrm{kg})
// or as usual.
func (p *texParser) parseStyled(upright bool) {
	saved := p.normal
	p.normal = upright
	p.parseArg()
	p.normal = saved
}

func (p *texParser) parseDoubleStruck() {
	p.skipSpace()
	raw := p.readBraced()
	if len(raw) == 1 {
		if s, ok := texDoubleStruck[raw[0]]; ok {
			p.emitToken("mi", s, false)
			return
		}
	}
	sub := texParser{src: raw, out: p.out, depth: p.depth + 1, normal: true}
	sub.emit("<mrow>")
	sub.parseList(stopEOF)
	sub.emit("</mrow>")
	p.out = sub.out
}

// readDelimiter reads the delimiter after \left, \right or \big. "." means
// none (ok with ""); ok is false when nothing delimiter-like follows.
func (p *texParser) readDelimiter() (string, bool) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return "", false
	}
	if p.src[p.pos] == '.' {
		p.pos++
		return "", true
	}
	if p.src[p.pos] == '\\' {
		name := p.peekCommand()
		if d, ok := texDelimiters[`\`+name]; ok {
			p.pos += 1 + len(name)
			return d, true
		}
		return "", false
	}
	if d, ok := texDelimiters[string(p.src[p.pos])]; ok {
		p.pos++
		return d, true
	}
	return "", false
}

func (p *texParser) parseLeftRight() {
	open, _ := p.readDelimiter()
	p.emit("<mrow>")
	if open != "" {
		p.emitToken("mo", open, false)
	}
	p.parseList(stopRight)
	if p.peekCommand() == "right" {
		p.readCommand()
		if closing, _ := p.readDelimiter(); closing != "" {
			p.emitToken("mo", closing, false)
		}
	}
	p.emit("</mrow>")
}

// parseNot handles the negations teachers use; other \not are ignored.
func (p *texParser) parseNot() {
	p.skipSpace()
	switch {
	case p.pos < len(p.src) && p.src[p.pos] == '=':
		p.pos++
		p.emit("<mo>≠</mo>")
	case p.peekCommand() == "in":
		p.readCommand()
		p.emit("<mo>∉</mo>")
	case p.peekCommand() == "equiv":
		p.readCommand()
		p.emit("<mo>≢</mo>")
	}
}

// parseEnvironment lays out matrix-like environments (pmatrix, cases,
// aligned, …) as an mtable; others become a visible error.
func (p *texParser) parseEnvironment(cmdStart int) {
	envName := string(p.readBraced())
	fences, ok := texMatrixFences[envName]
	if !ok {
		p.emitError(p.src[cmdStart:p.pos])
		return
	}
	if envName == "array" { // skip the column specification {cc|c}
		p.readBraced()
	}
	p.emit("<mrow>")
	if fences[0] != "" {
		p.emitToken("mo", fences[0], false)
	}
	p.emit("<mtable>")
	savedBraces := p.braces
	p.braces = 0 // a "}" inside a cell is stray, not the end of an outer group
	for row := true; row; {
		p.emit("<mtr>")
		for {
			p.emit("<mtd>")
			p.parseList(stopCell)
			p.emit("</mtd>")
			if p.pos < len(p.src) && p.src[p.pos] == '&' {
				p.pos++
				continue
			}
			break
		}
		p.emit("</mtr>")
		row = false
		if p.peekCommand() == "\\" {
			p.readCommand()
			p.skipSpace()
			row = p.pos < len(p.src) && p.peekCommand() != "end"
		}
	}
	p.braces = savedBraces
	if p.peekCommand() == "end" {
		p.readCommand()
		p.readBraced()
	}
	p.emit("</mtable>")
	if fences[1] != "" {
		p.emitToken("mo", fences[1], false)
	}
	p.emit("</mrow>")
}
