package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// The user admin page: a beheerder finds accounts, sees their roles per
// hub, grants and revokes roles and disables or enables accounts. Plain
// forms (no script); every change is a POST behind the cross-site guard
// that ends in a redirect back to the account (post/redirect/get). The
// permission is auth.Can(UserManage), asked here for the pages and again
// by the service for each change.

const (
	pathUsers     = "/beheer/gebruikers"
	maxUsersShown = 50
)

func (s *server) bindUserAdmin(app *fiber.App) {
	if s.cfg.Accounts == nil {
		return
	}
	app.Get(pathUsers, s.requireSignedIn, s.requireUserManage, s.usersPage)
	app.Get(pathUsers+"/:id", s.requireSignedIn, s.requireUserManage, s.userPage)
	app.Post(pathUsers+"/:id/rol-toekennen", s.requireSignedIn, s.requireUserManage, s.userGrantPost(true))
	app.Post(pathUsers+"/:id/rol-intrekken", s.requireSignedIn, s.requireUserManage, s.userGrantPost(false))
	app.Post(pathUsers+"/:id/uitschakelen", s.requireSignedIn, s.requireUserManage, s.userDisablePost(true))
	app.Post(pathUsers+"/:id/inschakelen", s.requireSignedIn, s.requireUserManage, s.userDisablePost(false))
}

func (s *server) requireUserManage(c *fiber.Ctx) error {
	if !auth.Can(actor(c), auth.UserManage, auth.Resource{}) {
		c.Status(fiber.StatusForbidden)
		return s.render(c, "error", s.errorView(c, problem{Status: fiber.StatusForbidden, Code: "forbidden", Title: "Geen toegang",
			Message: "Alleen een beheerder kan accounts beheren. Heb je die rol nodig, vraag het dan aan een beheerder van de hub."}))
	}
	return c.Next()
}

// adminUser is one account on the page.
type adminUser struct {
	ID       int64
	Email    string
	Name     string
	Disabled bool
	Grants   []adminGrant
	Path     string
}

type adminGrant struct {
	Role, Hub, Label string
}

type hubOption struct{ ID, Label string }

type usersView struct {
	Page
	Query    string
	Max      int // at most this many found accounts are shown
	Searched bool
	Found    []adminUser
	More     bool // more than maxUsersShown matched
	User     *adminUser
	Self     bool // the account is the admin's own
	Hubs     []hubOption
	Roles    []hubOption
	Errors   map[string]string
	Alert    string
	Notice   string
	Role     string // the grant form's choice, kept after an error
	Hub      string
}

func (s *server) toAdminUser(u auth.UserWithGrants) adminUser {
	a := adminUser{ID: u.User.ID, Email: u.User.Email, Name: u.User.Name, Disabled: u.User.Disabled, Path: pathUsers + "/" + strconv.FormatInt(u.User.ID, 10)}
	for _, g := range u.Grants {
		a.Grants = append(a.Grants, adminGrant{Role: string(g.Role), Hub: g.Hub, Label: s.roleLabel(g)})
	}
	return a
}

func (s *server) usersView(c *fiber.Ctx, title string) usersView {
	v := usersView{Page: s.page(c, title, "", ""), Max: maxUsersShown}
	v.NoIndex = true
	for _, h := range s.vocab().Hubs() {
		v.Hubs = append(v.Hubs, hubOption{ID: h.ID, Label: s.label(catalog.FieldHub, h.ID)})
	}
	v.Roles = []hubOption{{"leraar", "Leraar"}, {"auteur", "Auteur (per hub)"}, {"moderator", "Moderator (per hub)"}, {"beheerder", "Beheerder (hele hub)"}}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return v
}

func (s *server) usersPage(c *fiber.Ctx) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	v := s.usersView(c, "Gebruikers beheren")
	v.Query = c.Query("q")
	_, v.Searched = c.Queries()["q"]
	if v.Searched {
		found, err := svc.FindUsers(c.UserContext(), v.Query, maxUsersShown+1)
		if err != nil {
			return err
		}
		if len(found) > maxUsersShown {
			found, v.More = found[:maxUsersShown], true
		}
		for _, f := range found {
			v.Found = append(v.Found, s.toAdminUser(f))
		}
	}
	return s.render(c, "beheer-gebruikers", v)
}

// subject is the account named by :id, or a 404.
func (s *server) subject(c *fiber.Ctx, svc *auth.Service) (auth.UserWithGrants, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return auth.UserWithGrants{}, fiber.ErrNotFound
	}
	u, err := svc.UserByID(c.UserContext(), id)
	if errors.Is(err, store.ErrUserNotFound) {
		return u, fiber.ErrNotFound
	}
	return u, err
}

var userNotices = map[string]string{
	"toegekend":     "De rol is toegekend. De persoon is overal afgemeld en krijgt de nieuwe rechten bij de volgende aanmelding.",
	"ingetrokken":   "De rol is ingetrokken. De persoon is overal afgemeld.",
	"ongewijzigd":   "Er veranderde niets: het account had die rol al, of had ze niet.",
	"uitgeschakeld": "Het account is uitgeschakeld en overal afgemeld. Aanmelden en API-sleutels werken niet meer tot je het weer inschakelt.",
	"ingeschakeld":  "Het account is weer ingeschakeld.",
}

func (s *server) userPage(c *fiber.Ctx) error {
	return s.renderUser(c, usersView{Notice: userNotices[c.Query("melding")]})
}

// renderUser shows one account, with what the last form left in v.
func (s *server) renderUser(c *fiber.Ctx, in usersView) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	u, err := s.subject(c, svc)
	if err != nil {
		return err
	}
	v := s.usersView(c, "Account "+u.User.Email)
	v.Errors, v.Alert, v.Notice, v.Role, v.Hub = in.Errors, in.Alert, in.Notice, in.Role, in.Hub
	au := s.toAdminUser(u)
	v.User, v.Self = &au, u.User.ID == current(c).User.ID
	return s.render(c, "beheer-gebruikers", v)
}

// changeError shows a refused change on the account's page (422), or
// passes on what is no person's mistake.
func (s *server) changeError(c *fiber.Ctx, err error, role, hub string) error {
	var fe auth.FieldErrors
	if errors.As(err, &fe) {
		c.Status(fiber.StatusUnprocessableEntity)
		alert := "Niets gewijzigd. " + fe["role"] + fe["hub"] + fe["account"]
		return s.renderUser(c, usersView{Errors: fe, Alert: alert, Role: role, Hub: hub})
	}
	if errors.Is(err, auth.ErrForbidden) {
		return s.requireUserManage(c)
	}
	if errors.Is(err, store.ErrUserNotFound) {
		return fiber.ErrNotFound
	}
	return err
}

// onSubject runs fn for the account named by :id (404 when there is none).
func (s *server) onSubject(fn func(c *fiber.Ctx, svc *auth.Service, u auth.UserWithGrants) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		svc, err := s.accounts()
		if err != nil {
			return err
		}
		u, err := s.subject(c, svc)
		if err != nil {
			return err
		}
		return fn(c, svc, u)
	}
}

func (s *server) userGrantPost(on bool) fiber.Handler {
	return s.onSubject(func(c *fiber.Ctx, svc *auth.Service, u auth.UserWithGrants) error {
		role, hub := c.FormValue("role"), c.FormValue("hub")
		g, fe := svc.ParseGrantForm(role, hub)
		if fe != nil {
			return s.changeError(c, fe, role, hub)
		}
		changed, err := svc.AdminSetGrant(c.UserContext(), *current(c), u.User.ID, g, on)
		if err != nil {
			return s.changeError(c, err, role, hub)
		}
		melding := "ongewijzigd"
		if changed {
			melding = map[bool]string{true: "toegekend", false: "ingetrokken"}[on]
		}
		return c.Redirect(s.toAdminUser(u).Path+"?melding="+melding, fiber.StatusSeeOther)
	})
}

func (s *server) userDisablePost(on bool) fiber.Handler {
	return s.onSubject(func(c *fiber.Ctx, svc *auth.Service, u auth.UserWithGrants) error {
		if err := svc.AdminSetDisabled(c.UserContext(), *current(c), u.User.ID, on); err != nil {
			return s.changeError(c, err, "", "")
		}
		return c.Redirect(s.toAdminUser(u).Path+"?melding="+map[bool]string{true: "uitgeschakeld", false: "ingeschakeld"}[on], fiber.StatusSeeOther)
	})
}
