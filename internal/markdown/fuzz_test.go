package markdown

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// FuzzRender feeds arbitrary bytes through the whole pipeline. Whatever the
// input: no panic, no error other than a *LimitError (limits.go) with a
// message, the page stays safe (no script, no event handler, no
// javascript:/vbscript:/data: URL, only allowed elements), and the formula
// fast path changes nothing.
// The seed corpus is testdata/fuzz/FuzzRender plus the golden files; the
// limit-* seeds are bodies that once took goldmark seconds to minutes.
func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b), "/materialen/x/bestanden")
		}
	}
	f.Add("[x](javascript:alert(1)) $\\href{javascript:alert(1)}{x}$", "")
	f.Fuzz(func(t *testing.T, src, base string) {
		if !utf8.ValidString(base) || strings.ContainsAny(base, "\"<>") {
			// AssetBase comes from our own code, never from a teacher.
			base = "/b"
		}
		r, err := Render([]byte(src), Options{AssetBase: base})
		var le *LimitError
		if errors.As(err, &le) {
			if le.Message == "" {
				t.Fatalf("a LimitError without a message for %q", src)
			}
			return // refused on purpose: nothing rendered to check
		}
		if err != nil {
			t.Fatalf("Render returned an error: %v", err)
		}
		if why := unsafeHTML(r.HTML); why != "" {
			t.Fatalf("unsafe output (%s) for input %q:\n%s", why, src, r.HTML)
		}
		// Formulas skip the sanitiser (splice.go): the page must be what
		// sanitising everything gives.
		slow, err := renderPath([]byte(src), Options{AssetBase: base}, false)
		if err != nil || slow.HTML != r.HTML || slow.Text != r.Text {
			t.Fatalf("fast path differs from sanitising everything for %q (err %v):\n%s", src, err, firstDiff(slow.HTML, r.HTML))
		}
		for _, l := range r.Links {
			if strings.HasPrefix(l, "/") {
				t.Fatalf("link %q is not relative", l)
			}
			for _, seg := range strings.Split(l, "/") {
				if seg == ".." || seg == "." {
					t.Fatalf("link %q is not cleaned (may climb out of the material folder)", l)
				}
			}
		}
		if len(r.TOC) != len(r.Headings) {
			t.Fatalf("TOC and Headings disagree: %d vs %d", len(r.TOC), len(r.Headings))
		}
	})
}

// FuzzTeX checks the formula converter alone: whatever the TeX, the MathML
// is well nested (every element closed in order), uses only the elements
// the sanitiser allows, and carries the TeX in its annotation.
func FuzzTeX(f *testing.F) {
	for _, s := range []string{`\frac{a}{b}`, `\sqrt[3]{x_1^2}`, `\left( x \right)^2`, `\begin{cases} a & b \\ c \end{cases}`, `x^^_'}{`, `\text{a<b}`, `\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tex string) {
		out := string(appendMathML(nil, []byte(tex), true))
		if why := unsafeHTML(out); why != "" {
			t.Fatalf("unsafe MathML (%s) for %q: %s", why, tex, out)
		}
		if why := unbalanced(out); why != "" {
			t.Fatalf("badly nested MathML (%s) for %q: %s", why, tex, out)
		}
		// The fast path splices this MathML in without sanitising it
		// (splice.go); that is only sound if the sanitiser would not
		// change a byte of it.
		inline := string(appendMathML(nil, []byte(tex), false))
		for _, m := range []string{out, inline} {
			if clean := policy.Sanitize(m); clean != m {
				t.Fatalf("the sanitiser changes the MathML for %q:\n got %s\nwant %s", tex, clean, m)
			}
		}
	})
}

// unbalanced reports the first element closed out of order, or "".
func unbalanced(out string) string {
	z := html.NewTokenizer(strings.NewReader(out))
	var stack []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(stack) != 0 {
				return "unclosed " + strings.Join(stack, ",")
			}
			return ""
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "img", "br", "hr", "input": // void elements have no end tag
			default:
				stack = append(stack, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				return "unexpected </" + string(name) + ">"
			}
			stack = stack[:len(stack)-1]
		}
	}
}
