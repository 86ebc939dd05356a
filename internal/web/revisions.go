package web

import (
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Brussels on servers without a zone database

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/textdiff"
)

// The revisions of a material (issue 8 §3), draft or published alike:
// the list at /materialen/{slug}/versies, the difference between any two
// at …/versies/vergelijk?van=N&tot=M (a plain GET form: works without
// JavaScript), and restoring one as a new revision by POST
// …/versies/{n}/herstellen (crossSiteGuard applies; the version read goes
// along, so a restore never overwrites a save made in between). The API
// has the same: GET /api/v1/materials/{slug}/revisions (write_api.go) and
// POST …/revisions/{n}/restore with If-Match. Everything goes through
// authoring.Service: who sees the history and who may restore is auth.Can's
// answer there; those who may not see it get 404.

func (s *server) bindRevisions(app *fiber.App) {
	if s.cfg.Authoring == nil {
		return
	}
	if s.cfg.Accounts != nil {
		app.Get("/materialen/:slug/versies", s.requireSignedIn, s.revisionsPage)
		app.Get("/materialen/:slug/versies/vergelijk", s.requireSignedIn, s.comparePage)
		app.Post("/materialen/:slug/versies/:n/herstellen", s.requireSignedIn, s.restorePost)
	}
	app.Post("/api/v1/materials/:slug/revisions/:n/restore", s.apiRestore)
}

func versionsURL(slug string) string { return materialURL(slug) + "/versies" }

func compareURL(slug string, from, to int) string {
	return fmt.Sprintf("%s/vergelijk?van=%d&tot=%d", versionsURL(slug), from, to)
}

// brussels is the hub's time zone: times are shown as a Flemish reader
// expects them, whatever the server's zone.
var brussels = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Brussels"); err == nil {
		return loc
	}
	return time.UTC
}()

// dutchDateTime is "6 december 2026 om 09:14".
func dutchDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(brussels)
	return dutchDate(t) + " om " + t.Format("15:04")
}

// revisionService is the one door, or the error page's "the hub is starting".
func (s *server) revisionService() (*authoring.Service, error) {
	if svc := s.cfg.Authoring(); svc != nil {
		return svc, nil
	}
	return nil, errStarting
}

type revisionRow struct {
	Number             int
	Who, Note          string
	At                 time.Time // shown with the template func "when"
	Datetime           string
	Current            bool
	CheckFrom, CheckTo bool
	CompareURL         string // with the current version; "" for the current one
}

type revisionsView struct {
	Page
	Slug, Title, State string
	MaterialURL        string
	Version            int
	Rows               []revisionRow
	MayEdit            bool
	Notice, Problem    string
}

func stateName(state string) string {
	switch state {
	case authoring.StatePublished:
		return "gepubliceerd"
	case "ingediend":
		return "ingediend en wacht op nakijken"
	}
	return "een concept (niet gepubliceerd)"
}

// revisionsPage is GET /materialen/{slug}/versies.
func (s *server) revisionsPage(c *fiber.Ctx) error {
	notice := ""
	if n, err := strconv.Atoi(c.Query("hersteld")); err == nil && n > 0 {
		notice = fmt.Sprintf("Versie %d is hersteld: de laatste versie hieronder heeft opnieuw de inhoud ervan.", n)
		if c.Query("ongewijzigd") == "1" {
			notice = fmt.Sprintf("Versie %d is gelijk aan de huidige versie; er is niets gewijzigd.", n)
		}
	}
	return s.renderRevisions(c, notice, "")
}

func (s *server) renderRevisions(c *fiber.Ctx, notice, problem string) error {
	svc, err := s.revisionService()
	if err != nil {
		return err
	}
	h, err := svc.Revisions(c.UserContext(), actor(c), c.Params("slug"))
	if errors.Is(err, authoring.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	e := h.Material
	title := "Versies van ‘" + e.Material.Title + "’"
	if problem != "" {
		title = "Fout: " + title
	}
	v := revisionsView{Page: s.page(c, title, "", ""), Slug: e.Slug, Title: e.Material.Title, State: stateName(e.State),
		MaterialURL: materialURL(e.Slug), Version: e.Version, MayEdit: h.MayEdit, Notice: notice, Problem: problem}
	v.NoIndex = true
	n := len(h.Revisions)
	for i := n - 1; i >= 0; i-- { // newest first
		r := h.Revisions[i]
		row := revisionRow{Number: r.Number, Who: r.Who, At: r.Created, Note: r.Note,
			Datetime: r.Created.UTC().Format(time.RFC3339), Current: i == n-1,
			CheckTo: i == n-1, CheckFrom: i == n-2 || n == 1}
		if i < n-1 {
			row.CompareURL = compareURL(e.Slug, r.Number, h.Revisions[n-1].Number)
		}
		v.Rows = append(v.Rows, row)
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return s.render(c, "versies", v)
}

type fieldChangeView struct {
	Label, Old, New string
}

type compareView struct {
	Page
	Slug, Title string
	VersionsURL string
	From, To    revisionRow
	Fields      []fieldChangeView
	Body        template.HTML
	BodyChanged bool
	Coarse      bool
	Published   bool
	Version     int // the latest: the restore form's version
	Restore     []restoreOffer
}

// restoreOffer is a restore button for one of the two compared revisions.
type restoreOffer struct {
	Number int
	Action string
	Next   int // the number the restored copy gets
}

// comparePage is GET /materialen/{slug}/versies/vergelijk?van=N&tot=M.
func (s *server) comparePage(c *fiber.Ctx) error {
	svc, err := s.revisionService()
	if err != nil {
		return err
	}
	slug := c.Params("slug")
	from, okFrom := positive(c.Query("van"))
	to, okTo := positive(c.Query("tot"))
	if !okFrom || !okTo {
		if _, err := svc.Revisions(c.UserContext(), actor(c), slug); err != nil {
			return revisionError(err) // not visible: 404 before anything else
		}
		return s.revisionProblem(c, fiber.StatusBadRequest, "Kies twee versies",
			"Kies in de lijst met versies welke twee je wilt vergelijken (van en tot), en klik op ‘Vergelijken’. In het adres zijn van en tot versienummers, bv. "+compareURL(slug, 1, 2)+".")
	}
	cmp, err := svc.Compare(c.UserContext(), actor(c), slug, from, to)
	if errors.Is(err, authoring.ErrNoRevision) {
		return s.revisionProblem(c, fiber.StatusNotFound, "Die versie bestaat niet",
			fmt.Sprintf("Dit materiaal heeft geen versie %d of %d. Kies twee versies in de lijst met versies (%s).", from, to, versionsURL(slug)))
	}
	if err != nil {
		return revisionError(err)
	}
	e := cmp.Material
	v := compareView{Page: s.page(c, fmt.Sprintf("Versie %d en %d van ‘%s’", from, to, e.Material.Title), "", ""),
		Slug: e.Slug, Title: e.Material.Title, VersionsURL: versionsURL(e.Slug), Version: e.Version,
		Body: textdiff.HTML(cmp.Body.Edits), BodyChanged: cmp.Body.Changed(), Coarse: cmp.Body.Coarse,
		Published: !e.Draft()}
	v.NoIndex = true
	row := func(r authoring.RevisionInfo) revisionRow {
		return revisionRow{Number: r.Number, Who: r.Who, At: r.Created, Note: r.Note,
			Datetime: r.Created.UTC().Format(time.RFC3339), Current: r.Number == e.Version}
	}
	v.From, v.To = row(cmp.From), row(cmp.To)
	for _, f := range cmp.Fields {
		v.Fields = append(v.Fields, fieldChangeView{Label: f.Label, Old: f.Old, New: f.New})
	}
	if cmp.MayEdit {
		for _, n := range []int{from, to} {
			if n != e.Version && (len(v.Restore) == 0 || v.Restore[0].Number != n) {
				v.Restore = append(v.Restore, restoreOffer{Number: n, Next: e.Version + 1,
					Action: fmt.Sprintf("%s/%d/herstellen", versionsURL(e.Slug), n)})
			}
		}
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return s.render(c, "versie-vergelijk", v)
}

func positive(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil && n > 0
}

// revisionError maps the service's "not visible" to 404.
func revisionError(err error) error {
	if errors.Is(err, authoring.ErrNotFound) {
		return fiber.ErrNotFound
	}
	return err
}

func (s *server) revisionProblem(c *fiber.Ctx, status int, title, msg string) error {
	c.Status(status)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return s.render(c, "error", s.errorView(c, problem{Status: status, Code: "revision", Title: title, Message: msg}))
}

// restorePost is POST /materialen/{slug}/versies/{n}/herstellen with the
// version the person saw.
func (s *server) restorePost(c *fiber.Ctx) error {
	svc, err := s.revisionService()
	if err != nil {
		return err
	}
	slug := c.Params("slug")
	n, okN := positive(c.Params("n"))
	version, _ := positive(c.FormValue("version"))
	if !okN {
		return fiber.ErrNotFound
	}
	res, err := svc.Restore(c.UserContext(), actor(c), slug, n, version)
	var stale *authoring.StaleError
	var inv *authoring.InvalidError
	switch {
	case errors.As(err, &stale):
		c.Status(fiber.StatusConflict)
		return s.renderRevisions(c, "", fmt.Sprintf("Versie %d is niet hersteld: iemand bewaarde dit materiaal intussen (nu versie %d). Bekijk de nieuwe versie hieronder en kies opnieuw wat je wilt herstellen.", n, stale.Current))
	case errors.As(err, &inv):
		msgs := make([]string, len(inv.Errors))
		for i, fe := range inv.Errors {
			msgs[i] = fe.Message
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderRevisions(c, "", fmt.Sprintf("Versie %d is niet hersteld: ze voldoet niet meer aan de regels van vandaag. %s. Bewerk het materiaal en neem over wat je uit versie %d nodig hebt.", n, strings.Join(msgs, "; "), n))
	case errors.Is(err, authoring.ErrNoRevision):
		return s.revisionProblem(c, fiber.StatusNotFound, "Die versie bestaat niet",
			fmt.Sprintf("Dit materiaal heeft geen versie %d. Kies een versie in de lijst met versies (%s).", n, versionsURL(slug)))
	case errors.Is(err, authoring.ErrForbidden):
		return s.revisionProblem(c, fiber.StatusForbidden, "Geen toegang",
			"Alleen wie dit materiaal mag bewerken, kan een versie herstellen: de auteur, een auteur van de hub of een beheerder.")
	case err != nil:
		return revisionError(err)
	}
	target := versionsURL(res.Slug) + "?hersteld=" + strconv.Itoa(n)
	if res.Status == store.Unchanged {
		target += "&ongewijzigd=1"
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// apiRestore is POST /api/v1/materials/{slug}/revisions/{n}/restore with
// If-Match: the version read. 200 with the material's new version.
func (s *server) apiRestore(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	slug := c.Params("slug")
	n, okN := positive(c.Params("n"))
	h, err := svc.Revisions(c.UserContext(), actor(c), slug)
	if err != nil {
		return writeError(c, err)
	}
	if !okN {
		return revisionNotFoundJSON(c, c.Params("n"), len(h.Revisions))
	}
	version, ok := ifMatch(c)
	if !ok {
		return writeFail(c, fiber.StatusPreconditionRequired, apiErrorBody{Code: "precondition_required",
			Message: `Stuur de versie die je gezien hebt mee als If-Match: "<version>" (uit GET …/revisions of het vorige antwoord), zodat je niemands wijziging overschrijft.`})
	}
	res, err := svc.Restore(c.UserContext(), actor(c), slug, n, version)
	if errors.Is(err, authoring.ErrNoRevision) {
		return revisionNotFoundJSON(c, strconv.Itoa(n), len(h.Revisions))
	}
	if err != nil {
		return writeError(c, err)
	}
	state := h.Material.State
	if res.Draft.State != "" {
		state = res.Draft.State
	}
	c.Set(fiber.HeaderETag, etag(res.Version))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.JSON(draftResponse{ID: h.Material.ID, Slug: res.Slug, Version: res.Version, State: state, Warnings: issues(res.Warnings)})
}

func revisionNotFoundJSON(c *fiber.Ctx, n string, count int) error {
	return writeFail(c, fiber.StatusNotFound, apiErrorBody{Code: "revision_not_found", Parameter: "n",
		Message: fmt.Sprintf("Dit materiaal heeft geen versie %q; de versies zijn genummerd van 1 tot %d (GET …/revisions).", n, count)})
}
