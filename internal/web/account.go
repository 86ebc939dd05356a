package web

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// Account pages: sign-up, confirmation, sign-in and -out, password change
// and reset, "mijn account". Plain HTML forms that work without script;
// every state change is a POST (a link in a mail opens a page with a
// button, so a mail scanner that fetches the link changes nothing). The
// handlers only parse and render: internal/auth does the work.

const (
	pathSignIn         = "/aanmelden"
	pathSignOut        = "/afmelden"
	pathSignUp         = "/registreren"
	pathConfirm        = "/bevestigen"
	pathForgot         = "/wachtwoord-vergeten"
	pathChangePassword = "/wachtwoord-wijzigen"
	pathMyAccount      = "/mijn-account"
	pathEverywhere     = "/overal-afmelden"
)

// defaultSignUpLimit: a few sign-ups in a row per client, then one a
// minute (each sends a mail, maybe to someone else's address).
var defaultSignUpLimit = RateLimit{PerSecond: 1.0 / 60, Burst: 5}

func (s *server) bindAccounts(app *fiber.App) {
	if s.cfg.Accounts == nil {
		return
	}
	app.Get(pathSignIn, s.signInPage)
	app.Post(pathSignIn, s.signInPost)
	app.Get(pathSignOut, s.signOutPage)
	app.Post(pathSignOut, s.signOutPost)
	app.Get(pathSignUp, s.signUpPage)
	app.Post(pathSignUp, s.limit(newLimiter(defaultSignUpLimit, s.cfg.MaxClients, nil)), s.signUpPost)
	app.Get(pathConfirm, s.confirmPage)
	app.Post(pathConfirm, s.confirmPost)
	app.Get(pathForgot, s.forgotPage)
	app.Post(pathForgot, s.forgotPost)
	app.Get(pathChangePassword, s.requireSignedIn, s.changePasswordPage)
	app.Post(pathChangePassword, s.requireSignedIn, s.changePasswordPost)
	app.Get(pathMyAccount, s.requireSignedIn, s.myAccountPage)
	app.Post(pathEverywhere, s.requireSignedIn, s.everywherePost)
	s.bindOIDC(app) // account_oidc.go: 404 unless HUB_OIDC_ISSUER is set
}

// accounts is the service, or errStarting while the database opens.
func (s *server) accounts() (*auth.Service, error) {
	if svc := s.cfg.Accounts(); svc != nil {
		return svc, nil
	}
	return nil, errStarting
}

// accountFormError is one field's message in the summary above a form.
type accountFormError struct {
	Field   string // the input's id
	Label   string
	Message string
}

// accountView is what every account page shows.
type accountView struct {
	Page
	Email, Name string
	Token       string // a link's token, carried in a hidden field
	Back        string // where to go after signing in
	Errors      map[string]string
	Summary     []accountFormError
	Alert       string // what went wrong, above the form (role="alert")
	Notice      string // what went right (role="status")
	MinLength   int
	Done        bool // the form's work is done: show the outcome only
	Roles       []string
	Created     time.Time
	// Personal API tokens (tokens.go): the list, and a new token's secret
	// shown this once.
	Tokens                            []tokenRow
	NewToken, NewTokenName, TokenName string
	ManageUsers                       bool   // a link to /beheer/gebruikers (auth.Can UserManage)
	OIDCName                          string // the school sign-in button's label; empty: no OIDC

	Notes notesAccount // notifications.go: the e-mail choice, audit links
}

func (s *server) accountPage(c *fiber.Ctx, page, title string, v accountView) error {
	v.Page = s.page(c, title, "", "")
	v.NoIndex = true
	v.MinLength = auth.MinPasswordLength
	if svc := s.cfg.Accounts(); svc != nil && svc.OIDC() != nil {
		v.OIDCName = svc.OIDC().Name()
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, page, v)
}

// formErrors turns the service's field errors into the page's, in form order.
func formErrors(err error, labels [][2]string) (map[string]string, []accountFormError, bool) {
	var fe auth.FieldErrors
	if !errors.As(err, &fe) {
		return nil, nil, false
	}
	var sum []accountFormError
	for _, l := range labels {
		if msg, ok := fe[l[0]]; ok {
			sum = append(sum, accountFormError{Field: "veld-" + l[0], Label: l[1], Message: msg})
		}
	}
	return fe, sum, true
}

// safeBack keeps a return path only when it is a path on this site.
func safeBack(p string) string {
	if len(p) > 500 || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n\t") {
		return ""
	}
	return p
}

func (s *server) clientIP(c *fiber.Ctx) string {
	return clientKey(clientAddr(c, s.cfg.TrustedProxies)).String()
}

// userError answers a service error that a person can act on with its
// Dutch message and a status; anything else goes to the error handler.
func userError(err error) (string, int, bool) {
	var th auth.ErrThrottled
	switch {
	case errors.As(err, &th):
		return th.Error(), fiber.StatusTooManyRequests, true
	case errors.Is(err, auth.ErrBadCredentials):
		return err.Error(), fiber.StatusUnauthorized, true
	case errors.Is(err, auth.ErrNotConfirmed), errors.Is(err, auth.ErrDisabled):
		return err.Error(), fiber.StatusForbidden, true
	case errors.Is(err, auth.ErrLink):
		return err.Error(), fiber.StatusBadRequest, true
	case errors.Is(err, auth.ErrHashingBusy):
		return "Er melden zich nu erg veel mensen tegelijk aan. Probeer het over enkele seconden opnieuw.", fiber.StatusServiceUnavailable, true
	}
	return "", 0, false
}

func (s *server) requireSignedIn(c *fiber.Ctx) error {
	if current(c) == nil {
		return c.Redirect(pathSignIn+"?terug="+c.Path(), fiber.StatusSeeOther)
	}
	return c.Next()
}

func (s *server) signInPage(c *fiber.Ctx) error {
	if current(c) != nil {
		return c.Redirect(pathMyAccount, fiber.StatusSeeOther)
	}
	v := accountView{Back: safeBack(c.Query("terug"))}
	switch c.Query("melding") {
	case "afgemeld":
		v.Notice = "Je bent afgemeld."
	case "overal":
		v.Notice = "Je bent op al je toestellen afgemeld."
	case "bevestigd":
		v.Notice = "Je e-mailadres is bevestigd. Meld je nu aan."
	case "hersteld":
		v.Notice = "Je nieuwe wachtwoord is ingesteld en je bent overal afgemeld. Meld je aan met je nieuwe wachtwoord."
	}
	return s.accountPage(c, "account-aanmelden", "Aanmelden", v)
}

func (s *server) signInPost(c *fiber.Ctx) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	v := accountView{Email: strings.TrimSpace(c.FormValue("email")), Back: safeBack(c.FormValue("terug"))}
	if v.Email == "" || c.FormValue("password") == "" {
		v.Alert = "Vul je e-mailadres en je wachtwoord in."
		c.Status(fiber.StatusUnprocessableEntity)
		return s.accountPage(c, "account-aanmelden", "Aanmelden", v)
	}
	signed, err := svc.SignIn(c.UserContext(), v.Email, c.FormValue("password"), s.clientIP(c))
	if msg, status, ok := userError(err); ok {
		var th auth.ErrThrottled
		if errors.As(err, &th) {
			c.Set(fiber.HeaderRetryAfter, fmt.Sprint(int(time.Until(th.Until).Seconds())+1))
		}
		v.Alert = msg
		c.Status(status)
		return s.accountPage(c, "account-aanmelden", "Aanmelden", v)
	}
	if err != nil {
		return err
	}
	// A session this browser still had ends: one browser, one session id.
	if cur := current(c); cur != nil {
		svc.SignOut(c.UserContext(), *cur)
	}
	s.setSessionCookie(c, signed.Token, signed.Expires)
	back := v.Back
	if back == "" {
		back = pathMyAccount
	}
	return c.Redirect(back, fiber.StatusSeeOther)
}

func (s *server) signOutPage(c *fiber.Ctx) error {
	return s.accountPage(c, "account-afmelden", "Afmelden", accountView{})
}

func (s *server) signOutPost(c *fiber.Ctx) error {
	if cur := current(c); cur != nil {
		svc, err := s.accounts()
		if err != nil {
			return err
		}
		if err := svc.SignOut(c.UserContext(), *cur); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return c.Redirect(pathSignIn+"?melding=afgemeld", fiber.StatusSeeOther)
}

func (s *server) everywherePost(c *fiber.Ctx) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	if err := svc.SignOutEverywhere(c.UserContext(), *current(c)); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.Redirect(pathSignIn+"?melding=overal", fiber.StatusSeeOther)
}

func (s *server) signUpPage(c *fiber.Ctx) error {
	return s.accountPage(c, "account-registreren", "Account maken", accountView{})
}

var signUpLabels = [][2]string{{"name", "Naam"}, {"email", "E-mailadres"}, {"password", "Wachtwoord"}}

func (s *server) signUpPost(c *fiber.Ctx) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	v := accountView{Email: strings.TrimSpace(c.FormValue("email")), Name: strings.TrimSpace(c.FormValue("name"))}
	err = svc.SignUp(c.UserContext(), v.Email, v.Name, c.FormValue("password"))
	if errs, sum, ok := formErrors(err, signUpLabels); ok {
		v.Errors, v.Summary = errs, sum
		c.Status(fiber.StatusUnprocessableEntity)
		return s.accountPage(c, "account-registreren", "Account maken", v)
	}
	if err != nil {
		return err
	}
	v.Done = true
	return s.accountPage(c, "account-registreren", "Kijk in je mailbox", v)
}

func (s *server) confirmPage(c *fiber.Ctx) error {
	return s.accountPage(c, "account-bevestigen", "E-mailadres bevestigen", accountView{Token: c.Query("token")})
}

func (s *server) confirmPost(c *fiber.Ctx) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	err = svc.Confirm(c.UserContext(), c.FormValue("token"))
	if msg, status, ok := userError(err); ok {
		c.Status(status)
		return s.accountPage(c, "account-bevestigen", "E-mailadres bevestigen", accountView{Alert: msg, Done: true})
	}
	if err != nil {
		return err
	}
	return c.Redirect(pathSignIn+"?melding=bevestigd", fiber.StatusSeeOther)
}

func (s *server) forgotPage(c *fiber.Ctx) error {
	title := "Wachtwoord vergeten"
	if c.Query("token") != "" {
		title = "Nieuw wachtwoord kiezen"
	}
	return s.accountPage(c, "account-wachtwoord-vergeten", title, accountView{Token: c.Query("token")})
}

func (s *server) forgotPost(c *fiber.Ctx) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	v := accountView{Email: strings.TrimSpace(c.FormValue("email")), Token: c.FormValue("token")}
	if v.Token != "" { // the second step: the new password
		err = svc.ResetPassword(c.UserContext(), v.Token, c.FormValue("password"))
		if errs, sum, ok := formErrors(err, [][2]string{{"password", "Nieuw wachtwoord"}}); ok {
			v.Errors, v.Summary = errs, sum
			c.Status(fiber.StatusUnprocessableEntity)
			return s.accountPage(c, "account-wachtwoord-vergeten", "Nieuw wachtwoord kiezen", v)
		}
		if msg, status, ok := userError(err); ok {
			c.Status(status)
			return s.accountPage(c, "account-wachtwoord-vergeten", "Wachtwoord vergeten", accountView{Alert: msg})
		}
		if err != nil {
			return err
		}
		s.clearSessionCookie(c)
		return c.Redirect(pathSignIn+"?melding=hersteld", fiber.StatusSeeOther)
	}
	err = svc.RequestReset(c.UserContext(), v.Email, s.clientIP(c))
	if errs, sum, ok := formErrors(err, [][2]string{{"email", "E-mailadres"}}); ok {
		v.Errors, v.Summary = errs, sum
		c.Status(fiber.StatusUnprocessableEntity)
		return s.accountPage(c, "account-wachtwoord-vergeten", "Wachtwoord vergeten", v)
	}
	if msg, status, ok := userError(err); ok {
		v.Alert = msg
		c.Status(status)
		return s.accountPage(c, "account-wachtwoord-vergeten", "Wachtwoord vergeten", v)
	}
	if err != nil {
		return err
	}
	v.Done = true
	return s.accountPage(c, "account-wachtwoord-vergeten", "Kijk in je mailbox", v)
}

func (s *server) changePasswordPage(c *fiber.Ctx) error {
	return s.accountPage(c, "account-wachtwoord-wijzigen", "Wachtwoord wijzigen", accountView{})
}

func (s *server) changePasswordPost(c *fiber.Ctx) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	signed, err := svc.ChangePassword(c.UserContext(), *current(c), c.FormValue("current"), c.FormValue("password"))
	if errs, sum, ok := formErrors(err, [][2]string{{"current", "Huidig wachtwoord"}, {"password", "Nieuw wachtwoord"}}); ok {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.accountPage(c, "account-wachtwoord-wijzigen", "Wachtwoord wijzigen", accountView{Errors: errs, Summary: sum})
	}
	if msg, status, ok := userError(err); ok {
		c.Status(status)
		return s.accountPage(c, "account-wachtwoord-wijzigen", "Wachtwoord wijzigen", accountView{Alert: msg})
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(c, signed.Token, signed.Expires)
	return c.Redirect(pathMyAccount+"?melding=wachtwoord", fiber.StatusSeeOther)
}

func (s *server) myAccountPage(c *fiber.Ctx) error {
	var v accountView
	switch c.Query("melding") {
	case "wachtwoord":
		v.Notice = "Je wachtwoord is gewijzigd. Op je andere toestellen ben je afgemeld."
	case "ingetrokken":
		v.Notice = "De API-sleutel is ingetrokken. Wie hem nog gebruikt, krijgt geen toegang meer."
	}
	return s.myAccount(c, v)
}

// myAccount shows "mijn account" with what a form left in v.
func (s *server) myAccount(c *fiber.Ctx, v accountView) error {
	cur := current(c)
	v.Email, v.Name, v.Created = cur.User.Email, cur.User.Name, cur.User.Created
	for _, g := range cur.Actor.Grants {
		v.Roles = append(v.Roles, s.roleLabel(g))
	}
	v.ManageUsers = auth.Can(cur.Actor, auth.UserManage, auth.Resource{})
	if err := s.fillTokens(c, &v); err != nil {
		return err
	}
	if err := s.fillNotes(c, &v); err != nil {
		return err
	}
	return s.accountPage(c, "account-mijn-account", "Mijn account", v)
}

// roleLabel: "Auteur voor Limburg", "Beheerder van de hele hub".
func (s *server) roleLabel(g auth.Grant) string {
	name := map[auth.Role]string{auth.RoleLeraar: "Leraar", auth.RoleAuteur: "Auteur", auth.RoleModerator: "Moderator", auth.RoleBeheerder: "Beheerder"}[g.Role]
	if name == "" {
		name = string(g.Role)
	}
	if g.Hub == "" {
		if g.Role == auth.RoleBeheerder {
			return name + " van de hele hub"
		}
		return name
	}
	return name + " voor " + s.label(catalog.FieldHub, g.Hub)
}

// accountNav is what the header shows about the person signed in.
type accountNav struct {
	Name string
	// Notes: the hub has notifications (a link to /meldingen); Unread:
	// how many are unread (notifications.go).
	Notes  bool
	Unread int
}

func navFor(c *fiber.Ctx) *accountNav {
	cur := current(c)
	if cur == nil {
		return nil
	}
	name := cur.User.Name
	if name == "" {
		name = cur.User.Email
	}
	nav := &accountNav{Name: name}
	if count, ok := c.Locals(localsUnread).(func() int); ok {
		nav.Notes, nav.Unread = true, count()
	}
	return nav
}
