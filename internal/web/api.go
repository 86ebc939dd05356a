package web

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/service"
)

// searchResponse is GET /api/v1/materials. Field names and order are the
// public contract (issue 2); lists are never null.
type searchResponse struct {
	Query   string                    `json:"query"`
	Total   int                       `json:"total"`
	Page    int                       `json:"page"`
	PerPage int                       `json:"per_page"`
	TookMS  int64                     `json:"took_ms"`
	Hits    []apiHit                  `json:"hits"`
	Facets  map[string]map[string]int `json:"facets"`
	// Degraded: the search engine could not answer and the fallback backend
	// (the database) did, with simpler matching and no facet counts.
	Degraded bool `json:"degraded"`
	// SuggestedFilters are filters the query text names ("bso" →
	// finalities=arbeidsmarkt), offered, not applied. Never null.
	SuggestedFilters []apiSuggestedFilter `json:"suggested_filters"`
	// Spelling is "Bedoelde je …?" (null when no word needs correcting or
	// the correction finds nothing); Widen the moves to more results when
	// there are fewer than 5 (never null). See README "Als er weinig
	// resultaten zijn".
	Spelling *apiSpelling `json:"spelling"`
	Widen    []apiWiden   `json:"widen"`
	// Collections: with soort=collectie, the public collections the search
	// finds (curation.go); absent otherwise.
	Collections *[]apiCollectionHit `json:"collections,omitempty"`
}

type apiSpelling struct {
	Text  string          `json:"text"`  // the corrected query
	Words []apiCorrection `json:"words"` // the corrected words
	Total int             `json:"total"` // materials the corrected query finds (same filters)
	URL   string          `json:"url"`   // the API search for it
}

type apiCorrection struct {
	Typed     string `json:"typed"`
	Suggested string `json:"suggested"`
}

type apiWiden struct {
	Kind    string              `json:"kind"`  // "filter-weg", "buur", "delen", "thema"
	Field   string              `json:"field"` // the filter field the move is about, "" for "delen"
	Value   string              `json:"value"` // the value it adds (buur, thema), else ""
	Label   string              `json:"label"` // Dutch
	Query   string              `json:"query"` // the search text of the move
	Filters map[string][]string `json:"filters"`
	Total   int                 `json:"total"` // materials the move finds
	More    int                 `json:"more"`  // total minus this search's total
	URL     string              `json:"url"`   // the API search for the move
}

type apiSuggestedFilter struct {
	Field      string `json:"field"`
	Value      string `json:"value"`
	Label      string `json:"label"`
	FieldLabel string `json:"field_label"`
	Words      string `json:"words"` // the query words that named it
}

type apiHit struct {
	Slug        string       `json:"slug"`
	Title       string       `json:"title"`
	Summary     string       `json:"summary"`
	URL         string       `json:"url"`
	Type        string       `json:"type"`
	Levels      []string     `json:"levels"`
	Grades      []int        `json:"grades"`
	Years       []string     `json:"years"` // leerjaren, given or derived from the graden
	Finalities  []string     `json:"finalities"`
	Disciplines []string     `json:"disciplines"`
	Goals       []string     `json:"goals"`
	Network     string       `json:"network"`
	Hub         string       `json:"hub"`
	Inclusion   []string     `json:"inclusion"`
	Highlight   apiHighlight `json:"highlight"`
}

type apiHighlight struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

func (s *server) apiSearch(c *fiber.Ctx) error {
	q, perr := parseSearchQuery(c)
	if perr != nil {
		return perr
	}
	if perr := s.checkFilterValues(&q); perr != nil {
		return perr
	}
	if perr := checkKind(c); perr != nil {
		return perr
	}
	res, err := s.svc.Search(c.UserContext(), q)
	if err != nil {
		return err
	}
	out := searchResponse{
		Query: q.Text, Total: res.Total, Page: q.Page, PerPage: q.PerPage,
		TookMS: res.Took.Milliseconds(), Degraded: res.Degraded,
		Hits:   make([]apiHit, 0, len(res.Hits)),
		Facets: map[string]map[string]int{},

		SuggestedFilters: make([]apiSuggestedFilter, 0, len(res.SuggestedFilters)),
	}
	for _, sf := range res.SuggestedFilters {
		out.SuggestedFilters = append(out.SuggestedFilters, apiSuggestedFilter{Field: sf.Field, Value: sf.Value,
			Label: sf.Label, FieldLabel: sf.FieldLabel, Words: sf.Words})
	}
	if res.Page > 0 {
		out.Page, out.PerPage = res.Page, res.PerPage
	}
	base := s.baseURL(c)
	apiURL := func(q search.Query) string {
		return base + "/api/v1/materials" + strings.TrimPrefix(stateOf(q).url(1), "/zoeken")
	}
	if sp := res.Spelling; sp != nil {
		out.Spelling = &apiSpelling{Text: sp.Text, Total: sp.Total, URL: apiURL(sp.Query), Words: []apiCorrection{}}
		for _, w := range sp.Words {
			out.Spelling.Words = append(out.Spelling.Words, apiCorrection{Typed: w.Typed, Suggested: w.Suggested})
		}
	}
	out.Widen = make([]apiWiden, 0, len(res.Widen))
	for _, m := range res.Widen {
		filters := m.Query.Filters
		if filters == nil {
			filters = map[string][]string{}
		}
		out.Widen = append(out.Widen, apiWiden{Kind: m.Kind, Field: m.Field, Value: m.Value, Label: m.Label,
			Query: m.Query.Text, Filters: filters, Total: m.Total, More: m.More, URL: apiURL(m.Query)})
	}
	for _, h := range res.Hits {
		m := h.Material
		out.Hits = append(out.Hits, apiHit{
			Slug: m.Slug, Title: m.Title, Summary: m.Summary, URL: base + materialURL(m.Slug),
			Type: m.Type, Levels: nonNil(m.Levels), Grades: nonNilInts(m.Grades), Years: nonNil(m.YearValues()), Finalities: nonNil(m.Finalities),
			Disciplines: nonNil(m.Disciplines), Goals: nonNil(m.Goals), Network: m.Network, Hub: m.Hub,
			Inclusion: nonNil(m.Inclusion),
			Highlight: apiHighlight{Title: h.Highlight["title"], Summary: h.Highlight["summary"]},
		})
	}
	for _, f := range res.Facets {
		counts := make(map[string]int, len(f.Values))
		for _, v := range f.Values {
			counts[v.Value] = v.Count
		}
		out.Facets[f.Field] = counts
	}
	if c.Query(paramKind) == kindCollection {
		out.Collections = s.apiCollectionHits(c, q, res.Hits)
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.JSON(out)
}

// materialResponse is GET /api/v1/materials/{slug}: every metadata field,
// goals with their official text, the rendered HTML, TOC and attachments.
type materialResponse struct {
	Slug        string             `json:"slug"`
	URL         string             `json:"url"`
	Title       string             `json:"title"`
	Summary     string             `json:"summary"`
	Type        string             `json:"type"`
	Levels      []string           `json:"levels"`
	Grades      []int              `json:"grades"`
	Years       []string           `json:"years"` // leerjaren, given or derived from the graden
	Streams     []string           `json:"streams"`
	Finalities  []string           `json:"finalities"`
	Disciplines []string           `json:"disciplines"`
	Subjects    []string           `json:"subjects"`
	Goals       []apiGoal          `json:"goals"`
	StemKader   []int              `json:"stem_kader"`
	Themes      []string           `json:"themes"`
	SDGs        []int              `json:"sdgs"`
	Inclusion   []string           `json:"inclusion"`
	Network     string             `json:"network"`
	Hub         string             `json:"hub"`
	Authors     []string           `json:"authors"`
	License     string             `json:"license"`
	Language    string             `json:"language"`
	Date        string             `json:"date"`
	Duration    int                `json:"duration"`
	Keywords    []string           `json:"keywords"`
	SourceURL   string             `json:"source_url"`
	UpdatedAt   time.Time          `json:"updated_at"`
	HTML        string             `json:"html"`
	TOC         []catalog.TOCEntry `json:"toc"`
	Attachments []apiAttachment    `json:"attachments"`
	Related     []string           `json:"related"`
}

type apiGoal struct {
	ID        string `json:"id"`
	Set       string `json:"set"`
	Code      string `json:"code"`
	Text      string `json:"text"`
	SourceURL string `json:"source_url"`
	Status    string `json:"status,omitempty"`
	SetName   string `json:"set_name,omitempty"`   // "Eindtermen 1ste graad A-stroom (2019)"
	SetStatus string `json:"set_status,omitempty"` // "geldig" or "verlopen" (taxonomy/goal_sets.yaml)
	URL       string `json:"url,omitempty"`        // the goal's page in the hub
}

type apiAttachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

func (s *server) apiMaterial(c *fiber.Ctx) error {
	mp, err := s.svc.Material(c.UserContext(), c.Params("slug"))
	if errors.Is(err, service.ErrNotFound) {
		return s.apiDraft(c, err) // write_api.go: a draft, for those who may see it
	}
	if err != nil {
		return err
	}
	m := mp.Material
	base := s.baseURL(c)
	out := materialResponse{
		Slug: m.Slug, URL: base + materialURL(m.Slug), Title: m.Title, Summary: m.Summary, Type: m.Type,
		Levels: nonNil(m.Levels), Grades: nonNilInts(m.Grades), Years: nonNil(m.YearValues()), Streams: nonNil(m.Streams),
		Finalities: nonNil(m.Finalities), Disciplines: nonNil(m.Disciplines), Subjects: nonNil(m.Subjects),
		Goals: []apiGoal{}, StemKader: nonNilInts(m.StemKader), Themes: nonNil(m.Themes), SDGs: nonNilInts(m.SDGs),
		Inclusion: nonNil(m.Inclusion), Network: m.Network, Hub: m.Hub, Authors: nonNil(m.Authors),
		License: m.License, Language: m.Language, Duration: m.Duration, Keywords: nonNil(m.Keywords),
		SourceURL: m.SourceURL, UpdatedAt: m.UpdatedAt, HTML: m.HTML, TOC: m.TOC,
		Attachments: []apiAttachment{}, Related: []string{},
	}
	if out.TOC == nil {
		out.TOC = []catalog.TOCEntry{}
	}
	if !m.Date.IsZero() {
		out.Date = m.Date.Format("2006-01-02")
	}
	for _, g := range goalViews(mp) {
		ag := apiGoal{ID: g.ID, Set: g.Set, Code: g.Code, Text: g.Text, SourceURL: g.SourceURL, Status: g.Status}
		if set, ok := s.vocab().GoalSet(g.Set); ok {
			ag.SetName, ag.SetStatus = set.Name, set.Status
		}
		if known, ok := s.vocab().Goal(g.ID); ok {
			ag.URL = goalURL(known)
		}
		out.Goals = append(out.Goals, ag)
	}
	for _, a := range m.Attachments {
		out.Attachments = append(out.Attachments, apiAttachment{Name: a.Name, ContentType: a.ContentType, Size: a.Size,
			URL: base + attachmentURL(m.Slug, a.Name)})
	}
	for _, r := range mp.Related {
		out.Related = append(out.Related, r.Slug)
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.JSON(out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}
