package catalog_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// FuzzValidate feeds arbitrary values into every kind of field. Validate
// must never panic, must report a message for every problem, and a message
// must stay on one line (control characters escaped), in valid UTF-8, and
// short enough to show next to a file name, whatever the input.
func FuzzValidate(f *testing.F) {
	for _, seed := range []struct {
		s  string
		n  int
		id string
	}{
		{"secundar", 4, "06.43"},
		{"Secundair", 0, "SO_1STE_GRAAD_V2_1:06.43"},
		{"goede praktijk", -1, "so_1ste_graad_v2_1:6.43"},
		{"CC BY-SA 4.0", 100001, "SO_2DE_GRAAD_V2_1:06.06"},
		{"javascript:alert(1)", 18, "FOO:"},
		{"\x00\xff\n<script>", 1 << 30, ":"},
		{strings.Repeat("ë", 300), -1 << 31, strings.Repeat("SO_", 100) + ":1"},
	} {
		f.Add(seed.s, seed.n, seed.id)
	}
	v := vocab(f)
	f.Fuzz(func(t *testing.T, s string, n int, id string) {
		m := catalog.Material{
			Slug: s, Title: s, Summary: s, Type: s, Levels: []string{s, "secundair"}, Grades: []int{n, 1},
			Streams: []string{s}, Finalities: []string{s}, Disciplines: []string{s}, Subjects: []string{s},
			Goals: []string{id, s}, StemKader: []int{n}, Themes: []string{s}, SDGs: []int{n}, Inclusion: []string{s},
			Network: s, Hub: s, License: s, Language: s, Duration: n, SourceURL: s,
		}
		for _, e := range v.Validate(&m) {
			if e.Message == "" || e.Field == "" {
				t.Fatalf("error without field or message: %+v", e)
			}
			if !strings.HasPrefix(e.Message, v.FieldLabel(e.Field)+" ("+e.Field+"): ") {
				t.Fatalf("message does not start with its field's name and key: %q", e.Message)
			}
			if strings.ContainsAny(e.Message, "\n\r") || !utf8.ValidString(e.Message) {
				t.Fatalf("message not one valid line: %q", e.Message)
			}
			if utf8.RuneCountInString(e.Message) > 400 {
				t.Fatalf("message of %d runes", utf8.RuneCountInString(e.Message))
			}
		}
	})
}

// FuzzSuggest: never panics, only ever returns one of the candidates, and
// an exact candidate is always suggested as itself.
func FuzzSuggest(f *testing.F) {
	for _, s := range []string{"secundar", "SECUNDAIR", "artificiele intelligentie", "", "a", "\xff\xfe", "sec", strings.Repeat("x", 100)} {
		f.Add(s)
	}
	candidates := []string{"kleuter", "lager", "secundair", "artificiële-intelligentie", "A", "B", "CC-BY-4.0", "ëë"}
	f.Fuzz(func(t *testing.T, s string) {
		got := catalog.Suggest(s, candidates)
		if got != "" {
			found := false
			for _, c := range candidates {
				found = found || c == got
			}
			if !found {
				t.Fatalf("Suggest(%q) = %q, not a candidate", s, got)
			}
		}
		for _, c := range candidates {
			if s == c && got != c {
				t.Fatalf("Suggest(%q) = %q, want the exact candidate", s, got)
			}
		}
	})
}
