package markdown

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
)

// Formulas bypass the sanitiser. They are more than half of the elements
// of a typical lesson, and bluemonday's cost is per element, so the walker
// converts each formula to MathML into a side buffer, the renderer writes
// a placeholder in its place, the sanitiser cleans the rest, and the MathML
// is spliced back into the clean HTML.
//
// Why that is safe:
//   - The MathML comes only from appendMathML, which writes element and
//     attribute names from constants and escapes every byte of user text
//     (tex_safety_test.go checks the constant tables; FuzzTeX checks that
//     the sanitiser leaves its output byte for byte unchanged, so splicing
//     it unsanitised equals sanitising it).
//   - A placeholder carries a 128-bit token drawn from crypto/rand for each
//     render, so text in the lesson cannot name one.
//   - Even so, splice accepts a placeholder only in text context of the
//     sanitised HTML (where the sanitiser left every "<" and ">" escaped,
//     so the nearest raw one tells whether we are inside a tag), with slot
//     numbers strictly increasing as the renderer writes them. Anything
//     else renders the page again the way it worked before the fast path:
//     formulas in place, everything through the sanitiser.

// mathPlaceholderPrefix starts every placeholder: prefix, token, "-", the
// 1-based slot in decimal, ";". All of it passes the sanitiser unchanged.
const mathPlaceholderPrefix = "MATHML-"

// newMathToken is a variable so that a test can fix the token and prove
// that even a known token cannot inject markup.
var newMathToken = func() (tok [32]byte) {
	var raw [16]byte
	_, _ = rand.Read(raw[:]) // never fails (Go ≥ 1.24 crashes the program instead)
	hex.Encode(tok[:], raw[:])
	return tok
}

// trustedMath holds one render's formulas as MathML.
type trustedMath struct {
	prefix []byte // mathPlaceholderPrefix + token + "-"
	html   []byte // the MathML of every formula, one after the other
	ends   []int  // ends[i] is where formula i+1 ends in html
}

var trustedMathPool = sync.Pool{New: func() any { return new(trustedMath) }}

func getTrustedMath() *trustedMath {
	m := trustedMathPool.Get().(*trustedMath)
	tok := newMathToken()
	m.prefix = append(append(append(m.prefix[:0], mathPlaceholderPrefix...), tok[:]...), '-')
	return m
}

func putTrustedMath(m *trustedMath) {
	if cap(m.html) > 1<<20 || cap(m.ends) > 1<<14 {
		return // one huge document: do not keep its memory
	}
	m.html, m.ends = m.html[:0], m.ends[:0]
	trustedMathPool.Put(m)
}

// add converts one formula and returns its slot (1-based).
func (m *trustedMath) add(tex []byte, display bool) int {
	m.html = appendMathML(m.html, tex, display)
	m.ends = append(m.ends, len(m.html))
	return len(m.ends)
}

func (m *trustedMath) formula(slot int) []byte {
	start := 0
	if slot > 1 {
		start = m.ends[slot-2]
	}
	return m.html[start:m.ends[slot-1]]
}

// appendPlaceholder writes the placeholder for slot.
func (m *trustedMath) appendPlaceholder(dst []byte, slot int) []byte {
	dst = append(dst, m.prefix...)
	dst = appendInt(dst, slot)
	return append(dst, ';')
}

// nextPlaceholder finds the next placeholder in b at or after from and
// returns where it starts and ends and its slot; start is -1 when there is
// none, slot is 0 when the text there only looks like one.
func (m *trustedMath) nextPlaceholder(b []byte, from int) (start, end, slot int) {
	i := bytes.Index(b[from:], m.prefix)
	if i < 0 {
		return -1, -1, 0
	}
	start = from + i
	j := start + len(m.prefix)
	digits := 0
	for j < len(b) && isDigit(b[j]) && digits < 9 {
		slot = slot*10 + int(b[j]-'0')
		j++
		digits++
	}
	if digits == 0 || j >= len(b) || b[j] != ';' || slot > len(m.ends) {
		return start, start + len(m.prefix), 0
	}
	return start, j + 1, slot
}

// splice writes clean to b with every placeholder replaced by its MathML.
// It returns false, and b must be discarded, when a placeholder is not
// where the renderer put it (see the comment at the top of this file).
func (m *trustedMath) splice(b *strings.Builder, clean []byte) bool {
	pos, last := 0, 0
	inTag := false
	for {
		start, end, slot := m.nextPlaceholder(clean, pos)
		if start < 0 {
			b.Write(clean[pos:])
			return true
		}
		between := clean[pos:start]
		if lt, gt := bytes.LastIndexByte(between, '<'), bytes.LastIndexByte(between, '>'); lt > gt {
			inTag = true
		} else if gt > lt {
			inTag = false
		}
		if inTag || slot <= last {
			return false
		}
		b.Write(between)
		b.Write(m.formula(slot))
		pos, last = end, slot
	}
}

func appendInt(dst []byte, v int) []byte {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}
