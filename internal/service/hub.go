package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"sort"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/markdown"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/search/dbsearch"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
	"golang.org/x/text/unicode/norm"
)

// searchTimeout bounds one engine call; past it the fallback backend answers.
const searchTimeout = 3 * time.Second

// Hub implements Reader on top of the store (the truth), the search index
// (a projection) and file storage.
type Hub struct {
	store *store.Store
	index search.Index
	// fallback answers when index cannot: the database as a search backend.
	fallback search.Index
	files    storage.Storage
	vocab    *catalog.Vocabularies
	log      *slog.Logger
	// observe records one backend call's duration; outcome is "ok",
	// "fout" or (for the fallback backend) "terugval". Nil records nothing.
	observe func(backend, outcome string, d time.Duration)
	cards   *listingCache
	misses  *missCounter // searches with no or few results, see misses.go
	// understand finds the filters a query names ("bso" → finaliteit
	// arbeidsmarkt), offered as suggestions, never applied silently.
	understand *search.Understander
	// lex is the spelling lexicon ("Bedoelde je …?"), counts the recent
	// counts of widening moves (see widen.go, lexicon.go).
	lex    lexiconKeeper
	counts *countCache
}

// Forget drops materials from the result-card cache; the outbox worker calls
// it for every material it indexes or deletes.
func (h *Hub) Forget(slugs []string) { h.cards.forget(slugs) }

// SetObserver sets where search latencies go (metrics).
func (h *Hub) SetObserver(f func(backend, outcome string, d time.Duration)) { h.observe = f }

func (h *Hub) record(idx search.Index, outcome string, d time.Duration) {
	if h.observe != nil {
		h.observe(idx.Name(), outcome, d)
	}
}

// New wires a Hub.
func New(st *store.Store, idx search.Index, files storage.Storage, vocab *catalog.Vocabularies, log *slog.Logger) *Hub {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Hub{store: st, index: idx, fallback: dbsearch.New(st), files: files, vocab: vocab, log: log, cards: newListingCache(20000, 10*time.Second), misses: newMissCounter(),
		understand: search.NewUnderstander(vocab), lex: lexiconKeeper{store: st, vocab: vocab}, counts: newCountCache(5000, 10*time.Second)}
}

// Vocab implements Reader.
func (h *Hub) Vocab() *catalog.Vocabularies { return h.vocab }

// Search implements Reader: the engine answers; when it cannot, the
// fallback backend (the database, through the same search.Index) answers,
// and the page is Degraded when the backend that answered says so.
func (h *Hub) Search(ctx context.Context, q search.Query) (SearchPage, error) {
	return h.search(ctx, q, true)
}

// search is Search; thin says whether to look for a spelling suggestion
// and widening moves (the search page and API do; a hub page does not).
func (h *Hub) search(ctx context.Context, q search.Query, thin bool) (SearchPage, error) {
	if err := q.Normalize(); err != nil {
		return SearchPage{}, err
	}
	start := time.Now()
	sctx, cancel := context.WithTimeout(ctx, searchTimeout)
	answered := h.index
	res, err := h.index.Search(sctx, q)
	cancel()
	if err == nil {
		h.record(h.index, "ok", time.Since(start))
	} else {
		h.record(h.index, "fout", time.Since(start))
		if ctx.Err() != nil {
			return SearchPage{}, ctx.Err()
		}
		h.log.Warn("zoekmachine antwoordt niet; terugval op "+h.fallback.Name(), "backend", h.index.Name(), "err", err)
		fbStart := time.Now()
		answered = h.fallback
		res, err = h.fallback.Search(ctx, q)
		if err != nil {
			return SearchPage{}, fmt.Errorf("terugval-zoekopdracht (%s): %w", h.fallback.Name(), err)
		}
		h.record(h.fallback, "terugval", time.Since(fbStart))
	}
	degraded := answered.Capabilities().Degraded
	ids := make([]string, len(res.Hits))
	for i, hit := range res.Hits {
		ids[i] = hit.ID
	}
	bySlug, missing := h.cards.get(ids)
	if len(missing) > 0 {
		mats, err := h.store.Materials(ctx, missing)
		if err != nil {
			return SearchPage{}, fmt.Errorf("resultaten laden: %w", err)
		}
		h.cards.put(mats)
		for _, m := range mats {
			bySlug[m.Slug] = m
		}
	}
	page := SearchPage{Query: q, Total: res.Total, Page: q.Page, PerPage: q.PerPage, Degraded: degraded,
		SuggestedFilters: h.understand.Understand(q.Text, q.Filters)}
	for _, hit := range res.Hits {
		m, ok := bySlug[hit.ID]
		if !ok { // index ahead of or behind the database: skip, the outbox will mend it
			continue
		}
		page.Hits = append(page.Hits, HitView{Material: m, Highlight: hit.Highlight})
	}
	page.Pages = (res.Total + q.PerPage - 1) / q.PerPage
	// Counted once per search (its first page), and only when the engine
	// answered: the fallback's simpler matching would report misses the
	// engine does not have.
	if q.Page == 1 && !degraded && !q.Uncounted {
		h.misses.add(q.Text, res.Total)
	}
	page.Facets = h.facetViews(q, res.Facets)
	if thin && !q.Uncounted {
		page.Spelling, page.Widen = h.thinResults(ctx, answered, q, res.Total, res.Facets, time.Since(start))
	}
	if res.Took > 0 {
		page.Took = res.Took
	} else {
		page.Took = time.Since(start)
	}
	return page, nil
}

// closedOrder lists the facet fields whose values are shown in vocabulary
// order (small, ordered lists); the others are shown by count.
var closedOrder = map[string]bool{
	catalog.FieldLevels: true, catalog.FieldGrades: true, catalog.FieldYears: true, catalog.FieldStreams: true,
	catalog.FieldFinalities: true, catalog.FieldDisciplines: true, catalog.FieldStemKader: true,
	catalog.FieldInclusion: true, catalog.FieldSDGs: true, catalog.FieldType: true,
}

func (h *Hub) facetViews(q search.Query, counts map[string]map[string]int) []FacetView {
	var out []FacetView
	for _, field := range catalog.FacetFields {
		values := counts[field]
		selected := map[string]bool{}
		for _, v := range q.Filters[field] {
			selected[v] = true
		}
		if len(values) == 0 && len(selected) == 0 {
			continue
		}
		fv := FacetView{Field: field, Label: h.fieldLabel(field)}
		seen := map[string]bool{}
		for v, n := range values {
			fv.Values = append(fv.Values, FacetValue{Value: v, Label: h.vocab.Label(field, v), Count: n, Selected: selected[v]})
			seen[v] = true
		}
		for v := range selected { // a chosen value stays visible even with 0 results
			if !seen[v] {
				fv.Values = append(fv.Values, FacetValue{Value: v, Label: h.vocab.Label(field, v), Selected: true})
			}
		}
		h.sortFacetValues(field, fv.Values)
		out = append(out, fv)
	}
	return out
}

func (h *Hub) sortFacetValues(field string, vals []FacetValue) {
	if voc := h.vocab.Vocabulary(field); voc != nil && closedOrder[field] {
		pos := make(map[string]int, len(voc.Terms))
		for i, t := range voc.Terms {
			pos[t.ID] = i
		}
		sort.SliceStable(vals, func(i, j int) bool {
			pi, iok := pos[vals[i].Value]
			pj, jok := pos[vals[j].Value]
			if iok != jok {
				return iok
			}
			if pi != pj {
				return pi < pj
			}
			return vals[i].Value < vals[j].Value
		})
		return
	}
	sort.SliceStable(vals, func(i, j int) bool {
		if vals[i].Count != vals[j].Count {
			return vals[i].Count > vals[j].Count
		}
		return vals[i].Label < vals[j].Label
	})
}

// fieldLabel is the Dutch name of a field; catalog owns the names.
func (h *Hub) fieldLabel(field string) string { return h.vocab.FieldLabel(field) }

// Material implements Reader.
func (h *Hub) Material(ctx context.Context, slug string) (MaterialPage, error) {
	m, err := h.store.Material(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return MaterialPage{}, ErrNotFound
	}
	if err != nil {
		return MaterialPage{}, fmt.Errorf("materiaal %q laden: %w", slug, err)
	}
	if n := len(m.HTML); n > markdown.DefaultLimits.MaxHTMLBytes {
		// Stored before the render limits existed, or by a path that skipped
		// them: never serve it (a response of hundreds of MB), say so.
		h.log.Warn("opgeslagen HTML groter dan de grens; niet getoond — importeer het materiaal opnieuw",
			"slug", slug, "bytes", n, "grens", markdown.DefaultLimits.MaxHTMLBytes)
		m.HTML = oversizedNotice
		m.TOC = nil
	}
	page := MaterialPage{Material: m}
	for _, id := range m.Goals {
		if g, ok := h.vocab.Goal(id); ok {
			page.Goals = append(page.Goals, g)
		}
	}
	page.Hub, _ = h.vocab.Term(catalog.FieldHub, m.Hub)
	page.Network, _ = h.vocab.Term(catalog.FieldNetwork, m.Network)
	page.Related, err = h.store.Related(ctx, m, 4)
	if err != nil {
		h.log.Warn("verwante materialen niet geladen", "slug", slug, "err", err)
	}
	return page, nil
}

// oversizedNotice replaces a body larger than the pipeline allows.
const oversizedNotice = `<p>De tekst van dit materiaal is te groot om te tonen. ` +
	`De beheerder van de hub is verwittigd; de bijlagen en de gegevens hieronder blijven beschikbaar.</p>`

// Recent implements Reader.
func (h *Hub) Recent(ctx context.Context, limit int) ([]catalog.Material, error) {
	return h.store.Recent(ctx, limit)
}

// HubPage implements Reader.
func (h *Hub) HubPage(ctx context.Context, slug string, page, perPage int) (HubPage, error) {
	term, ok := h.vocab.Term(catalog.FieldHub, slug)
	if !ok {
		return HubPage{}, ErrNotFound
	}
	sp, err := h.search(ctx, search.Query{
		Filters: map[string][]string{catalog.FieldHub: {slug}},
		Sort:    search.SortNewest, Page: page, PerPage: perPage,
		Facets: []string{catalog.FieldLevels, catalog.FieldDisciplines},
	}, false)
	if err != nil {
		return HubPage{}, err
	}
	hp := HubPage{Hub: term, Total: sp.Total, Counts: map[string]map[string]int{}}
	for _, hit := range sp.Hits {
		hp.Materials = append(hp.Materials, hit.Material)
	}
	for _, f := range sp.Facets {
		if f.Field == catalog.FieldHub {
			continue
		}
		m := map[string]int{}
		for _, v := range f.Values {
			m[v.Value] = v.Count
		}
		hp.Counts[f.Field] = m
	}
	return hp, nil
}

// Attachment implements Reader.
func (h *Hub) Attachment(ctx context.Context, slug, name string) (io.ReadSeekCloser, catalog.Attachment, time.Time, error) {
	m, err := h.store.Material(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, catalog.Attachment{}, time.Time{}, ErrNotFound
	}
	if err != nil {
		return nil, catalog.Attachment{}, time.Time{}, fmt.Errorf("materiaal %q laden: %w", slug, err)
	}
	name = path.Clean("/" + name)[1:]
	for _, a := range attachmentsNamed(m.Attachments, name) {
		// The store keeps names; the importer's scheme gives the key. A file
		// imported before keys carried the content hash stays in the first
		// layout until the next import stores it anew.
		key := content.StoredAttachmentKey(slug, m.ContentHash, a.Name)
		r, _, err := h.files.Open(ctx, key)
		if errors.Is(err, storage.ErrNotFound) && m.ContentHash != "" {
			key = content.AttachmentKey(slug, a.Name)
			r, _, err = h.files.Open(ctx, key)
		}
		if errors.Is(err, storage.ErrNotFound) {
			// The material lists the file but storage lost it: a 404 for the
			// visitor, but our fault, so the operator hears of it.
			h.log.Warn("bijlage ontbreekt in de opslag; importeer het materiaal opnieuw", "materiaal", slug, "bestand", a.Name, "sleutel", key)
			return nil, catalog.Attachment{}, time.Time{}, ErrNotFound
		}
		if err != nil {
			return nil, catalog.Attachment{}, time.Time{}, fmt.Errorf("bestand %q openen: %w", key, err)
		}
		a.Key = key
		return r, a, m.UpdatedAt, nil
	}
	return nil, catalog.Attachment{}, time.Time{}, ErrNotFound
}

// attachmentsNamed finds the attachment called name: the exact name, else
// one whose name is the same text in another Unicode form (macOS writes
// file names decomposed, NFD; keyboards and most links send NFC), so
// "café.png" is found however its "é" was encoded.
func attachmentsNamed(atts []catalog.Attachment, name string) []catalog.Attachment {
	for _, a := range atts {
		if a.Name == name {
			return []catalog.Attachment{a}
		}
	}
	want := norm.NFC.String(name)
	for _, a := range atts {
		if norm.NFC.String(a.Name) == want {
			return []catalog.Attachment{a}
		}
	}
	return nil
}

// SitemapEntries implements Reader.
func (h *Hub) SitemapEntries(ctx context.Context) ([]SitemapEntry, error) {
	var out []SitemapEntry
	err := h.store.All(ctx, 500, func(batch []catalog.Material) error {
		for _, m := range batch {
			out = append(out, SitemapEntry{Slug: m.Slug, Updated: m.UpdatedAt})
		}
		return nil
	})
	return out, err
}

// Counts implements Reader with the engine's facet counts over all
// materials: in-memory bitmaps answer in milliseconds at 100 000 materials,
// where the database's GROUP BY takes ~60 ms (BenchmarkHubPageAt100k), and
// the home page and the hubs overview then say what each hub page and
// search say. When the engine cannot answer (or is only the degraded
// fallback), the database counts.
func (h *Hub) Counts(ctx context.Context, field string) (map[string]int, error) {
	q := search.Query{Sort: search.SortNewest, Page: 1, PerPage: 1, Facets: []string{field}}
	if h.smallVocabulary(field) && q.Normalize() == nil && !h.index.Capabilities().Degraded {
		sctx, cancel := context.WithTimeout(ctx, searchTimeout)
		res, err := h.index.Search(sctx, q)
		cancel()
		if err == nil {
			counts := make(map[string]int, len(res.Facets[field]))
			for v, n := range res.Facets[field] {
				counts[v] = n
			}
			return counts, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		h.log.Warn("zoekmachine telt niet; de database telt", "backend", h.index.Name(), "veld", field, "err", err)
	}
	return h.store.CountBy(ctx, field)
}

// smallVocabulary: a closed list short enough that every engine returns all
// of its values in a facet (Meilisearch stops at maxValuesPerFacet, 200);
// goals and free subjects are counted by the database.
func (h *Hub) smallVocabulary(field string) bool {
	v := h.vocab.Vocabulary(field)
	return v != nil && !v.Open && len(v.Terms) <= 100
}

// Ready implements Reader.
func (h *Hub) Ready(ctx context.Context) (map[string]string, error) {
	state := map[string]string{"database": "ok", "search": "ok"}
	var firstErr error
	if err := h.store.Ping(ctx); err != nil {
		state["database"] = "onbereikbaar"
		firstErr = fmt.Errorf("database: %w", err)
		h.log.Error("database niet bereikbaar", "err", err)
	}
	// A search engine that is down degrades search (the database fallback
	// answers) but the instance still serves pages, so only the database
	// decides readiness; the engine's state is reported beside it.
	if err := h.index.Health(ctx); err != nil {
		state["search"] = "beperkt"
		h.log.Warn("zoekmachine niet gezond", "backend", h.index.Name(), "err", err)
	}
	return state, firstErr
}
