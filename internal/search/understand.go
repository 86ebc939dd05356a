package search

import (
	"strings"
	"unicode"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// Query understanding: a teacher who types "bso", "eerste graad" or
// "kleuters" often means a filter. Search does not silently turn the word
// into a hard filter (the word may just as well be part of a title); it
// keeps searching the words — materials tagged with the value match them
// through their metadata text — and offers the filter for one click.

// Suggestion is a filter the query text seems to ask for.
type Suggestion struct {
	Field      string // a catalog facet field ("finalities")
	Value      string // the value to filter on ("arbeidsmarkt")
	Label      string // Dutch label of the value ("Arbeidsmarktfinaliteit")
	FieldLabel string // Dutch name of the field ("Finaliteit")
	Words      string // the query words that asked for it, folded ("bso")

	group bool // named by a group ("2de graad": lager and secundair), see onlyNamedLevel
}

// suggestFields are the fields whose values a query word may name. Not
// subjects (an open list: its words are ordinary search words), goals,
// SDGs, networks or hubs.
var suggestFields = []string{
	catalog.FieldLevels, catalog.FieldGrades, catalog.FieldYears, catalog.FieldFinalities,
	catalog.FieldThemes, catalog.FieldDisciplines,
}

// maxSuggestions keeps the chips few: more is noise above the results.
const maxSuggestions = 3

// Understander finds the filters a query names, from the vocabularies'
// ids, labels and aliases and the search synonyms. Safe for concurrent use;
// a nil *Understander suggests nothing.
type Understander struct {
	phrases  map[string][]Suggestion // folded phrase -> values it names
	maxWords int
	synonyms *Synonyms
}

// NewUnderstander indexes the vocabularies' ids, labels and aliases and
// takes the vocabularies' synonyms ("bso" ↔ "arbeidsmarkt"), the hub's one
// synonym list (content/taxonomy/synonyms.yaml).
func NewUnderstander(voc *catalog.Vocabularies) *Understander {
	u := &Understander{phrases: map[string][]Suggestion{},
		synonyms: NewSynonyms(voc.Synonyms())}
	for _, field := range suggestFields {
		v := voc.Vocabulary(field)
		if v == nil {
			continue
		}
		labels := map[string]string{}
		for _, t := range v.Terms {
			labels[t.ID] = t.Label
			if labels[t.ID] == "" {
				labels[t.ID] = t.ID
			}
		}
		for _, t := range v.Terms {
			s := Suggestion{Field: field, Value: t.ID, Label: labels[t.ID], FieldLabel: voc.FieldLabel(field)}
			u.add(s, names(t.ID, t.Label, t.Aliases))
		}
		// A group names several values ("basisonderwijs": kleuter and lager;
		// "2de graad": lager and secundair): each is offered.
		for _, g := range v.Groups {
			for _, id := range g.Terms {
				s := Suggestion{Field: field, Value: id, Label: labels[id], FieldLabel: voc.FieldLabel(field), group: true}
				u.add(s, names(g.ID, g.Label, g.Aliases))
			}
		}
	}
	return u
}

// names are the phrases that name a term or group: its label, its aliases
// and its id when that is a word ("lager-3" as "lager 3", not "1" or "A").
func names(id, label string, aliases []string) []string {
	out := append([]string{label}, aliases...)
	if len([]rune(id)) >= 3 && !unicode.IsDigit([]rune(id)[0]) {
		out = append(out, strings.ReplaceAll(id, "-", " "))
	}
	return out
}

func (u *Understander) add(s Suggestion, names []string) {
	for _, name := range names {
		words := Words(name)
		if len(words) == 0 {
			continue
		}
		key := strings.Join(words, " ")
		if !hasSuggestion(u.phrases[key], s) {
			u.phrases[key] = append(u.phrases[key], s)
		}
		u.maxWords = max(u.maxWords, len(words))
	}
}

func hasSuggestion(list []Suggestion, s Suggestion) bool {
	for _, l := range list {
		if l.Field == s.Field && l.Value == s.Value {
			return true
		}
	}
	return false
}

// Understand returns the filters the text names, in the order of the
// words, leaving out those already active. A run of words is looked up as
// typed, as its synonyms and without a plural ending ("kleuters").
func (u *Understander) Understand(text string, active map[string][]string) []Suggestion {
	if u == nil {
		return nil
	}
	words := Words(text)
	var out []Suggestion
	add := func(found []Suggestion, typed []string) {
		for _, s := range found {
			if hasSuggestion(out, s) || contains(active[s.Field], s.Value) {
				continue
			}
			s.Words = strings.Join(typed, " ")
			out = append(out, s)
		}
	}
	for i := 0; i < len(words); i++ {
		for l := min(u.maxWords, len(words)-i); l >= 1; l-- {
			typed := words[i : i+l]
			found := u.lookup(typed)
			for _, c := range u.synonyms.Expand(typed) {
				if len(c.Words) != l {
					continue
				}
				for _, alt := range c.Alternatives {
					found = append(found, u.lookup(alt)...)
				}
			}
			if len(found) > 0 {
				add(found, typed)
				i += l - 1
				break
			}
		}
	}
	out = onlyNamedLevel(out, active)
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	return out
}

// onlyNamedLevel drops the other level's graad or leerjaar that a group
// offered when the query or the filters name one level: "secundair 2de
// graad" and "3de graad bso" mean the 2de or 3de graad secundair, not also
// the lager one. A finality or stream names the secundair.
func onlyNamedLevel(out []Suggestion, active map[string][]string) []Suggestion {
	named := map[string]bool{}
	for _, l := range active[catalog.FieldLevels] {
		named[l] = true
	}
	if len(active[catalog.FieldFinalities]) > 0 || len(active[catalog.FieldStreams]) > 0 {
		named["secundair"] = true
	}
	for _, s := range out {
		switch {
		case s.Field == catalog.FieldLevels && !s.group:
			named[s.Value] = true
		case s.Field == catalog.FieldFinalities || s.Field == catalog.FieldStreams:
			named["secundair"] = true
		}
	}
	if named["lager"] == named["secundair"] {
		return out // neither or both: keep what the group offered
	}
	kept := out[:0]
	for _, s := range out {
		level, _, _ := strings.Cut(s.Value, "-")
		if s.group && (s.Field == catalog.FieldGrades || s.Field == catalog.FieldYears) && !named[level] {
			continue
		}
		kept = append(kept, s)
	}
	return kept
}

// lookup finds the values a phrase names, also with the plural ending of
// its last word taken off ("kleuters" → "kleuter").
func (u *Understander) lookup(words []string) []Suggestion {
	key := strings.Join(words, " ")
	if found := u.phrases[key]; len(found) > 0 {
		return found
	}
	for _, end := range []string{"s", "en", "'s"} {
		if len(key) > len(end)+3 && strings.HasSuffix(key, end) {
			if found := u.phrases[strings.TrimSuffix(key, end)]; len(found) > 0 {
				return found
			}
		}
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, l := range list {
		if l == v {
			return true
		}
	}
	return false
}
