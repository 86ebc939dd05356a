package content

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseGoodFile(t *testing.T) {
	m, ps := Check("content/istem/windmolen.md", []byte(doc(goodFront+"stem_kader: 3\nkeywords: wind\n", goodBody)), testVocab(t))
	if len(ps) != 0 {
		t.Fatalf("problems in a good file:\n%s", problemLines(ps))
	}
	if m.Slug != "windmolen" || m.Title != "Bouw een windmolen" || m.Body != goodBody {
		t.Errorf("slug %q title %q body %q", m.Slug, m.Title, m.Body)
	}
	if !reflect.DeepEqual(m.Disciplines, []string{"technologie", "wetenschappen"}) || !reflect.DeepEqual(m.Grades, []int{1}) {
		t.Errorf("lists: %v %v", m.Disciplines, m.Grades)
	}
	// A single value where a list is expected is a one-element list.
	if !reflect.DeepEqual(m.StemKader, []int{3}) || !reflect.DeepEqual(m.Keywords, []string{"wind"}) {
		t.Errorf("single values: %v %v", m.StemKader, m.Keywords)
	}
	if !m.Date.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date %v", m.Date)
	}
	if m.SourcePath != "content/istem/windmolen.md" {
		t.Errorf("source path %q", m.SourcePath)
	}
}

func TestSlugFromFileOrFrontMatter(t *testing.T) {
	cases := map[string]struct{ file, front, want string }{
		"file name":             {"content/x/zonne-energie.md", goodFront, "zonne-energie"},
		"file name slugified":   {"content/x/Zonne Energie!.md", goodFront, "zonne-energie"},
		"front matter wins":     {"content/x/a.md", goodFront + "slug: eigen-slug\n", "eigen-slug"},
		"accents in file names": {"content/x/geïntegreerd.md", goodFront, "geintegreerd"},
	}
	for name, tc := range cases {
		m, ps := Check(tc.file, []byte(doc(tc.front, goodBody)), testVocab(t))
		if m.Slug != tc.want || len(ps) != 0 {
			t.Errorf("%s: slug %q, problems %s", name, m.Slug, problemLines(ps))
		}
	}
}

// Each bad input gives exactly these messages: file, line, field and a
// Dutch sentence that says what to do.
func TestParseProblems(t *testing.T) {
	const f = "content/istem/windmolen.md"
	cases := []struct {
		name string
		src  string
		want string
	}{
		{"unknown level with suggestion",
			doc(strings.Replace(goodFront, "levels: [secundair]", "levels:\n  - lager\n  - secundar", 1), goodBody),
			f + `:7: Niveau (levels): "secundar" is geen geldig niveau; bedoelde je "secundair"?`},
		{"unknown key with suggestion",
			doc(goodFront+"level: secundair\n", goodBody),
			f + `:14: onbekend veld "level"; bedoelde je "levels"?`},
		{"string where a number list is expected",
			doc(strings.Replace(goodFront, "grades: [1]", "grades: [1, twee]", 1), goodBody),
			f + `:6: Graad (grades): "twee" is geen geheel getal; schrijf getallen, bv. grades: [1, 2].`},
		{"list where text is expected",
			doc(strings.Replace(goodFront, "type: les", "type: [les, project]", 1), goodBody),
			f + `:4: Soort materiaal (type): verwacht één tekst, geen lijst.`},
		{"mapping where a list is expected",
			doc(strings.Replace(goodFront, "levels: [secundair]", "levels: {secundair: ja}", 1), goodBody),
			f + `:5: Niveau (levels): verwacht een lijst, bv. levels: [a, b] of één waarde per regel met "- " ervoor.`},
		{"bad date",
			doc(strings.Replace(goodFront, "date: 2024-03-01", "date: 01/03/2024", 1), goodBody),
			f + `:13: Datum (date): "01/03/2024" is geen geldige datum; schrijf JJJJ-MM-DD, bv. date: 2024-03-12.`},
		{"bad duration",
			doc(goodFront+"duration: anderhalf uur\n", goodBody),
			f + `:14: Duur (duration): "anderhalf uur" is geen geheel getal; geef de duur in minuten, bv. duration: 90.`},
		{"duplicate key",
			doc(goodFront+"title: Nog een titel\n", goodBody),
			f + `:14: Titel (title): staat twee keer in de front matter (ook op regel 2); houd er één.`},
		{"missing required field",
			doc(strings.Replace(goodFront, "license: CC-BY-4.0\n", "", 1), goodBody),
			f + `:1: Licentie (license): ontbreekt`},
		{"missing front matter",
			"# Windmolen\n\nTekst.\n",
			f + `:1: de front matter ontbreekt; het bestand moet beginnen met een regel "---", dan de gegevens (title, summary, levels, …) en dan weer een regel "---".`},
		{"unterminated front matter",
			"---\n" + goodFront + "\n# Windmolen\n",
			f + `:1: de front matter is niet afgesloten; zet na de gegevens een regel "---" en daarna de tekst.`},
		{"empty body",
			doc(goodFront, "\n  \n"),
			f + `:14: de tekst van het materiaal ontbreekt; schrijf na de afsluitende regel "---" de inhoud in Markdown.`},
		{"invalid UTF-8",
			doc(goodFront, "\nregel\nfout: \xff\xfe\n"),
			f + `:17: het bestand is geen geldige UTF-8-tekst (de eerste fout staat op deze regel); sla het op als UTF-8.`},
		{"NUL byte",
			doc(goodFront, "\nregel\n\x00\n"),
			f + `:17: het bestand bevat een NUL-teken (byte 0); dat hoort niet in tekst. Sla het bestand opnieuw op als gewone UTF-8-tekst.`},
		{"too large",
			doc(goodFront, strings.Repeat("a", MaxFileSize)),
			f + `:1: het bestand is te groot (1,0 MiB); een materiaal mag hoogstens 1 MiB tekst zijn. Zet grote stukken als bijlage naast het bestand.`},
		{"colon in a text",
			doc(strings.Replace(goodFront, "title: Bouw een windmolen", "title: Windmolen: bouw er een", 1), goodBody),
			f + `:2: de front matter is geen geldige YAML: mapping values are not allowed in this context. Staat er een dubbelpunt met een spatie in een tekst? Zet die tekst dan tussen aanhalingstekens.`},
		{"tab indentation",
			doc(goodFront+"keywords:\n\t- wind\n", goodBody),
			f + `:15: de front matter is geen geldige YAML: found character that cannot start any token. Gebruik spaties, geen tabs, om in te springen.`},
		{"front matter not a mapping",
			doc("- a\n- b\n", goodBody),
			f + `:2: de front matter moet bestaan uit velden in de vorm "sleutel: waarde", zoals title: Mijn les.`},
		{"alias",
			doc(goodFront+"keywords: &k [a]\nsubjects: *k\n", goodBody),
			f + `:14: Trefwoorden (keywords): ankers en verwijzingen (& en *) worden niet ondersteund; schrijf de waarde voluit.` + "\n" +
				f + `:15: Vak (subjects): ankers en verwijzingen (& en *) worden niet ondersteund; schrijf de waarde voluit.`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := Check(f, []byte(tc.src), testVocab(t))
			got := problemLines(ps)
			// Catalog messages may add allowed values after the part we pin.
			if !strings.HasPrefix(got, tc.want) || strings.Count(got, "\n") != strings.Count(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// A BOM and Windows line endings are read correctly and reported as
// warnings, which do not refuse the file.
func TestParseBOMAndCRLF(t *testing.T) {
	const f = "content/istem/windmolen.md"
	src := "\uFEFF" + strings.ReplaceAll(doc(goodFront, goodBody), "\n", "\r\n")
	m, ps := Check(f, []byte(src), testVocab(t))
	want := f + ":1: waarschuwing: het bestand begint met een BOM (byte order mark); die is genegeerd. Sla het bestand op als UTF-8 zonder BOM.\n" +
		f + ":1: waarschuwing: het bestand heeft Windows-regeleinden (CRLF); die zijn gelezen als gewone regeleinden. Stel je editor in op LF."
	if got := problemLines(ps); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if hasErrors(ps) || m.Title != "Bouw een windmolen" || strings.Contains(m.Body, "\r") {
		t.Errorf("BOM/CRLF file not read as the same material: title %q body %q", m.Title, m.Body)
	}
}

func TestProblemsHaveFileAndLine(t *testing.T) {
	_, ps := Check("content/x/y.md", []byte("---\nlevels: [x, y]\ngrades: [a]\nfoo: 1\n---\n"), testVocab(t))
	if len(ps) < 4 {
		t.Fatalf("expected several problems, got:\n%s", problemLines(ps))
	}
	for _, p := range ps {
		if p.File != "content/x/y.md" || p.Line < 1 || p.Message == "" {
			t.Errorf("incomplete problem %+v", p)
		}
	}
}
