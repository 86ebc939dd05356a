package bleve

import (
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/stem-kennishub/hub/internal/search"
)

// minPrefix is the shortest last word that is also matched as a prefix:
// shorter ones expand to too many terms to be useful or fast.
const minPrefix = 3

// term is one word to look for, with how loosely it may match. weight
// scales its score (0 means 1): compound parts found apart weigh less than
// the word as typed.
type term struct {
	word   string // folded
	fuzzy  int
	prefix bool
	weight float64
	raw    bool // word is already an index term (a stem): not analyzed again
}

// plan is a parsed query: a clause matches when any of its alternatives
// does; an alternative is a run of terms that must all match (a multi-word
// synonym such as "eerste graad", or the parts of a compound). Documents
// matching more clauses rank first (see tier); those matching only some
// still follow.
type plan struct {
	clauses [][][]term
	// typed holds, per clause, the word as typed when the clause is one
	// plain word (no synonym), else "": only those are joined or split as
	// compounds.
	typed []string
}

// parse turns the query text into a plan. Stop words are dropped — they
// would match nearly every document — unless the text holds nothing else,
// in which case a long enough last word is still tried as a prefix
// ("hef" may be the start of "hefboom").
func parse(text string, syn *search.Synonyms, stop map[string]bool) plan {
	words := search.Words(text)
	clauses := syn.Expand(words)
	var p plan
	for ci, c := range clauses {
		last := ci == len(clauses)-1
		isStop := len(c.Alternatives) == 0 && allStop(c.Words, stop)
		if isStop && !(last && len(p.clauses) == 0) {
			continue
		}
		var alts [][]term
		typed := terms(c.Words, stop, last, true)
		if isStop { // only a prefix can still match
			w := c.Words[len(c.Words)-1]
			if utf8.RuneCountInString(w) < minPrefix {
				continue
			}
			typed = []term{{word: w, prefix: true, fuzzy: -1}}
		}
		if len(typed) > 0 {
			alts = append(alts, typed)
		}
		for _, a := range c.Alternatives {
			if ts := terms(a, stop, false, false); len(ts) > 0 {
				alts = append(alts, ts)
			}
		}
		if len(alts) > 0 {
			p.clauses = append(p.clauses, alts)
			w := ""
			if len(c.Words) == 1 && len(c.Alternatives) == 0 && !isStop {
				w = c.Words[0]
			}
			p.typed = append(p.typed, w)
		}
	}
	return p
}

// Derived forms: the Snowball stemmer leaves some plurals and derivations
// apart from their base ("drones" stays "drones" while "drone" becomes
// "dron"; "formules"/"formul"; "magneet" → "magnet" but "magnetisch"
// stays). Rather than a list of exceptions, a typed word whose stem has at
// least minDerived letters also matches, at derivedWeight,
//   - the index terms that are its stem shortened by one or two letters
//     (down to minDerivedBase letters): "drones" → "dron", "bruggen" →
//     "brug", "wiskundige" → "wiskund";
//   - the terms that start with its stem (title, keywords, summary), for
//     every word but the last, which is a prefix already:
//     "magneet" → "magnetisch", "energie" → "energieverbruik".
const (
	minDerived     = 5
	minDerivedBase = 4
	derivedWeight  = 0.5
)

// withDerived adds the derived forms of the typed words; stem gives a
// folded word's index term.
func (p *plan) withDerived(stem func(string) string) {
	for i, w := range p.typed {
		if w == "" {
			continue
		}
		s := stem(w)
		n := utf8.RuneCountInString(s)
		if n < minDerived {
			continue
		}
		r := []rune(s)
		for cut := 1; cut <= 2 && n-cut >= minDerivedBase; cut++ {
			p.clauses[i] = append(p.clauses[i], []term{{word: string(r[:n-cut]), raw: true, weight: derivedWeight}})
		}
		if i < len(p.typed)-1 { // the last word is a prefix already (as you type)
			p.clauses[i] = append(p.clauses[i], []term{{word: s, raw: true, fuzzy: -1, prefix: true, weight: derivedWeight}})
		}
	}
}

// compoundWeight is the weight of a compound's parts found apart (or of
// parts found joined): a good match, but not as sure as the word as typed.
const compoundWeight = 0.6

// withCompounds adds the compound forms of the typed words that the index's
// dictionary knows (known takes a folded word): adjacent words are also
// tried joined ("zonne panelen" → "zonnepanelen", up to three words), the
// joined form then counting for each of them; a long word is also tried as
// its parts apart ("energieverbruik" → "energie" and "verbruik"). The last
// word may be unfinished, so a run ending in it is also tried as a prefix.
func (p *plan) withCompounds(known func(string) bool) {
	n := len(p.clauses)
	for i := 0; i < n; i++ {
		for l := 2; l <= search.MaxJoinedWords && i+l <= n; l++ {
			run := p.typed[i : i+l]
			if slices.Contains(run, "") {
				break
			}
			last := run[l-1]
			prefix := i+l == n && utf8.RuneCountInString(last) >= minPrefix
			for _, j := range search.JoinedForms(run...) {
				exact := known(j)
				if !exact && !prefix {
					continue
				}
				t := []term{{word: j, fuzzy: -1, prefix: prefix, weight: compoundWeight}}
				if exact {
					t[0].fuzzy = 0
				}
				for k := i; k < i+l; k++ { // the compound stands for every word of the run
					p.clauses[k] = append(p.clauses[k], t)
				}
			}
		}
	}
	for i, w := range p.typed {
		parts := search.SplitCompound(w, known)
		if len(parts) < 2 {
			continue
		}
		alt := make([]term, len(parts))
		for k, part := range parts {
			alt[k] = term{word: part, weight: compoundWeight}
		}
		p.clauses[i] = append(p.clauses[i], alt)
	}
}

func allStop(words []string, stop map[string]bool) bool {
	for _, w := range words {
		if !stop[w] {
			return false
		}
	}
	return true
}

// terms makes the terms of one alternative. Typed words get typo tolerance;
// synonyms, which come from a curated list, match exactly. Only the very
// last typed word is a prefix (as you type).
func terms(words []string, stop map[string]bool, last, typed bool) []term {
	var out []term
	for i, w := range words {
		if stop[w] {
			continue
		}
		t := term{word: w}
		if typed {
			t.fuzzy = search.Typos(w)
			t.prefix = last && i == len(words)-1 && utf8.RuneCountInString(w) >= minPrefix
		}
		out = append(out, t)
	}
	return out
}

// bleveQuery builds the Bleve query of a plan: a conjunction of clauses
// (or, when any is asked, a disjunction, for the fallback when no document
// holds every word).
func (p plan) bleveQuery(any bool) query.Query {
	clauses := make([]query.Query, 0, len(p.clauses))
	for _, alts := range p.clauses {
		var options []query.Query
		for _, alt := range alts {
			if len(alt) == 1 {
				options = append(options, termQuery(alt[0]))
				continue
			}
			parts := make([]query.Query, len(alt))
			for i, t := range alt {
				parts[i] = termQuery(t)
			}
			options = append(options, query.NewConjunctionQuery(parts))
		}
		clauses = append(clauses, disjunction(options))
	}
	if any {
		return query.NewDisjunctionQuery(clauses)
	}
	if len(clauses) == 1 {
		return clauses[0]
	}
	return query.NewConjunctionQuery(clauses)
}

func disjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// termQuery matches one word in every text field with the field's weight.
// The word goes through the field's analyzer (folding, stemming), and typo
// tolerance applies to the stem, so "windmoelen" (stem "windmoel") finds
// "windmolens" (stem "windmol"). Fuzzy matches score lower than exact ones
// (Bleve weighs them by 1/(1+edit distance)). The first letter must be
// right: that keeps the typo automaton small and fast, and first-letter
// typos are rare.
func termQuery(t term) query.Query {
	var per []query.Query
	for _, f := range textFields {
		if t.fuzzy >= 0 {
			m := query.NewMatchQuery(t.word)
			m.SetField(f.name)
			m.Analyzer = analyzerName
			m.SetBoost(f.boost)
			if t.fuzzy > 0 {
				m.SetFuzziness(t.fuzzy)
				m.SetPrefix(1)
			}
			per = append(per, m)
		}
		if t.prefix && prefixFields[f.name] {
			pq := query.NewPrefixQuery(t.word)
			pq.SetField(f.name)
			pq.SetBoost(f.boost * 0.5)
			per = append(per, pq)
		}
	}
	return disjunction(per)
}
