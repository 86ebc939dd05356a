package markdown

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"unicode/utf8"
)

// appendMathText appends a formula as plain text a reader understands
// ("β = 0,4", "(a + b)/2", "10¹⁰", "√(x² + 1)"), for places that cannot
// show MathML, such as the table of contents. It reads the MathML the
// converter writes, so both agree on what the TeX means.
func appendMathText(dst, tex []byte) []byte {
	ml := appendMathML(nil, tex, false)
	root, err := parseMathML(ml)
	if err != nil {
		return append(dst, tex...) // cannot happen for our own output; show the source then
	}
	return append(dst, strings.TrimSpace(mathText(root))...)
}

type mathNode struct {
	name     string
	attr     map[string]string
	text     string
	children []*mathNode
}

func parseMathML(b []byte) (*mathNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := &mathNode{}
	stack := []*mathNode{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := &mathNode{name: t.Name.Local, attr: map[string]string{}}
			for _, a := range t.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.children = append(top.children, &mathNode{text: string(t)})
		}
	}
}

// spacedOperators get a space on both sides, as in the rendered formula.
const spacedOperators = "=+−-×·⋅÷<>≤≥≈≠±∓→⇒⇔∝∼≡"

func mathText(n *mathNode) string {
	if n.name == "" && n.children == nil {
		return n.text
	}
	kids := func() []string {
		var out []string
		for _, c := range n.children {
			if c.name == "" && strings.TrimSpace(c.text) == "" && len(n.children) > 1 {
				continue
			}
			out = append(out, mathText(c))
		}
		return out
	}
	arg := func(i int) string {
		k := kids()
		if i < len(k) {
			return k[i]
		}
		return ""
	}
	switch n.name {
	case "annotation":
		return ""
	case "mo":
		op := strings.TrimSpace(joinText(n))
		if utf8.RuneCountInString(op) == 1 && strings.Contains(spacedOperators, op) {
			return " " + op + " "
		}
		if strings.Contains("∑∏∫∮⋃⋂", op) && op != "" {
			return op + " " // a large operator stands before its operand
		}
		if op == "," || op == ";" {
			return op + " "
		}
		return op
	case "mspace":
		return " "
	case "mfrac":
		return group(arg(0)) + "/" + group(arg(1))
	case "msqrt":
		return "√" + group(strings.Join(kids(), ""))
	case "mroot":
		return script(arg(1), superscripts, "^") + "√" + group(arg(0))
	case "msup":
		return arg(0) + script(arg(1), superscripts, "^")
	case "msub":
		return arg(0) + script(arg(1), subscripts, "_")
	case "msubsup":
		return arg(0) + script(arg(1), subscripts, "_") + script(arg(2), superscripts, "^")
	case "munder", "munderover":
		return arg(0) // limits of a sum or integral: the symbol says enough here
	case "mover":
		base, over := arg(0), strings.TrimSpace(arg(1))
		if mark, ok := combiningAccents[over]; ok && n.attr["accent"] == "true" {
			return base + mark
		}
		return base
	case "mtr":
		return strings.Join(kids(), ", ")
	case "mtable":
		return strings.Join(kids(), "; ")
	}
	return strings.Join(kids(), "")
}

func joinText(n *mathNode) string {
	if n.name == "" {
		return n.text
	}
	var b strings.Builder
	for _, c := range n.children {
		b.WriteString(joinText(c))
	}
	return b.String()
}

// group puts parentheses around a part that is more than one number or
// name, so "(a + b)/2" does not read as "a + b/2".
func group(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if strings.ContainsAny(s, " /+−-=·×") && !(strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")")) {
		return "(" + s + ")"
	}
	return s
}

// script writes a sub- or superscript with Unicode script characters when
// every character has one ("x²", "R₀"), else with ^ or _ ("x^(a/b)").
func script(s string, table map[rune]rune, mark string) string {
	s = strings.TrimSpace(s)
	s = strings.Join(strings.Fields(s), "")
	var b strings.Builder
	for _, r := range s {
		c, ok := table[r]
		if !ok {
			return mark + group(s)
		}
		b.WriteRune(c)
	}
	return b.String()
}

var superscripts = runeMap("0123456789+−-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ")

func init() {
	// Letters with a superscript form that reads well.
	for k, v := range runeMap("abcdefghijklmoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ") {
		superscripts[k] = v
	}
}

var subscripts = runeMap("0123456789+−-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")

func runeMap(from, to string) map[rune]rune {
	m := map[rune]rune{}
	t := []rune(to)
	for i, r := range []rune(from) {
		m[r] = t[i]
	}
	return m
}

// combiningAccents put the accent of \vec, \bar, \hat, … on the letter.
var combiningAccents = map[string]string{
	"→": "\u20D7", "¯": "\u0304", "‾": "\u0305", "^": "\u0302", "ˆ": "\u0302",
	"˙": "\u0307", "¨": "\u0308", "~": "\u0303", "˜": "\u0303",
}
