package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
)

// Personal API tokens: made and revoked on /mijn-account, sent by scripts
// as "Authorization: Bearer hub_…" to /api/v1, where they act as their
// owner through the same auth.Can as a browser session. The operator's
// HUB_ADMIN_TOKEN is a different key and is left to requireAdmin.

const (
	pathTokens       = "/mijn-account/api-sleutels"
	pathTokensRevoke = "/mijn-account/api-sleutels/intrekken"
	maxAPIUsers      = 100
)

func (s *server) bindTokens(app *fiber.App) {
	if s.cfg.Accounts == nil {
		return
	}
	app.Post(pathTokens, s.requireSignedIn, s.createTokenPost)
	app.Post(pathTokensRevoke, s.requireSignedIn, s.revokeTokenPost)
	app.Get("/api/v1/me", s.apiMe)
	app.Get("/api/v1/users", s.apiUsers)
}

// loadAPIToken reads "Authorization: Bearer hub_…" on /api/. Only values
// with the personal prefix are tokens here: anything else (the operator's
// HUB_ADMIN_TOKEN, which requireAdmin checks on its own routes) passes
// untouched, so the admin key works exactly as before. A personal token
// that does not work is refused outright, also on public endpoints: a
// script with a revoked key should hear so, not silently get anonymous
// answers.
func (s *server) loadAPIToken(c *fiber.Ctx) error {
	if s.cfg.Accounts == nil || !isAPIPath(c.Path()) {
		return c.Next()
	}
	scheme, secret, ok := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || !auth.IsTokenLike(secret) || s.isAdminToken(secret) {
		return c.Next()
	}
	c.Vary(fiber.HeaderAuthorization)
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	cur, err := svc.TokenActor(c.UserContext(), secret)
	if errors.Is(err, auth.ErrBadToken) {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="STEM Kennishub", error="invalid_token"`)
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Status(fiber.StatusUnauthorized).JSON(apiError{Error: apiErrorBody{Code: "invalid_token", Message: err.Error()}})
	}
	if err != nil {
		return err
	}
	c.Locals(localsCurrent, &cur)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Next()
}

// isAdminToken: the operator's key, compared as digests in constant time.
func (s *server) isAdminToken(v string) bool {
	if s.cfg.AdminToken == "" {
		return false
	}
	got, want := sha256.Sum256([]byte(v)), sha256.Sum256([]byte(s.cfg.AdminToken))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}

// apiAllowed answers 401 without a signed-in actor (token or session) and
// 403 when auth.Can refuses; ok means go on.
func apiAllowed(c *fiber.Ctx, act auth.Action, r auth.Resource, refusal string) (bool, error) {
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	if current(c) == nil {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="STEM Kennishub"`)
		return false, c.Status(fiber.StatusUnauthorized).JSON(apiError{Error: apiErrorBody{Code: "unauthorized",
			Message: "Hiervoor moet je je aanmelden: stuur je persoonlijke API-sleutel mee als Authorization: Bearer hub_… (maak er een op /mijn-account)."}})
	}
	if !auth.Can(actor(c), act, r) {
		return false, c.Status(fiber.StatusForbidden).JSON(apiError{Error: apiErrorBody{Code: "forbidden", Message: refusal}})
	}
	return true, nil
}

type apiGrant struct {
	Role string `json:"role"`
	Hub  string `json:"hub"` // "" for a role that counts everywhere
}

type apiAccount struct {
	ID       int64      `json:"id"`
	Email    string     `json:"email"`
	Name     string     `json:"name"`
	Disabled bool       `json:"disabled"`
	Roles    []apiGrant `json:"roles"`
}

func grantsJSON(gs []auth.Grant) []apiGrant {
	out := make([]apiGrant, 0, len(gs))
	for _, g := range gs {
		out = append(out, apiGrant{Role: string(g.Role), Hub: g.Hub})
	}
	return out
}

// apiMe is GET /api/v1/me: who the token (or session) belongs to.
func (s *server) apiMe(c *fiber.Ctx) error {
	if ok, err := apiAllowed(c, auth.MaterialView, auth.Resource{}, ""); !ok {
		return err
	}
	cur := current(c)
	return c.JSON(apiAccount{ID: cur.User.ID, Email: cur.User.Email, Name: cur.User.Name, Disabled: cur.User.Disabled, Roles: grantsJSON(cur.Actor.Grants)})
}

// apiUsers is GET /api/v1/users?q=: the admin page's search for scripts.
func (s *server) apiUsers(c *fiber.Ctx) error {
	if ok, err := apiAllowed(c, auth.UserManage, auth.Resource{}, "Alleen een beheerder kan accounts opzoeken."); !ok {
		return err
	}
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	found, err := svc.FindUsers(c.UserContext(), c.Query("q"), maxAPIUsers)
	if err != nil {
		return err
	}
	out := struct {
		Users []apiAccount `json:"users"`
	}{Users: make([]apiAccount, 0, len(found))}
	for _, f := range found {
		out.Users = append(out.Users, apiAccount{ID: f.User.ID, Email: f.User.Email, Name: f.User.Name, Disabled: f.User.Disabled, Roles: grantsJSON(f.Grants)})
	}
	return c.JSON(out)
}

// tokenRow is one token on /mijn-account.
type tokenRow struct {
	ID       int64
	Name     string
	Created  time.Time
	LastUsed *time.Time
}

// fillTokens puts the account's tokens on the page.
func (s *server) fillTokens(c *fiber.Ctx, v *accountView) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	list, err := svc.Tokens(c.UserContext(), current(c).User.ID)
	if err != nil {
		return err
	}
	for _, t := range list {
		v.Tokens = append(v.Tokens, tokenRow{ID: t.ID, Name: t.Name, Created: t.Created, LastUsed: t.LastUsed})
	}
	return nil
}

// createTokenPost answers with the page itself, not a redirect: the new
// token is shown this once and must never travel in a URL.
func (s *server) createTokenPost(c *fiber.Ctx) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	secret, tok, err := svc.CreateToken(c.UserContext(), current(c).User.ID, c.FormValue("name"))
	var fe auth.FieldErrors
	if errors.As(err, &fe) {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.myAccount(c, accountView{TokenName: c.FormValue("name"), Errors: fe,
			Summary: []accountFormError{{Field: "veld-token-name", Label: "Naam van de sleutel", Message: fe["name"]}}})
	}
	if err != nil {
		return err
	}
	return s.myAccount(c, accountView{NewToken: secret, NewTokenName: tok.Name})
}

func (s *server) revokeTokenPost(c *fiber.Ctx) error {
	svc, err := s.accounts()
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(c.FormValue("id"), 10, 64)
	ok, err := svc.RevokeToken(c.UserContext(), current(c).User.ID, id)
	if err != nil {
		return err
	}
	if !ok { // unknown, already revoked, or someone else's: nothing to revoke here
		return fiber.ErrNotFound
	}
	return c.Redirect(pathMyAccount+"?melding=ingetrokken", fiber.StatusSeeOther)
}
