package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/audit"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// The audit log for people: /hubs/{hub}/audit for a hub's moderators and
// beheerders, /beheer/audit (every hub, and what belongs to none) for
// beheerders, and GET /api/v1/audit?hub=… as JSON or, with format=csv, as
// a CSV file for Excel. Newest first, filtered by action, person and
// period, in pages. Who may see what is audit.MaySee (auth.Can).

const (
	auditPerPage = 50
	auditCSVMax  = 50000 // rows in one CSV export
)

func (s *server) bindAudit(app *fiber.App) {
	if s.cfg.Audit == nil {
		return
	}
	app.Get("/api/v1/audit", s.apiAudit)
	if s.cfg.Accounts == nil {
		return
	}
	app.Get("/hubs/:slug/audit", s.requireSignedIn, s.auditPage)
	app.Get("/beheer/audit", s.requireSignedIn, s.auditPage)
}

// auditFilter is a request's filter, parsed.
type auditFilter struct {
	Hub, Action, Person, From, To string
	Page                          int
	Query                         store.AuditQuery
	Problem                       string // Dutch: what is wrong with the filter
}

// parseAuditFilter reads hub, actie/action, persoon/person, van/from,
// tot/to (dates, inclusive, Brussels time) and pagina/page.
func parseAuditFilter(c *fiber.Ctx, hub string) auditFilter {
	q := func(nl, en string) string { return strings.TrimSpace(c.Query(nl, c.Query(en))) }
	f := auditFilter{Hub: hub, Action: q("actie", "action"), Person: q("persoon", "person"), From: q("van", "from"), To: q("tot", "to"), Page: 1}
	f.Query.Hub, f.Query.Action = hub, f.Action
	var problems []string
	if f.Person != "" {
		id, err := strconv.ParseInt(f.Person, 10, 64)
		if err != nil || id <= 0 {
			problems = append(problems, "Persoon: kies iemand uit de lijst.")
		}
		f.Query.ActorUserID = id
	}
	if f.From != "" {
		t, err := time.ParseInLocation("2006-01-02", f.From, audit.Brussels)
		if err != nil {
			problems = append(problems, "Van: ‘"+f.From+"’ is geen datum; schrijf JJJJ-MM-DD, bv. 2026-03-01.")
		}
		f.Query.From = t
	}
	if f.To != "" {
		t, err := time.ParseInLocation("2006-01-02", f.To, audit.Brussels)
		if err != nil {
			problems = append(problems, "Tot en met: ‘"+f.To+"’ is geen datum; schrijf JJJJ-MM-DD, bv. 2026-03-31.")
		} else {
			f.Query.To = t.AddDate(0, 0, 1) // inclusive: up to the end of that day
		}
	}
	if p := q("pagina", "page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			problems = append(problems, "Pagina: ‘"+p+"’ is geen paginanummer.")
		} else {
			f.Page = n
		}
	}
	f.Problem = strings.Join(problems, " ")
	return f
}

// link is this filter's address on path with page n.
func (f auditFilter) link(path string, n int) string {
	v := url.Values{}
	for k, val := range map[string]string{"actie": f.Action, "persoon": f.Person, "van": f.From, "tot": f.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if n > 1 {
		v.Set("pagina", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

func (s *server) auditService() *audit.Service {
	if s.cfg.Audit == nil {
		return nil
	}
	return s.cfg.Audit()
}

// knownHub reports whether id names a regional hub.
func (s *server) knownHub(id string) bool {
	_, ok := s.vocab().Term(catalog.FieldHub, id)
	return ok
}

type auditRowView struct {
	When, Stamp string // "1 maart 2026 om 10:30" (Brussels), RFC 3339 UTC
	Who, Action string
	Slug, Link  string
	Hub         string
	From, To    string
	Comment     string
	Note        string
	Revision    int
}

type auditView struct {
	Page
	HubName, Path, CSV string
	AllHubs            bool
	Filter             auditFilter
	Actions            []audit.Option
	People             []audit.Option
	Rows               []auditRowView
	Total              int
	Pagination         pagination
}

func (s *server) auditPage(c *fiber.Ctx) error {
	hub := c.Params("slug")
	path := "/beheer/audit"
	if c.Route().Path == "/hubs/:slug/audit" {
		if hub == "" || !s.knownHub(hub) {
			return fiber.ErrNotFound
		}
		path = "/hubs/" + url.PathEscape(hub) + "/audit"
	}
	u := actor(c)
	if !audit.MaySee(u, hub) {
		msg := "Het auditlog van alle hubs is alleen voor beheerders."
		if hub != "" {
			msg = "Het auditlog van " + s.label(catalog.FieldHub, hub) + " is alleen voor de moderatoren van die hub en voor beheerders. Moet jij het kunnen lezen, vraag dan een beheerder om je de rol moderator voor deze hub te geven."
		}
		return s.forbidden(c, msg)
	}
	svc := s.auditService()
	if svc == nil {
		return errStarting
	}
	f := parseAuditFilter(c, hub)
	title := "Auditlog van alle hubs"
	if hub != "" {
		title = "Auditlog van " + s.label(catalog.FieldHub, hub)
	}
	v := auditView{Page: s.adminPage(c, title), Path: path, AllHubs: hub == "", Filter: f, Actions: audit.Actions()}
	if hub != "" {
		v.HubName = s.label(catalog.FieldHub, hub)
	}
	csvQuery := url.Values{"format": {"csv"}}
	if hub != "" {
		csvQuery.Set("hub", hub)
	}
	for k, val := range map[string]string{"action": f.Action, "person": f.Person, "from": f.From, "to": f.To} {
		if val != "" {
			csvQuery.Set(k, val)
		}
	}
	v.CSV = "/api/v1/audit?" + csvQuery.Encode()
	people, err := svc.People(c.UserContext(), u, hub)
	if err != nil {
		return err
	}
	for _, p := range people {
		v.People = append(v.People, audit.Option{Value: strconv.FormatInt(p.UserID, 10), Label: p.Name})
	}
	if f.Problem != "" {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.render(c, "auditlog", v)
	}
	f.Query.Limit, f.Query.Offset = auditPerPage, (f.Page-1)*auditPerPage
	entries, total, err := svc.Entries(c.UserContext(), u, f.Query)
	if err != nil {
		return err
	}
	v.Total = total
	for _, e := range entries {
		r := auditRowView{When: dutchDateTime(e.At), Stamp: e.At.UTC().Format(time.RFC3339), Who: audit.Who(e), Action: audit.Label(e.Action), Slug: e.Slug, Hub: e.Hub,
			From: e.FromState, To: e.ToState, Comment: e.Comment, Note: e.Note, Revision: e.Revision}
		if e.Slug != "" {
			r.Link = "/materialen/" + url.PathEscape(e.Slug)
		}
		if r.Hub != "" {
			r.Hub = s.label(catalog.FieldHub, r.Hub)
		}
		v.Rows = append(v.Rows, r)
	}
	pages := (total + auditPerPage - 1) / auditPerPage
	v.Pagination = paginate("Pagina’s van het auditlog", f.Page, pages, func(n int) string { return f.link(path, n) })
	return s.render(c, "auditlog", v)
}

type apiAuditEntry struct {
	At         time.Time `json:"at"`
	Who        string    `json:"who"`
	UserID     int64     `json:"user_id"`
	Action     string    `json:"action"`
	Label      string    `json:"label"`
	Hub        string    `json:"hub"`
	Slug       string    `json:"slug"`
	MaterialID int64     `json:"material_id"`
	Revision   int       `json:"revision"`
	FromState  string    `json:"from_state"`
	ToState    string    `json:"to_state"`
	Comment    string    `json:"comment"`
	Note       string    `json:"note"`
}

// apiAudit is GET /api/v1/audit?hub=…: JSON in pages of per_page (at most
// 200), or format=csv: the whole selection (at most auditCSVMax rows) as
// a CSV file.
func (s *server) apiAudit(c *fiber.Ctx) error {
	hub := strings.TrimSpace(c.Query("hub"))
	if hub != "" && !s.knownHub(hub) {
		return writeFail(c, fiber.StatusNotFound, apiErrorBody{Code: "not_found", Parameter: "hub",
			Message: "hub: ‘" + hub + "’ is geen regionale hub; zie /api/v1/hubs voor de namen."})
	}
	refusal := "Het auditlog van alle hubs is alleen voor beheerders; vraag met ?hub=… het log van een hub die je modereert."
	if hub != "" {
		refusal = "Het auditlog van deze hub is alleen voor zijn moderatoren en voor beheerders."
	}
	if ok, err := apiAllowed(c, auth.HubReview, auth.Resource{Hub: hub}, refusal); !ok {
		return err
	}
	svc := s.auditService()
	if svc == nil {
		return writeFail(c, fiber.StatusServiceUnavailable, apiErrorBody{Code: "starting", Message: "De hub start nog op. Probeer het over enkele ogenblikken opnieuw."})
	}
	f := parseAuditFilter(c, hub)
	format := c.Query("format", "json")
	if format != "json" && format != "csv" {
		f.Problem = strings.TrimSpace(f.Problem + " format: kies json of csv.")
	}
	perPage := auditPerPage
	if p := c.Query("per_page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 200 {
			f.Problem = strings.TrimSpace(f.Problem + " per_page: een getal van 1 tot 200.")
		}
		perPage = n
	}
	if f.Problem != "" {
		return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "invalid_query", Message: f.Problem})
	}
	if format == "csv" {
		f.Query.Limit = auditCSVMax
	} else {
		f.Query.Limit, f.Query.Offset = perPage, (f.Page-1)*perPage
	}
	entries, total, err := svc.Entries(c.UserContext(), actor(c), f.Query)
	if errors.Is(err, audit.ErrForbidden) {
		return writeFail(c, fiber.StatusForbidden, apiErrorBody{Code: "forbidden", Message: refusal})
	}
	if err != nil {
		return err
	}
	if format == "csv" {
		name := "auditlog-alle-hubs"
		if hub != "" {
			name = "auditlog-" + hub
		}
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+"-"+time.Now().In(audit.Brussels).Format("2006-01-02")+`.csv"`)
		return c.Send(audit.CSV(entries))
	}
	out := make([]apiAuditEntry, len(entries))
	for i, e := range entries {
		out[i] = apiAuditEntry{At: e.At, Who: audit.Who(e), UserID: e.ActorUserID, Action: e.Action, Label: audit.Label(e.Action),
			Hub: e.Hub, Slug: e.Slug, MaterialID: e.MaterialID, Revision: e.Revision, FromState: e.FromState, ToState: e.ToState,
			Comment: e.Comment, Note: e.Note}
	}
	return c.JSON(fiber.Map{"entries": out, "total": total, "page": f.Page, "per_page": perPage})
}
