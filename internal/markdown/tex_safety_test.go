package markdown

import (
	"sort"
	"strings"
	"testing"
)

// The formula fast path (splice.go) puts the converter's MathML on the
// page without the sanitiser. These tests pin down why that is sound: every
// text the converter writes from its own tables is free of markup, and
// every command it knows comes out unchanged through the sanitiser.

func TestTeXTablesHoldNoMarkup(t *testing.T) {
	// Entities are fine when they are the ones the sanitiser itself writes.
	entities := strings.NewReplacer("&lt;", "", "&gt;", "", "&amp;", "", "&#34;", "", "&#39;", "")
	check := func(where, s string) {
		t.Helper()
		if strings.ContainsAny(entities.Replace(s), "<>&\"'") {
			t.Errorf("%s: %q holds a markup character", where, s)
		}
		for _, r := range s {
			if r < 0x20 || r == 0x7f {
				t.Errorf("%s: %q holds a control character", where, s)
			}
		}
	}
	for name, sym := range texSymbols {
		check(`\`+name, sym.text)
		if sym.tag != "mi" && sym.tag != "mo" && sym.tag != "mn" {
			t.Errorf(`\%s: tag %q`, name, sym.tag)
		}
	}
	for name, width := range texSpaces {
		if !mathWidth.MatchString(width) {
			t.Errorf(`\%s: width %q is not allowed by the sanitiser`, name, width)
		}
	}
	for name, acc := range texAccents {
		check(`\`+name, acc.mark)
	}
	for name, d := range texDelimiters {
		check("delimiter "+name, d)
	}
	for c, s := range texDoubleStruck {
		check(`\mathbb `+string(c), s)
	}
	for name, f := range texMatrixFences {
		check(name, f[0])
		check(name, f[1])
	}
}

// TestEveryCommandSurvivesTheSanitiser converts every command the
// converter knows, in the ways it is used, and checks that the sanitiser
// would not change a byte: so skipping it changes nothing.
func TestEveryCommandSurvivesTheSanitiser(t *testing.T) {
	var tex []string
	for name := range texSymbols {
		tex = append(tex, `\`+name+`_{1}^{2}`)
	}
	for name := range texSpaces {
		tex = append(tex, `a\`+name+`b`)
	}
	for name := range texAccents {
		tex = append(tex, `\`+name+`{x}`)
	}
	for name := range texDelimiters {
		tex = append(tex, `\left`+name+` x \right`+name)
	}
	for name := range texMatrixFences {
		tex = append(tex, `\begin{`+name+`}{cc} a & b \\ c & d \end{`+name+`}`)
	}
	tex = append(tex, `\frac{a}{b}`, `\binom{n}{k}`, `\sqrt[3]{x}`, `\text{a < b & "c" 'd'}`,
		`\mathrm{kg}`, `\mathbb{R}`, `\mathbb{xy}`, `\not=`, `\not\in`, `\operatorname{sgn} x`,
		`\lim_{x\to 0}`, `\sum_{i=1}^n`, `f'''(x)`, `\foo`, `\end{x}`, `\begin{nope}`, `\`,
		"a\r\nb\rc\x00d\xff\xfe", `{{{{`, `}}}}`, `^_^_`, `~/<>&"'|[]()`, "π≤°é\u200b\u2061")
	sort.Strings(tex)
	for _, s := range tex {
		for _, display := range []bool{false, true} {
			out := string(appendMathML(nil, []byte(s), display))
			if clean := policy.Sanitize(out); clean != out {
				t.Errorf("the sanitiser changes %q:\n got %s\nwant %s", s, clean, out)
			}
		}
	}
}
