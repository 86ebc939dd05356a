package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/hubs"
	"github.com/stem-kennishub/hub/internal/store"
)

// The hub admin pages: a beheerder lists the regional hubs with their
// numbers, edits one (everything but its slug, the id materials and roles
// name it by) or makes a new one. Plain forms; every change is a POST
// behind the cross-site guard, answered with a redirect (post/redirect/get)
// or, when refused, the form again with a message beside each field. The
// permission is auth.Can(HubManage), asked here for the pages and again by
// the service for each change.

const (
	pathHubAdmin = "/beheer/hubs"
	pathHubNew   = pathHubAdmin + "/nieuw"
)

func (s *server) bindHubAdmin(app *fiber.App) {
	// hubs_api.go: public, limited like search (the counts come from the engine).
	app.Get("/api/v1/hubs", s.limit(s.searchLimit), s.apiHubs)
	if s.cfg.Accounts == nil || s.cfg.Hubs == nil {
		return
	}
	app.Get(pathHubAdmin, s.requireSignedIn, s.requireHubManage, s.hubAdminList)
	app.Get(pathHubNew, s.requireSignedIn, s.requireHubManage, s.hubAdminNew)
	app.Post(pathHubNew, s.requireSignedIn, s.requireHubManage, s.hubAdminCreate)
	app.Get(pathHubAdmin+"/:slug", s.requireSignedIn, s.requireHubManage, s.hubAdminEdit)
	app.Post(pathHubAdmin+"/:slug", s.requireSignedIn, s.requireHubManage, s.hubAdminSave)
}

// hubService is the hub records' service, nil while the hub starts or
// when the app has none (the hub pages then read the vocabulary).
func (s *server) hubService() *hubs.Service {
	if s.cfg.Hubs == nil {
		return nil
	}
	return s.cfg.Hubs()
}

func (s *server) requireHubManage(c *fiber.Ctx) error {
	if !auth.Can(actor(c), auth.HubManage, auth.Resource{}) {
		c.Status(fiber.StatusForbidden)
		return s.render(c, "error", s.errorView(c, problem{Status: fiber.StatusForbidden, Code: "forbidden", Title: "Geen toegang",
			Message: "Alleen een beheerder kan regionale hubs beheren. Wil je iets aan een hub laten veranderen, vraag het dan aan een beheerder van de STEM Kennishub."}))
	}
	if s.hubService() == nil {
		return errStarting
	}
	return c.Next()
}

// adminHubRow is one hub in the admin list.
type adminHubRow struct {
	Slug, Name, Region, EditPath, PagePath string
	store.HubCounts
}

type hubAdminListView struct {
	Page
	Hubs   []adminHubRow
	Notice string
}

func (s *server) hubAdminList(c *fiber.Ctx) error {
	listed, err := s.hubService().List(c.UserContext())
	if err != nil {
		return err
	}
	v := hubAdminListView{Page: s.adminPage(c, "Regionale hubs beheren")}
	for _, l := range listed {
		v.Hubs = append(v.Hubs, adminHubRow{Slug: l.Hub.Slug, Name: l.Hub.Name, Region: l.Hub.Region, HubCounts: l.Counts,
			EditPath: pathHubAdmin + "/" + url.PathEscape(l.Hub.Slug), PagePath: "/hubs/" + url.PathEscape(l.Hub.Slug)})
	}
	return s.render(c, "beheer-hubs", v)
}

func (s *server) adminPage(c *fiber.Ctx, title string) Page {
	p := s.page(c, title, "", "")
	p.NoIndex = true
	c.Set(fiber.HeaderCacheControl, "no-store")
	return p
}

// hubFormView is the edit (or new) form of one hub.
type hubFormView struct {
	Page
	New      bool
	Form     hubs.Input
	Action   string
	PagePath string
	Errors   map[string]string
	Summary  []accountFormError
	Notice   string
	RTCs     []hubOption
	Orgs     []hubOrg
	Members  []hubMemberView
	Limits   struct{ Name, Description, Region, URL int }
}

type hubOrg struct {
	ID, Label string
	Checked   bool
}

type hubMemberView struct {
	Name, Email, Role, Path string
	Disabled                bool
}

// hubFormLabels name the form's fields in the error summary, in form order.
var hubFormLabels = [][2]string{{"slug", "Adresnaam"}, {"name", "Naam"}, {"region", "Regio"}, {"description", "Beschrijving"},
	{"rtc", "Regionaal Technologisch Centrum"}, {"contacts", "Contactorganisaties"}, {"contact_email", "E-mailadres"}, {"contact_url", "Website"}}

var hubNotices = map[string]string{
	"gemaakt":     "De hub is gemaakt. Materialen kunnen hem nu als regionale hub kiezen; geef auteurs en moderatoren hun rol op Gebruikers beheren.",
	"bewaard":     "De wijzigingen zijn bewaard en staan meteen op de hubpagina.",
	"ongewijzigd": "Er veranderde niets: het formulier had dezelfde gegevens als de hub.",
}

func (s *server) hubForm(c *fiber.Ctx, title string, in hubs.Input, isNew bool) hubFormView {
	v := hubFormView{Page: s.adminPage(c, title), New: isNew, Form: in, Action: pathHubNew}
	if !isNew {
		v.Action = pathHubAdmin + "/" + url.PathEscape(in.Slug)
		v.PagePath = "/hubs/" + url.PathEscape(in.Slug)
	}
	v.Limits.Name, v.Limits.Description, v.Limits.Region, v.Limits.URL = hubs.MaxName, hubs.MaxDescription, hubs.MaxRegion, hubs.MaxURL
	for _, t := range s.vocab().Networks() {
		if strings.HasPrefix(t.ID, "rtc-") {
			v.RTCs = append(v.RTCs, hubOption{ID: t.ID, Label: t.Label})
		}
		if t.URL != "" {
			v.Orgs = append(v.Orgs, hubOrg{ID: t.ID, Label: t.Label, Checked: contains(in.Contacts, t.ID)})
		}
	}
	return v
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func (s *server) hubAdminNew(c *fiber.Ctx) error {
	return s.render(c, "beheer-hub", s.hubForm(c, "Nieuwe regionale hub", hubs.Input{}, true))
}

// hubInput reads the form.
func hubInput(c *fiber.Ctx) hubs.Input {
	in := hubs.Input{Slug: c.FormValue("slug"), Name: c.FormValue("name"), Description: c.FormValue("description"),
		Region: c.FormValue("region"), RTC: c.FormValue("rtc"), ContactEmail: c.FormValue("contact_email"), ContactURL: c.FormValue("contact_url")}
	if args := c.Request().PostArgs(); args != nil {
		for _, b := range args.PeekMulti("contacts") {
			in.Contacts = append(in.Contacts, string(b))
		}
	}
	return in
}

// refused shows the form again with a message beside each refused field
// (422), or passes on what is no person's mistake.
func (s *server) hubRefused(c *fiber.Ctx, err error, v hubFormView) error {
	errs, sum, ok := formErrors(err, hubFormLabels)
	if !ok {
		if errors.Is(err, hubs.ErrForbidden) {
			return s.requireHubManage(c)
		}
		if errors.Is(err, store.ErrNotFound) {
			return fiber.ErrNotFound
		}
		return err
	}
	v.Errors, v.Summary = errs, sum
	c.Status(fiber.StatusUnprocessableEntity)
	return s.render(c, "beheer-hub", v)
}

func (s *server) hubAdminCreate(c *fiber.Ctx) error {
	in := hubInput(c)
	h, err := s.hubService().Create(c.UserContext(), *current(c), in)
	if err != nil {
		return s.hubRefused(c, err, s.hubForm(c, "Nieuwe regionale hub", in, true))
	}
	return c.Redirect(pathHubAdmin+"/"+url.PathEscape(h.Slug)+"?melding=gemaakt", fiber.StatusSeeOther)
}

func (s *server) hubAdminEdit(c *fiber.Ctx) error {
	h, err := s.hubService().Hub(c.UserContext(), c.Params("slug"))
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	v := s.hubForm(c, "Hub "+h.Name+" bewerken", hubs.InputOf(h), false)
	v.Notice = hubNotices[c.Query("melding")]
	if err := s.hubMembers(c, &v); err != nil {
		return err
	}
	return s.render(c, "beheer-hub", v)
}

func (s *server) hubMembers(c *fiber.Ctx, v *hubFormView) error {
	ms, err := s.hubService().Members(c.UserContext(), v.Form.Slug)
	if err != nil {
		return err
	}
	for _, m := range ms {
		v.Members = append(v.Members, hubMemberView{Name: m.User.Name, Email: m.User.Email, Disabled: m.User.Disabled,
			Role: map[string]string{"auteur": "Auteur", "moderator": "Moderator"}[m.Role],
			Path: pathUsers + "/" + strconv.FormatInt(m.User.ID, 10)})
	}
	return nil
}

func (s *server) hubAdminSave(c *fiber.Ctx) error {
	slug := c.Params("slug")
	old, err := s.hubService().Hub(c.UserContext(), slug)
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	in := hubInput(c)
	in.Slug = slug // the slug is the id: a form cannot change it
	_, changed, err := s.hubService().Update(c.UserContext(), *current(c), slug, in)
	if err != nil {
		v := s.hubForm(c, "Hub "+old.Name+" bewerken", in, false)
		if merr := s.hubMembers(c, &v); merr != nil {
			return merr
		}
		return s.hubRefused(c, err, v)
	}
	melding := "bewaard"
	if len(changed) == 0 {
		melding = "ongewijzigd"
	}
	return c.Redirect(pathHubAdmin+"/"+url.PathEscape(slug)+"?melding="+melding, fiber.StatusSeeOther)
}

// hubTerms are the hubs for the public pages: the records when the app has
// them (fresh from the database, so an edit on another instance shows at
// once), else the vocabulary's terms.
func (s *server) hubTerms(c *fiber.Ctx) []catalog.Term {
	entries := s.hubEntries(c)
	out := make([]catalog.Term, len(entries))
	for i, e := range entries {
		out[i] = e.Term
	}
	return out
}

// hubEntry is a hub with its own contact point (empty without a record).
type hubEntry struct {
	Term catalog.Term
	Own  hubContact
}

func (s *server) hubEntries(c *fiber.Ctx) []hubEntry {
	if svc := s.hubService(); svc != nil {
		if hs, err := svc.Hubs(c.UserContext()); err == nil && len(hs) > 0 {
			out := make([]hubEntry, len(hs))
			for i, h := range hs {
				out[i] = hubEntry{Term: hubs.Term(h), Own: contactOf(h)}
			}
			return out
		} else if err != nil {
			s.log.Warn("regionale hubs niet gelezen; de lijst uit het vocabularium wordt getoond", "fout", err)
		}
	}
	var out []hubEntry
	for _, t := range s.vocab().Hubs() {
		out = append(out, hubEntry{Term: s.term(catalog.FieldHub, t.ID)})
	}
	return out
}

// hubContact is a hub's own contact point on its page.
type hubContact struct {
	Email, URL, Site string // Site: the URL without scheme, as a link text
}

// hubRecord puts the record of a hub into term (name, description, region,
// RTC, contacts) and returns its own contact point; without a record the
// term stays as the vocabulary gave it.
func (s *server) hubRecord(c *fiber.Ctx, term *catalog.Term) hubContact {
	svc := s.hubService()
	if svc == nil {
		return hubContact{}
	}
	h, err := svc.Hub(c.UserContext(), term.ID)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Warn("hub niet gelezen; de pagina toont het vocabularium", "hub", term.ID, "fout", err)
		}
		return hubContact{}
	}
	*term = hubs.Term(h)
	return contactOf(h)
}

func contactOf(h store.Hub) hubContact {
	site := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(h.ContactURL, "https://"), "http://"), "/")
	return hubContact{Email: h.ContactEmail, URL: h.ContactURL, Site: site}
}
