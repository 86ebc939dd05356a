package web

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
)

// "Tell the hub what is missing": a search without results offers a short
// form (templates/partials/missing.html). It is sent without an account,
// so the POST is guarded three ways: cross-site posts are refused by the
// hub's guard on every state-changing request (crossSiteGuard in
// account_middleware.go: Sec-Fetch-Site and Origin), each client may send
// only a few (ratelimit.go), and every field is checked with a Dutch
// message next to it and the input kept. A good
// request is stored and answered with a redirect to a thank-you page
// (Post/Redirect/Get), so reloading never sends it twice. Moderators read
// the requests at /beheer/materiaalvragen (and as JSON) with the admin
// token, like the searches without results (routes_admin.go).

// RequestStore stores and lists material requests; *service.Hub implements it.
type RequestStore interface {
	AddMaterialRequest(ctx context.Context, r service.MaterialRequest) (int64, error)
	MaterialRequests(ctx context.Context, weeks, limit int) ([]service.MaterialRequest, error)
}

const (
	missingPath        = "/materiaal-gevraagd"
	missingThanksPath  = "/materiaal-gevraagd/bedankt"
	requestsAdminPath  = "/beheer/materiaalvragen"
	requestsAPIPath    = "/api/v1/stats/material-requests"
	maxRequestListRows = 1000

	// Form fields. "zoekopdracht" is the search the form came from, as a
	// query string ("q=water&levels=lager"), carried in a hidden field.
	fieldWhat   = "wat"
	fieldLevel  = "niveau"
	fieldHub    = "hub"
	fieldNote   = "toelichting"
	fieldSearch = "zoekopdracht"
)

// defaultRequestLimit lets a teacher send ten posts in a row (a request
// and a few corrections), then one every 30 seconds: plenty for a person,
// little for a script.
var defaultRequestLimit = RateLimit{PerSecond: 1.0 / 30, Burst: 10}

// missingForm is what the form shows: the values (kept after an error),
// the choices, and the errors per field.
type missingForm struct {
	Standalone bool // on its own page (no heading of its own) or in the empty state
	What       string
	Level      string
	Hub        string
	Note       string
	Search     string // the hidden zoekopdracht
	Levels     []option
	Hubs       []option
	Errors     map[string]string
	Summary    []formError // the same errors in form order, for the summary
	MaxWhat    int
	MaxNote    int
}

type formError struct {
	Field   string // the input's id
	Label   string
	Message string
}

func (s *server) bindMissing(app *fiber.App) {
	if s.cfg.Requests == nil {
		return
	}
	rl := s.cfg.RequestLimit
	if rl.PerSecond == 0 {
		rl = defaultRequestLimit
	}
	app.Get(missingPath, s.missingPage)
	app.Post(missingPath, s.limit(newLimiter(rl, s.cfg.MaxClients, nil)), s.missingPost)
	app.Get(missingThanksPath, s.missingThanks)
	if s.cfg.AdminToken != "" {
		app.Get(requestsAdminPath, s.requireAdmin, s.requestsPage)
		app.Get(requestsAPIPath, s.requireAdmin, s.requestsAPI)
	}
}

// missingFormFor is the form for a search: "wat" prefilled with the
// query, level and hub with the search's single level or hub filter.
func (s *server) missingFormFor(q search.Query) *missingForm {
	if s.cfg.Requests == nil {
		return nil
	}
	f := &missingForm{What: q.Text, Search: searchQueryString(q)}
	if ls := q.Filters[catalog.FieldLevels]; len(ls) == 1 {
		f.Level = ls[0]
	}
	if hs := q.Filters[catalog.FieldHub]; len(hs) == 1 {
		f.Hub = hs[0]
	}
	s.fillChoices(f)
	return f
}

// searchQueryString is a search's text and filters as a query string
// (what is stored beside the request, and links back to the search).
func searchQueryString(q search.Query) string {
	u := searchState{Text: q.Text, Filters: q.Filters}.url(1)
	_, qs, _ := strings.Cut(u, "?")
	return qs
}

func (s *server) fillChoices(f *missingForm) {
	f.MaxWhat, f.MaxNote = store.MaxRequestWhat, store.MaxRequestNote
	f.Levels, f.Hubs = nil, nil
	if voc := s.vocab().Vocabulary(catalog.FieldLevels); voc != nil {
		for _, t := range voc.Terms {
			f.Levels = append(f.Levels, option{Value: t.ID, Label: s.label(catalog.FieldLevels, t.ID), Selected: t.ID == f.Level})
		}
	}
	for _, t := range s.vocab().Hubs() {
		f.Hubs = append(f.Hubs, option{Value: t.ID, Label: s.label(catalog.FieldHub, t.ID), Selected: t.ID == f.Hub})
	}
}

type missingView struct {
	Page
	Form      *missingForm
	Thanks    bool
	BackURL   string // the search the request came from
	BackLabel string
}

// missingPage shows the form on its own (a link, or a browser without
// the empty state), prefilled from the search parameters it is given.
func (s *server) missingPage(c *fiber.Ctx) error {
	q, err := s.parseSearchString(string(c.Request().URI().QueryString()))
	if err != nil {
		q = search.Query{} // a link with a broken search prefills nothing
	}
	f := s.missingFormFor(q)
	f.Standalone = true
	return s.renderMissing(c, f)
}

func (s *server) renderMissing(c *fiber.Ctx, f *missingForm) error {
	title := "Materiaal vragen"
	if len(f.Summary) > 0 {
		title = "Fout: " + title
	}
	p := s.page(c, title, "Laat de STEM Kennishub weten welk lesmateriaal je zocht en niet vond.", "")
	p.NoIndex = true
	c.Set(fiber.HeaderCacheControl, "no-store")
	v := missingView{Page: p, Form: f}
	v.BackURL, v.BackLabel = s.backToSearch(f.Search)
	return s.render(c, "materiaalvraag", v)
}

// backToSearch links back to the search a request came from; its query
// string is parsed again, so only a valid search becomes a link.
func (s *server) backToSearch(qs string) (string, string) {
	q, err := s.parseSearchString(qs)
	if err != nil || (q.Text == "" && len(q.Filters) == 0) {
		return "/zoeken", "Terug naar zoeken"
	}
	return searchState{Text: q.Text, Filters: q.Filters}.url(1), "Terug naar je zoekopdracht"
}

// parseSearchString reads the search a request came from: the text (q)
// and the filters, with the limits of /zoeken and only known filter
// values. Nothing else belongs in it.
func (s *server) parseSearchString(qs string) (search.Query, error) {
	var q search.Query
	if len(qs) > store.MaxRequestFilters {
		return q, errors.New("zoekopdracht te lang")
	}
	vals, err := url.ParseQuery(qs)
	if err != nil {
		return q, err
	}
	total := 0
	for key, vs := range vals {
		for _, v := range vs {
			v = strings.TrimSpace(v)
			if !utf8.ValidString(v) || catalog.BadTextOffset(v, false) >= 0 {
				return q, fmt.Errorf("%s: geen tekst", key)
			}
			switch {
			case key == paramQ && len(vs) == 1 && utf8.RuneCountInString(v) <= maxQueryRunes:
				q.Text = v
			case catalog.IsFacetField(key) && v != "" && len(v) <= maxValueBytes && total < maxValuesTotal:
				if q.Filters == nil {
					q.Filters = map[string][]string{}
				}
				q.Filters[key] = append(q.Filters[key], v)
				total++
			default:
				return q, fmt.Errorf("parameter %q hoort niet in een zoekopdracht", key)
			}
		}
	}
	if perr := s.checkFilterValues(&q); perr != nil {
		return q, perr
	}
	return q, nil
}

func (s *server) missingPost(c *fiber.Ctx) error {
	f := &missingForm{
		What:   strings.TrimSpace(c.FormValue(fieldWhat)),
		Level:  c.FormValue(fieldLevel),
		Hub:    c.FormValue(fieldHub),
		Note:   strings.TrimSpace(strings.ReplaceAll(c.FormValue(fieldNote), "\r\n", "\n")),
		Search: c.FormValue(fieldSearch),
		Errors: map[string]string{},
	}
	q, err := s.parseSearchString(f.Search)
	if err != nil {
		// The hidden field was changed or came from an old page; the
		// teacher cannot fix it, so it is dropped and said so.
		f.Search = ""
		f.Summary = append(f.Summary, formError{Field: "mv-" + fieldWhat, Label: "Zoekopdracht",
			Message: "De zoekopdracht bij je vraag was ongeldig en is weggelaten. Verstuur je vraag opnieuw; ze wordt dan zonder zoekopdracht bewaard."})
	}
	s.checkMissing(f)
	if len(f.Summary) > 0 {
		s.fillChoices(f)
		f.Standalone = true
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderMissing(c, f)
	}
	r := service.MaterialRequest{What: f.What, Query: q.Text, Level: f.Level, Hub: f.Hub, Note: f.Note}
	_, filters, _ := strings.Cut(searchState{Filters: q.Filters}.url(1), "?")
	r.Filters = filters
	if _, err := s.cfg.Requests.AddMaterialRequest(c.UserContext(), r); err != nil {
		if errors.Is(err, store.ErrInvalidRequest) {
			// checkMissing applies the store's limits; reaching here is a bug.
			s.log.Error("materiaalvraag geweigerd door de opslag na de controle van het formulier", "err", err)
		}
		return err
	}
	back := missingThanksPath
	if qs := searchQueryString(q); qs != "" {
		back += "?" + fieldSearch + "=" + url.QueryEscape(qs)
	}
	return c.Redirect(back, fiber.StatusSeeOther)
}

// checkMissing checks every field with the store's limits and the
// catalog's rule for text; each problem is a Dutch message beside its field.
func (s *server) checkMissing(f *missingForm) {
	add := func(field, label, msg string) {
		id := "mv-" + field
		if _, dup := f.Errors[field]; !dup {
			f.Errors[field] = msg
			f.Summary = append(f.Summary, formError{Field: id, Label: label, Message: msg})
		}
	}
	text := func(field, label, value string, max int, multiLine bool) {
		if i := catalog.BadTextOffset(value, multiLine); i >= 0 {
			add(field, label, fmt.Sprintf("Dit veld bevat %s. Haal dat teken weg (het komt vaak mee bij kopiëren en plakken).", catalog.DescribeBadText(value, i)))
		} else if n := utf8.RuneCountInString(value); n > max {
			add(field, label, fmt.Sprintf("Hoogstens %s tekens; je tekst telt er %s. Maak hem %s korter.", formatInt(max), formatInt(n), plural(n-max, "teken", "tekens")))
		}
	}
	if f.What == "" {
		add(fieldWhat, "Wat je zoekt", "Vul in wat je zocht, bijvoorbeeld “proefjes over water voor het 3de leerjaar”.")
	}
	text(fieldWhat, "Wat je zoekt", f.What, store.MaxRequestWhat, false)
	if f.Level != "" {
		if _, ok := s.vocab().Term(catalog.FieldLevels, f.Level); !ok {
			add(fieldLevel, "Niveau", "Kies een niveau uit de lijst, of laat het open.")
			f.Level = ""
		}
	}
	if f.Hub != "" {
		if _, ok := s.vocab().Term(catalog.FieldHub, f.Hub); !ok {
			add(fieldHub, "Regionale hub", "Kies een hub uit de lijst, of laat het open.")
			f.Hub = ""
		}
	}
	text(fieldNote, "Toelichting", f.Note, store.MaxRequestNote, true)
}

func (s *server) missingThanks(c *fiber.Ctx) error {
	p := s.page(c, "Bedankt voor je vraag", "Je vraag om lesmateriaal is bewaard voor de moderatoren van de hub.", "")
	p.NoIndex = true
	v := missingView{Page: p, Thanks: true}
	v.BackURL, v.BackLabel = s.backToSearch(c.Query(fieldSearch))
	return s.render(c, "materiaalvraag", v)
}

// The admin listing: requests of the last weeks, as a page and as JSON.

type requestsResponse struct {
	Weeks    int           `json:"weeks"`
	Requests []requestJSON `json:"requests"`
}

type requestJSON struct {
	ID      int64  `json:"id"`
	Created string `json:"created"` // RFC 3339, UTC
	What    string `json:"what"`
	Query   string `json:"query"`
	Filters string `json:"filters"` // query string of the search's filters
	Level   string `json:"level"`
	Hub     string `json:"hub"`
	Note    string `json:"note"`
}

func (s *server) requests(c *fiber.Ctx) (requestsResponse, error) {
	weeks, err := missWeeks(c)
	if err != nil {
		return requestsResponse{}, err
	}
	rs, err := s.cfg.Requests.MaterialRequests(c.UserContext(), weeks, maxRequestListRows)
	if err != nil {
		return requestsResponse{}, err
	}
	out := requestsResponse{Weeks: weeks, Requests: make([]requestJSON, 0, len(rs))}
	for _, r := range rs {
		out.Requests = append(out.Requests, requestJSON{ID: r.ID, Created: r.Created.UTC().Format(time.RFC3339), What: r.What,
			Query: r.Query, Filters: r.Filters, Level: r.Level, Hub: r.Hub, Note: r.Note})
	}
	return out, nil
}

func (s *server) requestsAPI(c *fiber.Ctx) error {
	out, err := s.requests(c)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

type requestRow struct {
	Date      string
	What      string
	SearchURL string // the search it came from, when it had one
	Search    string
	Level     string
	Hub       string
	Note      string
}

type requestsView struct {
	Page
	Weeks int
	Rows  []requestRow
}

func (s *server) requestsPage(c *fiber.Ctx) error {
	out, err := s.requests(c)
	if err != nil {
		return err
	}
	p := s.page(c, "Gevraagd materiaal", "Wat leraren vroegen na een zoekopdracht zonder resultaat.", "")
	p.NoIndex = true
	v := requestsView{Page: p, Weeks: out.Weeks}
	for _, r := range out.Requests {
		row := requestRow{What: r.What, Note: r.Note}
		if t, err := time.Parse(time.RFC3339, r.Created); err == nil {
			row.Date = dutchDate(t)
		}
		if r.Level != "" {
			row.Level = s.label(catalog.FieldLevels, r.Level)
		}
		if r.Hub != "" {
			row.Hub = s.label(catalog.FieldHub, r.Hub)
		}
		qs := "q=" + url.QueryEscape(r.Query)
		if r.Filters != "" {
			qs += "&" + r.Filters
		}
		if u, _ := s.backToSearch(qs); u != "/zoeken" {
			row.SearchURL, row.Search = u, s.describeSearch(u)
		}
		v.Rows = append(v.Rows, row)
	}
	return s.render(c, "materiaalvragen", v)
}

// describeSearch is a search in words: its text and its filters' labels.
func (s *server) describeSearch(u string) string {
	_, qs, _ := strings.Cut(u, "?")
	q, _ := s.parseSearchString(qs)
	var parts []string
	if q.Text != "" {
		parts = append(parts, "“"+q.Text+"”")
	}
	for _, field := range catalog.FacetFields {
		for _, v := range q.Filters[field] {
			parts = append(parts, s.fieldLabel(field)+": "+s.label(field, v))
		}
	}
	return strings.Join(parts, " · ")
}
