package web

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
)

// A material's address (slug) can change; the old one keeps working.
// followOldAddress answers 301 for every GET under an old address —
// the page, its files, its zip, its JSON — and the form at
// /materialen/{slug}/adres and POST /api/v1/materials/{slug}/rename change
// it through authoring.Service.Rename.

// bindRename registers the redirects and the form; call it before the
// material routes, so the redirect sees what they answer.
func (s *server) bindRename(app *fiber.App) {
	if s.cfg.Authoring == nil {
		return
	}
	app.Use("/materialen", s.followOldAddress)
	app.Use("/api/v1/materials", s.followOldAddress)
	if s.cfg.Accounts != nil {
		app.Get("/materialen/:slug/adres", s.requireSignedIn, s.addressPage)
		app.Post("/materialen/:slug/adres", s.requireSignedIn, s.addressPost)
	}
	app.Post("/api/v1/materials/:slug/rename", s.apiRename)
	s.bindDuplicates(app) // duplicates.go: merging leans on these redirects
}

// writes is the one door, or errStarting while the hub starts.
func (s *server) writes() (*authoring.Service, error) {
	if s.cfg.Authoring != nil {
		if svc := s.cfg.Authoring(); svc != nil {
			return svc, nil
		}
	}
	return nil, errStarting
}

// followOldAddress lets the route answer first; only when that is a 404
// does it ask whether the slug is an old address, so the redirect costs
// nothing on every other request.
func (s *server) followOldAddress(c *fiber.Ctx) error {
	err := c.Next()
	if m := c.Method(); m != fiber.MethodGet && m != fiber.MethodHead {
		return err
	}
	// 410 too: a merged material is withdrawn (gone) and its address leads
	// to the material it was merged into (store/merge.go).
	gone := func(status int) bool { return status == fiber.StatusNotFound || status == fiber.StatusGone }
	if err != nil && !gone(classify(err).Status) || err == nil && !gone(c.Response().StatusCode()) {
		return err
	}
	prefix := "/materialen/"
	if isAPIPath(c.Path()) {
		prefix = "/api/v1/materials/"
	}
	rest, ok := strings.CutPrefix(c.Path(), prefix)
	if !ok {
		return err
	}
	slug, tail, _ := strings.Cut(rest, "/")
	if !catalog.ValidSlug(slug) {
		return err
	}
	svc, serr := s.writes()
	if serr != nil {
		return err
	}
	target, rerr := svc.Redirect(c.UserContext(), actor(c), slug)
	if rerr != nil {
		if errors.Is(rerr, authoring.ErrNotFound) {
			return err
		}
		return rerr
	}
	loc := prefix + target
	if tail != "" || strings.HasSuffix(rest, "/") {
		loc += "/" + tail
	}
	if q := string(c.Request().URI().QueryString()); q != "" {
		loc += "?" + q
	}
	c.Response().ResetBody()
	for _, h := range []string{fiber.HeaderETag, fiber.HeaderLastModified, fiber.HeaderContentDisposition, fiber.HeaderContentType} {
		c.Response().Header.Del(h)
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Redirect(loc, fiber.StatusMovedPermanently)
}

type addressView struct {
	Page
	Slug, Title, State string
	Version            int
	NewSlug            string
	Old                []string
	Changed            bool
	ViewURL            string // "Bekijken" for published material
	Error              string
	Summary            []accountFormError
}

// addressPage is GET /materialen/{slug}/adres.
func (s *server) addressPage(c *fiber.Ctx) error {
	return s.renderAddress(c, c.Params("slug"), "", "")
}

func (s *server) renderAddress(c *fiber.Ctx, slug, typed, problem string) error {
	svc, err := s.writes()
	if err != nil {
		return err
	}
	e, err := svc.Load(c.UserContext(), actor(c), slug)
	if errors.Is(err, authoring.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if !svc.MayEdit(actor(c), e) {
		return s.forbidden(c, "Alleen wie dit materiaal mag bewerken, kan het adres wijzigen: de auteur, een auteur van de hub of een beheerder.")
	}
	title := "Adres wijzigen"
	if problem != "" {
		title = "Fout: " + title
	}
	v := addressView{Page: s.page(c, title, "", ""), Slug: e.Slug, Title: e.Material.Title, State: stateLabel(e.State),
		Version: e.Version, NewSlug: typed, Changed: c.Query("gewijzigd") == "1", Error: problem}
	v.NoIndex = true
	if !e.Draft() {
		v.ViewURL = materialURL(e.Slug)
	}
	if problem != "" {
		v.Summary = []accountFormError{{Field: "veld-slug", Label: "Nieuw adres", Message: problem}}
	}
	if old, err := svc.OldSlugs(c.UserContext(), e.ID); err == nil {
		v.Old = old
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "materiaal-adres", v)
}

// addressPost is POST /materialen/{slug}/adres.
func (s *server) addressPost(c *fiber.Ctx) error {
	svc, err := s.writes()
	if err != nil {
		return err
	}
	slug, typed := c.Params("slug"), strings.TrimSpace(c.FormValue("slug"))
	version, _ := strconv.Atoi(c.FormValue("version"))
	res, err := svc.Rename(c.UserContext(), actor(c), slug, typed, version)
	var inv *authoring.InvalidError
	var stale *authoring.StaleError
	switch {
	case errors.As(err, &inv):
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderAddress(c, slug, typed, strings.TrimPrefix(inv.Errors[0].Message, "Adres (slug): "))
	case errors.As(err, &stale):
		c.Status(fiber.StatusConflict)
		return s.renderAddress(c, slug, typed, "Iemand anders bewaarde dit materiaal intussen (nu versie "+strconv.Itoa(stale.Current)+"). Kijk of het nieuwe adres nog klopt en probeer opnieuw.")
	case errors.Is(err, authoring.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, authoring.ErrForbidden):
		return s.forbidden(c, "Alleen wie dit materiaal mag bewerken, kan het adres wijzigen: de auteur, een auteur van de hub of een beheerder.")
	case err != nil:
		return err
	}
	return c.Redirect(materialURL(res.Slug)+"/adres?gewijzigd=1", fiber.StatusSeeOther)
}

func (s *server) forbidden(c *fiber.Ctx, msg string) error {
	c.Status(fiber.StatusForbidden)
	return s.render(c, "error", s.errorView(c, problem{Status: fiber.StatusForbidden, Code: "forbidden", Title: "Geen toegang", Message: msg}))
}

// apiRename is POST /api/v1/materials/{slug}/rename {"slug": "nieuw"}
// with If-Match: the version read.
func (s *server) apiRename(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	var in struct {
		Slug string `json:"slug"`
	}
	dec := json.NewDecoder(strings.NewReader(string(c.Body())))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "invalid_json",
			Message: `De inhoud is geen geldig JSON-object; stuur {"slug": "nieuw-adres"}.`})
	}
	if _, err := svc.Load(c.UserContext(), actor(c), c.Params("slug")); err != nil {
		return writeError(c, err)
	}
	version, ok := ifMatch(c)
	if !ok {
		return writeFail(c, fiber.StatusPreconditionRequired, apiErrorBody{Code: "precondition_required",
			Message: `Stuur de versie die je las mee als If-Match: "<version>" (uit GET of het vorige antwoord), zodat je geen wijziging van iemand anders over het hoofd ziet.`})
	}
	res, err := svc.Rename(c.UserContext(), actor(c), c.Params("slug"), in.Slug, version)
	if err != nil {
		return writeError(c, err)
	}
	c.Set(fiber.HeaderLocation, "/api/v1/materials/"+res.Slug)
	c.Set(fiber.HeaderETag, etag(res.Version))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.JSON(draftResponse{ID: res.ID, Slug: res.Slug, Version: res.Version, State: res.State, Warnings: []apiFieldIssue{}})
}

// stateLabel is a state in words (never colour alone).
func stateLabel(state string) string {
	if l := authoring.StateLabels[state]; l != "" { // every workflow state (authoring/workflow.go)
		return capitalize(l)
	}
	return "Gepubliceerd"
}
