package curation

import (
	"context"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/store"
)

// Collections in search. Public collections are few (hundreds at most) and
// curated, so they are matched here, in process, over rows loaded from the
// database, and never enter the material index: its facets, counts and
// relevance stay about materials only. The words are analysed as the
// engines analyse material text (internal/search: folding, stop words, the
// Dutch Snowball stem, the derived forms the Bleve plan adds, compounds), so
// "windmolens" finds "Windmolen bouwen" and "energie" finds "Énergie" and
// "energietransitie". As for materials, a word may hold typos by the
// engines' rule (search.Typos: none under 5 letters, 1 from 5, 2 from 9;
// the first letter right, as in the Bleve query) and finds its synonyms
// from the hub's one list (Service.Vocab).
//
// A collection matches when every query word is found in its title, its
// introduction or the title of one of its published materials. Ranking:
// the collections that need no typo first (a word found as typed beats a
// guess at what was meant, wherever it stands), then title matches, then
// the introduction, then how many of its materials match. Below those come
// the collections that hold the search's top material hits (a leerlijn
// whose materials are about the query).

// Found is one public collection a search found.
type Found struct {
	Slug, Title, Hub string
	Items            int // its published materials
	// Via is set when the collection's own words did not match and it was
	// found through the search's top material hits; Matching then counts
	// those hits in it, else its materials whose title matches the query.
	Via      bool
	Matching int
}

const (
	// TopHits is how many of a search's first material hits are looked up
	// in the collections.
	TopHits = 10
	// keyTrust bounds how long an index is trusted without a rebuild: on
	// PostgreSQL two transactions can commit out of id order, so a change
	// can slip past the key (see store.PublicCollectionsKey). After it,
	// the next search still answers from the index and rebuilds it in the
	// background.
	keyTrust = time.Minute
	// maxQueryWords bounds the work of one query.
	maxQueryWords = 10
)

// Match weights: a word as written (or its stem) counts fully; a derived
// form, a compound part, an unfinished last word or a synonym counts half;
// a typo variant 1/(1+typos), as Bleve weighs its fuzzy matches.
const (
	exactWeight   = 1
	derivedWeight = 0.5
	// minDerived, minDerivedBase, minSuffix: as the Bleve plan (a stem of
	// at least 5 letters also matches itself shortened by one or two
	// letters, down to 4, and the words it starts); a query word of at
	// least 5 letters also matches the compounds it ends ("panelen" →
	// "zonnepanelen"), whose head keeps search.MinCompoundPart letters.
	minDerived     = 5
	minDerivedBase = 4
	minSuffix      = 5
	minLastPrefix  = 4 // an unfinished last word ("windm") of at least this many letters
)

// finder keeps the index of the public collections. Safe for concurrent
// use; every instance of the hub has its own and asks the database's key
// on each search, so a change made through another instance is seen at
// the next search. A change to a public collection rebuilds the index; a
// material written anywhere only when it is listed in a public collection
// (most writes are not: an import, an edit of another material).
type finder struct {
	mu         sync.Mutex // one rebuild at a time
	cur        atomic.Pointer[cachedIndex]
	refreshing atomic.Bool

	synOnce  sync.Once
	synonyms *search.Synonyms // the vocabularies' synonyms do not change while the hub runs
}

type cachedIndex struct {
	ix    *collectionIndex
	key   store.CollectionsKey
	built time.Time
}

// maxChanged bounds the slugs read to decide whether material writes
// concern the index; more (a large import) simply rebuild it.
const maxChanged = 1000

func (f *finder) index(ctx context.Context, st *store.Store) (*collectionIndex, error) {
	key, err := st.PublicCollectionsKey(ctx)
	if err != nil {
		return nil, err
	}
	if ix, expired := f.reuse(ctx, st, key); ix != nil {
		if expired {
			f.refresh(st)
		}
		return ix, nil
	}
	return f.rebuild(ctx, st, key)
}

// refresh rebuilds an index trusted for keyTrust in the background: what
// it guards against is rare (see keyTrust), and no search should wait for it.
func (f *finder) refresh(st *store.Store) {
	if !f.refreshing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer f.refreshing.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if key, err := st.PublicCollectionsKey(ctx); err == nil {
			f.rebuild(ctx, st, key) // a failure leaves the index as it was; the next search tries again
		}
	}()
}

func (f *finder) rebuild(ctx context.Context, st *store.Store, key store.CollectionsKey) (*collectionIndex, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.cur.Load(); c != nil && c.key == key && time.Since(c.built) < keyTrust {
		return c.ix, nil // built by another search meanwhile
	}
	// The key was read before the rows: a change in between leaves an
	// index older than its key claims, never newer, and the next search
	// sees a newer key and looks again.
	cols, listed, err := st.SearchablePublicCollections(ctx)
	if err != nil {
		return nil, err
	}
	ix := buildIndex(cols, listed)
	f.cur.Store(&cachedIndex{ix: ix, key: key, built: time.Now()})
	return ix, nil
}

// reuse returns the cached index when key says it is current: no public
// collection changed and no material listed in one written since (most
// audit entries and material writes are about something else). expired:
// it has been trusted for keyTrust and should be rebuilt.
func (f *finder) reuse(ctx context.Context, st *store.Store, key store.CollectionsKey) (ix *collectionIndex, expired bool) {
	c := f.cur.Load()
	if c == nil || key.Audit < c.key.Audit || key.Seq < c.key.Seq {
		return nil, false
	}
	expired = time.Since(c.built) >= keyTrust
	if key == c.key {
		return c.ix, expired
	}
	if key.Audit != c.key.Audit {
		if changed, err := st.PublicCollectionsChanged(ctx, c.key.Audit, key.Audit); err != nil || changed {
			return nil, false
		}
	}
	if key.Seq != c.key.Seq {
		slugs, err := st.ChangedMaterialSlugs(ctx, c.key.Seq, key.Seq, maxChanged)
		if err != nil || len(slugs) == maxChanged {
			return nil, false
		}
		for _, s := range slugs {
			if c.ix.listed[s] {
				return nil, false
			}
		}
	}
	// Not ours: keep the index under the newer key (and its build time,
	// which still bounds how long it is trusted).
	f.cur.CompareAndSwap(c, &cachedIndex{ix: c.ix, key: key, built: c.built})
	return c.ix, expired
}

// Find returns the public collections for a search: those whose words
// match q, best first, then those holding the search's top material hits
// (top: their slugs, best first), at most limit.
func (s *Service) Find(ctx context.Context, q string, top []string, limit int) ([]Found, error) {
	if strings.TrimSpace(q) == "" {
		return nil, nil // browsing: the newest materials say nothing about collections
	}
	ix, err := s.finder.index(ctx, s.Store)
	if err != nil {
		return nil, err
	}
	s.finder.synOnce.Do(func() { s.finder.synonyms = search.NewSynonyms(s.Vocab.Synonyms()) })
	return ix.find(q, s.finder.synonyms, top, limit), nil
}

// at is where in a collection a word stands: its title, its introduction,
// or the title of its i-th material (i ≥ 0).
type at int16

const (
	atTitle at = -2
	atIntro at = -1
)

// maxItemSet is the last position an itemSet holds (a list holds at most
// MaxItems; beyond, positions share the last bit).
const maxItemSet = 127

type posting struct {
	col int32
	at  at
}

type indexedCollection struct {
	slug, title, hub string
	items            int
	order            int // place by title, then address: equal matches keep a stable order
}

// collectionIndex is an inverted index of the public collections' words.
type collectionIndex struct {
	cols   []indexedCollection
	words  map[string][]posting // folded word → where it stands
	stems  map[string][]posting // its Snowball stem → where
	byWord []string             // the words, sorted (prefixes)
	byStem []string             // the stems, sorted (a stem's derived words)
	byRev  []string             // the words reversed, sorted (compound heads)
	bySlug map[string][]int32   // material slug → the collections holding it
	listed map[string]bool      // every material in a public collection, published or not
}

var stopWords = func() map[string]bool {
	m := make(map[string]bool, len(search.DutchStopWords))
	for _, w := range search.DutchStopWords {
		m[search.Fold(w)] = true
	}
	return m
}()

func buildIndex(cols []store.SearchableCollection, listed []string) *collectionIndex {
	ix := &collectionIndex{cols: make([]indexedCollection, len(cols)), words: map[string][]posting{},
		stems: map[string][]posting{}, bySlug: map[string][]int32{}, listed: make(map[string]bool, len(listed))}
	for _, s := range listed {
		ix.listed[s] = true
	}
	add := func(col int32, where at, text string) {
		for _, w := range search.Words(text) {
			if stopWords[w] {
				continue
			}
			p := posting{col, where}
			if ps := ix.words[w]; len(ps) == 0 || ps[len(ps)-1] != p {
				ix.words[w] = append(ps, p)
			}
		}
	}
	for i, c := range cols {
		col := int32(i)
		ix.cols[i] = indexedCollection{slug: c.Slug, title: c.Title, hub: c.Hub, items: len(c.Items)}
		add(col, atTitle, c.Title)
		add(col, atIntro, c.Intro)
		for j, it := range c.Items {
			add(col, at(min(j, maxItemSet)), it.Title)
			if l := ix.bySlug[it.Slug]; len(l) == 0 || l[len(l)-1] != col {
				ix.bySlug[it.Slug] = append(l, col)
			}
		}
	}
	byTitle := make([]int, len(cols))
	for i := range byTitle {
		byTitle[i] = i
	}
	slices.SortFunc(byTitle, func(a, b int) int {
		if c := strings.Compare(search.TitleKey(cols[a].Title), search.TitleKey(cols[b].Title)); c != 0 {
			return c
		}
		return strings.Compare(cols[a].Slug, cols[b].Slug)
	})
	for place, i := range byTitle {
		ix.cols[i].order = place
	}
	for w, ps := range ix.words {
		s := search.Stem(w)
		ix.stems[s] = append(ix.stems[s], ps...)
		ix.byWord = append(ix.byWord, w)
		ix.byRev = append(ix.byRev, reverse(w))
	}
	for s := range ix.stems {
		ix.byStem = append(ix.byStem, s)
	}
	sort.Strings(ix.byWord)
	sort.Strings(ix.byStem)
	sort.Strings(ix.byRev)
	return ix
}

func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// withPrefix calls fn for every key of sorted that starts with p.
func withPrefix(sorted []string, p string, fn func(string)) {
	for i := sort.SearchStrings(sorted, p); i < len(sorted) && strings.HasPrefix(sorted[i], p); i++ {
		fn(sorted[i])
	}
}

// hit is where one query word was found in one collection: the best
// weight in its title and introduction, and which materials' titles hold
// it; typo: found only through a typo.
type hit struct {
	title, intro float32
	items        itemSet
	found, typo  bool
}

// and is where a and b were both found, at the lower weight: with
// samePlace only in one place (the title, the introduction or one
// material's title), else anywhere in the collection.
func (a hit) and(b hit, samePlace bool) hit {
	h := hit{title: min(a.title, b.title), intro: min(a.intro, b.intro), items: a.items.and(b.items), typo: a.typo || b.typo}
	if samePlace {
		h.found = h.title > 0 || h.intro > 0 || h.items.len() > 0
	} else {
		h.found = a.found && b.found
	}
	return h
}

// or adds b to a: found by either, at the better weight.
func (a *hit) or(b hit) {
	switch {
	case !b.found:
	case !a.found:
		*a = b
	default:
		a.title, a.intro, a.items = max(a.title, b.title), max(a.intro, b.intro), a.items.or(b.items)
		a.typo = a.typo && b.typo
	}
}

// itemSet is a set of a collection's materials by position (a list holds
// at most MaxItems).
type itemSet [2]uint64

func (s *itemSet) add(i at)             { s[i>>6] |= 1 << (i & 63) }
func (s itemSet) and(o itemSet) itemSet { return itemSet{s[0] & o[0], s[1] & o[1]} }
func (s itemSet) or(o itemSet) itemSet  { return itemSet{s[0] | o[0], s[1] | o[1]} }
func (s itemSet) len() int              { return bits.OnesCount64(s[0]) + bits.OnesCount64(s[1]) }

// matches is where one query word was found, per collection (dense: a
// common word is in most collections, and a slice beats a map there).
type matches []hit

func (m matches) or(o matches) {
	for i := range o {
		m[i].or(o[i])
	}
}

func (m matches) add(ps []posting, w float32) {
	for _, p := range ps {
		h := &m[p.col]
		h.found = true
		switch p.at {
		case atTitle:
			h.title = max(h.title, w)
		case atIntro:
			h.intro = max(h.intro, w)
		default:
			h.items.add(p.at)
		}
	}
}

// word finds one folded query word: its stem; its derived forms and the
// words its stem starts; the compounds it ends; as the last word also the
// words it starts; for a compound the collections write apart, its parts
// found together in one place; and the stems within its typos.
func (ix *collectionIndex) word(w string, last bool) matches {
	m := make(matches, len(ix.cols))
	s := search.Stem(w)
	m.add(ix.stems[s], exactWeight)
	if r := []rune(s); len(r) >= minDerived {
		for cut := 1; cut <= 2 && len(r)-cut >= minDerivedBase; cut++ {
			m.add(ix.stems[string(r[:len(r)-cut])], derivedWeight)
		}
		withPrefix(ix.byStem, s, func(k string) {
			if k != s {
				m.add(ix.stems[k], derivedWeight)
			}
		})
	}
	n := utf8.RuneCountInString(w)
	if n >= minSuffix {
		withPrefix(ix.byRev, reverse(w), func(k string) {
			if utf8.RuneCountInString(k)-n >= search.MinCompoundPart {
				m.add(ix.words[reverse(k)], derivedWeight)
			}
		})
	}
	if last && n >= minLastPrefix {
		withPrefix(ix.byWord, w, func(k string) {
			if k != w {
				m.add(ix.words[k], derivedWeight)
			}
		})
	}
	if parts := search.SplitCompound(w, func(p string) bool { return len(ix.words[p]) > 0 }); len(parts) > 1 {
		m.or(ix.all(parts, true))
	}
	if k := search.Typos(w); k > 0 && !strings.ContainsFunc(w, unicode.IsDigit) {
		m.or(ix.typos(s, k))
	}
	return m
}

// all is where every one of words (folded) was found by its stem, at
// derivedWeight: with samePlace in one place (a compound's parts), else
// anywhere in the collection (a synonym of several words).
func (ix *collectionIndex) all(words []string, samePlace bool) matches {
	var all matches
	for _, w := range words {
		wm := make(matches, len(ix.cols))
		wm.add(ix.stems[search.Stem(w)], derivedWeight)
		if all == nil {
			all = wm
			continue
		}
		for i := range all {
			all[i] = all[i].and(wm[i], samePlace)
		}
	}
	return all
}

// typos finds the stems within k typos of stem s, as the Bleve query does
// (the typo count is the typed word's, the first letter must be right).
// Numbers are codes, not misspellings (as on Meilisearch): a word with a
// digit holds no typo.
func (ix *collectionIndex) typos(s string, k int) matches {
	var m matches
	_, size := utf8.DecodeRuneInString(s)
	n := utf8.RuneCountInString(s)
	withPrefix(ix.byStem, s[:size], func(c string) {
		if d := utf8.RuneCountInString(c) - n; c == s || d > k || d < -k {
			return
		}
		if d := catalog.EditDistance(s, c, k); d <= k {
			if m == nil {
				m = make(matches, len(ix.cols))
			}
			m.add(ix.stems[c], 1/float32(1+d))
		}
	})
	for i := range m {
		m[i].typo = m[i].found
	}
	return m
}

// clauses finds every query word; adjacent words the collections write as
// one compound ("zonne panelen" → "zonnepanelen") count for each of them,
// and so does a synonym of the words it stands for ("groene energie" →
// "hernieuwbare energie").
func (ix *collectionIndex) clauses(q string, syn *search.Synonyms) []matches {
	type synonym struct {
		from, to int // the words it stands for
		alts     [][]string
	}
	var words []string
	var synonyms []synonym
	for _, c := range syn.Expand(search.Words(q)) {
		from := len(words)
		for _, w := range c.Words {
			if !stopWords[w] && len(words) < maxQueryWords {
				words = append(words, w)
			}
		}
		if len(c.Alternatives) > 0 && len(words) > from {
			synonyms = append(synonyms, synonym{from, len(words), c.Alternatives})
		}
	}
	out := make([]matches, len(words))
	for i, w := range words {
		out[i] = ix.word(w, i == len(words)-1)
	}
	for i := range words {
		for l := 2; l <= search.MaxJoinedWords && i+l <= len(words); l++ {
			for _, j := range search.JoinedForms(words[i : i+l]...) {
				ps := ix.stems[search.Stem(j)]
				for k := i; k < i+l; k++ {
					out[k].add(ps, derivedWeight)
				}
			}
		}
	}
	for _, sy := range synonyms {
		for _, alt := range sy.alts {
			var ws []string
			for _, w := range alt {
				if !stopWords[w] {
					ws = append(ws, w)
				}
			}
			if len(ws) == 0 {
				continue
			}
			am := ix.all(ws, false)
			for k := sy.from; k < sy.to; k++ {
				out[k].or(am)
			}
		}
	}
	return out
}

// score is how well a collection matched every query word: how many words
// it matched only through a typo; summed over the words, the title's and
// the introduction's weights; the materials whose title holds every word,
// and those holding any.
type score struct {
	col          int32
	typos        int
	title, intro float32
	all, any     itemSet
	nAll, nAny   int
}

func (ix *collectionIndex) find(q string, syn *search.Synonyms, top []string, limit int) []Found {
	clauses := ix.clauses(q, syn)
	if len(clauses) == 0 {
		return nil // only stop words
	}
	var direct []score
	for col := range ix.cols {
		sc := score{col: int32(col), all: itemSet{^uint64(0), ^uint64(0)}}
		matched := true
		for _, m := range clauses {
			h := m[col]
			if !h.found {
				matched = false
				break
			}
			if h.typo {
				sc.typos++
			}
			sc.title += h.title
			sc.intro += h.intro
			sc.all, sc.any = sc.all.and(h.items), sc.any.or(h.items)
		}
		if matched {
			sc.nAll, sc.nAny = sc.all.len(), sc.any.len()
			direct = append(direct, sc)
		}
	}
	slices.SortFunc(direct, func(a, b score) int {
		switch {
		case a.typos != b.typos:
			return a.typos - b.typos
		case a.title != b.title:
			return cmpDesc(a.title, b.title)
		case a.intro != b.intro:
			return cmpDesc(a.intro, b.intro)
		case a.nAll != b.nAll:
			return b.nAll - a.nAll
		case a.nAny != b.nAny:
			return b.nAny - a.nAny
		}
		return ix.cols[a.col].order - ix.cols[b.col].order
	})
	var out []Found
	taken := map[int32]bool{}
	for _, sc := range direct {
		if len(out) == limit {
			return out
		}
		taken[sc.col] = true
		out = append(out, ix.found(sc.col, false, sc.nAll))
	}
	return append(out, ix.via(top, taken, limit-len(out))...)
}

// via are the collections, not yet taken, holding the search's top hits:
// the most of them first, then the one holding the best hit.
func (ix *collectionIndex) via(top []string, taken map[int32]bool, limit int) []Found {
	type holding struct {
		col         int32
		count, best int
	}
	by := map[int32]*holding{}
	for rank, slug := range top[:min(len(top), TopHits)] {
		for _, col := range ix.bySlug[slug] {
			if taken[col] {
				continue
			}
			h := by[col]
			if h == nil {
				h = &holding{col: col, best: rank}
				by[col] = h
			}
			h.count++
		}
	}
	list := make([]*holding, 0, len(by))
	for _, h := range by {
		list = append(list, h)
	}
	slices.SortFunc(list, func(a, b *holding) int {
		switch {
		case a.count != b.count:
			return b.count - a.count
		case a.best != b.best:
			return a.best - b.best
		}
		return ix.cols[a.col].order - ix.cols[b.col].order
	})
	var out []Found
	for _, h := range list[:min(len(list), max(limit, 0))] {
		out = append(out, ix.found(h.col, true, h.count))
	}
	return out
}

func (ix *collectionIndex) found(col int32, via bool, matching int) Found {
	c := ix.cols[col]
	return Found{Slug: c.slug, Title: c.title, Hub: c.hub, Items: c.items, Via: via, Matching: matching}
}

func cmpDesc(a, b float32) int {
	if a > b {
		return -1
	}
	return 1
}
