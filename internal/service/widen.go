package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// When results are thin, the page offers what would give more: the
// spelling the materials use ("Bedoelde je …?"), and moves that widen the
// search — drop a filter, take the neighbouring graad or leerjaar too,
// search the parts of a compound, search the broader theme. Each is shown
// with the number of materials it really gives: it is counted with a
// count-only search (no facets, no highlights, one hit) on the backend that
// answered, and offered only when it gives more than the page has.
//
// Cost is bounded so the page stays fast: at most maxExtraSearches such
// searches, run concurrently, only when a word needs correcting or the
// results are thin, within widenBudget (a move not counted in time is left
// out, never shown with a guessed number), and counts are cached briefly
// (the same thin search typed letter by letter, then submitted, asks for
// the same counts).

const (
	// ThinResults: fewer results than this is thin (a teacher sees at most
	// a handful of cards and nothing to choose from).
	ThinResults = 5
	// maxExtraSearches bounds the count searches per page.
	maxExtraSearches = 4
	// widenBudget bounds the time they may add to a page: the page does
	// not wait longer, whatever the backend does with the cancelled
	// context (at 100,000 materials a count search takes 1–10 ms). A
	// backend that is slow right now (a remote engine, a loaded machine)
	// gets as long as the page's own search took, so a busy moment does
	// not silently drop every move.
	widenBudget = 50 * time.Millisecond
)

// Kinds of widening move (the API's "kind").
const (
	MoveDropFilter = "filter-weg" // drop the filter of one field
	MoveNeighbour  = "buur"       // also the neighbouring graad or leerjaar
	MoveParts      = "delen"      // the parts of a compound word
	MoveTheme      = "thema"      // the broader theme instead of the word
)

// SpellingView is "Bedoelde je …?": the corrected query and how many
// materials it finds with the same filters.
type SpellingView struct {
	Text  string // the corrected query text
	Words []search.Correction
	Query search.Query // the search it leads to (page 1)
	Total int
}

// WidenMove is one way to more results.
type WidenMove struct {
	Kind  string       // MoveDropFilter, MoveNeighbour, MoveParts, MoveTheme
	Field string       // the filter field the move is about ("" for MoveParts)
	Value string       // the value added (neighbour, theme), "" otherwise
	Label string       // Dutch, what the move does, e.g. "Zonder filter Graad: 2de graad secundair"
	Query search.Query // the search it leads to (page 1)
	Total int          // materials that search finds
	More  int          // Total minus the current total
}

// neighbourFields are the ordered fields whose neighbouring value is a
// natural next step (graad 2 → graad 1 or 3 of the same level; leerjaar 3
// → 2 or 4).
var neighbourFields = []string{catalog.FieldGrades, catalog.FieldYears}

// thinResults computes the spelling suggestion and the widening moves for
// a page with total results. answered is the backend that answered, took
// how long its search took.
func (h *Hub) thinResults(ctx context.Context, answered search.Index, q search.Query, total int, facets map[string]map[string]int, took time.Duration) (*SpellingView, []WidenMove) {
	var spelling *SpellingView
	if sp := h.lexicon().Correct(q.Text); sp.Text != "" && search.Fold(sp.Text) != search.Fold(q.Text) {
		spelling = &SpellingView{Text: sp.Text, Words: sp.Words, Query: h.moveQuery(q, sp.Text, q.Filters)}
	}
	var moves []WidenMove
	if total < ThinResults && (q.Text != "" || len(q.Filters) > 0) {
		moves = h.candidateMoves(q, facets)
	}
	budget := maxExtraSearches
	if spelling != nil {
		budget--
	}
	if len(moves) > budget {
		moves = moves[:budget]
	}
	if spelling == nil && len(moves) == 0 {
		return nil, nil
	}

	ctx, cancel := context.WithTimeout(ctx, max(widenBudget, took))
	defer cancel()
	type count struct {
		i, n int // i: index in moves, -1 for the spelling
		ok   bool
	}
	results := make(chan count, len(moves)+1) // buffered: a late search never blocks
	queries := map[int]search.Query{}
	if spelling != nil {
		queries[-1] = spelling.Query
	}
	for i, m := range moves {
		queries[i] = m.Query
	}
	for i, mq := range queries {
		go func() {
			n, ok := h.countOf(ctx, answered, mq)
			results <- count{i, n, ok}
		}()
	}
	counted := make([]bool, len(moves))
	spellingCounted := false
wait:
	for range queries {
		select {
		case r := <-results:
			switch {
			case r.i < 0:
				spelling.Total, spellingCounted = r.n, r.ok
			default:
				moves[r.i].Total, counted[r.i] = r.n, r.ok
			}
		case <-ctx.Done():
			break wait // what is not counted by now is left out
		}
	}

	if spelling != nil && (!spellingCounted || spelling.Total == 0) {
		spelling = nil // never point to a correction that finds nothing
	}
	var out []WidenMove
	for i, m := range moves {
		if counted[i] && m.Total > total {
			m.More = m.Total - total
			out = append(out, m)
		}
	}
	return spelling, out
}

// candidateMoves lists the moves worth counting, the surest first: drop a
// filter, the neighbouring graad or leerjaar, the parts of a compound, the
// broader theme.
func (h *Hub) candidateMoves(q search.Query, facets map[string]map[string]int) []WidenMove {
	var moves []WidenMove
	for _, field := range catalog.FacetFields {
		values := q.Filters[field]
		if len(values) == 0 {
			continue
		}
		labels := make([]string, len(values))
		for i, v := range values {
			labels[i] = h.vocab.Label(field, v)
		}
		moves = append(moves, WidenMove{Kind: MoveDropFilter, Field: field,
			Label: fmt.Sprintf("Zonder filter %s: %s", h.fieldLabel(field), strings.Join(labels, ", ")),
			Query: h.moveQuery(q, q.Text, without(q.Filters, field))})
	}
	for _, field := range neighbourFields {
		for _, v := range h.neighbours(field, q.Filters[field]) {
			// The facet counts of the field (which ignore its own filter)
			// say already whether the neighbour has any material here.
			if counts, ok := facets[field]; ok && counts[v] == 0 {
				continue
			}
			f := without(q.Filters, field)
			f[field] = append(slices.Clone(q.Filters[field]), v)
			moves = append(moves, WidenMove{Kind: MoveNeighbour, Field: field, Value: v,
				Label: fmt.Sprintf("Ook %s: %s", h.fieldLabel(field), h.vocab.Label(field, v)),
				Query: h.moveQuery(q, q.Text, f)})
		}
	}
	if parts := h.compoundParts(q.Text); parts != "" {
		moves = append(moves, WidenMove{Kind: MoveParts,
			Label: fmt.Sprintf("Zoek de delen apart: “%s”", parts),
			Query: h.moveQuery(q, parts, q.Filters)})
	}
	for _, s := range h.understand.Understand(q.Text, q.Filters) {
		if s.Field != catalog.FieldThemes {
			continue
		}
		rest := strings.Join(removeWords(search.Words(q.Text), search.Words(s.Words)), " ")
		f := without(q.Filters, catalog.FieldThemes)
		f[catalog.FieldThemes] = append(slices.Clone(q.Filters[catalog.FieldThemes]), s.Value)
		label := fmt.Sprintf("Alles over het thema %s", s.Label)
		if rest != "" {
			label = fmt.Sprintf("Thema %s met “%s”", s.Label, rest)
		}
		moves = append(moves, WidenMove{Kind: MoveTheme, Field: catalog.FieldThemes, Value: s.Value,
			Label: label, Query: h.moveQuery(q, rest, f)})
	}
	return moves
}

// neighbours are the values next to the chosen ones in the vocabulary's
// order and of the same level ("secundair-2" → "secundair-1",
// "secundair-3"; never "lager-3"), not chosen already.
func (h *Hub) neighbours(field string, chosen []string) []string {
	voc := h.vocab.Vocabulary(field)
	if voc == nil || len(chosen) == 0 {
		return nil
	}
	level := func(id string) string {
		if i := strings.LastIndexByte(id, '-'); i >= 0 {
			return id[:i]
		}
		return ""
	}
	var out []string
	for i, t := range voc.Terms {
		if !slices.Contains(chosen, t.ID) {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(voc.Terms) {
				continue
			}
			n := voc.Terms[j].ID
			if level(n) == level(t.ID) && !slices.Contains(chosen, n) && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// compoundParts is the query with each compound word written as its parts
// ("waterkrachtcentrale" → "waterkracht centrale"), or "" when no word
// splits into parts the materials know.
func (h *Hub) compoundParts(text string) string {
	lex := h.lexicon()
	if lex == nil {
		return ""
	}
	words := search.Words(text)
	changed := false
	for i, w := range words {
		if parts := search.SplitCompound(w, lex.Has); len(parts) > 1 {
			words[i] = strings.Join(parts, " ")
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(words, " ")
}

// moveQuery is the count-free query a move leads to: page 1, the page's
// sort and page size.
func (h *Hub) moveQuery(q search.Query, text string, filters map[string][]string) search.Query {
	return search.Query{Text: text, Filters: filters, Sort: q.Sort, PerPage: q.PerPage, Page: 1}
}

// countOf returns how many materials query finds (ok false when the
// backend did not answer within ctx).
func (h *Hub) countOf(ctx context.Context, idx search.Index, q search.Query) (int, bool) {
	key := countKey(idx.Name(), q)
	if n, ok := h.counts.get(key); ok {
		return n, true
	}
	cq := search.Query{Text: q.Text, Filters: q.Filters, Page: 1, PerPage: 1}
	if err := cq.Normalize(); err != nil {
		return 0, false
	}
	res, err := idx.Search(ctx, cq)
	if err != nil {
		return 0, false
	}
	h.counts.put(key, res.Total)
	return res.Total, true
}

func countKey(backend string, q search.Query) string {
	var b strings.Builder
	b.WriteString(backend)
	b.WriteByte(0)
	b.WriteString(search.Fold(strings.TrimSpace(q.Text)))
	for _, f := range catalog.FacetFields {
		if vs := q.Filters[f]; len(vs) > 0 {
			vs = slices.Clone(vs)
			slices.Sort(vs)
			fmt.Fprintf(&b, "\x00%s=%s", f, strings.Join(vs, "\x01"))
		}
	}
	return b.String()
}

// without is a copy of filters without field.
func without(filters map[string][]string, field string) map[string][]string {
	out := make(map[string][]string, len(filters))
	for k, v := range filters {
		if k != field {
			out[k] = slices.Clone(v)
		}
	}
	return out
}

// removeWords drops the first run of drop from words.
func removeWords(words, drop []string) []string {
	for i := 0; i+len(drop) <= len(words); i++ {
		if slices.Equal(words[i:i+len(drop)], drop) {
			return append(slices.Clone(words[:i]), words[i+len(drop):]...)
		}
	}
	return words
}

// countCache keeps recent counts briefly: a count may be a few seconds
// stale, which a "N meer" beside a link can afford.
type countCache struct {
	mu      sync.Mutex
	entries map[string]countEntry
	max     int
	ttl     time.Duration
}

type countEntry struct {
	n  int
	at time.Time
}

func newCountCache(max int, ttl time.Duration) *countCache {
	return &countCache{entries: map[string]countEntry{}, max: max, ttl: ttl}
}

func (c *countCache) get(key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || time.Since(e.at) > c.ttl {
		return 0, false
	}
	return e.n, true
}

func (c *countCache) put(key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		clear(c.entries) // simple and rare: the cache refills within seconds
	}
	c.entries[key] = countEntry{n: n, at: time.Now()}
}
