package search

import (
	"testing"
)

// lexiconOf builds a lexicon from documents with the given titles and
// bodies, each text one document.
func lexiconOf(t *testing.T, texts ...string) *Lexicon {
	t.Helper()
	b := NewLexiconBuilder(nil)
	for i, text := range texts {
		b.Add(Document{ID: string(rune('a' + i)), Title: text})
	}
	l, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

var lexiconTexts = []string{
	"Zonnepaneel bouwen en meten", "Een zonnepaneel op het dak", "Zonnepanelen en rendement",
	"Waterkracht in Vlaanderen", "Waterkracht en energie", "Een centrale voor stroom", "De centrale van Doel",
	"Windmolen ontwerpen", "De windmolen meten", "Energie besparen thuis", "Energie uit water",
	"Elektriciteit en stroomkring", "Elektriciteit veilig gebruiken", "Eenmalig woord zeldzaamheid",
}

func TestLexiconSuggestsTheIndexsOwnWord(t *testing.T) {
	l := lexiconOf(t, lexiconTexts...)
	for _, c := range []struct{ typed, want string }{
		{"zonnepaneell", "zonnepaneel"},
		{"windmoelen", "windmolen"},
		{"enrgie", "energie"},
		{"Elektriciteid meten", "elektriciteit meten"},
		{"energie windmoelen bouwen", "energie windmolen bouwen"},
	} {
		sp := l.Correct(c.typed)
		if sp.Text != c.want {
			t.Errorf("Correct(%q) = %q (%+v), want %q", c.typed, sp.Text, sp.Words, c.want)
		}
	}
}

func TestLexiconLeavesKnownWordsAlone(t *testing.T) {
	l := lexiconOf(t, lexiconTexts...)
	for _, typed := range []string{
		"zonnepaneel", "windmolen meten", "Energie",
		"windmolens",          // a form of a known word (same Snowball stem)
		"waterkrachtcentrale", // a compound of known parts: never "corrected"
		"zeldzaamheid",        // in one material only: still a word of the index
		"de het een",          // stop words are never corrected
		"windm",               // the last word is being typed: a prefix of a known word
		"06.43 2de",           // numbers and codes are no spelling
		"brug",                // too short to correct (one edit makes another word)
		"xyzzyplugh",          // nothing near: no suggestion
	} {
		if sp := l.Correct(typed); sp.Text != "" {
			t.Errorf("Correct(%q) = %q (%+v), want no suggestion", typed, sp.Text, sp.Words)
		}
	}
}

func TestLexiconNeverSuggestsRareWordsOrStopWords(t *testing.T) {
	// "zeldzaamheid" is seen once: a typo of it is not corrected into it (a
	// word seen once is as likely someone else's typo).
	l := lexiconOf(t, lexiconTexts...)
	if sp := l.Correct("zeldzaamhied"); sp.Text != "" {
		t.Errorf("Correct(zeldzaamhied) = %q, want none (the word is seen once)", sp.Text)
	}
	if sp := l.Correct("vooor"); sp.Text == "voor" {
		t.Errorf("suggested the stop word voor")
	}
}

func TestLexiconLearnsWordsOfChangedMaterials(t *testing.T) {
	l := lexiconOf(t, lexiconTexts...)
	if sp := l.Correct("fotosyntese"); sp.Text != "" {
		t.Fatalf("suggestion %q before the word exists", sp.Text)
	}
	l.Add(Document{ID: "x", Title: "Fotosynthese in het blad"})
	l.Add(Document{ID: "y", Summary: "Fotosynthese meten met een sensor"})
	if sp := l.Correct("fotosyntese"); sp.Text != "fotosynthese" {
		t.Errorf("after two new materials Correct(fotosyntese) = %q, want fotosynthese", sp.Text)
	}
	if sp := l.Correct("fotosynthese"); sp.Text != "" {
		t.Errorf("the new word itself is corrected into %q", sp.Text)
	}
}

func TestNilLexiconSuggestsNothing(t *testing.T) {
	var l *Lexicon
	if sp := l.Correct("windmoelen"); sp.Text != "" {
		t.Errorf("nil lexicon suggested %q", sp.Text)
	}
}
