package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// renderBoth renders src with and without the formula fast path.
func renderBoth(t *testing.T, src string, opts Options) (fast, slow Rendered) {
	t.Helper()
	fast, err := renderPath([]byte(src), opts, true)
	if err != nil {
		t.Fatalf("fast render: %v", err)
	}
	slow, err = renderPath([]byte(src), opts, false)
	if err != nil {
		t.Fatalf("slow render: %v", err)
	}
	return fast, slow
}

// TestFastPathEqualsSanitisingEverything: splicing trusted MathML into
// the sanitised page must give byte for byte what sanitising the page with
// the MathML in it gives, for every golden file and every XSS vector.
func TestFastPathEqualsSanitisingEverything(t *testing.T) {
	var inputs []string
	files, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(b))
	}
	inputs = append(inputs,
		"$<script>alert(1)</script>$ en $\\text{</mtext></math><img src=x onerror=alert(1)>}$",
		"$x</annotation><img src=x onerror=alert(1)>$ \"$\\text{a\"b'c}$\"",
		"[link met $x^2$ erin](https://x.be) en ![alt met $y$](p.png \"titel $z$\")",
		"| $a$ | $b$ |\n|---|---|\n| $\\frac{1}{2}$ | $$c$$ |",
		"# Kop met $\\alpha$\n\n> $$\\beta$$\n> $$\\gamma$$\n\n- $\\delta$\n\nvoetnoot[^1]\n\n[^1]: met $\\epsilon$",
		"crlf $a\r\nb$ en $\\text{x\ry}$\r\n",
	)
	if len(inputs) < 10 {
		t.Fatalf("expected the golden corpus, found %d files", len(files))
	}
	before := mathFallbacks.Load()
	for _, src := range inputs {
		fast, slow := renderBoth(t, src, Options{AssetBase: goldenBase})
		if fast.HTML != slow.HTML {
			t.Errorf("fast path differs for %.60q:\n%s", src, firstDiff(slow.HTML, fast.HTML))
		}
		if fast.Text != slow.Text {
			t.Errorf("plain text differs for %.60q", src)
		}
	}
	// Equal output alone would also hold if every render fell back.
	if n := mathFallbacks.Load() - before; n != 0 {
		t.Errorf("%d renders fell back to sanitising the formulas", n)
	}
}

// TestMathMLOutsideTheSanitiser: the formulas of a lesson reach the page
// without passing through bluemonday, so the page must still hold them
// (the fast path was really taken) and be safe.
func TestMathMLOutsideTheSanitiser(t *testing.T) {
	r := mustRender(t, "Ohm: $U = R \\cdot I$\n\n$$P = U \\cdot I$$\n", Options{})
	if got := strings.Count(r.HTML, "<math"); got != 2 {
		t.Fatalf("%d formulas, want 2:\n%s", got, r.HTML)
	}
	if contains(r.HTML, mathPlaceholderPrefix) {
		t.Fatalf("a placeholder reached the page:\n%s", r.HTML)
	}
	assertSafeHTML(t, r.HTML)
}

// TestPlaceholderLookalikesStayText: text shaped like a placeholder, with
// any token the author could guess, is shown as written.
func TestPlaceholderLookalikesStayText(t *testing.T) {
	fake := mathPlaceholderPrefix + strings.Repeat("0", 32) + "-1;"
	src := "$x$ en " + fake + " en [a](" + fake + ") en ![b](p.png \"" + fake + "\")"
	fast, slow := renderBoth(t, src, Options{})
	if fast.HTML != slow.HTML {
		t.Errorf("fast path differs:\n%s", firstDiff(slow.HTML, fast.HTML))
	}
	if got := strings.Count(fast.HTML, "<math"); got != 1 {
		t.Errorf("%d formulas, want 1:\n%s", got, fast.HTML)
	}
	if got := strings.Count(fast.HTML, fake); got != 3 {
		t.Errorf("the look-alike text was not kept as written (%d of 3):\n%s", got, fast.HTML)
	}
}

// TestKnownTokenCannotInject fixes the token, as an attacker who could
// read it would, and puts placeholders everywhere an author can write text.
// A placeholder out of place makes the render fall back to sanitising the
// whole page, so the page is exactly what it was before the fast path.
// The one forgery splice accepts, a placeholder in text for a formula that
// is not shown (in alt text), can only show that formula of the same
// document: no markup of the author's own.
func TestKnownTokenCannotInject(t *testing.T) {
	var fixed [32]byte
	copy(fixed[:], strings.Repeat("ab", 16))
	saved := newMathToken
	newMathToken = func() [32]byte { return fixed }
	defer func() { newMathToken = saved }()

	ph := func(slot string) string { return mathPlaceholderPrefix + string(fixed[:]) + "-" + slot + ";" }
	cases := []struct {
		name, src string
		spliced   bool // the forgery is accepted: one formula more than before
	}{
		{"text, before the formula", ph("1") + " $x$", false},
		{"text, after the formula", "$x$ " + ph("1"), false},
		{"text, next slot", "$x$ " + ph("2") + " $y$", false},
		{"link title", "$x$ [a](https://x.be \"" + ph("1") + "\")", false},
		{"image alt", "$x$ ![" + ph("1") + "](p.png)", false},
		{"image title", "$x$ ![a](p.png \"" + ph("1") + "\")", false},
		{"link target", "$x$ [a](" + ph("1") + ")", false},
		{"code span", "$x$ `" + ph("1") + "`", false},
		{"code block", "$x$\n\n```\n" + ph("1") + "\n```", false},
		{"out of range", "$x$ " + ph("7") + " " + ph("99999999999"), false},
		{"malformed", "$x$ " + ph("") + " " + ph("1x") + mathPlaceholderPrefix, false},
		// The formula in the alt text takes slot 1 but is never rendered,
		// so slot 1 appears once, in order: only the context check is left.
		{"unrendered slot in an attribute", "![$x$](p.png \"" + ph("1") + "\")", false},
		{"unrendered slot in text", "![$x$](p.png) " + ph("1"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := mathFallbacks.Load()
			fast, slow := renderBoth(t, c.src, Options{AssetBase: "/m"})
			if fellBack := mathFallbacks.Load() != before; fellBack == c.spliced {
				t.Errorf("fell back: %v, want %v", fellBack, !c.spliced)
			}
			assertSafeHTML(t, fast.HTML)
			assertNoMarkupInAttributes(t, fast.HTML)
			if why := unbalanced(fast.HTML); why != "" {
				t.Errorf("broken markup (%s):\n%s", why, fast.HTML)
			}
			extra := countElements(fast.HTML, "math") - countElements(slow.HTML, "math")
			if !c.spliced && fast.HTML != slow.HTML {
				t.Errorf("no fallback to the sanitiser:\n%s", firstDiff(slow.HTML, fast.HTML))
			}
			if c.spliced && extra != 1 {
				t.Errorf("%d formulas more than the slow path, want 1:\n%s", extra, fast.HTML)
			}
		})
	}
}

// countElements counts start tags named name as a browser reads them.
func countElements(out, name string) int {
	z := html.NewTokenizer(strings.NewReader(out))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken:
			if tag, _ := z.TagName(); string(tag) == name {
				n++
			}
		}
	}
}

// assertNoMarkupInAttributes fails when an attribute value holds MathML:
// spliced in unescaped it would end the attribute and open elements.
func assertNoMarkupInAttributes(t *testing.T, out string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				if strings.Contains(a.Val, "<math") || strings.Contains(a.Val, "<semantics") {
					t.Errorf("markup inside attribute %s of <%s>: %q", a.Key, tok.Data, a.Val)
				}
			}
		}
	}
}

// TestSplice exercises the context and order checks on their own.
func TestSplice(t *testing.T) {
	m := getTrustedMath()
	defer putTrustedMath(m)
	m.add([]byte("a"), false)
	m.add([]byte("b"), false)
	ph := func(slot int) string { return string(m.appendPlaceholder(nil, slot)) }
	a, b := string(m.formula(1)), string(m.formula(2))
	cases := []struct {
		name, clean, want string
		ok                bool
	}{
		{"none", "<p>x</p>", "<p>x</p>", true},
		{"both in text", "<p>" + ph(1) + " en " + ph(2) + "</p>", "<p>" + a + " en " + b + "</p>", true},
		{"only the second", "<p>" + ph(2) + "</p>", "<p>" + b + "</p>", true},
		{"at the very start", ph(1), a, true},
		{"inside a tag", `<img alt="` + ph(1) + `">`, "", false},
		{"inside a tag after text", `<p>` + ph(1) + `</p><a title="x ` + ph(2) + `">`, "", false},
		{"repeated", ph(1) + ph(1), "", false},
		{"out of order", ph(2) + ph(1), "", false},
		{"unknown slot", ph(3), "", false},
		{"slot zero", ph(0), "", false},
		{"no terminator", strings.TrimSuffix(ph(1), ";"), "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got strings.Builder
			ok := m.splice(&got, []byte(c.clean))
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if ok && got.String() != c.want {
				t.Errorf("got %s\nwant %s", got.String(), c.want)
			}
		})
	}
}

// TestTokensDiffer: a fresh token for every render, so that one page's
// token (should it ever leak) says nothing about the next.
func TestTokensDiffer(t *testing.T) {
	seen := map[[32]byte]bool{}
	for i := 0; i < 100; i++ {
		tok := newMathToken()
		if seen[tok] {
			t.Fatalf("token %s repeated", tok)
		}
		seen[tok] = true
	}
}
