package search

import (
	"slices"
	"strings"
)

// Synonyms expands query words with their equivalents ("bso" ↔
// "arbeidsmarkt", "1e graad" ↔ "eerste graad"). Entries may hold several
// words; matching is on folded words and prefers the longest entry. The zero
// value and a nil *Synonyms expand nothing.
type Synonyms struct {
	alternatives map[string][][]string // folded entry ("1e graad") -> the other entries of its groups
	maxWords     int
}

// Clause is one unit of a query: a word or a multi-word synonym entry as
// typed (folded), with the entries that mean the same. A document matches the
// clause when it contains Words or any one of the Alternatives.
type Clause struct {
	Words        []string
	Alternatives [][]string
}

// NewSynonyms builds the expander from groups of equivalent entries, e.g.
// {{"bso", "arbeidsmarkt"}, {"1e graad", "eerste graad"}}. An entry that
// appears in several groups gets the union of their equivalents.
//
// A group with the entry "=>" is one way (Solr's notation): each entry
// before it finds the entries after it, not the other way round. A broader
// word finds its parts ("basisonderwijs => lager onderwijs,
// kleuteronderwijs") without a part finding the other parts through it.
func NewSynonyms(groups [][]string) *Synonyms {
	s := &Synonyms{alternatives: map[string][][]string{}}
	for _, group := range groups {
		from, to := group, group
		if i := slices.Index(group, OneWay); i >= 0 {
			from, to = group[:i], group[i+1:]
		}
		targets := entryWords(to)
		for _, e := range entryWords(from) {
			key := strings.Join(e, " ")
			for _, other := range targets {
				if strings.Join(other, " ") != key && !containsEntry(s.alternatives[key], other) {
					s.alternatives[key] = append(s.alternatives[key], other)
				}
			}
			s.maxWords = max(s.maxWords, len(e))
		}
	}
	return s
}

// OneWay marks a one-way synonym group (see NewSynonyms).
const OneWay = "=>"

func entryWords(entries []string) [][]string {
	var out [][]string
	for _, e := range entries {
		if w := Words(e); len(w) > 0 {
			out = append(out, w)
		}
	}
	return out
}

func containsEntry(list [][]string, e []string) bool {
	key := strings.Join(e, " ")
	for _, l := range list {
		if strings.Join(l, " ") == key {
			return true
		}
	}
	return false
}

// Expand groups folded query words into clauses, taking at each position the
// longest run of words that is a synonym entry.
func (s *Synonyms) Expand(words []string) []Clause {
	clauses := make([]Clause, 0, len(words))
	for i := 0; i < len(words); {
		n := 1
		var alts [][]string
		if s != nil {
			for l := min(s.maxWords, len(words)-i); l >= 1; l-- {
				if a, ok := s.alternatives[strings.Join(words[i:i+l], " ")]; ok {
					n, alts = l, a
					break
				}
			}
		}
		clauses = append(clauses, Clause{Words: words[i : i+n], Alternatives: alts})
		i += n
	}
	return clauses
}

// Map returns the synonyms as "entry → equivalents" for engines that take a
// synonym table (Meilisearch's synonyms setting).
func (s *Synonyms) Map() map[string][]string {
	out := map[string][]string{}
	if s == nil {
		return out
	}
	for key, alts := range s.alternatives {
		for _, a := range alts {
			out[key] = append(out[key], strings.Join(a, " "))
		}
	}
	return out
}

// DutchStopWords are the words too common to search on. Matching is on
// folded words ("één" is "een"). Deliberately short: a longer list (e.g.
// Snowball's) removes words that matter in STEM titles such as "meer".
var DutchStopWords = []string{
	"de", "het", "een", "en", "van", "in", "op", "te", "met", "voor", "aan",
	"als", "bij", "of", "om", "tot", "uit", "dat", "die", "dit", "deze",
	"er", "is", "zijn", "was", "wordt", "worden", "naar", "over", "ook",
	"je", "jij", "we", "wij", "ze", "zij", "hij", "ik", "u", "hun", "hoe",
	"wat", "wie", "waar", "niet", "nog", "maar", "dan", "door", "kan", "zo",
}
