package markdown

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func mustRender(t *testing.T, src string, opts Options) Rendered {
	t.Helper()
	r, err := Render([]byte(src), opts)
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return r
}

func TestTOCAndHeadings(t *testing.T) {
	r := mustRender(t, "# Wat heb je nodig?\n\ntekst\n\n## Stappen\n\n## Stappen\n\n### Coëfficiënt *van* $\\alpha$\n", Options{})
	want := []catalog.TOCEntry{
		// Body headings move one level down: the page's <h1> is the title.
		{Level: 2, ID: "wat-heb-je-nodig", Text: "Wat heb je nodig?"},
		{Level: 3, ID: "stappen", Text: "Stappen"},
		{Level: 3, ID: "stappen-1", Text: "Stappen"},
		{Level: 4, ID: "coefficient-van-alpha", Text: "Coëfficiënt van α"},
	}
	if !reflect.DeepEqual(r.TOC, want) {
		t.Errorf("TOC = %+v\nwant %+v", r.TOC, want)
	}
	if wantH := []string{"Wat heb je nodig?", "Stappen", "Stappen", `Coëfficiënt van \alpha`}; !reflect.DeepEqual(r.Headings, wantH) {
		t.Errorf("Headings = %q", r.Headings)
	}
	for _, id := range []string{`id="wat-heb-je-nodig"`, `id="stappen-1"`} {
		if !contains(r.HTML, id) {
			t.Errorf("missing %s in %s", id, r.HTML)
		}
	}
}

func TestPlainText(t *testing.T) {
	src := "# Titel\n\nEen **vette** _zin_ met [een link](https://x.be) en `code`.\n\n" +
		"- punt één\n- punt twee\n\n| a | b |\n|---|---|\n| cel 1 | cel 2 |\n\n" +
		"![Schema van de opstelling](s.png)\n\nFormule $E = mc^2$ en AT&amp;T \\*geen nadruk\\*.\n\n" +
		"$$\n\\frac{a}{b}\n$$\n\n<div>rauwe html</div>\n\nnoot[^1]\n\n[^1]: De voetnoot.\n"
	r := mustRender(t, src, Options{})
	want := "Titel Een vette zin met een link en code. punt één punt twee a b cel 1 cel 2 " +
		"Schema van de opstelling Formule E = mc^2 en AT&T *geen nadruk*. \\frac{a}{b} noot De voetnoot."
	if r.Text != want {
		t.Errorf("Text =\n%q\nwant\n%q", r.Text, want)
	}
	if contains(r.HTML, "rauwe html") {
		t.Errorf("raw HTML reached the page: %s", r.HTML)
	}
}

func TestDollarsInProseStayText(t *testing.T) {
	cases := []struct {
		src  string
		math int // number of formulas expected
	}{
		{"Het kost 5 $ en 10 $.", 0},
		{"Het kost $5 en $10.", 0},
		{"Tussen $ 5 $ staat een spatie.", 0},
		{"Dollar \\$x\\$ is ontsnapt.", 0},
		{"Prijs: 20$, korting 5$.", 0},
		{"Leeg: $$ en $ $.", 0},
		{"Open $x maar nooit dicht.", 0},
		{"Formule $x$ en $y$.", 2},
		{"Formule $a+b$5 is geen formule maar $c$ wel.", 1},
		{"Over regels $a +\nb$ heen.", 1},
		{"Display in zin: $$x^2$$ klaar.", 1},
		{"In code `$x$` niet.", 0},
	}
	for _, c := range cases {
		r := mustRender(t, c.src, Options{})
		if got := strings.Count(r.HTML, "<math"); got != c.math {
			t.Errorf("%q: %d formulas, want %d\n%s", c.src, got, c.math, r.HTML)
		}
	}
}

func TestMathIsNotMarkdown(t *testing.T) {
	r := mustRender(t, "$a_1 * b_2 * c_3$", Options{})
	if contains(r.HTML, "<em>") {
		t.Errorf("underscores inside a formula became emphasis: %s", r.HTML)
	}
}

func TestDisplayMathBlocks(t *testing.T) {
	cases := []struct {
		name, src string
		tex       []string // the TeX of each display formula, in order
	}{
		{"fenced", "$$\nx = 1\n$$", []string{"x = 1"}},
		{"one line", "$$ x = 1 $$", []string{"x = 1"}},
		{"content on fence lines", "$$ x = 1\n+ 2 $$", []string{"x = 1\n+ 2"}},
		{"command at the end of the opening line", "$$ \\alpha\nb $$", []string{"\\alpha\nb"}},
		{"after paragraph", "Zo:\n$$\nx\n$$", []string{"x"}},
		{"in list", "- punt\n\n  $$\n  x\n  $$", []string{"x"}},
		{"unclosed does not swallow the lesson", "$$\nx = 1\n\n## Volgende kop\n\ntekst", nil},
		// The content author's report: consecutive one-line formulas were
		// joined into one with stray dollars.
		{"two one-liners in a row", "$$P = U \\cdot I$$\n$$E = P \\cdot t$$\n", []string{`P = U \cdot I`, `E = P \cdot t`}},
		{"three one-liners in a row", "$$a$$\n$$b$$\n$$c$$", []string{"a", "b", "c"}},
		{"one-liners after a paragraph line", "Zo:\n$$a$$\n$$b$$\nEn verder.", []string{"a", "b"}},
		{"one-liner then fenced", "$$a$$\n$$\nb\n$$", []string{"a", "b"}},
		{"fenced then one-liner", "$$\na\n$$\n$$b$$", []string{"a", "b"}},
		{"two fenced in a row", "$$\na\n$$\n$$\nb\n$$", []string{"a", "b"}},
		{"one-liners with spaces and CRLF", "$$ a $$  \r\n$$ b $$\r\n", []string{"a", "b"}},
		{"one-liners in a block quote", "> $$a$$\n> $$b$$", []string{"a", "b"}},
		{"one-liners in a list item", "- punt\n\n  $$a$$\n  $$b$$", []string{"a", "b"}},
		// Text after a closing $$ is kept (it used to vanish from page and index).
		{"text after the closer", "$$\na\n$$ tekst erna", []string{"a"}},
		{"text after a closer on a content line", "$$ a\nb $$ en verder", []string{"a\nb"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mustRender(t, c.src, Options{})
			if got := strings.Count(r.HTML, `<math display="block">`); got != len(c.tex) {
				t.Errorf("%d display formulas, want %d:\n%s", got, len(c.tex), r.HTML)
			}
			if got := annotations(r.HTML); !reflect.DeepEqual(got, c.tex) && len(c.tex) > 0 {
				t.Errorf("formulas %q, want %q:\n%s", got, c.tex, r.HTML)
			}
			if len(c.tex) > 0 && contains(r.HTML, "$") {
				t.Errorf("a stray $ reached the page:\n%s", r.HTML)
			}
			if len(c.tex) == 0 && !contains(r.HTML, "<h3") { // "## kop" sits one level down under the page title
				t.Errorf("the heading after an unclosed $$ was lost:\n%s", r.HTML)
			}
			for _, word := range []string{"tekst erna", "en verder"} {
				if contains(c.src, word) && (!contains(r.HTML, word) || !contains(r.Text, word)) {
					t.Errorf("%q was lost from the page or the index:\n%s\n%q", word, r.HTML, r.Text)
				}
			}
		})
	}
}

// annotations returns the TeX source kept in each formula's annotation.
func annotations(html string) []string {
	const open, end = `<annotation encoding="application/x-tex">`, `</annotation>`
	var out []string
	for {
		i := strings.Index(html, open)
		if i < 0 {
			return out
		}
		html = html[i+len(open):]
		j := strings.Index(html, end)
		if j < 0 {
			return out
		}
		out = append(out, html[:j])
		html = html[j+len(end):]
	}
}

func TestTypographerIsOptional(t *testing.T) {
	src := `"Hallo" -- zei ze...`
	if r := mustRender(t, src, Options{}); !contains(r.HTML, "&#34;Hallo&#34;") {
		t.Errorf("without typographer quotes stay straight: %s", r.HTML)
	}
	r := mustRender(t, src, Options{Typographer: true})
	if !contains(r.HTML, "“Hallo”") || !contains(r.HTML, "–") || !contains(r.HTML, "…") {
		t.Errorf("typographer did not apply: %s", r.HTML)
	}
	if !contains(r.Text, "“Hallo”") {
		t.Errorf("plain text must carry the characters, not entities: %q", r.Text)
	}
}

func TestExternalLinksOpenSafely(t *testing.T) {
	r := mustRender(t, "[extern](https://x.be) en [intern](/zoeken) en [bijlage](w.pdf)", Options{AssetBase: "/m/a/b"})
	if !contains(r.HTML, `<a href="https://x.be" rel="nofollow noopener" target="_blank">`) {
		t.Errorf("external link lacks rel/target: %s", r.HTML)
	}
	if !contains(r.HTML, `<a href="/zoeken">`) || !contains(r.HTML, `<a href="/m/a/b/w.pdf">`) {
		t.Errorf("internal links must stay plain: %s", r.HTML)
	}
}

func TestEmptyAndBinaryInput(t *testing.T) {
	for _, src := range []string{"", "\x00\xff\xfe", strings.Repeat("[", 10000), strings.Repeat("> ", DefaultLimits.MaxNesting) + "x", strings.Repeat("$", 1000)} {
		r, err := Render([]byte(src), Options{AssetBase: "/b"})
		if err != nil {
			t.Errorf("Render(%.20q): %v", src, err)
		}
		assertSafeHTML(t, r.HTML)
	}
}

// TestConcurrentRender: the shared goldmark instance and policy must give
// the same answer from many goroutines (run with -race to be sure).
func TestConcurrentRender(t *testing.T) {
	src, err := os.ReadFile("testdata/lesson.md")
	if err != nil {
		t.Fatal(err)
	}
	want := mustRender(t, string(src), Options{AssetBase: "/m"})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				got, err := Render(src, Options{AssetBase: "/m"})
				if err != nil || got.HTML != want.HTML || got.Text != want.Text {
					t.Errorf("concurrent render differs (err %v)", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestManyUnclosedDollarsStayLinear: every "$a" below opens a formula that
// never closes. Scanning to the end of the paragraph for each would take
// minutes at this size; the bounded scan takes well under a second.
func TestManyUnclosedDollarsStayLinear(t *testing.T) {
	src := strings.Repeat("$a ", 150000)
	start := time.Now()
	// The render deadline (limits.go) would mask what this measures.
	r := mustRender(t, src, Options{Limits: Limits{Timeout: time.Hour}})
	if elapsed := time.Since(start); elapsed > slowdown*10*time.Second {
		t.Errorf("rendering %d unmatched dollars took %v", 150000, elapsed)
	}
	if strings.Contains(r.HTML, "<math") {
		t.Error("unmatched dollars became a formula")
	}
}

// TestManyHeadingsAndLinksStayLinear: a generated file with thousands of
// identical headings and distinct links must not stall the importer.
func TestManyHeadingsAndLinksStayLinear(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 20000; i++ {
		b.WriteString("## Stap\n\n[b](f")
		b.WriteString(strconv.Itoa(i))
		b.WriteString(".pdf)\n\n")
	}
	start := time.Now()
	// Far over the limits on links; this measures the walk without them.
	r := mustRender(t, b.String(), Options{Limits: Limits{MaxLinks: 1 << 20, Timeout: time.Hour}})
	if elapsed := time.Since(start); elapsed > slowdown*20*time.Second {
		t.Errorf("took %v", elapsed)
	}
	if len(r.Links) != 20000 || r.TOC[19999].ID != "stap-19999" {
		t.Errorf("got %d links, last id %q", len(r.Links), r.TOC[len(r.TOC)-1].ID)
	}
}

// The table of contents is read by people: a formula in a heading shows as
// readable text there (the search text keeps the TeX).
func TestTOCShowsFormulasAsText(t *testing.T) {
	for src, want := range map[string]string{
		`## Resultaten met $\beta = 0{,}4$ en $\gamma = 0{,}2$ ($R_0 = 2$)`: "Resultaten met β = 0,4 en γ = 0,2 (R₀ = 2)",
		`## Tabel (bij $r = 10^{10}$ pogingen per seconde)`:                 "Tabel (bij r = 10¹⁰ pogingen per seconde)",
		`## De helft: $\frac{1}{2}$ en $\frac{a+b}{2}$`:                     "De helft: 1/2 en (a + b)/2",
		`## Wortel $\sqrt{x^2+1}$ en $x^{n+1}$, $\vec{v}$`:                  "Wortel √(x² + 1) en xⁿ⁺¹, v⃗",
		`## Vermogen $P = U \cdot I$ in $\mathrm{W}$`:                       "Vermogen P = U ⋅ I in W",
		`## Index $a_{ij}$ en $e^{-kt}$`:                                    "Index aᵢⱼ en e⁻ᵏᵗ",
		`## Som $\sum_{i=1}^{n} i$`:                                         "Som ∑ i",
	} {
		r := mustRender(t, src+"\n", Options{})
		if len(r.TOC) != 1 {
			t.Fatalf("%s: %d koppen", src, len(r.TOC))
		}
		if r.TOC[0].Text != want {
			t.Errorf("%s\n kreeg    %q\n verwacht %q", src, r.TOC[0].Text, want)
		}
		if strings.Contains(r.Headings[0], `\`) == !strings.Contains(src, `\`) {
			t.Errorf("%s: de zoektekst van de kop houdt de TeX: %q", src, r.Headings[0])
		}
	}
}
