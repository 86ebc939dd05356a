package search

import (
	"reflect"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"geïntegreerd":  "geintegreerd",
		"Ideeën":        "ideeen",
		"CAFÉ":          "cafe",
		"Straße":        "strasse",
		"windmolen":     "windmolen",
		"Œuvre Ærø":     "oeuvre aero",
		"":              "",
		"één-twee 3,5°": "een-twee 3,5°",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"De auto's van 1e graad!":    {"de", "auto's", "van", "1e", "graad"},
		"STEM-kader: geïntegreerd":   {"stem", "kader", "geintegreerd"},
		"  'quoted' AND OR TO a:b  ": {"quoted", "and", "or", "to", "a", "b"},
		"":                           nil,
	} {
		if got := Words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSynonymsExpand(t *testing.T) {
	s := NewSynonyms([][]string{{"bso", "arbeidsmarkt"}, {"1e graad", "eerste graad"}, {"coderen", "programmeren"}})
	tests := []struct {
		query string
		want  []Clause
	}{
		{"bso", []Clause{{Words: []string{"bso"}, Alternatives: [][]string{{"arbeidsmarkt"}}}}},
		{"windmolen 1e graad", []Clause{
			{Words: []string{"windmolen"}},
			{Words: []string{"1e", "graad"}, Alternatives: [][]string{{"eerste", "graad"}}},
		}},
		{"Eerste Graad", []Clause{{Words: []string{"eerste", "graad"}, Alternatives: [][]string{{"1e", "graad"}}}}},
		{"graad", []Clause{{Words: []string{"graad"}}}},
		{"", []Clause{}},
	}
	for _, tt := range tests {
		if got := s.Expand(Words(tt.query)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Expand(%q) = %+v, want %+v", tt.query, got, tt.want)
		}
	}
	var none *Synonyms
	if got := none.Expand([]string{"bso"}); len(got) != 1 || got[0].Alternatives != nil {
		t.Errorf("nil Synonyms expanded: %+v", got)
	}
	if m := s.Map(); !reflect.DeepEqual(m["eerste graad"], []string{"1e graad"}) {
		t.Errorf("Map()[eerste graad] = %q", m["eerste graad"])
	}
}

func TestHighlight(t *testing.T) {
	match := func(w string) bool { return w == "windmolen" || w == "script" }
	tests := []struct{ in, want string }{
		{"De Windmolen bouwen", "De <mark>Windmolen</mark> bouwen"},
		{`<script>alert("x")</script> windmolen`, `&lt;<mark>script</mark>&gt;alert(&#34;x&#34;)&lt;/<mark>script</mark>&gt; <mark>windmolen</mark>`},
		{"niets", "niets"},
		{"a & b", "a &amp; b"},
	}
	for _, tt := range tests {
		if got := Highlight(tt.in, match); got != tt.want {
			t.Errorf("Highlight(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkSpansNeverBreaksHTML(t *testing.T) {
	text := "ïk <b>vet</b>"
	for _, spans := range [][][2]int{
		{{0, 2}},            // would split "ï" in the middle
		{{-5, 100}},         // out of range
		{{4, 7}, {3, 6}},    // overlapping and unsorted
		{{5, 5}, {9, 3}},    // empty and reversed
		{{1, 1000}, {0, 1}}, // mid-rune start
	} {
		got := MarkSpans(text, spans)
		if strings.Contains(got, "<b>") || strings.Count(got, "<mark>") != strings.Count(got, "</mark>") {
			t.Errorf("MarkSpans(%v) = %q: unescaped or unbalanced", spans, got)
		}
		if strings.ReplaceAll(strings.ReplaceAll(got, "<mark>", ""), "</mark>", "") != "ïk &lt;b&gt;vet&lt;/b&gt;" {
			t.Errorf("MarkSpans(%v) changed the text: %q", spans, got)
		}
	}
}
