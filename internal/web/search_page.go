package web

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/service"
)

// longFacets are folded into <details> so the sidebar stays scannable;
// they open by themselves when one of their values is chosen.
var longFacets = map[string]bool{
	catalog.FieldSubjects: true, catalog.FieldGoals: true, catalog.FieldThemes: true,
	catalog.FieldSDGs: true, catalog.FieldStemKader: true, catalog.FieldNetwork: true,
	catalog.FieldLicense: true, catalog.FieldLanguage: true,
}

type searchView struct {
	Page
	// Missing is "tell the hub what is missing", offered with zero results (missing.go).
	Missing *missingForm

	Q           string
	Sort        string
	PerPage     int
	ShowPerPage bool // keep a non-default per_page when the form is sent again
	Notice      string
	Degraded    bool
	Total       int
	StatusText  string
	Cards       []cardView
	Facets      []facetBlock
	Chips       []chip
	ClearURL    string
	Suggested   []suggestedFilter // filters the query text names, offered as links
	Sorts       []option
	Pagination  pagination
	Suggestions []browseLink
	Searched    bool           // there is a query or a filter (for the empty state's wording)
	Spelling    *spellingLink  // "Bedoelde je …?"
	Widen       []widenLink    // moves to more results when they are thin
	Collections collectionHits // public collections matching the text (curation.go)
}

// spellingLink is "Bedoelde je …?": a plain link to the corrected search.
type spellingLink struct {
	Text       string // the corrected query
	Typed      string // the query as typed
	URL        string
	Count      string // "3 materialen"
	HasResults bool   // the page found results anyway (the engines' typo tolerance)
}

// widenLink is one move to more results, with what it adds.
type widenLink struct {
	Label string // "Zonder filter Regio: Limburg"
	URL   string
	More  string // "3 materialen meer"
}

type facetBlock struct {
	Field     string
	Label     string
	Collapsed bool // rendered inside <details>
	Open      bool
	Values    []facetValue
	GoalSets  []goalFacetSet // the goals facet, by set (goals.go)
}

type facetValue struct {
	ID       string // the checkbox's id, unique on the page
	Value    string
	Label    string
	Count    int
	Selected bool
}

type chip struct {
	Field     string
	Label     string
	RemoveURL string
}

// suggestedFilter is a link that adds a filter the query named ("bso" →
// finaliteit arbeidsmarkt): a plain link, so it works without script.
type suggestedFilter struct {
	Field string // Dutch field name, lower case ("finaliteit")
	Label string // Dutch value label ("Arbeidsmarktfinaliteit")
	Words string // the query words that named it
	URL   string
}

type option struct {
	Value    string
	Label    string
	Selected bool
}

func (s *server) searchPage(c *fiber.Ctx) error {
	q, perr := parseSearchQuery(c)
	if verr := s.checkFilterValues(&q); perr == nil {
		perr = verr
	}
	v := searchView{Q: q.Text, Sort: q.Sort, PerPage: q.PerPage, ShowPerPage: q.PerPage != defaultPerPage}
	if perr != nil {
		// The page still answers with what was valid: a bad bookmark or a
		// hand-edited URL deserves results and an explanation, not a 400.
		v.Notice = "Een deel van je zoekopdracht werd genegeerd: " + perr.Message
	}
	res, err := s.svc.Search(c.UserContext(), q)
	var qe *search.QueryError
	if errors.As(err, &qe) {
		v.Notice = "Een deel van je zoekopdracht werd genegeerd: " + capitalize(qe.Message) + "."
		q = search.Query{Text: q.Text, Sort: search.SortRelevance, Page: 1, PerPage: defaultPerPage, Facets: q.Facets, Highlight: true}
		v.Sort, v.PerPage, v.ShowPerPage = q.Sort, q.PerPage, false
		res, err = s.svc.Search(c.UserContext(), q)
	}
	if err != nil {
		return err
	}
	s.fillSearchView(&v, q, res)
	v.Collections = s.collectionHits(c, q, res.Hits)
	if v.Collections.Only {
		v.StatusText = plural(len(v.Collections.List), "collectie", "collecties") + " gevonden"
	}

	title := "Zoeken"
	if q.Text != "" {
		title = fmt.Sprintf("Zoeken naar “%s”", q.Text)
	}
	v.Page = s.page(c, title, "Zoek STEM-lesmateriaal op niveau, graad, discipline, eindterm en regio.", "zoeken")
	v.SearchJS = true
	st := stateOf(q)
	v.Canonical = s.baseURL(c) + st.url(q.Page)
	// Filtered result lists are endless combinations: let crawlers follow
	// the links to materials, but index only the plain search page.
	v.NoIndex = c.Context().QueryArgs().Len() > 0

	if v.Notice != "" {
		// Results for the valid part, but a 400 tells crawlers and scripts
		// the URL is wrong (issue 4: bad input gets a clear 4xx).
		c.Status(fiber.StatusBadRequest)
	}
	if c.Query(paramPartial) == "1" {
		c.Set(fiber.HeaderCacheControl, "no-store")
		return s.renderTemplate(c, "search", "results-region", v)
	}
	return s.render(c, "search", v)
}

func (s *server) fillSearchView(v *searchView, q search.Query, res service.SearchPage) {
	st := stateOf(q)
	v.Degraded = res.Degraded
	v.Total = res.Total
	v.Searched = q.Text != "" || len(q.Filters) > 0
	v.StatusText = statusText(res.Total, q.Text)
	for _, h := range res.Hits {
		v.Cards = append(v.Cards, s.hitCard(h))
	}
	for _, f := range res.Facets {
		b := facetBlock{Field: f.Field, Label: f.Label, Collapsed: longFacets[f.Field] || len(f.Values) > 10}
		if b.Label == "" || b.Label == f.Field {
			b.Label = s.fieldLabel(f.Field)
		}
		for _, fv := range f.Values {
			label := fv.Label
			if label == "" || label == fv.Value {
				label = s.label(f.Field, fv.Value)
			}
			b.Values = append(b.Values, facetValue{ID: facetID(f.Field, fv.Value), Value: fv.Value,
				Label: label, Count: fv.Count, Selected: fv.Selected})
			b.Open = b.Open || fv.Selected
		}
		if f.Field == catalog.FieldGoals {
			b.GoalSets = s.goalFacet(b.Values)
		}
		v.Facets = append(v.Facets, b)
	}
	for _, field := range catalog.FacetFields {
		for _, val := range q.Filters[field] {
			v.Chips = append(v.Chips, chip{Field: s.fieldLabel(field), Label: s.label(field, val), RemoveURL: st.without(field, val).url(1)})
		}
	}
	if len(v.Chips) > 0 {
		v.ClearURL = searchState{Text: q.Text, Sort: q.Sort, PerPage: q.PerPage}.url(1)
	}
	// A filter only narrows: on a search that found nothing it cannot help,
	// and the widening moves below are what does.
	for _, sf := range res.SuggestedFilters {
		if res.Total == 0 {
			break
		}
		v.Suggested = append(v.Suggested, suggestedFilter{Field: strings.ToLower(sf.FieldLabel), Label: sf.Label,
			Words: sf.Words, URL: withFilter(st, sf.Field, sf.Value).url(1)})
	}
	for _, o := range []struct{ v, l string }{
		{search.SortRelevance, "Meest relevant"}, {search.SortNewest, "Nieuwste eerst"}, {search.SortTitle, "Titel (A–Z)"},
	} {
		v.Sorts = append(v.Sorts, option{Value: o.v, Label: o.l, Selected: o.v == q.Sort})
	}
	if sp := res.Spelling; sp != nil {
		v.Spelling = &spellingLink{Text: sp.Text, Typed: q.Text, URL: stateOf(sp.Query).url(1),
			Count: plural(sp.Total, "materiaal", "materialen"), HasResults: res.Total > 0}
		if res.Total == 0 {
			v.StatusText += fmt.Sprintf(". Bedoelde je “%s”?", sp.Text)
		}
	}
	for _, m := range res.Widen {
		v.Widen = append(v.Widen, widenLink{Label: m.Label, URL: stateOf(m.Query).url(1),
			More: plural(m.More, "materiaal", "materialen") + " meer"})
	}
	pages := res.Pages
	if pages == 0 && res.PerPage > 0 {
		pages = (res.Total + res.PerPage - 1) / res.PerPage
	}
	v.Pagination = paginate("Paginering zoekresultaten", q.Page, pages, st.url)
	if res.Total == 0 {
		v.Missing = s.missingFormFor(q)
		for _, l := range []string{"kleuter", "lager", "secundair"} {
			v.Suggestions = append(v.Suggestions, browseLink{Label: s.label(catalog.FieldLevels, l), URL: filterURL(catalog.FieldLevels, l)})
		}
	}
}

// withFilter is st with one more filter value (a copy: st is not changed).
func withFilter(st searchState, field, value string) searchState {
	f := make(map[string][]string, len(st.Filters)+1)
	for k, vs := range st.Filters {
		f[k] = append([]string(nil), vs...)
	}
	f[field] = append(f[field], value)
	st.Filters = f
	return st
}

// statusText is what the live region announces after every search.
func statusText(total int, text string) string {
	n := plural(total, "materiaal gevonden", "materialen gevonden")
	if total == 0 {
		n = "Geen materialen gevonden"
	}
	if strings.TrimSpace(text) != "" {
		return fmt.Sprintf("%s voor “%s”", n, text)
	}
	return n
}

// facetID is a checkbox id that stays the same across re-renders, so the
// script can give focus back to the box the user just ticked.
func facetID(field, value string) string {
	return fmt.Sprintf("f-%s-%08x", field, fnv32(value))
}
