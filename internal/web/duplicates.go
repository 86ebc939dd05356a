package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/search"
)

// Likely duplicates and merging (issue 9). The candidates come from
// authoring.Service.LikelyDuplicates with the search engine as finder;
// the review form and the draft page ("Bestaat dit al?") show them, and a
// moderator merges at /materialen/{slug}/samenvoegen (a form that works
// without JavaScript) or POST /api/v1/materials/{slug}/merge.

func (s *server) bindDuplicates(app *fiber.App) {
	if s.cfg.Authoring == nil {
		return
	}
	// Registered before the /api/v1 group: the search limit is applied here.
	app.Get("/api/v1/materials/:slug/duplicates", s.limit(s.searchLimit), s.apiDuplicates)
	app.Post("/api/v1/materials/:slug/merge", s.apiMerge)
	if s.cfg.Accounts != nil {
		app.Get("/materialen/:slug/samenvoegen", s.requireSignedIn, s.mergePage)
		app.Post("/materialen/:slug/samenvoegen", s.requireSignedIn, s.mergePost)
	}
}

// duplicateView is one candidate as pages show it.
type duplicateView struct {
	authoring.Candidate
	URL      string // the candidate's page
	Why      string // the reasons in one line: "zelfde bron-URL, gelijkaardige titel"
	MergeURL string // the merge form with this candidate as the one kept ("" when not allowed)
}

// finder searches published materials with the engine (fallback included).
func (s *server) finder() authoring.Finder {
	return func(ctx context.Context, text string, limit int) ([]catalog.Material, error) {
		// A summary may hold 1000 characters, a search text fewer; its
		// first words are enough to find a twin (else: 400 on a "q" the
		// caller never sent).
		if r := []rune(text); len(r) > search.MaxTextLength {
			text = string(r[:search.MaxTextLength])
			if i := strings.LastIndexByte(text, ' '); i > 0 {
				text = text[:i]
			}
		}
		page, err := s.svc.Search(ctx, search.Query{Text: text, Page: 1, PerPage: limit, Uncounted: true})
		if err != nil {
			return nil, err
		}
		out := make([]catalog.Material, 0, len(page.Hits))
		for _, h := range page.Hits {
			out = append(out, h.Material)
		}
		return out, nil
	}
}

// likelyDuplicates lists the candidates for the material at slug as the
// signed-in person may see them (nil when there are none or they may not
// see the material). For the review form: s.likelyDuplicates(c, slug).
func (s *server) likelyDuplicates(c *fiber.Ctx, slug string) []duplicateView {
	svc, err := s.writes()
	if err != nil {
		return nil
	}
	u := actor(c)
	cands, err := svc.LikelyDuplicates(c.UserContext(), u, slug, s.finder())
	if err != nil {
		return nil
	}
	e, err := svc.Load(c.UserContext(), u, slug)
	if err != nil {
		return nil
	}
	mayMerge := u.SignedIn() && auth.Can(u, auth.MaterialMerge, auth.Resource{Hub: e.Hub, OwnerID: e.OwnerID,
		Proposal: e.Proposal, Submitted: e.State != "concept"})
	out := make([]duplicateView, 0, len(cands))
	for _, cd := range cands {
		v := duplicateView{Candidate: cd, URL: materialURL(cd.Slug), Why: strings.Join(cd.Reasons, ", ")}
		if mayMerge {
			v.MergeURL = materialURL(slug) + "/samenvoegen?in=" + url.QueryEscape(cd.Slug)
		}
		out = append(out, v)
	}
	return out
}

// apiDuplicates is GET /api/v1/materials/{slug}/duplicates.
func (s *server) apiDuplicates(c *fiber.Ctx) error {
	svc, err := s.writes()
	if err != nil {
		return err
	}
	cands, err := svc.LikelyDuplicates(c.UserContext(), actor(c), c.Params("slug"), s.finder())
	if err != nil {
		return writeError(c, err)
	}
	type item struct {
		Slug    string   `json:"slug"`
		Title   string   `json:"title"`
		Hub     string   `json:"hub"`
		State   string   `json:"state"`
		Reasons []string `json:"reasons"`
		URL     string   `json:"url"`
	}
	out := make([]item, 0, len(cands))
	for _, cd := range cands {
		out = append(out, item{Slug: cd.Slug, Title: cd.Title, Hub: cd.Hub, State: cd.State, Reasons: cd.Reasons, URL: materialURL(cd.Slug)})
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.JSON(fiber.Map{"candidates": out})
}

const mergeForbidden = "Alleen een moderator van de hub van beide materialen (of een beheerder) kan materialen samenvoegen."

// apiMerge is POST /api/v1/materials/{slug}/merge {"into": "…", "comment": "…"}.
func (s *server) apiMerge(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	var in struct {
		Into    string `json:"into"`
		Comment string `json:"comment"`
	}
	dec := json.NewDecoder(strings.NewReader(string(c.Body())))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "invalid_json",
			Message: `De inhoud is geen geldig JSON-object; stuur {"into": "adres-van-het-materiaal-dat-blijft"}.`})
	}
	res, err := svc.Merge(c.UserContext(), actor(c), c.Params("slug"), in.Into, in.Comment)
	if errors.Is(err, authoring.ErrForbidden) {
		return writeFail(c, fiber.StatusForbidden, apiErrorBody{Code: "forbidden", Message: mergeForbidden})
	}
	if err != nil {
		return transitionError(c, err)
	}
	c.Set(fiber.HeaderLocation, "/api/v1/materials/"+res.Into)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.JSON(fiber.Map{"slug": res.Slug, "id": res.ID, "into": res.Into, "into_id": res.IntoID, "state": "gearchiveerd"})
}

type mergeView struct {
	Page
	Slug, Title, State string
	Into, Comment      string
	Candidates         []duplicateView
	Error              string
	Summary            []accountFormError
}

// mergePage is GET /materialen/{slug}/samenvoegen(?in=kept).
func (s *server) mergePage(c *fiber.Ctx) error {
	return s.renderMerge(c, c.Params("slug"), c.Query("in"), "", "")
}

func (s *server) renderMerge(c *fiber.Ctx, slug, into, comment, problem string) error {
	svc, err := s.writes()
	if err != nil {
		return err
	}
	u := actor(c)
	e, err := svc.Load(c.UserContext(), u, slug)
	if errors.Is(err, authoring.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if !auth.Can(u, auth.MaterialMerge, auth.Resource{Hub: e.Hub, OwnerID: e.OwnerID, Proposal: e.Proposal, Submitted: e.State != "concept"}) {
		return s.forbidden(c, mergeForbidden)
	}
	title := "Samenvoegen"
	if problem != "" {
		title = "Fout: " + title
	}
	v := mergeView{Page: s.page(c, title, "", ""), Slug: e.Slug, Title: e.Material.Title, State: stateLabel(e.State),
		Into: into, Comment: comment, Candidates: s.likelyDuplicates(c, slug), Error: problem}
	v.NoIndex = true
	if problem != "" {
		v.Summary = []accountFormError{{Field: "veld-into", Label: "Materiaal dat blijft", Message: problem}}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, "materiaal-samenvoegen", v)
}

// mergePost is POST /materialen/{slug}/samenvoegen.
func (s *server) mergePost(c *fiber.Ctx) error {
	svc, err := s.writes()
	if err != nil {
		return err
	}
	slug, into, comment := c.Params("slug"), strings.TrimSpace(c.FormValue("into")), c.FormValue("comment")
	res, err := svc.Merge(c.UserContext(), actor(c), slug, into, comment)
	var inv *authoring.InvalidError
	var se *authoring.StateError
	switch {
	case errors.As(err, &inv):
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderMerge(c, slug, into, comment, strings.TrimPrefix(inv.Errors[0].Message, "Materiaal dat blijft: "))
	case errors.As(err, &se):
		c.Status(fiber.StatusConflict)
		return s.renderMerge(c, slug, into, comment, capitalize(se.Error())+".")
	case errors.Is(err, authoring.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, authoring.ErrForbidden):
		return s.forbidden(c, mergeForbidden)
	case err != nil:
		return err
	}
	return c.Redirect(materialURL(res.Into)+"?melding=samengevoegd", fiber.StatusSeeOther)
}
