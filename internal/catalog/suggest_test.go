package catalog_test

import (
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

func TestSuggest(t *testing.T) {
	levels := []string{"kleuter", "lager", "secundair", "hoger", "lerarenopleiding", "volwassenen", "buitenschools"}
	themes := []string{"klimaat", "energie", "artificiële-intelligentie", "circulaire-economie", "water"}
	tests := []struct {
		value      string
		candidates []string
		want       string
	}{
		{"secundar", levels, "secundair"},  // one deletion
		{"Secundair", levels, "secundair"}, // case
		{"SECUNDAIR", levels, "secundair"}, // case
		{"secnudair", levels, "secundair"}, // swap of neighbours = one edit (Damerau)
		{"scundar", levels, "secundair"},   // two edits in 7 letters
		{"lagr", levels, "lager"},          // one edit in 4 letters
		{"lgr", levels, ""},                // two edits in 3 letters: too far
		{"kleuters", levels, "kleuter"},    // plural
		{"buitenschool", levels, "buitenschools"},
		{"lerarenopleidingen", levels, "lerarenopleiding"},
		{"xyz", levels, ""},
		{"", levels, ""},
		{"   ", levels, ""},
		{"artificiele intelligentie", themes, "artificiële-intelligentie"}, // accents, space vs hyphen
		{"ARTIFICIËLE_INTELLIGENTIE", themes, "artificiële-intelligentie"},
		{"circulair", themes, "circulaire-economie"}, // unique prefix
		{"wat", themes, "water"},                     // unique prefix of 3 letters
		{"e", themes, ""},                            // too short for anything but an exact match
		{"ab", []string{"ab"}, "ab"},                 // exact match of a short value
		{"a", []string{"A", "B"}, "A"},
		{"sec", []string{"secundair", "second"}, ""}, // ambiguous prefix
		{"energy", themes, "energie"},
		{strings.Repeat("secundair", 20), levels, ""}, // too long to be a typo
		{"6.43", []string{"06.43", "6.4"}, "06.43"},   // equal distance: earlier candidate wins
		{"6.43", []string{"6.4", "06.43"}, "6.4"},
		{"6.43", []string{"06.43"}, "06.43"},
		{"klimaat", nil, ""},
	}
	for _, tt := range tests {
		if got := catalog.Suggest(tt.value, tt.candidates); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.value, got, tt.want)
		}
	}
}

func TestSuggestTerm(t *testing.T) {
	v := vocab(t)
	tests := []struct{ field, value, want string }{
		{"levels", "Secundair onderwijs", "secundair"}, // label
		{"levels", "lagere school", "lager"},           // alias
		{"levels", "basisschool", "basisonderwijs"},    // a group: kleuter and lager
		{"years", "3de leerjaar", "lager-3"},
		{"years", "derde jaar", "secundair-3"},
		{"years", "K2", "kleuter-2"},
		{"years", "3", "lager-3"}, // not "k3"
		{"years", "7", "secundair-7"},
		{"grades", "2de graad lager", "lager-2"},
		{"grades", "tweede graad secundair", "secundair-2"},
		{"finalities", "tso", "dubbele"},
		{"finalities", "Doorstroomfinaliteit", "doorstroom"},
		{"grades", "eerste graad", "1"},
		{"grades", "2de graad", "2"},
		{"themes", "AI", "artificiele-intelligentie"},
		{"license", "CC BY 4.0", "CC-BY-4.0"},
		{"license", "cc0", "CC0-1.0"},
		{"sdgs", "Klimaatactie", "13"},
		{"hub", "Brussel", "brussel"},
		{"language", "Nederlands", "nl"},
		{"levels", "tandarts", ""},
		{"onbekend", "x", ""},
	}
	for _, tt := range tests {
		if got := v.SuggestTerm(tt.field, tt.value); got != tt.want {
			t.Errorf("SuggestTerm(%q, %q) = %q, want %q", tt.field, tt.value, got, tt.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Windmolen ontwerpen", "windmolen-ontwerpen"},
		{"Zonne-energie: meten!", "zonne-energie-meten"},
		{"Geïntegreerde STEM — 1ste graad", "geintegreerde-stem-1ste-graad"},
		{"  --a__b--  ", "a-b"},
		{"???", ""},
		{"日本語", ""},
		{strings.Repeat("ab-", 80), strings.TrimRight(strings.Repeat("ab-", 33), "-")}, // 34 groups would be 101 bytes,
	}
	for _, tt := range tests {
		got := catalog.Slugify(tt.in)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !catalog.ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q is not a valid slug", tt.in, got)
		}
	}
	for s, want := range map[string]bool{"a": true, "a-1": true, "les-2b": true, "": false, "-a": false, "a-": false, "A": false, "a b": false, "a--b": false, "é": false, strings.Repeat("a", 101): false} {
		if got := catalog.ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v", s, got)
		}
	}
}
