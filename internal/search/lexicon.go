package search

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/vellum"
	"github.com/blevesearch/vellum/levenshtein"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// "Bedoelde je …?": a query word that is no word of the hub's own materials
// is compared with the words that are, and the closest common one is
// offered. The words come from the published materials themselves (title,
// summary, keywords, headings, body and metadata text — what the backends
// index), never from a general dictionary: a teacher is pointed only to
// words that find something here. Every backend gets the same suggestions,
// Meilisearch (which exposes no term dictionary) and the database fallback
// included, because the lexicon is held by the service, not by an engine.
//
// Shape and cost. The words are kept in a vellum FST (folded word → how
// often the materials use it), the structure Bleve keeps its own
// term dictionary in: sorted, prefix- and suffix-shared, a few bytes per
// word. Looking for a correction intersects the FST with a Levenshtein
// automaton of the typed word (the same automaton Bleve's typo tolerance
// uses), which visits only the branches within the distance: well under a
// millisecond for hundreds of thousands of words, without the memory of a
// symmetric-delete table (every word with every one or two letters
// deleted: tens of millions of keys at this size) and without scanning
// every word with an edit distance. Suggestions are only looked for when a
// query word is not in the lexicon, so an ordinary search pays one FST
// lookup per word.

// Lexicon limits.
const (
	// MaxLexiconWords caps the words kept: beyond it the words in the
	// fewest materials are dropped (at 100,000 generated materials the
	// hub holds far fewer distinct words; a real corpus with names and
	// typos of its own stays bounded by this).
	MaxLexiconWords = 500_000
	// minSuggestSeen: a word must be seen this often to be offered (in
	// one material's title and text, or in two materials); a word seen
	// once is as likely someone's typo as a word.
	minSuggestSeen = 2
	// minCorrectLetters: shorter words are not corrected — one edit turns
	// "brug" into "brug"-like words that mean something else; the engines'
	// typo tolerance starts at the same length.
	minCorrectLetters = OneTypoFrom
	// longWord: from this length two edits are allowed (as the engines do).
	longWord   = TwoTyposFrom
	maxWordLen = 40
)

// Correction is one corrected query word.
type Correction struct {
	Typed     string // the word as typed
	Suggested string // the lexicon's word (folded)
}

// Spelling is the lexicon's answer for a query: Text is the query with the
// corrected words replaced (the other words as typed); empty when nothing
// needed correcting.
type Spelling struct {
	Text  string
	Words []Correction
}

// Lexicon is the words of the published materials. Safe for concurrent
// use; a nil *Lexicon knows no words and suggests nothing.
type Lexicon struct {
	words *vellum.FST // folded word -> times seen in the materials
	stems *vellum.FST // Snowball stem -> times seen
	stop  map[string]bool
	size  int // words built in
	bytes int // of both FSTs

	mu         sync.RWMutex
	extra      map[string]uint32 // words of materials changed since the build
	extraStems map[string]bool
}

// LexiconBuilder counts the words of documents; Build makes the Lexicon.
type LexiconBuilder struct {
	df   map[string]uint32
	stop map[string]bool
}

// NewLexiconBuilder starts a lexicon; stop are the stop words (nil: the
// hub's DutchStopWords), which are never offered nor corrected.
func NewLexiconBuilder(stop []string) *LexiconBuilder {
	if stop == nil {
		stop = DutchStopWords
	}
	s := make(map[string]bool, len(stop))
	for _, w := range stop {
		s[Fold(w)] = true
	}
	return &LexiconBuilder{df: map[string]uint32{}, stop: s}
}

// Add counts the words of one material's document.
func (b *LexiconBuilder) Add(d Document) {
	eachDocumentWord(d, func(w string) {
		if n, ok := b.df[w]; ok {
			b.df[w] = n + 1
		} else {
			// A word may be a substring of the body: a copy keeps the
			// lexicon from holding every material's text alive.
			b.df[strings.Clone(w)] = 1
		}
	})
}

// Build makes the lexicon, keeping the MaxLexiconWords words seen most.
func (b *LexiconBuilder) Build() (*Lexicon, error) {
	words := make([]string, 0, len(b.df))
	for w := range b.df {
		words = append(words, w)
	}
	if len(words) > MaxLexiconWords {
		sort.Slice(words, func(i, j int) bool {
			if b.df[words[i]] != b.df[words[j]] {
				return b.df[words[i]] > b.df[words[j]]
			}
			return words[i] < words[j]
		})
		words = words[:MaxLexiconWords]
	}
	sort.Strings(words)
	stems := map[string]uint32{}
	for _, w := range words {
		stems[stem(w)] += b.df[w]
	}
	wfst, wn, err := buildFST(words, func(w string) uint64 { return uint64(b.df[w]) })
	if err != nil {
		return nil, err
	}
	skeys := make([]string, 0, len(stems))
	for s := range stems {
		skeys = append(skeys, s)
	}
	sort.Strings(skeys)
	sfst, sn, err := buildFST(skeys, func(s string) uint64 { return uint64(stems[s]) })
	if err != nil {
		return nil, err
	}
	return &Lexicon{words: wfst, stems: sfst, stop: b.stop, size: len(words), bytes: wn + sn,
		extra: map[string]uint32{}, extraStems: map[string]bool{}}, nil
}

func buildFST(sorted []string, value func(string) uint64) (*vellum.FST, int, error) {
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		return nil, 0, err
	}
	for _, k := range sorted {
		if err := b.Insert([]byte(k), value(k)); err != nil {
			return nil, 0, fmt.Errorf("woordenlijst opbouwen: %w", err)
		}
	}
	if err := b.Close(); err != nil {
		return nil, 0, err
	}
	f, err := vellum.Load(buf.Bytes())
	return f, buf.Len(), err
}

// eachDocumentWord calls fn with every folded word of a document's text
// fields (as often as it occurs).
func eachDocumentWord(d Document, fn func(string)) {
	add := func(text string) {
		forEachWord(text, func(start, end int) {
			if end-start <= maxWordLen {
				fn(Fold(text[start:end]))
			}
		})
	}
	add(d.Title)
	add(d.Summary)
	add(d.Body)
	for _, list := range [][]string{d.Keywords, d.Headings, d.Metadata} {
		for _, s := range list {
			add(s)
		}
	}
}

// Add records the words of a material indexed after the build, so a new
// material's words are known at once (the service rebuilds the lexicon now
// and then, which also forgets the words of deleted materials).
func (l *Lexicon) Add(d Document) {
	if l == nil {
		return
	}
	words := map[string]uint32{}
	eachDocumentWord(d, func(w string) { words[w]++ })
	l.mu.Lock()
	for w, n := range words {
		if _, ok := l.extra[w]; !ok {
			w = strings.Clone(w)
			l.extraStems[stem(w)] = true
		}
		l.extra[w] += n
	}
	l.mu.Unlock()
}

// Len is the number of words built in plus those added since.
func (l *Lexicon) Len() int {
	if l == nil {
		return 0
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.size + len(l.extra)
}

// Bytes is the size of the built-in words (both FSTs); the words added
// since take a map entry each.
func (l *Lexicon) Bytes() int {
	if l == nil {
		return 0
	}
	return l.bytes
}

// Added is the number of words added since the build.
func (l *Lexicon) Added() int {
	if l == nil {
		return 0
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.extra)
}

// Has reports whether a folded word, or a word with the same Snowball stem
// ("windmolens" for "windmolen"), occurs in the materials.
func (l *Lexicon) Has(word string) bool {
	if l == nil || word == "" {
		return false
	}
	if l.seen(word) > 0 {
		return true
	}
	s := stem(word)
	if ok, _ := l.stems.Contains([]byte(s)); ok {
		return true
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.extraStems[s]
}

// seen is how often the materials use a folded word.
func (l *Lexicon) seen(word string) int {
	n, _, _ := l.words.Get([]byte(word))
	l.mu.RLock()
	n += uint64(l.extra[word])
	l.mu.RUnlock()
	return int(n)
}

// hasPrefix reports whether some word starts with p (a word being typed).
func (l *Lexicon) hasPrefix(p string) bool {
	it, err := l.words.Iterator([]byte(p), prefixEnd(p))
	if err == nil {
		return true
	}
	if it != nil {
		it.Close()
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	for w := range l.extra {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// prefixEnd is the first key after every key starting with p.
func prefixEnd(p string) []byte {
	end := []byte(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Correct returns the query with every word the materials do not know
// replaced by the closest word they do (see the package comment above).
// Left alone: known words and their forms, stop words, words with digits
// (codes such as "06.43"), short words, compounds of known parts
// ("waterkrachtcentrale" — search finds the parts), and the last word when
// it begins a known word (the teacher is still typing).
func (l *Lexicon) Correct(text string) Spelling {
	if l == nil {
		return Spelling{}
	}
	type span struct{ start, end int }
	var spans []span
	forEachWord(text, func(start, end int) { spans = append(spans, span{start, end}) })
	var out Spelling
	var b strings.Builder
	last := 0
	for i, sp := range spans {
		w := Fold(text[sp.start:sp.end])
		if !l.needsCorrection(w, i == len(spans)-1) {
			continue
		}
		s := l.closest(w)
		if s == "" {
			continue
		}
		out.Words = append(out.Words, Correction{Typed: text[sp.start:sp.end], Suggested: s})
		b.WriteString(text[last:sp.start])
		b.WriteString(s)
		last = sp.end
	}
	if len(out.Words) == 0 {
		return Spelling{}
	}
	b.WriteString(text[last:])
	out.Text = strings.TrimSpace(b.String())
	return out
}

func (l *Lexicon) needsCorrection(w string, last bool) bool {
	if l.stop[w] || utf8.RuneCountInString(w) < minCorrectLetters || utf8.RuneCountInString(w) > maxWordLen {
		return false
	}
	for _, r := range w {
		if unicode.IsDigit(r) {
			return false
		}
	}
	if l.Has(w) || (last && l.hasPrefix(w)) {
		return false
	}
	return SplitCompound(w, l.Has) == nil
}

var (
	lexLevOnce sync.Once
	lexLev     [3]*levenshtein.LevenshteinAutomatonBuilder
	lexLevErr  error
)

// closest is the word within the typo distance (1, or 2 from longWord
// letters) the materials use most, the nearer distance first; "" when
// none is near enough, or when the nearest is only another form of the same
// word ("windmolens" typed, "windmolen" indexed: the engines find it).
func (l *Lexicon) closest(w string) string {
	lexLevOnce.Do(func() {
		for _, d := range []uint8{1, 2} {
			if lexLev[d], lexLevErr = levenshtein.NewLevenshteinAutomatonBuilder(d, true); lexLevErr != nil {
				return
			}
		}
	})
	if lexLevErr != nil {
		return ""
	}
	maxd := 1
	if utf8.RuneCountInString(w) >= longWord {
		maxd = 2
	}
	dfa, err := lexLev[maxd].BuildDfa(w, uint8(maxd))
	if err != nil {
		return ""
	}
	best, bestDist, bestSeen := "", maxd+1, 0
	consider := func(c string, seen int) {
		if seen < minSuggestSeen || l.stop[c] || c == w {
			return
		}
		d := catalog.EditDistance(w, c, maxd)
		if d < bestDist || (d == bestDist && (seen > bestSeen || (seen == bestSeen && c < best))) {
			best, bestDist, bestSeen = c, d, seen
		}
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	it, err := l.words.Search(dfa, nil, nil)
	for err == nil {
		k, v := it.Current()
		consider(string(k), int(v)+int(l.extra[string(k)]))
		err = it.Next()
	}
	for c, n := range l.extra { // words of materials added since the build
		if found, _ := l.words.Contains([]byte(c)); !found && catalog.EditDistance(w, c, maxd) <= maxd {
			consider(c, int(n))
		}
	}
	if best == "" || sameWord(w, best) {
		return ""
	}
	return best
}

// inflections are the endings by which two forms of one Dutch word differ.
var inflections = []string{"s", "'s", "en", "e", "n", "es"}

// sameWord reports whether a and b are forms of one word: one is the other
// with an inflection ending, or they share their Snowball stem.
func sameWord(a, b string) bool {
	if stem(a) == stem(b) {
		return true
	}
	for _, e := range inflections {
		if a+e == b || b+e == a {
			return true
		}
	}
	return false
}

// stem is the Dutch Snowball stemmer the engines' analysis uses.
func stem(word string) string {
	env := snowballstem.NewEnv(word)
	dutch.Stem(env)
	return env.Current()
}
