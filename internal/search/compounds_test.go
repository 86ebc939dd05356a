package search

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitCompound(t *testing.T) {
	dict := map[string]bool{}
	for _, w := range Words("zonne panelen energie verbruik stroom kring water kwaliteit arbeid markt wind molen centrale les bos") {
		dict[w] = true
	}
	known := func(w string) bool { return dict[w] }
	for word, want := range map[string][]string{
		"zonnepanelen":          {"zonne", "panelen"},
		"energieverbruik":       {"energie", "verbruik"},
		"stroomkring":           {"stroom", "kring"},
		"waterkwaliteit":        {"water", "kwaliteit"},
		"arbeidsmarkt":          {"arbeid", "markt"}, // linking s
		"windmolencentrale":     {"wind", "molen", "centrale"},
		"lesbos":                nil, // parts shorter than MinCompoundPart
		"zonnebloem":            nil, // "bloem" is not a known word
		"energie":               nil,
		"zonne":                 nil,
		"waterkwaliteitsmeting": nil, // "meting" unknown: no split rather than a wrong one
	} {
		if got := SplitCompound(word, known); !reflect.DeepEqual(got, want) {
			t.Errorf("SplitCompound(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestJoinedForms(t *testing.T) {
	for _, tt := range []struct {
		words []string
		want  []string
	}{
		{[]string{"stroom", "kring"}, []string{"stroomkring", "stroomskring"}},
		{[]string{"lucht", "kwaliteits", "meter"}, []string{"luchtkwaliteitsmeter", "luchtskwaliteitsmeter"}},
		{[]string{"zonne"}, []string{"zonne"}},
	} {
		if got := JoinedForms(tt.words...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("JoinedForms(%q) = %q, want %q", tt.words, got, tt.want)
		}
	}
}

// TestSplitCompoundBounded: a word longer than any real compound is not
// tried at all (every cut would cost dictionary lookups), a real one is.
func TestSplitCompoundBounded(t *testing.T) {
	lookups := 0
	known := func(w string) bool { lookups++; return len(w) < 8 }
	SplitCompound(strings.Repeat("ab", 50), known)
	if lookups != 0 {
		t.Errorf("%d dictionary lookups for a 100-letter word, want none", lookups)
	}
	SplitCompound("luchtkwaliteitsmeetnetwerk", known)
	if lookups == 0 {
		t.Error("a 26-letter compound was not tried")
	}
}
