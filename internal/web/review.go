package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/textdiff"
)

// Review (issue 9): a hub's queue of waiting material (/hubs/{hub}/review
// and GET /api/v1/hubs/{hub}/queue), the review form of one material
// (rendered as it would be published, the diff since the last review, the
// hub's checklist and its inclusion tags to confirm) and the page where
// moderators adapt their hub's checklist. Only the hub's moderators and
// the beheerders (auth.HubReview) see any of it; every claim and decision
// goes through authoring.Service.Transition.

// reviewStore is what review needs from the database (*store.Store).
type reviewStore interface {
	Queue(ctx context.Context, hub string, f store.QueueFilter) ([]store.QueueItem, int64, error)
	Checklist(ctx context.Context, hub string) ([]store.ChecklistItem, error)
	ChangeChecklist(ctx context.Context, hub string, ch store.ChecklistChange, a store.Actor) error
	SaveReview(ctx context.Context, r *store.Review) error
	Reviews(ctx context.Context, materialID int64, limit int) ([]store.Review, error)
	LatestReviews(ctx context.Context, ids []int64) (map[int64]store.Review, error)
	VerifiedTags(ctx context.Context, materialID int64) (map[string]bool, error)
	UserByID(ctx context.Context, id int64) (store.User, error)
	WroteDrafts(ctx context.Context, user int64, ids []int64) (map[int64]bool, error)
}

const queuePerPage = 50

func (s *server) bindReview(app *fiber.App) {
	if s.cfg.Authoring == nil {
		return
	}
	app.Get("/api/v1/hubs/:hub/queue", s.apiQueue)
	app.Get("/hubs/:slug/review", s.requireSignedIn, s.queuePage)
	app.Post("/hubs/:slug/review/:material/claim", s.requireSignedIn, s.queueClaim)
	app.Get("/hubs/:slug/review/:material", s.requireSignedIn, s.reviewForm)
	app.Post("/hubs/:slug/review/:material", s.requireSignedIn, s.reviewDecide)
	app.Get("/hubs/:slug/checklist", s.requireSignedIn, s.checklistPage)
	app.Post("/hubs/:slug/checklist", s.requireSignedIn, s.checklistPost)
}

// reviewAccess returns the service and its store when the signed-in person
// may review hub; else a rendered 404 (no such hub) or 403.
func (s *server) reviewAccess(c *fiber.Ctx) (*authoring.Service, reviewStore, string, error) {
	hub := c.Params("slug")
	if _, ok := s.vocab().Term(catalog.FieldHub, hub); !ok {
		return nil, nil, "", fiber.ErrNotFound
	}
	svc, err := s.authoring()
	if err != nil {
		return nil, nil, "", err
	}
	rs, ok := svc.Store.(reviewStore)
	if !ok {
		return nil, nil, "", errStarting
	}
	if !auth.Can(actor(c), auth.HubReview, auth.Resource{Hub: hub}) {
		c.Status(fiber.StatusForbidden)
		return nil, nil, "", s.render(c, "error", s.errorView(c, problem{Status: fiber.StatusForbidden, Code: "forbidden", Title: "Geen toegang",
			Message: "Alleen de moderatoren van deze hub en de beheerders zien de reviewwachtrij. Moderator worden? Vraag het aan een beheerder van de STEM Kennishub."}))
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return svc, rs, hub, nil
}

// queueFilter reads state, type and level from the query; an unknown
// value is a ParamError naming the choices.
func (s *server) queueFilter(c *fiber.Ctx) (store.QueueFilter, error) {
	f := store.QueueFilter{State: c.Query("toestand"), Type: c.Query("type"), Level: c.Query("niveau")}
	if f.State != "" && !slices.Contains(store.QueueStates, f.State) {
		return f, &ParamError{Parameter: "toestand", Message: "toestand moet een van " + strings.Join(store.QueueStates, ", ") + " zijn."}
	}
	if f.Type != "" {
		if _, ok := s.vocab().Term(catalog.FieldType, f.Type); !ok {
			return f, &ParamError{Parameter: "type", Message: fmt.Sprintf("type %q bestaat niet; kies een type uit de lijst.", f.Type)}
		}
	}
	if f.Level != "" {
		if _, ok := s.vocab().Term(catalog.FieldLevels, f.Level); !ok {
			return f, &ParamError{Parameter: "niveau", Message: fmt.Sprintf("niveau %q bestaat niet; kies een niveau uit de lijst.", f.Level)}
		}
	}
	return f, nil
}

// queueRow is one waiting material as the page shows it.
type queueRow struct {
	store.QueueItem
	StateLabel, TypeLabel, LevelLabel string
	ClaimedByName                     string // "" when nobody claimed it
	Mine                              bool   // claimed by the viewer
	Own                               bool   // the viewer made it or wrote part of it: others decide
	ReviewURL, ClaimURL               string
	CanClaim, CanRelease              bool
	Planned                           string
}

type queueView struct {
	Page
	Hub, HubName      string
	Rows              []queueRow
	Total             int
	Filter            store.QueueFilter
	Problems          bool
	States            []option
	Types, Levels     []option
	Reports           []store.ProblemReport
	Broken            []store.BrokenLink
	ReportsURL        string
	ChecklistURL      string
	Error, Done       string
	From, To          int
	Pagination        pagination
	ReportsAvailable  bool
	ReportLabels      map[string]string
	FilterDescription string
}

// userName names an account for others ("An Smets"), cached per request.
func userName(ctx context.Context, rs reviewStore, cache map[int64]string, id int64) string {
	if n, ok := cache[id]; ok {
		return n
	}
	n := "een verwijderd account"
	if u, err := rs.UserByID(ctx, id); err == nil {
		n = strings.TrimSpace(u.Name)
		if n == "" {
			n = u.Email
		}
	}
	cache[id] = n
	return n
}

func (s *server) queueRows(c *fiber.Ctx, svc *authoring.Service, rs reviewStore, hub string, items []store.QueueItem) []queueRow {
	ctx := c.UserContext()
	me := actor(c)
	names := map[int64]string{}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	wrote, err := rs.WroteDrafts(ctx, me.UserID, ids)
	if err != nil {
		s.log.Warn("wachtrij: wie schreef mee", "err", err) // then the claim button may show; Transition still refuses
	}
	out := make([]queueRow, 0, len(items))
	for _, it := range items {
		r := queueRow{QueueItem: it, StateLabel: authoring.StateLabels[it.State], TypeLabel: s.label(catalog.FieldType, it.Type),
			ReviewURL: "/hubs/" + hub + "/review/" + it.Slug, ClaimURL: "/hubs/" + hub + "/review/" + it.Slug + "/claim"}
		if r.Title == "" {
			r.Title = it.Slug
		}
		if it.Live {
			r.StateLabel += " · nieuwe versie van een gepubliceerd materiaal"
		}
		var lv []string
		for _, l := range it.Levels {
			lv = append(lv, s.label(catalog.FieldLevels, l))
		}
		r.LevelLabel = strings.Join(lv, ", ")
		if it.ClaimedBy != 0 && it.State == store.StateInBehandeling {
			r.ClaimedByName = userName(ctx, rs, names, it.ClaimedBy)
			r.Mine = it.ClaimedBy == me.UserID
		}
		if it.PublishAt != nil {
			r.Planned = clock(*it.PublishAt)
		}
		e := authoring.Editable{ID: it.ID, Slug: it.Slug, Hub: it.Hub, OwnerID: it.OwnerID, State: it.State, Live: it.Live}
		if wrote[it.ID] {
			e.Writers = []int64{me.UserID}
		}
		r.Own = me.SignedIn() && !me.Has(auth.RoleBeheerder, "") && (it.OwnerID == me.UserID || wrote[it.ID]) // a beheerder may decide anyway (logged)
		r.CanClaim = svc.MayTransition(me, e, authoring.ActClaimen)
		// Another moderator's claim is released by them, or by a beheerder.
		r.CanRelease = svc.MayTransition(me, e, authoring.ActVrijgeven) && (r.Mine || auth.Can(me, auth.HubReview, auth.Resource{}))
		out = append(out, r)
	}
	return out
}

func (s *server) options(field string, selected string) []option {
	var out []option
	voc := s.vocab().Vocabulary(field)
	if voc == nil {
		return nil
	}
	for _, t := range voc.Terms {
		out = append(out, option{Value: t.ID, Label: t.Label, Selected: t.ID == selected})
	}
	return out
}

// queuePage is GET /hubs/{hub}/review.
func (s *server) queuePage(c *fiber.Ctx) error {
	svc, rs, hub, err := s.reviewAccess(c)
	if svc == nil {
		return err
	}
	f, err := s.queueFilter(c)
	if err != nil {
		return err
	}
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = queuePerPage, (page-1)*queuePerPage
	name := s.label(catalog.FieldHub, hub)
	v := queueView{Page: s.page(c, "Review voor "+name, "Wat bij "+name+" op een moderator wacht.", ""),
		Hub: hub, HubName: name, Filter: f, Problems: c.Query("problemen") == "ja",
		ReportsURL: "/hubs/" + hub + "/meldingen", ChecklistURL: "/hubs/" + hub + "/checklist",
		Error: workflowMessages[c.Query("werkstroomfout")], Done: workflowDone(c.Query("werkstroom")), ReportLabels: reasonLabels}
	v.NoIndex = true
	for _, st := range store.QueueStates {
		v.States = append(v.States, option{Value: st, Label: authoring.StateLabels[st], Selected: st == f.State})
	}
	v.Types, v.Levels = s.options(catalog.FieldType, f.Type), s.options(catalog.FieldLevels, f.Level)
	if rep := s.reports(); rep != nil {
		v.ReportsAvailable = true
		if v.Reports, err = rep.OpenReports(c.UserContext(), hub, queuePerPage); err != nil {
			return err
		}
		if v.Broken, err = rep.BrokenLinks(c.UserContext(), hub, queuePerPage); err != nil {
			return err
		}
	}
	if !v.Problems {
		items, total, err := rs.Queue(c.UserContext(), hub, f)
		if err != nil {
			return err
		}
		v.Rows, v.Total = s.queueRows(c, svc, rs, hub, items), int(total)
		if len(items) > 0 {
			v.From, v.To = f.Offset+1, f.Offset+len(items)
		}
		pages := int((total + queuePerPage - 1) / queuePerPage)
		q := c.Request().URI().QueryArgs()
		v.Pagination = paginate("Pagina's van de wachtrij", page, pages, func(n int) string {
			u := url.Values{}
			q.VisitAll(func(k, val []byte) {
				if string(k) != "pagina" {
					u.Set(string(k), string(val))
				}
			})
			if n > 1 {
				u.Set("pagina", strconv.Itoa(n))
			}
			if len(u) == 0 {
				return "/hubs/" + hub + "/review"
			}
			return "/hubs/" + hub + "/review?" + u.Encode()
		})
	}
	return s.render(c, "hub-review", v)
}

// queueClaim is POST /hubs/{hub}/review/{slug}/claim: claimen or vrijgeven.
func (s *server) queueClaim(c *fiber.Ctx) error {
	svc, _, hub, err := s.reviewAccess(c)
	if svc == nil {
		return err
	}
	action := c.FormValue("action")
	if action != authoring.ActClaimen && action != authoring.ActVrijgeven {
		return &ParamError{Parameter: "action", Message: "action moet claimen of vrijgeven zijn."}
	}
	slug := c.Params("material")
	if e, err := svc.Load(c.UserContext(), actor(c), slug); err != nil || e.Hub != hub {
		return fiber.ErrNotFound
	}
	back := "/hubs/" + hub + "/review"
	if c.FormValue("terug") == "formulier" {
		back += "/" + slug
	}
	_, err = svc.Transition(c.UserContext(), actor(c), slug, action, "", time.Time{})
	if err == nil {
		return c.Redirect(back+"?werkstroom="+action, fiber.StatusSeeOther)
	}
	if q := stepQuery(err); q != "" {
		return c.Redirect(back+"?"+q, fiber.StatusSeeOther)
	}
	return err
}

// stepQuery maps a Transition result to the query the pages read back
// (workflowMessages, workflowDone); "" for an error they cannot show.
func stepQuery(err error) string {
	var se *authoring.StateError
	var inv *authoring.InvalidError
	var stale *authoring.StaleError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, authoring.ErrForbidden):
		return "werkstroomfout=verboden"
	case errors.As(err, &se):
		return "werkstroomfout=toestand"
	case errors.As(err, &stale):
		return "werkstroomfout=gewijzigd"
	case errors.As(err, &inv):
		switch inv.Errors[0].Field {
		case "comment":
			return "werkstroomfout=reden"
		case "action":
			return "werkstroomfout=onbekend"
		}
		return "werkstroomfout=ongeldig"
	}
	return ""
}

// queueJSON is one item of GET /api/v1/hubs/{hub}/queue.
type queueJSON struct {
	ID        int64      `json:"id"`
	Slug      string     `json:"slug"`
	Title     string     `json:"title"`
	Type      string     `json:"type"`
	Levels    []string   `json:"levels"`
	State     string     `json:"state"`
	Since     time.Time  `json:"since"`
	ClaimedBy *string    `json:"claimed_by"`
	PublishAt *time.Time `json:"publish_at"`
	Version   int        `json:"version"`
}

type queueResponse struct {
	Hub   string      `json:"hub"`
	Total int64       `json:"total"`
	Items []queueJSON `json:"items"`
}

// apiQueue is GET /api/v1/hubs/{hub}/queue?state=&type=&level=&page=.
func (s *server) apiQueue(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	rs, ok := svc.Store.(reviewStore)
	if !ok {
		return errStarting
	}
	hub := c.Params("hub")
	if _, ok := s.vocab().Term(catalog.FieldHub, hub); !ok {
		return writeFail(c, fiber.StatusNotFound, apiErrorBody{Code: "not_found", Message: fmt.Sprintf("Er is geen hub %q.", hub)})
	}
	if !auth.Can(actor(c), auth.HubReview, auth.Resource{Hub: hub}) {
		return writeFail(c, fiber.StatusForbidden, apiErrorBody{Code: "forbidden",
			Message: "Alleen de moderatoren van deze hub en de beheerders zien de reviewwachtrij."})
	}
	f := store.QueueFilter{State: c.Query("state"), Type: c.Query("type"), Level: c.Query("level"), Limit: queuePerPage}
	for _, p := range []struct{ name, val, field string }{{"type", f.Type, catalog.FieldType}, {"level", f.Level, catalog.FieldLevels}} {
		if _, ok := s.vocab().Term(p.field, p.val); p.val != "" && !ok {
			return writeFail(c, fiber.StatusBadRequest, apiErrorBody{Code: "invalid_parameter", Parameter: p.name,
				Message: fmt.Sprintf("%s: %q bestaat niet.", p.name, p.val)})
		}
	}
	if f.State != "" && !slices.Contains(store.QueueStates, f.State) {
		return writeFail(c, fiber.StatusBadRequest, apiErrorBody{Code: "invalid_parameter", Parameter: "state",
			Message: "state moet een van " + strings.Join(store.QueueStates, ", ") + " zijn."})
	}
	if raw := c.Query("page"); raw != "" {
		page, err := strconv.Atoi(raw)
		if err != nil || page < 1 || page > 10000 {
			return writeFail(c, fiber.StatusBadRequest, apiErrorBody{Code: "invalid_parameter", Parameter: "page",
				Message: "page moet een geheel getal van 1 tot 10000 zijn."})
		}
		f.Offset = (page - 1) * queuePerPage
	}
	items, total, err := rs.Queue(c.UserContext(), hub, f)
	if err != nil {
		return err
	}
	out := queueResponse{Hub: hub, Total: total, Items: []queueJSON{}}
	names := map[int64]string{}
	for _, it := range items {
		j := queueJSON{ID: it.ID, Slug: it.Slug, Title: it.Title, Type: it.Type, Levels: it.Levels, State: it.State,
			Since: it.Since, PublishAt: it.PublishAt, Version: it.Version}
		if j.Levels == nil {
			j.Levels = []string{}
		}
		if it.ClaimedBy != 0 && it.State == store.StateInBehandeling {
			n := userName(c.UserContext(), rs, names, it.ClaimedBy)
			j.ClaimedBy = &n
		}
		out.Items = append(out.Items, j)
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.JSON(out)
}

// ---- the review form ----

type checkRow struct {
	Index  int
	Text   string
	Tag    string
	Answer string
	Name   string // the form field
}

type tagRow struct {
	ID, Label string
	Verified  bool
}

type reviewFormView struct {
	Page
	Hub, HubName string
	Slug, Title  string
	Summary      string
	StateLabel   string
	ActionLabels map[string]string
	Version      int
	Preview      template.HTML
	Goals        []reviewGoal
	// The diff since the revision the last decision was made on.
	LastReview  *store.Review
	DiffFrom    int
	Fields      []authoring.FieldChange
	Body        template.HTML
	BodyChanged bool
	Checks      []checkRow
	Tags        []tagRow
	Decisions   []decisionOption
	ClaimedBy   string
	ClaimURL    string
	Own         bool // the viewer made it or wrote part of this version

	CanClaim    bool
	CanRelease  bool
	Comment     string
	Error, Done string
	QueueURL    string
	FormURL     string
	History     []store.Review
	// Duplicates: materials that may be the same (duplicates.go).
	Duplicates []duplicateView
	// Files: the file changes a published material's new version brings
	// (store/upload_pending.go), which publishing it applies.
	Files reviewFiles
}

// reviewFiles are a new version's file changes, the added and replaced
// ones linked at the new version's own file address (pendingFileURL).
type reviewFiles struct {
	Added, Replaced []fileLink
	Removed         []string
}

type fileLink struct{ Name, URL string }

func (f reviewFiles) Empty() bool { return len(f.Added)+len(f.Replaced)+len(f.Removed) == 0 }

func reviewFilesOf(slug string, ch store.StagedFiles) reviewFiles {
	links := func(names []string) []fileLink {
		out := make([]fileLink, len(names))
		for i, n := range names {
			out[i] = fileLink{Name: n, URL: pendingFileURL(slug, n)}
		}
		return out
	}
	return reviewFiles{Added: links(ch.Added), Replaced: links(ch.Replaced), Removed: ch.Removed}
}

type decisionOption struct {
	Action, Label string
	Checked       bool
}

// reviewGoal is a linked goal with its official text.
type reviewGoal struct{ Code, Text string }

// decisionLabels name the decisions in the history.
var decisionLabels = map[string]string{
	authoring.ActGoedkeuren: "goedgekeurd", authoring.ActAanpassingVragen: "aanpassing gevraagd", authoring.ActAfwijzen: "afgewezen",
}

var reviewAnswers = []string{"ja", "nee", "nvt"}

// reviewMaterial loads the material of the form for its hub.
func (s *server) reviewMaterial(c *fiber.Ctx, svc *authoring.Service, hub string) (authoring.Editable, error) {
	e, err := svc.Load(c.UserContext(), actor(c), c.Params("material"))
	if err != nil || e.Hub != hub || !e.Draft() {
		return e, fiber.ErrNotFound
	}
	return e, nil
}

// reviewForm is GET /hubs/{hub}/review/{slug}.
func (s *server) reviewForm(c *fiber.Ctx) error {
	svc, rs, hub, err := s.reviewAccess(c)
	if svc == nil {
		return err
	}
	e, err := s.reviewMaterial(c, svc, hub)
	if err != nil {
		return err
	}
	v, err := s.reviewView(c, svc, rs, hub, e)
	if err != nil {
		return err
	}
	v.Error, v.Done = workflowMessages[c.Query("werkstroomfout")], workflowDone(c.Query("werkstroom"))
	return s.render(c, "hub-review-form", v)
}

func (s *server) reviewView(c *fiber.Ctx, svc *authoring.Service, rs reviewStore, hub string, e authoring.Editable) (reviewFormView, error) {
	ctx := c.UserContext()
	m := e.Material
	name := s.label(catalog.FieldHub, hub)
	v := reviewFormView{Page: s.page(c, "Review: "+m.Title, "", ""), Hub: hub, HubName: name, Slug: e.Slug, Title: m.Title,
		Summary: m.Summary, ActionLabels: decisionLabels,
		StateLabel: authoring.StateLabels[e.State], Version: e.Version, QueueURL: "/hubs/" + hub + "/review",
		ClaimURL: "/hubs/" + hub + "/review/" + e.Slug + "/claim", FormURL: "/hubs/" + hub + "/review/" + e.Slug}
	v.NoIndex = true
	v.Duplicates = s.likelyDuplicates(c, e.Slug)
	files, err := svc.StagedFiles(ctx, actor(c), e.Slug)
	if err != nil {
		return v, err
	}
	v.Files = reviewFilesOf(e.Slug, files)
	html, err := svc.PreviewAs(ctx, actor(c), m.Body, e.Slug)
	if err != nil {
		html = "<p>De tekst kan niet getoond worden: " + template.HTMLEscapeString(err.Error()) + "</p>"
	}
	v.Preview = template.HTML(html) // sanitised by the pipeline
	for _, g := range m.Goals {
		rg := reviewGoal{Code: g, Text: "(dit doel staat niet in de leerplannen van de hub)"}
		if goal, ok := s.vocab().Goal(g); ok {
			rg.Code, rg.Text = goal.Set+" "+goal.Code, goal.Text
		}
		v.Goals = append(v.Goals, rg)
	}
	hist, err := rs.Reviews(ctx, e.ID, 20)
	if err != nil {
		return v, err
	}
	v.History = hist
	if len(hist) > 0 {
		v.LastReview = &hist[0]
		v.DiffFrom = hist[0].Revision
		if v.DiffFrom != e.Version {
			cmp, err := svc.Compare(ctx, actor(c), e.Slug, v.DiffFrom, e.Version)
			if err == nil {
				v.Fields, v.Body, v.BodyChanged = cmp.Fields, textdiff.HTML(cmp.Body.Edits), cmp.Body.Changed()
			}
		}
	}
	items, err := rs.Checklist(ctx, hub)
	if err != nil {
		return v, err
	}
	for i, it := range items {
		v.Checks = append(v.Checks, checkRow{Index: i + 1, Text: it.Text, Tag: it.Tag, Name: "punt-" + strconv.Itoa(i+1),
			Answer: c.FormValue("punt-" + strconv.Itoa(i+1))})
	}
	verified, err := rs.VerifiedTags(ctx, e.ID)
	if err != nil {
		return v, err
	}
	for _, t := range m.Inclusion {
		v.Tags = append(v.Tags, tagRow{ID: t, Label: s.label(catalog.FieldInclusion, t), Verified: verified[t]})
	}
	me := actor(c)
	for _, a := range []string{authoring.ActGoedkeuren, authoring.ActAanpassingVragen, authoring.ActAfwijzen} {
		if svc.MayTransition(me, e, a) {
			v.Decisions = append(v.Decisions, decisionOption{Action: a, Label: authoring.ActionLabel(a), Checked: c.FormValue("besluit") == a})
		}
	}
	if d, err := svc.Store.DraftBySlug(ctx, e.Slug); err == nil && d.ClaimedBy != 0 && e.State == store.StateInBehandeling {
		v.ClaimedBy = userName(ctx, rs, map[int64]string{}, d.ClaimedBy)
		v.CanRelease = svc.MayTransition(me, e, authoring.ActVrijgeven) && (d.ClaimedBy == me.UserID || auth.Can(me, auth.HubReview, auth.Resource{}))
	}
	v.CanClaim = svc.MayTransition(me, e, authoring.ActClaimen)
	v.Own = me.SignedIn() && !me.Has(auth.RoleBeheerder, "") && (e.OwnerID == me.UserID || slices.Contains(e.Writers, me.UserID))
	v.Comment = c.FormValue("opmerking")
	return v, nil
}

// reviewDecide is POST /hubs/{hub}/review/{slug}: the decision with its
// comment, then the review's answers. The step is Transition's (one audit
// entry); goedkeuren with "publiceren" publishes now or at the given time.
func (s *server) reviewDecide(c *fiber.Ctx) error {
	svc, rs, hub, err := s.reviewAccess(c)
	if svc == nil {
		return err
	}
	e, err := s.reviewMaterial(c, svc, hub)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	u := actor(c)
	action := c.FormValue("besluit")
	comment := strings.TrimSpace(c.FormValue("opmerking"))
	refuse := func(msg string) error {
		v, err := s.reviewView(c, svc, rs, hub, e)
		if err != nil {
			return err
		}
		v.Error = msg
		c.Status(fiber.StatusUnprocessableEntity)
		return s.render(c, "hub-review-form", v)
	}
	switch action {
	case authoring.ActGoedkeuren, authoring.ActAanpassingVragen, authoring.ActAfwijzen:
	default:
		return refuse("Kies een besluit: goedkeuren, aanpassing vragen of afwijzen.")
	}
	if action == authoring.ActAanpassingVragen && comment == "" {
		return refuse("Schrijf in ‘Opmerking voor de auteur’ wat er moet veranderen: de auteur leest het bij het materiaal.")
	}
	if action == authoring.ActAfwijzen && comment == "" {
		return refuse("Schrijf in ‘Opmerking voor de auteur’ waarom je het materiaal afwijst: de auteur leest de reden bij het materiaal.")
	}
	var at time.Time
	publish := c.FormValue("publiceren")
	if action == authoring.ActGoedkeuren && publish == "later" {
		if at, err = time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(c.FormValue("tijdstip")), editorZone); err != nil || !at.After(time.Now()) {
			return refuse("Kies bij ‘Later publiceren’ een datum en uur in de toekomst, bv. 7 december 2026 om 09:00.")
		}
	}
	items, err := rs.Checklist(ctx, hub)
	if err != nil {
		return err
	}
	// The version the moderator reviewed (the form's): a decision on one
	// the author changed since is refused, not applied to unseen text.
	seen, err := strconv.Atoi(c.FormValue("versie"))
	if err != nil || seen < 1 {
		seen = e.Version
	}
	r := store.Review{MaterialID: e.ID, Slug: e.Slug, Hub: hub, ReviewerID: u.UserID, Revision: seen, Action: action, Comment: comment}
	if cur := current(c); cur != nil {
		r.Reviewer = cur.User.Name
	}
	for i, it := range items {
		a := c.FormValue("punt-" + strconv.Itoa(i+1))
		if a != "" && !slices.Contains(reviewAnswers, a) {
			return refuse(fmt.Sprintf("Punt %d van de checklist: kies ja, nee of niet van toepassing.", i+1))
		}
		r.Answers = append(r.Answers, store.Answer{Position: i + 1, Text: it.Text, Tag: it.Tag, Answer: a})
	}
	// A tag is confirmed by its box, or by a "ja" on the checklist item
	// that names it.
	yes := map[string]bool{}
	for _, a := range r.Answers {
		if a.Tag != "" && a.Answer == "ja" {
			yes[a.Tag] = true
		}
	}
	for _, t := range e.Material.Inclusion {
		if c.FormValue("nagekeken-"+t) == "ja" || yes[t] {
			r.Verified = append(r.Verified, t)
		}
	}
	back := "/hubs/" + hub + "/review/" + e.Slug
	// The decision and the review it was based on commit together.
	if _, err := svc.Decide(ctx, u, e.Slug, action, comment, &r); err != nil {
		if q := stepQuery(err); q != "" {
			return c.Redirect(back+"?"+q, fiber.StatusSeeOther)
		}
		return err
	}
	done := action
	if action == authoring.ActGoedkeuren && (publish == "nu" || publish == "later") {
		if _, err := svc.Transition(ctx, u, e.Slug, authoring.ActPubliceren, "", at); err != nil {
			if q := stepQuery(err); q != "" {
				return c.Redirect(back+"?"+q, fiber.StatusSeeOther)
			}
			return err
		}
		done = authoring.ActPubliceren
	}
	return c.Redirect("/hubs/"+hub+"/review?werkstroom="+url.QueryEscape(done), fiber.StatusSeeOther)
}

// ---- the hub's checklist ----

type checklistView struct {
	Page
	Hub, HubName string
	Items        []store.ChecklistItem
	Tags         []option
	Error, Done  string
	QueueURL     string
}

var checklistDone = map[string]string{
	"toevoegen": "Het punt is toegevoegd.", "wijzigen": "Het punt is gewijzigd.", "omhoog": "Het punt is verplaatst.",
	"omlaag": "Het punt is verplaatst.", "verwijderen": "Het punt is verwijderd.",
}

func (s *server) checklistPage(c *fiber.Ctx) error {
	svc, rs, hub, err := s.reviewAccess(c)
	if svc == nil {
		return err
	}
	return s.renderChecklist(c, rs, hub, "", checklistDone[c.Query("gedaan")])
}

func (s *server) renderChecklist(c *fiber.Ctx, rs reviewStore, hub, errMsg, done string) error {
	items, err := rs.Checklist(c.UserContext(), hub)
	if err != nil {
		return err
	}
	name := s.label(catalog.FieldHub, hub)
	v := checklistView{Page: s.page(c, "Checklist voor de review in "+name, "", ""), Hub: hub, HubName: name, Items: items,
		Tags: s.options(catalog.FieldInclusion, ""), Error: errMsg, Done: done, QueueURL: "/hubs/" + hub + "/review"}
	v.NoIndex = true
	return s.render(c, "hub-checklist", v)
}

// checklistPost is POST /hubs/{hub}/checklist: one change (op, index, text, tag).
func (s *server) checklistPost(c *fiber.Ctx) error {
	svc, rs, hub, err := s.reviewAccess(c)
	if svc == nil {
		return err
	}
	ch := store.ChecklistChange{Op: c.FormValue("op"), Text: strings.TrimSpace(c.FormValue("tekst")), Tag: c.FormValue("tag")}
	ch.Index, _ = strconv.Atoi(c.FormValue("punt"))
	if _, ok := checklistDone[ch.Op]; !ok {
		return &ParamError{Parameter: "op", Message: "op moet toevoegen, wijzigen, omhoog, omlaag of verwijderen zijn."}
	}
	if ch.Tag != "" {
		if _, ok := s.vocab().Term(catalog.FieldInclusion, ch.Tag); !ok {
			ch.Tag = ""
		}
	}
	if (ch.Op == "toevoegen" || ch.Op == "wijzigen") && (ch.Text == "" || len([]rune(ch.Text)) > 500) {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderChecklist(c, rs, hub, "Schrijf de vraag van het punt (1 tot 500 tekens), bv. ‘Er is een leerlingenblad.’", "")
	}
	cur := current(c)
	a := store.Actor{Label: fmt.Sprintf("gebruiker %d (%s)", cur.User.ID, cur.User.Email), UserID: cur.User.ID}
	err = rs.ChangeChecklist(c.UserContext(), hub, ch, a)
	if errors.Is(err, store.ErrChecklistItem) {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderChecklist(c, rs, hub, "Dat punt staat niet (meer) op de checklist; vernieuw de pagina.", "")
	}
	if err != nil {
		return err
	}
	return c.Redirect("/hubs/"+hub+"/checklist?gedaan="+ch.Op, fiber.StatusSeeOther)
}

// ---- what the material's pages show ----

// reviewDecision is one decision as the draft's page lists it.
type reviewDecision struct {
	store.Review
	Label string
}

// reviewNotes are the decisions on a draft (newest first) and its
// confirmed inclusion tags, for whoever may see the draft.
func (s *server) reviewNotes(c *fiber.Ctx, svc *authoring.Service, e authoring.Editable) ([]reviewDecision, map[string]bool) {
	rs, ok := svc.Store.(reviewStore)
	if !ok {
		return nil, nil
	}
	revs, err := rs.Reviews(c.UserContext(), e.ID, 10)
	if err != nil {
		return nil, nil
	}
	var out []reviewDecision
	for _, r := range revs {
		l := decisionLabels[r.Action]
		out = append(out, reviewDecision{Review: r, Label: strings.ToUpper(l[:1]) + l[1:]})
	}
	verified, _ := rs.VerifiedTags(c.UserContext(), e.ID)
	return out, verified
}

// verifiedInclusion is the "nagekeken" set of a published material.
func (s *server) verifiedInclusion(c *fiber.Ctx, slug string) map[string]bool {
	svc, err := s.authoring()
	if err != nil {
		return nil
	}
	rs, ok := svc.Store.(reviewStore)
	ids, ok2 := svc.Store.(interface {
		MaterialID(ctx context.Context, slug string) (int64, error)
	})
	if !ok || !ok2 {
		return nil
	}
	id, err := ids.MaterialID(c.UserContext(), slug)
	if err != nil {
		return nil
	}
	v, _ := rs.VerifiedTags(c.UserContext(), id)
	return v
}

// addDecisions fills in the latest decision and comment of each row of
// Mijn materialen (ms and rows in the same order).
func (s *server) addDecisions(c *fiber.Ctx, svc *authoring.Service, ms []store.MyMaterial, rows []mineRow) {
	rs, ok := svc.Store.(reviewStore)
	if !ok {
		return
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	latest, err := rs.LatestReviews(c.UserContext(), ids)
	if err != nil {
		return
	}
	for i, m := range ms {
		if r, ok := latest[m.ID]; ok {
			l := decisionLabels[r.Action]
			rows[i].Decision = strings.ToUpper(l[:1]) + l[1:] + " op " + dutchDate(r.Created.In(editorZone))
			rows[i].DecisionComment = r.Comment
		}
	}
}
