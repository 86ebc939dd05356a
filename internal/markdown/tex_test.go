package markdown

import (
	"strings"
	"testing"
)

// texBody converts tex and returns the MathML inside <semantics>, before
// the row that appendMathML adds when there are several items.
func texBody(tex string) string {
	p := texParser{src: []byte(tex)}
	p.parseList(stopEOF)
	return string(p.out)
}

func TestTeXToMathML(t *testing.T) {
	cases := []struct{ name, tex, want string }{
		{"number and identifier", `2x`, `<mn>2</mn><mi>x</mi>`},
		{"decimal point", `3.14`, `<mn>3.14</mn>`},
		{"dutch decimal comma", `9,81`, `<mn>9,81</mn>`},
		{"braced decimal comma", `9{,}81`, `<mn>9,81</mn>`},
		{"comma between letters stays punctuation", `f(x,y)`, `<mi>f</mi><mo stretchy="false">(</mo><mi>x</mi><mo>,</mo><mi>y</mi><mo stretchy="false">)</mo>`},
		{"minus is a real minus", `a-b`, `<mi>a</mi><mo>−</mo><mi>b</mi>`},
		{"relations", `a\le b\ge c\approx d\neq e`, `<mi>a</mi><mo>≤</mo><mi>b</mi><mo>≥</mo><mi>c</mi><mo>≈</mo><mi>d</mi><mo>≠</mo><mi>e</mi>`},
		{"html characters escaped", `a<b>c&d`, `<mi>a</mi><mo>&lt;</mo><mi>b</mi><mo>&gt;</mo><mi>c</mi><mo>&amp;</mo><mi>d</mi>`},
		{"unicode operators typed directly", `a ≤ b · c`, `<mi>a</mi><mo>≤</mo><mi>b</mi><mo>·</mo><mi>c</mi>`},
		{"pm cdot times div", `\pm\cdot\times\div`, `<mo>±</mo><mo>⋅</mo><mo>×</mo><mo>÷</mo>`},
		{"fraction", `\frac{a}{b}`, `<mfrac><mi>a</mi><mi>b</mi></mfrac>`},
		{"fraction with rows", `\frac{a+1}{2b}`, `<mfrac><mrow><mi>a</mi><mo>+</mo><mn>1</mn></mrow><mrow><mn>2</mn><mi>b</mi></mrow></mfrac>`},
		{"fraction of single tokens", `\frac12`, `<mfrac><mn>1</mn><mn>2</mn></mfrac>`},
		{"sqrt", `\sqrt{2}`, `<msqrt><mn>2</mn></msqrt>`},
		{"nth root puts radicand first", `\sqrt[3]{x}`, `<mroot><mi>x</mi><mn>3</mn></mroot>`},
		{"superscript", `x^2`, `<msup><mi>x</mi><mn>2</mn></msup>`},
		{"single token script", `x^23`, `<msup><mi>x</mi><mn>2</mn></msup><mn>3</mn>`},
		{"braced script", `x^{23}`, `<msup><mi>x</mi><mn>23</mn></msup>`},
		{"sub and sup in either order", `x^2_i`, `<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>`},
		{"prime", `f'(x)`, `<msup><mi>f</mi><mo>′</mo></msup><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>`},
		{"greek lower is italic", `\alpha\pi`, `<mi>α</mi><mi>π</mi>`},
		{"greek upper is upright", `\Delta\Omega`, `<mi mathvariant="normal">Δ</mi><mi mathvariant="normal">Ω</mi>`},
		{"text keeps edge spaces", `3\text{ m/s}`, `<mn>3</mn><mtext>` + "\u00a0" + `m/s</mtext>`},
		{"text escapes html", `\text{<b>}`, `<mtext>&lt;b&gt;</mtext>`},
		{"mathrm joins letters", `\mathrm{kg}`, `<mi>kg</mi>`},
		{"mathrm single letter upright", `\mathrm{m}`, `<mi mathvariant="normal">m</mi>`},
		{"unit with power", `\mathrm{m/s^2}`, `<mrow><mi mathvariant="normal">m</mi><mo lspace="0" rspace="0">/</mo><msup><mi mathvariant="normal">s</mi><mn>2</mn></msup></mrow>`},
		{"thin space", `5\,\mathrm{V}`, `<mn>5</mn><mspace width="0.1667em"></mspace><mi mathvariant="normal">V</mi>`},
		{"degree after space", `5\,^\circ`, `<mn>5</mn><mspace width="0.1667em"></mspace><msup><mrow></mrow><mo>∘</mo></msup>`},
		{"degree command", `20\degree`, `<mn>20</mn><mi mathvariant="normal">°</mi>`},
		{"infinity", `\infty`, `<mi mathvariant="normal">∞</mi>`},
		{"left right", `\left(x\right)`, `<mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow>`},
		{"left without right", `\left[x`, `<mrow><mo>[</mo><mi>x</mi></mrow>`},
		{"left dot", `\left.x\right|`, `<mrow><mi>x</mi><mo>|</mo></mrow>`},
		{"sum with limits", `\sum_{i=1}^n`, `<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>`},
		{"integral scripts", `\int_0^1`, `<msubsup><mo>∫</mo><mn>0</mn><mn>1</mn></msubsup>`},
		{"function application", `\sin x`, `<mi>sin</mi><mo>` + "\u2061" + `</mo><mi>x</mi>`},
		{"limit underneath", `\lim_{x\to0}`, `<munder><mi>lim</mi><mrow><mi>x</mi><mo>→</mo><mn>0</mn></mrow></munder><mo>` + "\u2061" + `</mo>`},
		{"vector accent", `\vec{F}`, `<mover accent="true"><mi>F</mi><mo stretchy="false">→</mo></mover>`},
		{"chemistry arrow", `\mathrm{H_2O}\rightleftharpoons`, `<mrow><msub><mi mathvariant="normal">H</mi><mn>2</mn></msub><mi mathvariant="normal">O</mi></mrow><mo>⇌</mo>`},
		{"matrix", `\begin{pmatrix}a&b\\c&d\end{pmatrix}`, `<mrow><mo>(</mo><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable><mo>)</mo></mrow>`},
		{"unknown command is visible", `\foo x`, `<merror><mtext>\foo</mtext></merror><mi>x</mi>`},
		{"unknown environment is visible", `\begin{tikzpicture}`, `<merror><mtext>\begin{tikzpicture}</mtext></merror>`},
		{"href is not a link", `\href{a}{b}`, `<merror><mtext>\href</mtext></merror><mi>a</mi><mi>b</mi>`},
		{"lone backslash", `x\`, `<mi>x</mi><merror><mtext>\</mtext></merror>`},
		{"stray closing brace", `a}b`, `<mi>a</mi><mo stretchy="false">}</mo><mi>b</mi>`},
		{"unclosed group", `{a`, `<mi>a</mi>`},
		{"empty script", `x^`, `<msup><mi>x</mi><mrow></mrow></msup>`},
		{"not equal", `a \not= b`, `<mi>a</mi><mo>≠</mo><mi>b</mi>`},
		{"percent is not a comment", `50\%`, `<mn>50</mn><mo>%</mo>`},
		{"displaystyle ignored", `\displaystyle x`, `<mi>x</mi>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := texBody(c.tex); got != c.want {
				t.Errorf("%s\n got: %s\nwant: %s", c.tex, got, c.want)
			}
		})
	}
}

func TestMathMLKeepsTeXInAnnotation(t *testing.T) {
	if got := string(appendMathML(nil, []byte(`x`), false)); got != `<math><semantics><mi>x</mi><annotation encoding="application/x-tex">x</annotation></semantics></math>` {
		t.Errorf("a single item needs no row: %s", got)
	}
	out := string(appendMathML(nil, []byte(`a<b & \frac{1}{2}`), true))
	if !strings.HasPrefix(out, `<math display="block"><semantics><mrow>`) { // several items: one row
		t.Errorf("display maths must open with display=block: %s", out)
	}
	want := `</mrow><annotation encoding="application/x-tex">a&lt;b &amp; \frac{1}{2}</annotation></semantics></math>`
	if !strings.HasSuffix(out, want) {
		t.Errorf("annotation lost or unescaped:\n%s", out)
	}
}

// TestTeXDepthLimit: deeply nested input must neither overflow the stack
// nor vanish; the rest is shown as an error.
func TestTeXDepthLimit(t *testing.T) {
	tex := strings.Repeat(`\frac{`, 10000) + "x"
	out := string(appendMathML(nil, []byte(tex), false))
	if !strings.Contains(out, "<merror>") {
		t.Errorf("expected a visible error for nesting beyond %d", maxTeXDepth)
	}
	if strings.Count(out, "<mfrac>") != strings.Count(out, "</mfrac>") {
		t.Error("unbalanced mfrac")
	}
}
