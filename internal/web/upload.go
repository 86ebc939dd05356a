package web

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/upload"
)

// Uploads (issue 8 §3, §4): files added to a material through the API
// (multipart field "file") or the editor's form, all through
// authoring.Service.Attach — the one policy, the type decided by the
// bytes. A draft's files are served at the material's /bestanden/ address
// only to those who may see the draft, never cached by others. That
// address always serves a published material's live files; the files of
// its new version waiting for review have their own,
// /materialen/{slug}/nieuwe-versie/bestanden/{name} (pendingFile).

const uploadField = "file"

func uploadPath(slug string) string { return materialURL(slug) + "/bestanden" }
func detachPath(slug string) string { return materialURL(slug) + "/bestand-verwijderen" }
func apiUploadPath(slug string) string {
	return "/api/v1/materials/" + url.PathEscape(slug) + "/attachments"
}

func (s *server) bindUploads(app *fiber.App) {
	app.Post("/api/v1/materials/:slug/attachments", s.apiAttach)
	app.Get("/materialen/:slug/nieuwe-versie/bestanden/+", s.limit(s.filesLimit), s.pendingFile)
	if s.cfg.Accounts == nil || s.cfg.Authoring == nil {
		return
	}
	// Not under /bestanden/: loadSession skips those paths.
	app.Post("/materialen/:slug/bestanden", s.requireSignedIn, s.formAttach)
	app.Post("/materialen/:slug/bestand-verwijderen", s.requireSignedIn, s.formDetach)
}

// isUploadPath reports whether a POST carries a file (its body may be as
// large as one upload, not the small BodyLimit). The editor's buttons
// post its whole form, text included, so removing a file is one too.
func isUploadPath(uri string) bool {
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	parts := strings.Split(uri, "/")
	switch {
	case len(parts) == 6 && parts[1] == "api" && parts[2] == "v1" && parts[3] == "materials" && parts[5] == "attachments":
		return true
	case len(parts) == 4 && parts[1] == "materialen" && (parts[3] == "bestanden" || parts[3] == "bestand-verwijderen"):
		return true
	}
	return false
}

// uploadBodyLimit is one file plus room for the multipart framing and the
// editor's own fields, which the browser form sends along (1 MiB of text
// at most). A body over it is refused by fasthttp before any handler
// (413, the JSON error shape under /api/); a file just over the file limit
// still reaches Attach, which names it.
func (s *server) uploadBodyLimit() int {
	lim := upload.DefaultLimits
	if svc, err := s.authoring(); err == nil {
		lim = svc.UploadLimits()
	}
	return int(lim.MaxFile) + 3<<20
}

// attachStatus maps what Attach says to a status, an error code and a
// Dutch message.
func attachStatus(err error) (int, string, string) {
	if e, ok := upload.IsError(err); ok {
		switch e.Code {
		case upload.CodeTooBig:
			return fiber.StatusRequestEntityTooLarge, e.Code, capitalize(e.Message)
		case upload.CodeUnsupported:
			return fiber.StatusUnsupportedMediaType, e.Code, capitalize(e.Message)
		}
		return fiber.StatusUnprocessableEntity, e.Code, capitalize(e.Message)
	}
	switch {
	case errors.Is(err, authoring.ErrNotFound):
		return fiber.StatusNotFound, "not_found", "Er is geen materiaal op dit adres, of je mag het niet zien. Bewaar een nieuw materiaal eerst één keer; daarna kun je er bestanden aan toevoegen."
	case errors.Is(err, authoring.ErrForbidden):
		return fiber.StatusForbidden, "forbidden", "Je mag aan dit materiaal geen bestanden toevoegen of verwijderen: dat mogen alleen wie het materiaal mag bewerken. Vraag de auteursrol voor deze regionale hub aan een beheerder."
	case errors.Is(err, authoring.ErrNoUploads):
		return fiber.StatusServiceUnavailable, "uploads_off", "Bestanden toevoegen kan op deze hub (nog) niet: er is geen opslag voor ingesteld."
	}
	return 0, "", ""
}

type attachmentJSON struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	URL         string `json:"url"`
	Markdown    string `json:"markdown"`
	Replaced    bool   `json:"replaced,omitempty"`
	Staged      bool   `json:"staged,omitempty"`
	Version     int    `json:"version,omitempty"`
}

func attachmentResponse(slug string, a authoring.Attachment) attachmentJSON {
	return attachmentJSON{Name: a.Name, ContentType: a.ContentType, Size: a.Size, Width: a.Width, Height: a.Height,
		URL: versionFileURL(slug, a.Name, a.Staged), Markdown: markdownSnippet(a), Replaced: a.Replaced,
		Staged: a.Staged, Version: a.Version}
}

// fileURL is the plain address of an uploaded file: the live version's
// (or a draft's, for who may see it).
func fileURL(slug, name string) string {
	return materialURL(slug) + "/bestanden/" + url.PathEscape(name)
}

// pendingFileURL is the address of a file of the new version that waits
// for review (authoring.PendingAssetBase).
func pendingFileURL(slug, name string) string {
	return pendingURL(slug) + "/bestanden/" + url.PathEscape(name)
}

// versionFileURL is pendingFileURL for the new version's files, else fileURL.
func versionFileURL(slug, name string, pending bool) string {
	if pending {
		return pendingFileURL(slug, name)
	}
	return fileURL(slug, name)
}

// markdownSnippet is what the author pastes into the body: an image with
// a placeholder alt text to replace, or a link for a document.
func markdownSnippet(a authoring.Attachment) string {
	if a.Image() || strings.HasPrefix(a.ContentType, "image/") {
		return "![Beschrijf de afbeelding](" + a.Name + ")"
	}
	return "[" + a.Name + "](" + a.Name + ")"
}

// formFile opens the multipart field "file"; a request without one is a
// refusal with its own message.
func formFile(c *fiber.Ctx) (*multipart.FileHeader, io.ReadCloser, error) {
	fh, err := c.FormFile(uploadField)
	if err != nil {
		return nil, nil, err
	}
	f, err := fh.Open()
	return fh, f, err
}

// stagedMessage says what a file change of a published material means.
const stagedMessage = "Het materiaal is gepubliceerd: deze wijziging hoort bij de nieuwe versie en wacht op review. Bezoekers krijgen de bestanden van de gepubliceerde versie tot een moderator de nieuwe versie publiceert."

const noFileMessage = `Er zat geen bestand bij. Stuur het bestand als multipart/form-data in het veld "file" (in de browser: kies eerst een bestand).`

// apiAttach is POST /api/v1/materials/{slug}/attachments.
func (s *server) apiAttach(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	slug := c.Params("slug")
	fh, f, err := formFile(c)
	if err != nil {
		// Who may not see the material hears 404 first, as for every write.
		if _, lerr := svc.Load(c.UserContext(), actor(c), slug); errors.Is(lerr, authoring.ErrNotFound) {
			return notFoundJSON(c)
		}
		return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "missing_file", Field: uploadField, Message: noFileMessage})
	}
	defer f.Close()
	a, err := svc.Attach(c.UserContext(), actor(c), slug, fh.Filename, f, fh.Size)
	if err != nil {
		status, code, msg := attachStatus(err)
		if status == 0 {
			return err
		}
		if status == fiber.StatusNotFound {
			return notFoundJSON(c)
		}
		body := apiErrorBody{Code: code, Message: msg}
		if status != fiber.StatusForbidden && status != fiber.StatusServiceUnavailable {
			body.Field = uploadField
		}
		return writeFail(c, status, body)
	}
	c.Set(fiber.HeaderLocation, versionFileURL(slug, a.Name, a.Staged))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Status(fiber.StatusCreated).JSON(attachmentResponse(slug, a))
}

// wantsJSON: uploads.js asks for JSON so it can show progress and the
// result without leaving the page.
func wantsJSON(c *fiber.Ctx) bool {
	return strings.Contains(c.Get(fiber.HeaderAccept), fiber.MIMEApplicationJSON)
}

// formAttach is the editor's "Bestand toevoegen" (POST
// /materialen/{slug}/bestanden, multipart): back to the editor with a
// message, or JSON for uploads.js.
func (s *server) formAttach(c *fiber.Ctx) error {
	svc, err := s.authoring()
	if err != nil {
		return err
	}
	slug := c.Params("slug")
	var a authoring.Attachment
	fh, f, ferr := formFile(c)
	if ferr != nil {
		err = &upload.Error{Code: upload.CodeInvalid, Message: "Kies eerst een bestand en klik dan op \"Bestand toevoegen\"."}
	} else {
		a, err = svc.Attach(c.UserContext(), actor(c), slug, fh.Filename, f, fh.Size)
		f.Close()
	}
	if wantsJSON(c) {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		if err != nil {
			status, code, msg := attachStatus(err)
			if status == 0 {
				return err
			}
			return c.Status(status).JSON(apiError{Error: apiErrorBody{Code: code, Field: uploadField, Message: msg}})
		}
		return c.Status(fiber.StatusCreated).JSON(attachmentResponse(slug, a))
	}
	if err != nil {
		status, _, msg := attachStatus(err)
		if status == fiber.StatusNotFound {
			return fiber.ErrNotFound // the error page; a draft's existence is not revealed
		}
		if status == 0 {
			return err
		}
		s.setUploadMessage(c, slug, uploadMessage{Alert: msg})
	} else {
		msg := fmt.Sprintf("%q is toegevoegd.", a.Name)
		if a.Replaced {
			msg = fmt.Sprintf("%q is vervangen door het nieuwe bestand.", a.Name)
		}
		if a.Staged {
			msg += " " + stagedMessage
		}
		s.setUploadMessage(c, slug, uploadMessage{Notice: msg + " Zet het in je tekst met: " + markdownSnippet(a)})
	}
	return c.Redirect(editURL(slug)+"#bestanden", fiber.StatusSeeOther)
}

// formDetach is the editor's "Verwijderen" of a file (field "naam").
func (s *server) formDetach(c *fiber.Ctx) error {
	svc, err := s.authoring()
	if err != nil {
		return err
	}
	slug, name := c.Params("slug"), c.FormValue("naam")
	version, err := svc.DetachStaged(c.UserContext(), actor(c), slug, name)
	staged := version > 0
	if wantsJSON(c) {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		if err != nil {
			status, code, msg := attachStatus(err)
			if status == 0 {
				return err
			}
			return c.Status(status).JSON(apiError{Error: apiErrorBody{Code: code, Message: msg}})
		}
		if staged {
			// uploads.js keeps the editor's version up to date with it.
			return c.JSON(fiber.Map{"staged": true, "version": version, "message": stagedMessage})
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
	switch {
	case errors.Is(err, authoring.ErrNotFound):
		if _, lerr := svc.Load(c.UserContext(), actor(c), slug); lerr != nil {
			return fiber.ErrNotFound
		}
		s.setUploadMessage(c, slug, uploadMessage{Alert: fmt.Sprintf("Er is geen bestand %q (meer) bij dit materiaal.", name)})
	case err != nil:
		status, _, msg := attachStatus(err)
		if status == 0 {
			return err
		}
		s.setUploadMessage(c, slug, uploadMessage{Alert: msg})
	case staged:
		s.setUploadMessage(c, slug, uploadMessage{Notice: fmt.Sprintf("%q is verwijderd uit de nieuwe versie. Haal ook de verwijzing ernaar uit je tekst. %s", name, stagedMessage)})
	default:
		s.setUploadMessage(c, slug, uploadMessage{Notice: fmt.Sprintf("%q is verwijderd. Haal ook de verwijzing ernaar uit je tekst.", name)})
	}
	return c.Redirect(editURL(slug)+"#bestanden", fiber.StatusSeeOther)
}

// uploadMessage is carried to the editor after a form upload (a redirect)
// in a short-lived cookie for that material's pages only.
type uploadMessage struct {
	Notice string `json:"n,omitempty"`
	Alert  string `json:"a,omitempty"`
}

const uploadCookie = "hub_bestand"

func (s *server) setUploadMessage(c *fiber.Ctx, slug string, m uploadMessage) {
	b, _ := json.Marshal(m)
	c.Cookie(&fiber.Cookie{Name: uploadCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: materialURL(slug) + "/",
		MaxAge: 120, HTTPOnly: true, Secure: s.cfg.Secure, SameSite: fiber.CookieSameSiteLaxMode})
}

func (s *server) takeUploadMessage(c *fiber.Ctx, slug string) uploadMessage {
	var m uploadMessage
	raw := c.Cookies(uploadCookie)
	if raw == "" {
		return m
	}
	c.Cookie(&fiber.Cookie{Name: uploadCookie, Value: "", Path: materialURL(slug) + "/", MaxAge: -1,
		Expires: time.Unix(1, 0), HTTPOnly: true, Secure: s.cfg.Secure, SameSite: fiber.CookieSameSiteLaxMode})
	if b, err := base64.RawURLEncoding.DecodeString(raw); err == nil {
		json.Unmarshal(b, &m)
	}
	return m
}

// uploadsView is what templates/partials/uploads.html ("uploads") shows.
type uploadsView struct {
	Slug         string // "" for a material not saved yet
	Saved        bool
	MayEdit      bool
	Action       string // the upload form's target
	RemoveAction string
	APIPath      string
	Live         bool // published: file changes wait for review with the new version
	Files        []uploadRow
	Notice       string
	Alert        string
	MaxFile      string // "20 MB"
	MaxMaterial  string
	MaxFileBytes int64
	Used         string
	Accept       string
}

type uploadRow struct {
	Name, URL, Size, Dimensions, Kind, Snippet string
	Bytes                                      int64 // uploads.js adds these up for "nu in gebruik"
	Image                                      bool
	Staged                                     bool // new in the pending revision, waits for review
}

// uploadAccept is the file picker's hint (the server decides anyway).
const uploadAccept = ".png,.jpg,.jpeg,.gif,.webp,.svg,.pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.txt,.csv," +
	"image/png,image/jpeg,image/gif,image/webp,image/svg+xml,application/pdf,text/plain,text/csv"

// UploadsFor is what the editor passes to {{template "uploads" .Uploads}}:
// slug "" for a new material (a notice that it must be saved first).
func (s *server) uploadsFor(c *fiber.Ctx, slug string) *uploadsView {
	svc, err := s.authoring()
	lim := upload.DefaultLimits
	if err == nil {
		lim = svc.UploadLimits()
	}
	v := &uploadsView{Slug: slug, MaxFile: upload.Size(lim.MaxFile), MaxMaterial: upload.Size(lim.MaxMaterial),
		MaxFileBytes: lim.MaxFile, Accept: uploadAccept}
	if slug == "" || err != nil {
		return v
	}
	e, lerr := svc.Load(c.UserContext(), actor(c), slug)
	if lerr != nil {
		return v
	}
	v.Saved, v.MayEdit, v.Live = true, svc.MayEdit(actor(c), e), e.Live
	v.Action, v.RemoveAction, v.APIPath = uploadPath(slug), detachPath(slug), apiUploadPath(slug)
	msg := s.takeUploadMessage(c, slug)
	v.Notice, v.Alert = msg.Notice, msg.Alert
	files, err := svc.Attachments(c.UserContext(), actor(c), slug)
	if err != nil {
		s.log.Warn("bestanden niet gelezen", "materiaal", slug, "err", err)
		v.Alert = "De lijst met bestanden kon niet gelezen worden. Laad de pagina opnieuw."
		return v
	}
	var used int64
	for _, a := range files {
		used += a.Size
		// The new version's list: every file at its own address (its
		// unchanged live files too, as its page links them).
		r := uploadRow{Name: a.Name, URL: versionFileURL(slug, a.Name, e.Pending()), Size: upload.Size(a.Size), Bytes: a.Size, Kind: kindLabel(a.ContentType),
			Snippet: markdownSnippet(a), Image: a.Image(), Staged: a.Staged}
		if a.Image() {
			r.Dimensions = fmt.Sprintf("%d × %d pixels", a.Width, a.Height)
		}
		v.Files = append(v.Files, r)
	}
	v.Used = upload.Size(used)
	return v
}

func kindLabel(ct string) string {
	base, _, _ := strings.Cut(ct, ";")
	switch base {
	case "image/png":
		return "PNG-afbeelding"
	case "image/jpeg":
		return "JPEG-foto"
	case "image/gif":
		return "GIF-afbeelding"
	case "image/webp":
		return "WebP-afbeelding"
	case "image/svg+xml":
		return "SVG-tekening"
	case "application/pdf":
		return "PDF"
	case "text/plain":
		return "tekst"
	case "text/csv":
		return "CSV"
	}
	switch {
	case strings.Contains(base, "wordprocessing"), strings.HasSuffix(base, "opendocument.text"):
		return "tekstdocument"
	case strings.Contains(base, "spreadsheet"):
		return "rekenblad"
	case strings.Contains(base, "presentation"):
		return "presentatie"
	}
	return "bestand"
}

// uploadedFile serves an uploaded file at /materialen/{slug}/bestanden/
// {name} when the material has no imported file of that name: a published
// material's live file, public like its imported files, for everyone —
// one address, one version, so it does not vary with the session — or a
// draft's file for those who may see the draft (the session is read here:
// loadSession skips /bestanden/ paths), never stored by a shared cache.
func (s *server) uploadedFile(c *fiber.Ctx, slug, name string) error {
	svc, err := s.authoring()
	if err != nil {
		return fiber.ErrNotFound
	}
	r, a, mod, public, err := svc.OpenAttachment(c.UserContext(), s.sessionActor(c), slug, name)
	if errors.Is(err, authoring.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer r.Close()
	cache := "public, max-age=3600"
	if !public {
		cache = "private, no-store"
	}
	s.serveUpload(c, r, a, mod, cache)
	return nil
}

// pendingFile is GET /materialen/{slug}/nieuwe-versie/bestanden/{name}:
// a file of the published material's new version waiting for review,
// for those who may see that version (the same 404 as for a draft for
// everyone else), never cached by others: its uploaded files and its
// content folder's (authoring.OpenPendingAttachment), as its page links
// them all under this one prefix.
func (s *server) pendingFile(c *fiber.Ctx) error {
	svc, err := s.authoring()
	if err != nil {
		return fiber.ErrNotFound
	}
	slug := c.Params("slug")
	name, ok := attachmentName(c.Params("+"))
	if !ok {
		return fiber.ErrNotFound
	}
	r, a, mod, err := svc.OpenPendingAttachment(c.UserContext(), s.sessionActor(c), slug, name)
	if errors.Is(err, authoring.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer r.Close()
	s.serveUpload(c, r, a, mod, "private, no-store")
	return nil
}

// serveUpload answers with an uploaded file: net/http's ServeContent does
// the conditional and Range handling (attachment.go).
func (s *server) serveUpload(c *fiber.Ctx, r io.ReadSeeker, a authoring.Attachment, mod time.Time, cache string) {
	adaptor.HTTPHandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		h := w.Header()
		h.Set("Content-Type", a.ContentType)
		h.Set("Cache-Control", cache)
		h.Set("ETag", attachmentETag(a.Name, a.Size, mod.UnixNano()))
		http.ServeContent(w, req, a.Name, mod, r)
	})(c)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	if strings.HasPrefix(a.ContentType, "image/svg+xml") {
		c.Set(fiber.HeaderContentSecurityPolicy, svgPolicy)
	}
	if !inlineSafe(a.ContentType) {
		c.Set(fiber.HeaderContentDisposition, contentDisposition(a.Name))
	}
}

// sessionActor is the signed-in person of a request that loadSession
// skipped, or the zero Actor (a visitor).
func (s *server) sessionActor(c *fiber.Ctx) auth.Actor {
	if cur := current(c); cur != nil {
		return cur.Actor
	}
	token := c.Cookies(s.cookieName())
	if token == "" || s.cfg.Accounts == nil {
		return auth.Actor{}
	}
	svc := s.cfg.Accounts()
	if svc == nil {
		return auth.Actor{}
	}
	cur, err := svc.Session(c.UserContext(), token)
	if err != nil {
		return auth.Actor{}
	}
	return cur.Actor
}
