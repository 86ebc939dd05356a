package web

import (
	"net/url"
	"sort"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// Page is what the layout needs from every page.
type Page struct {
	SiteName    string
	Title       string // the page's own title; the layout adds the site name
	Description string
	Canonical   string
	Nav         string // active nav item: "zoeken", "hubs", "over"
	NoIndex     bool
	SearchJS    bool // load static/js/search.js (search page only)
	MaterialJS  bool // load static/js/material.js (print and copy buttons)
	EditorJS    bool // load static/js/editor.js and goalpicker.js (editor.go)
	JSONLD      any  // schema.org data, marshalled into a data block

	// Accounts: the hub has accounts, so the header offers "Aanmelden";
	// Account is the person signed in, or nil (account.go).
	Accounts bool
	Account  *accountNav
}

func (s *server) page(c *fiber.Ctx, title, description, nav string) Page {
	return Page{SiteName: s.cfg.SiteName, Title: title, Description: description, Nav: nav,
		Canonical: s.baseURL(c) + c.Path(), Accounts: s.cfg.Accounts != nil, Account: navFor(c)}
}

// baseURL is the configured public origin, else the request's own.
func (s *server) baseURL(c *fiber.Ctx) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	return c.BaseURL()
}

// browseLink is a link into search with a count ("Secundair onderwijs (42)").
// Share is the count as a percentage of the largest in its list, for a bar.
type browseLink struct {
	Label string
	URL   string
	Count int
	Share int
}

// hubLink is one regional hub in a list.
type hubLink struct {
	Slug        string
	Label       string
	Description string
	Region      string
	URL         string
	Count       int
}

type homeView struct {
	Page
	Levels      []browseLink
	Disciplines []browseLink
	Recent      []cardView
	Hubs        []hubLink
	Curated     curatedView // the central hub's featured picks (curation.go)
}

func (s *server) home(c *fiber.Ctx) error {
	ctx := c.UserContext()
	recent, err := s.svc.Recent(ctx, 6)
	if err != nil {
		return err
	}
	levels, err := s.browse(c, catalog.FieldLevels)
	if err != nil {
		return err
	}
	disciplines, err := s.browse(c, catalog.FieldDisciplines)
	if err != nil {
		return err
	}
	hubs, err := s.hubLinks(c)
	if err != nil {
		return err
	}
	v := homeView{
		Page:        s.page(c, "", "Zoek lesmateriaal en goede praktijken voor STEM-onderwijs in Vlaanderen: per niveau, discipline, eindterm en regio.", ""),
		Levels:      levels,
		Disciplines: disciplines,
		Recent:      s.cards(recent),
		Hubs:        hubs,
		Curated:     s.homePicks(c),
	}
	return s.render(c, "home", v)
}

// browse lists a field's values with their counts, in vocabulary order,
// followed by values the vocabulary does not know (so none is hidden).
func (s *server) browse(c *fiber.Ctx, field string) ([]browseLink, error) {
	counts, err := s.svc.Counts(c.UserContext(), field)
	if err != nil {
		return nil, err
	}
	var out []browseLink
	seen := map[string]bool{}
	if voc := s.vocab().Vocabulary(field); voc != nil {
		for _, t := range voc.Terms {
			seen[t.ID] = true
			if counts[t.ID] > 0 {
				out = append(out, browseLink{Label: s.label(field, t.ID), URL: filterURL(field, t.ID), Count: counts[t.ID]})
			}
		}
	}
	var rest []string
	for v, n := range counts {
		if !seen[v] && n > 0 {
			rest = append(rest, v)
		}
	}
	sort.Strings(rest)
	for _, v := range rest {
		out = append(out, browseLink{Label: s.label(field, v), URL: filterURL(field, v), Count: counts[v]})
	}
	return out, nil
}

// hubLinks lists the regional hubs of the vocabulary with their material
// counts, plus any hub that materials name but the vocabulary lacks.
func (s *server) hubLinks(c *fiber.Ctx) ([]hubLink, error) {
	counts, err := s.svc.Counts(c.UserContext(), catalog.FieldHub)
	if err != nil {
		return nil, err
	}
	var out []hubLink
	seen := map[string]bool{}
	add := func(t catalog.Term) {
		seen[t.ID] = true
		out = append(out, hubLink{Slug: t.ID, Label: t.Label, Description: t.Description, Region: t.Region,
			URL: "/hubs/" + url.PathEscape(t.ID), Count: counts[t.ID]})
	}
	for _, t := range s.hubTerms(c) { // admin_hubs.go: the records
		add(t)
	}
	var rest []string
	for id := range counts {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	for _, id := range rest {
		add(s.term(catalog.FieldHub, id))
	}
	return out, nil
}

func (s *server) about(c *fiber.Ctx) error {
	return s.render(c, "about", struct{ Page }{s.page(c, "Over de hub",
		"Waarom de STEM Kennishub bestaat: goed STEM-onderwijs delen, gekoppeld aan het STEM-kader en de eindtermen, voor elke leerling.", "over")})
}

type hubsView struct {
	Page
	Hubs []hubLink
}

func (s *server) hubs(c *fiber.Ctx) error {
	hubs, err := s.hubLinks(c)
	if err != nil {
		return err
	}
	return s.render(c, "hubs", hubsView{Page: s.page(c, "Regionale hubs", "De regionale STEM-hubs van Vlaanderen en Brussel en hun lesmateriaal.", "hubs"), Hubs: hubs})
}

type hubView struct {
	Page
	Hub         catalog.Term
	RTC         catalog.Term   // its Regionaal Technologisch Centrum (ID empty: none)
	Contacts    []catalog.Term // whom a teacher can turn to, with their sites
	Total       int
	Cards       []cardView
	Pagination  pagination
	Levels      []browseLink
	Disciplines []browseLink
	SearchURL   string
	// Moderators: the names of the hub's moderators (accounts). Featured
	// picks come with moderation; the page leaves room and shows nothing fake.
	Moderators []string
	Own        hubContact  // the hub's own e-mail address and site (admin_hubs.go)
	Curated    curatedView // featured picks and public collections (curation.go)
}

const hubPerPage = 12

func (s *server) hubPage(c *fiber.Ctx) error {
	slug := c.Params("slug")
	page := 1
	if p := c.Query(paramPage); p != "" {
		n, err := strconv.Atoi(p)
		// No engine pages past its window (search.MaxWindow results).
		if err != nil || n < 1 || n > search.MaxWindow/hubPerPage {
			return fiber.ErrNotFound // a hub page that cannot exist
		}
		page = n
	}
	hp, err := s.svc.HubPage(c.UserContext(), slug, page, hubPerPage)
	if err != nil {
		return err
	}
	own := s.hubRecord(c, &hp.Hub) // admin_hubs.go: the record's name, description, region, RTC, contacts
	if hp.Hub.Label == "" {
		hp.Hub.Label = s.label(catalog.FieldHub, slug)
	}
	pages := min((hp.Total+hubPerPage-1)/hubPerPage, search.MaxWindow/hubPerPage)
	if page > 1 && page > pages {
		return fiber.ErrNotFound
	}
	v := hubView{
		Page:        s.page(c, hp.Hub.Label, "Lesmateriaal van de regionale STEM-hub "+hp.Hub.Label+".", "hubs"),
		Hub:         hp.Hub,
		Total:       hp.Total,
		Contacts:    s.hubContacts(hp.Hub),
		Cards:       s.cards(hp.Materials),
		SearchURL:   filterURL(catalog.FieldHub, slug),
		Levels:      s.countLinks(catalog.FieldLevels, slug, hp.Counts[catalog.FieldLevels]),
		Disciplines: s.countLinks(catalog.FieldDisciplines, slug, hp.Counts[catalog.FieldDisciplines]),
	}
	v.Own = own
	v.Curated = s.curated(c, slug, true)
	if hp.Hub.RTC != "" {
		v.RTC = s.term(catalog.FieldNetwork, hp.Hub.RTC)
	}
	if s.cfg.Accounts != nil {
		if svc := s.cfg.Accounts(); svc != nil {
			names, err := svc.HubModerators(c.UserContext(), slug)
			if err != nil { // the page is still worth showing without them
				s.log.Warn("moderatoren van een hub niet gelezen", "hub", slug, "fout", err)
			}
			v.Moderators = names
		}
	}
	base := "/hubs/" + slug
	v.Pagination = paginate("Paginering materialen van "+hp.Hub.Label, page, pages, func(n int) string {
		if n == 1 {
			return base
		}
		return base + "?page=" + strconv.Itoa(n)
	})
	if page > 1 {
		v.Canonical += "?page=" + strconv.Itoa(page)
	}
	return s.render(c, "hub", v)
}

// hubContacts are the network terms a hub names as contacts, with their
// sites; a contact the network vocabulary lacks (no site to link) is left out.
func (s *server) hubContacts(hub catalog.Term) []catalog.Term {
	var out []catalog.Term
	for _, id := range hub.Contacts {
		if t, ok := s.vocab().Term(catalog.FieldNetwork, id); ok && t.URL != "" {
			out = append(out, t)
		}
	}
	return out
}

// countLinks links each value to a search within the hub.
func (s *server) countLinks(field, hub string, counts map[string]int) []browseLink {
	var keys []string
	for k, n := range counts {
		if n > 0 {
			keys = append(keys, k)
		}
	}
	order := map[string]int{}
	if voc := s.vocab().Vocabulary(field); voc != nil {
		for i, t := range voc.Terms {
			order[t.ID] = i + 1
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, oj := order[keys[i]], order[keys[j]]
		if (oi == 0) != (oj == 0) {
			return oi != 0
		}
		if oi != oj {
			return oi < oj
		}
		return keys[i] < keys[j]
	})
	most := 0
	for _, k := range keys {
		most = max(most, counts[k])
	}
	out := make([]browseLink, 0, len(keys))
	for _, k := range keys {
		st := searchState{Filters: map[string][]string{catalog.FieldHub: {hub}, field: {k}}}
		out = append(out, browseLink{Label: s.label(field, k), URL: st.url(1), Count: counts[k],
			Share: max(1, counts[k]*100/most)})
	}
	return out
}

type errorView struct {
	Page
	Problem problem
}

func (s *server) errorView(c *fiber.Ctx, p problem) errorView {
	pg := s.page(c, p.Title, "", "")
	// An error is no page of its own: no canonical address to name.
	pg.NoIndex, pg.Canonical = true, ""
	return errorView{Page: pg, Problem: p}
}
