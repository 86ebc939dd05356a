package textdiff

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	seed "github.com/stem-kennishub/hub/content"
)

// sides joins the pieces of each text back together.
func sides(edits []Edit) (old, new string) {
	var a, b strings.Builder
	for _, e := range edits {
		if e.Op != Insert {
			a.WriteString(e.Text)
		}
		if e.Op != Delete {
			b.WriteString(e.Text)
		}
	}
	return a.String(), b.String()
}

func show(edits []Edit) string {
	var b strings.Builder
	for _, e := range edits {
		switch e.Op {
		case Delete:
			b.WriteString("[-" + e.Text + "-]")
		case Insert:
			b.WriteString("{+" + e.Text + "+}")
		default:
			b.WriteString(e.Text)
		}
	}
	return b.String()
}

func TestTokens(t *testing.T) {
	got := Tokens("Zo'n STEM-les: 3,5 cm  **vet** – één\n")
	want := []string{"Zo'n", " ", "STEM-les", ":", " ", "3", ",", "5", " ", "cm", "  ", "*", "*", "vet", "*", "*", " ", "–", " ", "één", "\n"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Tokens = %q\nwant     %q", got, want)
	}
}

// Words marks whole words, and a replaced phrase reads as one deletion
// followed by one insertion.
func TestWordsMarksChangedWords(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"De leerlingen bouwen een windmolen.", "De leerlingen ontwerpen een kleine windmolen.",
			"De leerlingen [-bouwen-]{+ontwerpen+} een {+kleine +}windmolen."},
		{"meet de rode spanning nu", "meet het blauwe vermogen nu",
			"meet [-de rode spanning-]{+het blauwe vermogen+} nu"},
		{"", "nieuw", "{+nieuw+}"},
		{"weg", "", "[-weg-]"},
		{"gelijk", "gelijk", "gelijk"},
	} {
		r := Words(c.old, c.new)
		if got := show(r.Edits); got != c.want || r.Coarse {
			t.Errorf("Words(%q, %q) = %s (coarse %v), want %s", c.old, c.new, got, r.Coarse, c.want)
		}
	}
}

// HTML escapes every text, says in words what changed, and folds long
// unchanged stretches.
func TestHTML(t *testing.T) {
	old := "<b>oud</b> & \"zo\"\n"
	for i := range 20 {
		old += fmt.Sprintf("regel %d\n", i)
	}
	r := Words(old, strings.Replace(old, "<b>oud</b>", "<script>alert(1)</script>", 1)+"einde")
	got := string(HTML(r.Edits))
	for _, want := range []string{
		`<del><span class="visually-hidden">verwijderd: </span>b&gt;oud&lt;/b<span class="visually-hidden"> (einde verwijderd)</span></del>`,
		`<ins><span class="visually-hidden">toegevoegd: </span>script&gt;alert(1)&lt;/script<span class="visually-hidden"> (einde toegevoegd)</span></ins>`,
		`&amp; &#34;zo&#34;`,
		`<span class="diff-fold">… 14 ongewijzigde regels …</span>`,
		"regel 19\n<ins>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("HTML lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<script") || strings.Contains(got, "regel 16\n") {
		t.Errorf("HTML has raw markup or an unfolded middle:\n%s", got)
	}
}

// Beyond the bound the comparison is made per paragraph, and says so.
func TestCoarseBeyondTheBound(t *testing.T) {
	old := "Eerste alinea blijft.\n\nTweede alinea met veel woorden die allemaal wijzigen.\n\nDerde blijft.\n"
	new := "Eerste alinea blijft.\n\nEen heel andere tekst waarin geen woord hetzelfde is gebleven.\n\nDerde blijft.\n"
	r := compare(old, new, 5)
	if !r.Coarse {
		t.Fatalf("compare with bound 5 was not coarse: %s", show(r.Edits))
	}
	want := "Eerste alinea blijft.\n\n[-Tweede alinea met veel woorden die allemaal wijzigen.\n\n-]{+Een heel andere tekst waarin geen woord hetzelfde is gebleven.\n\n+}Derde blijft.\n"
	if got := show(r.Edits); got != want {
		t.Errorf("coarse = %q\nwant    %q", got, want)
	}
	if a, b := sides(r.Edits); a != old || b != new {
		t.Errorf("coarse edits do not give the texts back")
	}
}

// randomText is n words of a small vocabulary in paragraphs.
func randomText(rng *rand.Rand, n int) string {
	words := []string{"windmolen", "spanning", "de", "een", "leerling", "meet", "bouwt", "rotor", "wiek", "stroom", "energie", "les"}
	var b strings.Builder
	for i := range n {
		b.WriteString(words[rng.IntN(len(words))])
		switch {
		case i%40 == 39:
			b.WriteString(".\n\n")
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// A huge pair that shares nothing stays fast and bounded: the word
// comparison gives up at MaxEdits and the paragraphs are compared.
func TestHugePairStaysFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	old, new := randomText(rng, 200_000), randomText(rng, 200_000) // about 1.4 MB each
	start := time.Now()
	r := Words(old, new)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("a 1.4 MB pair took %v", took)
	}
	if !r.Coarse {
		t.Errorf("a pair differing everywhere was compared word by word")
	}
	if a, b := sides(r.Edits); a != old || b != new {
		t.Errorf("edits do not give the texts back")
	}
}

func seedPair(tb testing.TB) (string, string) {
	data, err := fs.ReadFile(seed.FS, "istem/windmolen-ontwerpen.md")
	if err != nil {
		tb.Fatal(err)
	}
	old := string(data)
	// An author's edit: every 15th word changed, a paragraph added.
	toks := Tokens(old)
	words := 0
	for i, tok := range toks {
		if isWord([]rune(tok)[0]) {
			if words++; words%15 == 0 {
				toks[i] = "aangepast"
			}
		}
	}
	return old, strings.Join(toks, "") + "\n\nEen nieuwe alinea met een extra opdracht voor de leerlingen.\n"
}

func TestSeedLessonPair(t *testing.T) {
	old, new := seedPair(t)
	r := Words(old, new)
	if r.Coarse {
		t.Fatal("an edited seed lesson was compared per paragraph")
	}
	if a, b := sides(r.Edits); a != old || b != new {
		t.Fatal("edits do not give the texts back")
	}
	if n := strings.Count(string(HTML(r.Edits)), "<ins>"); n < 20 {
		t.Errorf("%d insertions marked, want one per changed word", n)
	}
}

// BenchmarkWordsSeedLesson compares the largest seed lesson (5.8 kB) with
// an edit of it; BenchmarkWordsHuge a 1.4 MB pair that shares nothing.
//
//	go test -run '^$' -bench Words -benchmem ./internal/textdiff/
func BenchmarkWordsSeedLesson(b *testing.B) {
	old, new := seedPair(b)
	b.ReportAllocs()
	for b.Loop() {
		HTML(Words(old, new).Edits)
	}
}

func BenchmarkWordsHuge(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	old, new := randomText(rng, 200_000), randomText(rng, 200_000)
	b.ReportAllocs()
	for b.Loop() {
		Words(old, new)
	}
}

// FuzzWords: any pair, any bound, never panics, and the edits give both
// texts back.
func FuzzWords(f *testing.F) {
	f.Add("De leerlingen bouwen een windmolen.", "De leerlingen ontwerpen een kleine windmolen.", uint8(0))
	f.Add("a\n\nb\n\nc", "a\n\nx y\n\nc\n\n", uint8(2))
	f.Add("zo'n - 'x", "zo’n -'", uint8(1))
	f.Add("\xff\xfe é", "e\u0301", uint8(3))
	f.Fuzz(func(t *testing.T, old, new string, small uint8) {
		bound := MaxEdits
		if small > 0 {
			bound = int(small % 8)
		}
		r := compare(old, new, bound)
		if a, b := sides(r.Edits); a != old || b != new {
			t.Fatalf("edits %v do not give back %q and %q", r.Edits, old, new)
		}
		for _, e := range r.Edits {
			if e.Text == "" {
				t.Fatalf("an empty edit in %v", r.Edits)
			}
		}
		if r.Changed() != (old != new) {
			t.Fatalf("Changed() = %v for %q, %q", r.Changed(), old, new)
		}
		HTML(r.Edits)
	})
}

// A change is placed where a reader expects it: a paragraph added at the
// end starts after the last full stop, an inserted word before its space.
func TestChangesSitAtBoundaries(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"Het vermogen.\n", "Het vermogen.\n\nMeet drie keer.\n", "Het vermogen.{+\n\nMeet drie keer.+}\n"},
		{"Bouw een windmolen.", "Bouw een grote windmolen.", "Bouw een {+grote +}windmolen."},
		{"a. b. c.", "a. b. x. c.", "a. b.{+ x.+} c."}, // after a full stop, as diff-match-patch
	} {
		if got := show(Words(c.old, c.new).Edits); got != c.want {
			t.Errorf("Words(%q, %q) = %q, want %q", c.old, c.new, got, c.want)
		}
	}
}
