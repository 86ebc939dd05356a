package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/content"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/upload"
)

// A material as a zip, back in (issue 8 §3): the page /materialen/importeren
// (a plain multipart form, no script needed) and POST
// /api/v1/materials/import take a zip in the content format — what
// /materialen/{slug}/download.zip gives — and create a draft or update the
// material through content.ZipImport, which checks it as a folder import
// checks a file and saves through authoring.Service.Save with the person
// as the actor. Refusals list the file (and line) and what to do, in Dutch.

const (
	pathZipImport    = "/materialen/importeren"
	pathZipImportAPI = "/api/v1/materials/import"
	zipField         = "zip"  // the form's file field
	zipAPIField      = "file" // the API's, as for attachments
)

// bindZipImport registers the page and the API; call it before
// /materialen/:slug so that "importeren" is not taken for a slug.
func (s *server) bindZipImport(app *fiber.App) {
	if s.cfg.Authoring == nil {
		return
	}
	if s.cfg.Accounts != nil {
		app.Get(pathZipImport, s.requireSignedIn, s.zipImportPage)
		app.Post(pathZipImport, s.requireSignedIn, s.zipImportPost)
	}
	app.Post(pathZipImportAPI, s.apiZipImport)
}

// isZipImportPath: a POST whose body is a whole material with its files.
func isZipImportPath(uri string) bool {
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	return uri == pathZipImport || uri == pathZipImportAPI
}

// zipBodyLimit is the largest zip (a material's files and its text) plus
// the multipart framing.
func (s *server) zipBodyLimit() int {
	maxMaterial := upload.DefaultLimits.MaxMaterial
	if svc, err := s.authoring(); err == nil {
		maxMaterial = svc.UploadLimits().MaxMaterial
	}
	return int(maxMaterial) + content.MaxFileSize + 1<<20
}

type zipImportView struct {
	Page
	Slug     string // updating this material (from ?slug=): its version is in the form
	Title    string
	Version  int
	Result   *zipImportResult
	Summary  []accountFormError
	Problems []string // the refusal's lines, file:line: message
	Error    string   // the file field's message
	Limit    string   // how large a zip may be, unpacked
}

type zipImportResult struct {
	content.ZipResult
	Verb       string // "aangemaakt", "bijgewerkt", "ongewijzigd"
	URL        string // where to go on: the material or its editor
	Published  bool
	StateLabel string
	Warnings   []string
}

// zipImportPage is GET /materialen/importeren[?slug=…].
func (s *server) zipImportPage(c *fiber.Ctx) error {
	v, err := s.zipImportView(c, c.Query("slug"))
	if err != nil {
		return err
	}
	return s.render(c, "materiaal-importeren", v)
}

func (s *server) zipImportView(c *fiber.Ctx, slug string) (zipImportView, error) {
	v := zipImportView{Page: s.page(c, "Materiaal importeren uit een zip", "", ""),
		Limit: upload.Size(int64(s.zipBodyLimit() - 1<<20))}
	v.NoIndex = true
	if slug == "" {
		return v, nil
	}
	svc, err := s.authoring()
	if err != nil {
		return v, err
	}
	e, err := svc.Load(c.UserContext(), actor(c), slug)
	if errors.Is(err, authoring.ErrNotFound) {
		return v, fiber.ErrNotFound
	}
	if err != nil {
		return v, err
	}
	v.Slug, v.Title, v.Version = e.Slug, e.Material.Title, e.Version
	return v, nil
}

// zipImportPost is POST /materialen/importeren (multipart: zip, versie).
func (s *server) zipImportPost(c *fiber.Ctx) error {
	v, err := s.zipImportView(c, c.FormValue("slug"))
	if err != nil {
		return err
	}
	refuse := func(status int, field string, lines []string) error {
		v.Page.Title = "Fout: " + v.Page.Title
		v.Problems = lines
		v.Error = field
		msg := field
		if msg == "" {
			// The lines themselves name the content format's keys: they
			// stay in the list below, as code, like hub import prints them.
			msg = "1 probleem in de zip; zie ‘Wat er niet klopt’ hieronder. Er is niets bewaard."
			if len(lines) != 1 {
				msg = fmt.Sprintf("%d problemen in de zip; zie ‘Wat er niet klopt’ hieronder. Er is niets bewaard.", len(lines))
			}
		}
		v.Summary = []accountFormError{{Field: "veld-zip", Label: "Zip-bestand", Message: msg}}
		c.Status(status)
		return s.render(c, "materiaal-importeren", v)
	}
	version := 0
	if t := strings.TrimSpace(c.FormValue("versie")); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 {
			return refuse(fiber.StatusUnprocessableEntity, "De versie moet een getal zijn, bv. 3 (je vindt ze bij Versies van het materiaal).", nil)
		}
		version = n
	}
	fh, err := c.FormFile(zipField)
	if err != nil || fh.Size == 0 {
		return refuse(fiber.StatusUnprocessableEntity, "Kies een zip-bestand om op te laden (een materiaal dat je als zip downloadde, of een zip met één Markdown-bestand en zijn bijlagen).", nil)
	}
	res, err := s.importZip(c, fh, version)
	var ze *content.ZipError
	if errors.As(err, &ze) {
		return refuse(zipStatus(ze), "", ze.Lines())
	}
	if err != nil {
		return err
	}
	v.Page.Title = "Materiaal geïmporteerd"
	v.Result = zipResultView(res)
	return s.render(c, "materiaal-importeren", v)
}

func zipResultView(res content.ZipResult) *zipImportResult {
	r := &zipImportResult{ZipResult: res, Verb: "bijgewerkt", URL: editURL(res.Slug), StateLabel: strings.ToLower(stateLabel(res.State))}
	switch res.Status {
	case store.Created:
		r.Verb = "aangemaakt als concept"
	case store.Unchanged:
		r.Verb = "ongewijzigd: de zip bevat wat er al staat"
	}
	if res.State == authoring.StatePublished {
		r.URL, r.Published = materialURL(res.Slug), true
	} else if res.Live {
		r.StateLabel = "een nieuwe versie die op review wacht; de gepubliceerde versie blijft online tot een moderator ze publiceert"
	}
	for _, p := range res.Warnings {
		r.Warnings = append(r.Warnings, p.String())
	}
	return r
}

// importZip hands the uploaded file to content.ZipImport.
func (s *server) importZip(c *fiber.Ctx, fh *multipart.FileHeader, version int) (content.ZipResult, error) {
	svc, err := s.authoring()
	if err != nil {
		return content.ZipResult{}, err
	}
	f, err := fh.Open()
	if err != nil {
		return content.ZipResult{}, err
	}
	defer f.Close()
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return content.ZipResult{}, errors.New("web: het opgeladen bestand kan niet gelezen worden")
	}
	zi := &content.ZipImport{Service: svc, Files: svc.Files}
	return zi.Import(c.UserContext(), actor(c), fh.Filename, ra, fh.Size, version)
}

func zipStatus(ze *content.ZipError) int {
	switch ze.Code {
	case content.ZipTooLarge:
		return fiber.StatusRequestEntityTooLarge
	case content.ZipStale:
		return fiber.StatusPreconditionFailed
	case content.ZipVersionRequired:
		return fiber.StatusPreconditionRequired
	case content.ZipForbidden:
		return fiber.StatusForbidden
	}
	return fiber.StatusUnprocessableEntity
}

type apiZipProblem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

type zipImportResponse struct {
	Slug        string          `json:"slug"`
	Version     int             `json:"version"`
	State       string          `json:"state"`
	Status      string          `json:"status"` // created, updated, unchanged
	Attachments []string        `json:"attachments"`
	Warnings    []apiZipProblem `json:"warnings"`
}

func apiZipProblems(ps []content.Problem) []apiZipProblem {
	out := make([]apiZipProblem, len(ps))
	for i, p := range ps {
		out[i] = apiZipProblem{File: p.File, Line: p.Line, Message: p.Message}
	}
	return out
}

// apiZipImport is POST /api/v1/materials/import (multipart field "file";
// If-Match: "<version>" for an update, unless the zip's comment has it).
func (s *server) apiZipImport(c *fiber.Ctx) error {
	if _, ok, err := s.writer(c); !ok {
		return err
	}
	version := 0
	if c.Get(fiber.HeaderIfMatch) != "" {
		n, ok := ifMatch(c)
		if !ok {
			return writeFail(c, fiber.StatusBadRequest, apiErrorBody{Code: "bad_if_match", Message: `If-Match moet een versie tussen aanhalingstekens zijn, bv. "3".`})
		}
		version = n
	}
	fh, err := c.FormFile(zipAPIField)
	if err != nil || fh.Size == 0 {
		return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "no_file", Field: zipAPIField,
			Message: `Er zat geen zip bij. Stuur de zip als multipart/form-data in het veld "file".`})
	}
	res, err := s.importZip(c, fh, version)
	var ze *content.ZipError
	if errors.As(err, &ze) {
		msg := "De zip is niet geïmporteerd; er is niets bewaard."
		if len(ze.Problems) > 0 {
			msg = "De zip is niet geïmporteerd (er is niets bewaard): " + ze.Problems[0].String()
		}
		return writeFail(c, zipStatus(ze), apiErrorBody{Code: "zip_" + ze.Code, Message: msg, CurrentVersion: ze.Current, Problems: apiZipProblems(ze.Problems)})
	}
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if res.Status == store.Created {
		status = fiber.StatusCreated
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set(fiber.HeaderETag, etag(res.Version))
	atts := res.Attached
	if atts == nil {
		atts = []string{}
	}
	return c.Status(status).JSON(zipImportResponse{Slug: res.Slug, Version: res.Version, State: res.State,
		Status: string(res.Status), Attachments: atts, Warnings: apiZipProblems(res.Warnings)})
}
