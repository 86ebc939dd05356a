package markdown

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// renderPath renders without the pre-scan and the deadline goroutine, with
// the formula fast path switchable (splice.go).
func renderPath(src []byte, opts Options, fastMath bool) (Rendered, error) {
	lim := opts.Limits.withDefaults()
	return render(context.Background(), src, opts, &lim, fastMath)
}

// pathological are bodies that once took goldmark a minute or hundreds of
// MB (the attack review); each must be refused on its own, quickly, with a
// message about the limit it breaks. The same inputs seed FuzzRender
// (testdata/fuzz/FuzzRender/limit-*).
var pathological = []struct {
	name, src, want string
	line            int
}{
	{"unclosed link destinations", strings.Repeat("[a](", 100_000), "links", 1},
	{"unclosed image destinations", strings.Repeat("![a](", 80_000), "links", 1},
	{"link destinations with <", strings.Repeat("[a](<", 50_000), "links", 1},
	{"nested quotes", strings.Repeat("> ", 100_000), "het maximum is 16 niveaus", 1},
	{"nested quotes without spaces", strings.Repeat(">", 100_000) + " x", "het maximum is 16 niveaus", 1},
	{"nested ordered lists", strings.Repeat("1. ", 100_000), "het maximum is 16 niveaus", 1},
	{"nested bullet lists", "- x\n" + strings.Repeat("- ", 100_000) + "x", "het maximum is 16 niveaus", 2},
	{"nesting by indentation", indentedList(700), "het maximum is 16 niveaus", 0},
	{"nested brackets", strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000), "vierkante haken [ in elkaar", 1},
	{"reference definitions", strings.Repeat("[a]: /b\n", 30_000), "het materiaal heeft 30 000 linkdefinities ([naam]: adres); het maximum is 2000", 2001},
	{"footnotes", footnotes(30_000, 1), "30 000 voetnoten; het maximum is 1000", 0},
	{"footnote references", strings.Repeat("x[^a] ", 30_000) + "\n\n[^a]: noot\n", "30 000 keer naar een voetnoot", 1},
	{"wide table", table(50_000, 12), "de tabel op regel 1 heeft 50 000 kolommen; het maximum is 64. Splits de tabel", 1},
	{"long table", table(64, 5_000), "tabelcellen; het maximum is 20 000", 1},
	{"many tables", strings.Repeat(table(40, 300)+"\n", 10), "tabelcellen; het maximum is 20 000", 0},
	{"unclosed code spans", backtickRuns(800, 333_000), "de alinea op regel 1 heeft 800 reeksen backticks zonder passend einde", 1},
}

// backtickRuns writes one paragraph: runs lines "a" + 1…runs backticks
// (no two runs alike, so none closes another), then lines lines of "a".
// goldmark's code-span parser reads from every unclosed run to the end of
// the paragraph.
func backtickRuns(runs, lines int) string {
	var b strings.Builder
	for i := 1; i <= runs; i++ {
		b.WriteString("a" + strings.Repeat("`", i) + "\n")
	}
	b.WriteString(strings.Repeat("a\n", lines))
	return b.String()
}

func indentedList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", 2*i) + "- x\n")
	}
	return b.String()
}

// footnotes writes n references, each to its own note, and the n notes.
func footnotes(n, from int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Zin[^%d].\n", from+i)
	}
	b.WriteString("\n")
	for i := range n {
		fmt.Fprintf(&b, "[^%d]: Noot %d.\n", from+i, from+i)
	}
	return b.String()
}

// table writes a header of cols columns and rows short rows (which GFM
// pads to the header's width).
func table(cols, rows int) string {
	var b strings.Builder
	b.WriteString("|" + strings.Repeat(" k |", cols) + "\n")
	b.WriteString("|" + strings.Repeat("---|", cols) + "\n")
	for range rows {
		b.WriteString("| x |\n")
	}
	return b.String()
}

func TestPathologicalBodiesAreRefusedQuickly(t *testing.T) {
	for _, tc := range pathological {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := Render([]byte(tc.src), Options{AssetBase: "/materialen/x/bestanden/"})
			took := time.Since(start)
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("want a *LimitError, got %v (after %v)", err, took)
			}
			if !strings.Contains(le.Message, tc.want) {
				t.Errorf("message %q does not say %q", le.Message, tc.want)
			}
			if tc.line > 0 && le.Line != tc.line {
				t.Errorf("line %d, want %d (%s)", le.Line, tc.line, le.Message)
			}
			// A generous guard, not a benchmark: the old pipeline took
			// 6 s to over a minute for these.
			if took > 1500*time.Millisecond*slowdown {
				t.Errorf("refused only after %v", took)
			}
		})
	}
}

// A real, large lesson stays well inside every limit.
func TestLargeNormalLessonRenders(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Metingen\n\n")
	b.WriteString(table(30, 200))
	b.WriteString("\n")
	for d := range 6 { // a list nested 6 deep, in a block quote
		b.WriteString("> " + strings.Repeat("  ", d) + "- niveau " + fmt.Sprint(d+1) + "\n")
	}
	b.WriteString("\n")
	for i := range 300 {
		fmt.Fprintf(&b, "Zie [bron %d](https://example.org/%d) en ![figuur](fig%d.png).\n", i, i, i%20)
	}
	b.WriteString("\n")
	b.WriteString(footnotes(200, 1))
	src := []byte(b.String())
	r, err := Render(src, Options{AssetBase: "/materialen/x/bestanden/"})
	if err != nil {
		t.Fatalf("a normal lesson is refused: %v", err)
	}
	for _, want := range []string{"<table>", "niveau 6", `id="fn:200"`, "fig19.png"} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("HTML misses %q", want)
		}
	}
}

// The seed materials and the golden files render under the defaults.
func TestSeedMaterialsWithinLimits(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "*.md"))
	golden, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	if len(files) == 0 {
		t.Fatal("no seed materials under content/")
	}
	for _, f := range append(files, golden...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Render(src, Options{}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Bodies the pre-scan lets through (its estimates have slack) meet the
// exact limits on what goldmark built, before any HTML is written.
func TestExactLimitsOnWhatWasParsed(t *testing.T) {
	links := strings.Repeat("[bron](https://example.org)\n", 2_000) + "![extra](x.png)\n" + strings.Repeat("[nog een](https://example.org)\n", 99)
	cases := []struct {
		name, src, want string
		line            int
	}{
		// 2-space indentation: the pre-scan estimates 11 levels.
		{"nesting 20", "Tekst\n\n" + indentedList(20), "hier zitten 20 lijsten of citaten in elkaar; het maximum is 16 niveaus", 19},
		{"table 64 × 400", "Tekst\n\n" + table(64, 399), "(64 kolommen × 400 rijen) brengt het materiaal op 25 600 tabelcellen; het maximum is 20 000", 3},
		{"links", links, "het materiaal heeft 2100 links en afbeeldingen; het maximum is 2000", 2001},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lim := DefaultLimits
			if err := prescan([]byte(tc.src), &lim, 1); err != nil {
				t.Fatalf("the pre-scan already refuses it (%v); the case tests the walker", err)
			}
			_, err := Render([]byte(tc.src), Options{})
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("want a *LimitError, got %v", err)
			}
			if !strings.Contains(le.Message, tc.want) || le.Line != tc.line {
				t.Errorf("got line %d %q\nwant line %d %q", le.Line, le.Message, tc.line, tc.want)
			}
		})
	}
}

// The page cannot grow past MaxHTMLBytes, however it expands: formulas
// (MathML is many times the TeX), or anything under a lower limit.
func TestHTMLSizeIsBounded(t *testing.T) {
	formulas := strings.Repeat(`$\frac{a_1}{b^2} + \sqrt{x}$ `, 30_000) // 870 KB of TeX
	_, err := Render([]byte(formulas), Options{Limits: Limits{Timeout: slowdown * 5 * time.Second}})
	var le *LimitError
	if !errors.As(err, &le) || !strings.Contains(le.Message, "het maximum voor de hele pagina is 2 MiB") {
		t.Fatalf("formulas: want the HTML limit, got %v", err)
	}

	lesson, err := os.ReadFile("testdata/lesson.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, fast := range []bool{true, false} {
		_, err = renderPath(lesson, Options{Limits: Limits{MaxHTMLBytes: 2_000}}, fast)
		// The formulas alone pass the limit on the fast path.
		if !errors.As(err, &le) || !strings.Contains(le.Message, "1 KiB") {
			t.Errorf("fast math %v: want the HTML limit, got %v", fast, err)
		}
	}
	r, err := Render(lesson, Options{Limits: Limits{MaxHTMLBytes: 64 << 10}})
	if err != nil || len(r.HTML) == 0 {
		t.Fatalf("the lesson under a 64 KiB limit: %v", err)
	}
}

func TestTextAndInputSizeAreBounded(t *testing.T) {
	_, err := Render([]byte(strings.Repeat("woord ", 200_000)), Options{})
	var le *LimitError
	if !errors.As(err, &le) || le.Message != "de tekst is 1,1 MiB groot; het maximum is 1 MiB. Zet grote stukken in een bijlage of splits het materiaal." {
		t.Errorf("input: got %v", err)
	}
	_, err = Render([]byte(strings.Repeat("woord ", 1_000)), Options{Limits: Limits{MaxTextBytes: 1_000}})
	if !errors.As(err, &le) || !strings.Contains(le.Message, "de tekst zonder opmaak is 5 KiB groot; het maximum is 1000 bytes") {
		t.Errorf("text: got %v", err)
	}
}

// A render over its deadline comes back as a LimitError at the deadline,
// not when goldmark is done.
func TestRenderDeadline(t *testing.T) {
	src := []byte(strings.Repeat("Een *zin* met **nadruk** en `code`.\n\n", 5_000))
	start := time.Now()
	_, err := Render(src, Options{Limits: Limits{Timeout: time.Millisecond}})
	var le *LimitError
	if !errors.As(err, &le) || !strings.Contains(le.Message, "het omzetten duurde langer dan 1ms") {
		t.Fatalf("want the deadline, got %v", err)
	}
	if took := time.Since(start); took > 500*time.Millisecond*slowdown {
		t.Errorf("the deadline was 1 ms, Render returned after %v", took)
	}
	if _, err := Render(src, Options{Limits: Limits{Timeout: slowdown * time.Second}}); err != nil {
		t.Fatalf("the same body under a deadline of a second: %v", err)
	}
}

// Every limit-* seed of FuzzRender is a body over a limit.
func TestLimitSeedsAreRefused(t *testing.T) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzRender", "limit-*"))
	if len(seeds) < 9 {
		t.Fatalf("only %d limit seeds", len(seeds))
	}
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(string(b), "\n", 3)
		src, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var le *LimitError
		if _, err := Render([]byte(src), Options{}); !errors.As(err, &le) {
			t.Errorf("%s: not refused (%v)", p, err)
		}
	}
}

func TestNum(t *testing.T) {
	for n, want := range map[int]string{0: "0", 64: "64", 1000: "1000", 20_000: "20 000", 1_048_576: "1 048 576", -50_000: "-50 000"} {
		if got := num(n); got != want {
			t.Errorf("num(%d) = %q, want %q", n, got, want)
		}
	}
}

// With FirstLine the lines are those of the file the body came from, in
// the Line field and in the message alike, from the pre-scan and from the
// walker.
func TestLimitErrorLinesCountFromFirstLine(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"Tekst\n\n" + table(100, 1), "de tabel op regel 17 heeft 100 kolommen"},
		{"Tekst\n\n" + table(64, 399), "de tabel op regel 17 (64 kolommen × 400 rijen)"},
	} {
		_, err := Render([]byte(tc.src), Options{FirstLine: 15})
		var le *LimitError
		if !errors.As(err, &le) || le.Line != 17 || !strings.Contains(le.Message, tc.want) {
			t.Errorf("got %v, want line 17 and %q", err, tc.want)
		}
	}
}

// Backticks in a fenced code block are code, not code spans, and many
// closed code spans in one paragraph cost little: both render.
func TestCodeSpansInNormalTextRender(t *testing.T) {
	fenced := "```text\n" + backtickRuns(100, 6500) + "```\n"
	spans := strings.Repeat("Gebruik `print()` en ``a`b`` of `x`.\n", 3000)
	for name, src := range map[string]string{"fenced block": fenced, "closed spans": spans} {
		if _, err := Render([]byte(src), Options{}); err != nil {
			t.Errorf("%s refused: %v", name, err)
		}
	}
}
