package web

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// The write API (issue 8 §4): the same door (authoring.Service) and the
// same auth.Can as every other write. A person's new material is a draft;
// a draft's existence is never revealed to someone who may not see it
// (404, not 403). Edits need If-Match with the version read, so two
// writers never silently overwrite each other.

func (s *server) bindWriteAPI(app *fiber.App) {
	app.Post("/api/v1/materials", s.apiCreate)
	app.Put("/api/v1/materials/:slug", s.apiUpdate)
	app.Post("/api/v1/materials/:slug/submit", s.apiSubmit)
	app.Get("/api/v1/materials/:slug/revisions", s.apiRevisions)
	app.Get("/api/v1/materials/:slug/pending", s.apiPending)
	app.Post("/api/v1/preview", s.apiPreview)
	app.Get("/api/v1/openapi.json", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
		c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
		return c.Send(openAPISpec)
	})
}

// openAPISpec describes every /api/v1 route (TestOpenAPIDescribesTheAPI
// checks that against the routes the app registers).
//
//go:embed openapi.json
var openAPISpec []byte

type apiFieldIssue struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// materialWrite is the JSON body of POST and PUT: the front-matter fields
// plus body. Date is the front matter's "2024-03-01" (it shadows the
// embedded time.Time); note goes with the revision.
type materialWrite struct {
	catalog.Material
	Date string `json:"date"`
	Body string `json:"body"`
	Note string `json:"note"`
}

type draftResponse struct {
	ID       int64           `json:"id"`
	Slug     string          `json:"slug"`
	Version  int             `json:"version"`
	State    string          `json:"state"`
	Warnings []apiFieldIssue `json:"warnings"`
}

func writeFail(c *fiber.Ctx, status int, body apiErrorBody) error {
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Status(status).JSON(apiError{Error: body})
}

func notFoundJSON(c *fiber.Ctx) error {
	return writeFail(c, fiber.StatusNotFound, apiErrorBody{Code: "not_found",
		Message: "Er is geen materiaal op dit adres, of je mag het niet zien. Controleer de slug en je API-sleutel."})
}

// writer returns the service and the signed-in actor, or answers 401/503.
func (s *server) writer(c *fiber.Ctx) (*authoring.Service, bool, error) {
	if ok, err := apiAllowed(c, auth.MaterialView, auth.Resource{}, ""); !ok {
		return nil, false, err
	}
	var svc *authoring.Service
	if s.cfg.Authoring != nil {
		svc = s.cfg.Authoring()
	}
	if svc == nil {
		return nil, false, writeFail(c, fiber.StatusServiceUnavailable, apiErrorBody{Code: "starting",
			Message: "De hub start nog op. Probeer het over enkele ogenblikken opnieuw."})
	}
	return svc, true, nil
}

// decodeMaterial reads the JSON body strictly: unknown fields and wrong
// types are errors on that field, in Dutch.
func decodeMaterial(c *fiber.Ctx, v *catalog.Vocabularies) (catalog.Material, string, *apiErrorBody) {
	var in materialWrite
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			f := strings.TrimPrefix(te.Field, "Material.")
			return catalog.Material{}, "", &apiErrorBody{Code: "invalid_field", Field: f,
				Message: fmt.Sprintf("%s (%s): verkeerd type (%s gekregen, %s verwacht).", v.FieldLabel(f), f, dutchKind(te.Value), dutchKind(te.Type.Kind().String()))}
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			f = strings.Trim(f, `"`)
			return catalog.Material{}, "", &apiErrorBody{Code: "invalid_field", Field: f,
				Message: fmt.Sprintf("Onbekend veld %q: gebruik de velden van het inhoudsformaat plus body en note.", f)}
		}
		return catalog.Material{}, "", &apiErrorBody{Code: "invalid_json",
			Message: "De inhoud is geen geldig JSON-object. Stuur Content-Type: application/json met de velden van het materiaal en body."}
	}
	m := in.Material
	m.Body = in.Body
	if in.Date != "" {
		d, err := time.Parse("2006-01-02", in.Date)
		if err != nil {
			return m, "", &apiErrorBody{Code: "invalid_field", Field: "date",
				Message: fmt.Sprintf("%s (date): %q is geen datum; schrijf ze als JJJJ-MM-DD, bv. 2024-03-01.", v.FieldLabel("date"), in.Date)}
		}
		m.Date = d
	}
	return m, in.Note, nil
}

func issues(fes []catalog.FieldError) []apiFieldIssue {
	out := make([]apiFieldIssue, 0, len(fes))
	for _, fe := range fes {
		out = append(out, apiFieldIssue{Field: fe.Field, Message: fe.Message})
	}
	return out
}

// writeError maps the service's answers to status codes.
func writeError(c *fiber.Ctx, err error) error {
	var inv *authoring.InvalidError
	var stale *authoring.StaleError
	switch {
	case errors.As(err, &inv):
		body := apiErrorBody{Code: "invalid_material", Message: inv.Error(), Errors: issues(inv.Errors)}
		if len(inv.Errors) > 0 {
			body.Field, body.Message = inv.Errors[0].Field, inv.Errors[0].Message
		}
		return writeFail(c, fiber.StatusUnprocessableEntity, body)
	case errors.As(err, &stale):
		c.Set(fiber.HeaderETag, etag(stale.Current))
		return writeFail(c, fiber.StatusPreconditionFailed, apiErrorBody{Code: "version_conflict",
			Message: capitalize(stale.Error()) + ".", CurrentVersion: stale.Current})
	case errors.Is(err, authoring.ErrNotFound):
		return notFoundJSON(c)
	case errors.Is(err, authoring.ErrForbidden):
		return writeFail(c, fiber.StatusForbidden, apiErrorBody{Code: "forbidden",
			Message: "Je hebt geen toestemming om dit materiaal te bewaren of in te dienen: vraag de auteursrol voor deze regionale hub aan een beheerder."})
	case errors.Is(err, authoring.ErrSlugTaken):
		return writeFail(c, fiber.StatusConflict, apiErrorBody{Code: "slug_taken", Field: "slug",
			Message: "Er is al een materiaal met deze slug; kies een andere slug, of bewerk dat materiaal met PUT."})
	}
	return err
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

func draftJSON(d store.Draft, warnings []catalog.FieldError) draftResponse {
	return draftResponse{ID: d.ID, Slug: d.Slug, Version: d.Version, State: d.State, Warnings: issues(warnings)}
}

// apiCreate is POST /api/v1/materials.
func (s *server) apiCreate(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	m, note, bad := decodeMaterial(c, s.vocab())
	if bad != nil {
		return writeFail(c, fiber.StatusUnprocessableEntity, *bad)
	}
	if _, err := s.svc.Material(c.UserContext(), m.Slug); err == nil && m.Slug != "" {
		return writeError(c, authoring.ErrSlugTaken)
	}
	if d, err := svc.Store.DraftBySlug(c.UserContext(), m.Slug); err == nil && d.ID != 0 {
		// Never a silent edit through POST: someone else's draft is a
		// taken slug, whether the writer may see it or not.
		return writeError(c, authoring.ErrSlugTaken)
	}
	res, err := svc.Save(c.UserContext(), authoring.UserActor(actor(c)), authoring.Draft{Material: m, Note: note})
	if err != nil {
		return writeError(c, err)
	}
	c.Set(fiber.HeaderLocation, "/api/v1/materials/"+res.Draft.Slug)
	c.Set(fiber.HeaderETag, etag(res.Draft.Version))
	return c.Status(fiber.StatusCreated).JSON(draftJSON(res.Draft, res.Warnings))
}

// ifMatch reads If-Match: "3" (also W/"3" or 3).
func ifMatch(c *fiber.Ctx) (int, bool) {
	v := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	v = strings.Trim(strings.TrimPrefix(v, "W/"), `"`)
	n, err := strconv.Atoi(v)
	return n, err == nil && n > 0
}

// apiUpdate is PUT /api/v1/materials/{slug} with If-Match.
func (s *server) apiUpdate(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	slug := c.Params("slug")
	e, err := svc.Load(c.UserContext(), actor(c), slug)
	if err != nil {
		return writeError(c, err)
	}
	version, ok := ifMatch(c)
	if !ok {
		return writeFail(c, fiber.StatusPreconditionRequired, apiErrorBody{Code: "precondition_required",
			Message: `Stuur de versie die je bewerkt mee als If-Match: "<version>" (uit GET of het vorige antwoord), zodat je niemands wijziging overschrijft.`})
	}
	m, note, bad := decodeMaterial(c, s.vocab())
	if bad != nil {
		return writeFail(c, fiber.StatusUnprocessableEntity, *bad)
	}
	if m.Slug == "" {
		m.Slug = slug
	}
	if m.Slug != slug {
		return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "invalid_field", Field: "slug",
			Message: fmt.Sprintf("Slug (slug): %q verschilt van het adres %q; de slug wijzigen kan nog niet.", m.Slug, slug)})
	}
	res, err := svc.Save(c.UserContext(), authoring.UserActor(actor(c)), authoring.Draft{Material: m, Note: note, IfVersion: version})
	if err != nil {
		return writeError(c, err)
	}
	c.Set(fiber.HeaderETag, etag(res.Version))
	if res.Draft.Slug == "" { // the published version, saved unchanged
		return c.JSON(draftResponse{ID: e.ID, Slug: e.Slug, Version: res.Version, State: authoring.StatePublished, Warnings: issues(res.Warnings)})
	}
	// Of a published material: its new revision, waiting for review
	// (state concept) while the live version stays.
	return c.JSON(draftJSON(res.Draft, res.Warnings))
}

// apiSubmit is POST /api/v1/materials/{slug}/submit: concept → ingediend.
func (s *server) apiSubmit(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	d, err := svc.Submit(c.UserContext(), actor(c), c.Params("slug"))
	if err != nil {
		return writeError(c, err)
	}
	c.Set(fiber.HeaderETag, etag(d.Version))
	return c.JSON(draftJSON(d, nil))
}

type revisionResponse struct {
	Number    int       `json:"number"`
	Actor     string    `json:"actor"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// apiRevisions is GET /api/v1/materials/{slug}/revisions, drafts and
// published materials alike (authoring.Service.Revisions: those who may
// not see the history get 404); actor is the person's name.
func (s *server) apiRevisions(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	h, err := svc.Revisions(c.UserContext(), actor(c), c.Params("slug"))
	if err != nil {
		return writeError(c, err)
	}
	out := make([]revisionResponse, 0, len(h.Revisions))
	for _, r := range h.Revisions {
		out = append(out, revisionResponse{Number: r.Number, Actor: r.Who, Note: r.Note, CreatedAt: r.Created})
	}
	c.Set(fiber.HeaderETag, etag(h.Material.Version))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.JSON(fiber.Map{"revisions": out})
}

// apiPreview is POST /api/v1/preview: {"body": "…"} → {"html": "…"}.
func (s *server) apiPreview(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	var in struct {
		Body string `json:"body"`
		Slug string `json:"slug"`
	}
	if err := json.Unmarshal(c.Body(), &in); err != nil {
		return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "invalid_json",
			Message: `De inhoud is geen geldig JSON-object; stuur {"body": "…"}.`})
	}
	html, err := svc.PreviewAs(c.UserContext(), actor(c), in.Body, in.Slug)
	if err != nil {
		return writeError(c, err)
	}
	return c.JSON(fiber.Map{"html": html})
}

type draftMaterialResponse struct {
	draftResponse
	Hub      string           `json:"hub"`
	Proposal bool             `json:"proposal"`
	Material catalog.Material `json:"material"`
	Date     string           `json:"date,omitempty"`
	Body     string           `json:"body"`
}

// apiDraft answers GET /api/v1/materials/{slug} when nothing is published
// there: the draft for those who may see it, else the same 404.
func (s *server) apiDraft(c *fiber.Ctx, notFound error) error {
	if current(c) == nil || s.cfg.Authoring == nil || s.cfg.Authoring() == nil {
		return notFound
	}
	d, err := s.cfg.Authoring().ViewDraft(c.UserContext(), actor(c), c.Params("slug"))
	if errors.Is(err, authoring.ErrNotFound) {
		return notFound
	}
	if err != nil {
		return err
	}
	return s.draftMaterialJSON(c, d)
}

// apiPending is GET /api/v1/materials/{slug}/pending: the new revision of
// a published material that waits for review, for those who may see it
// (GET /api/v1/materials/{slug} keeps answering the live version); 404
// when none waits or it is not theirs to see.
func (s *server) apiPending(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	e, err := svc.Load(c.UserContext(), actor(c), c.Params("slug"))
	if err == nil && !e.Pending() {
		err = authoring.ErrNotFound
	}
	if err != nil {
		return writeError(c, err)
	}
	d, err := svc.ViewDraft(c.UserContext(), actor(c), e.Slug)
	if err != nil {
		return writeError(c, err)
	}
	changes, err := svc.StagedFileList(c.UserContext(), actor(c), e.Slug)
	if err != nil {
		return err
	}
	dm, err := draftMaterialOf(d)
	if err != nil {
		return err
	}
	out := pendingMaterialResponse{draftMaterialResponse: dm, Files: []stagedFileJSON{}}
	for _, f := range changes {
		j := stagedFileJSON{Change: f.Change, Name: f.Name}
		if f.Change != authoring.FileRemoved {
			j.Size, j.ContentType, j.Width, j.Height = f.Size, f.ContentType, f.Width, f.Height
			j.URL = pendingFileURL(e.Slug, f.Name)
		}
		out.Files = append(out.Files, j)
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set(fiber.HeaderETag, etag(d.Version))
	return c.JSON(out)
}

// pendingMaterialResponse is the new version with its file changes.
type pendingMaterialResponse struct {
	draftMaterialResponse
	Files []stagedFileJSON `json:"files"`
}

// stagedFileJSON is one file change of the new version: an added or
// replaced file with the staged file's details and address (the new
// version's own, pendingFileURL), a removed one by name only.
type stagedFileJSON struct {
	Change      string `json:"change"`
	Name        string `json:"name"`
	Size        int64  `json:"size,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	URL         string `json:"url,omitempty"`
}

func draftMaterialOf(d store.Draft) (draftMaterialResponse, error) {
	m, err := authoring.DraftMaterial(d)
	if err != nil {
		return draftMaterialResponse{}, err
	}
	out := draftMaterialResponse{draftResponse: draftJSON(d, nil), Hub: d.Hub, Proposal: d.Proposal, Material: m, Body: m.Body}
	if !m.Date.IsZero() {
		out.Date = m.Date.Format("2006-01-02")
	}
	return out, nil
}

func (s *server) draftMaterialJSON(c *fiber.Ctx, d store.Draft) error {
	out, err := draftMaterialOf(d)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set(fiber.HeaderETag, etag(d.Version))
	return c.JSON(out)
}

// dutchKind names a JSON or Go kind for a person.
func dutchKind(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "float"), k == "number":
		return "een getal"
	case k == "slice", k == "array":
		return "een lijst"
	case k == "string":
		return "tekst"
	case k == "bool":
		return "waar/onwaar"
	case k == "object", k == "struct", k == "map":
		return "een object"
	}
	return k
}
