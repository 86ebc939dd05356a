package web

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
)

// "Meld een probleem": visitors report what is wrong with a published
// material, without an account, as a form (/materialen/{slug}/melden, no
// script needed) or as JSON (POST /api/v1/materials/{slug}/reports). The
// hub's moderators see the reports, and the links the link checker found
// broken, at /hubs/{hub}/meldingen and mark reports afgehandeld.
//
// Spam is kept out without third parties:
//   - per client address a few reports an hour, counted in the database
//     (auth_throttle, so every instance shares the count) under a keyed
//     hash of the address, never the address itself; the row is forgotten
//     an hour after the last report (PruneAccounts);
//   - the same reason and comment on the same material within a day is
//     refused as already reported, and a material takes at most
//     store.ReportsPerMaterialPerDay reports a day;
//   - the browser form carries a honeypot field people never see and a
//     signed token with the time it was shown: a form sent back faster
//     than a person can fill it, or with a forged or day-old token, is
//     refused. The JSON API has no form to sign; the limits above hold.
//
// Cross-site posts of the form are refused by crossSiteGuard like every
// other state-changing request; a JSON client without cookies passes it.

// ReportStore is what reports need from the database (*store.Store).
type ReportStore interface {
	AddProblemReport(ctx context.Context, slug, reason, comment string) (int64, error)
	OpenReports(ctx context.Context, hub string, limit int) ([]store.ProblemReport, error)
	BrokenLinks(ctx context.Context, hub string, limit int) ([]store.BrokenLink, error)
	ResolveReport(ctx context.Context, id int64, hub string, a store.Actor, comment string) error
	SecretKey(ctx context.Context, name string) ([]byte, error)
	BlockedUntil(ctx context.Context, keys ...string) (time.Time, error)
	RecordFailure(ctx context.Context, key string, now time.Time, forget time.Duration, delay func(failures int) time.Duration) error
	ForgetReportClients(ctx context.Context, now time.Time) (int64, error)
}

// lastForget is when this process last removed stale client counts.
var lastForget atomic.Int64

// reasonLabels are the Dutch labels of the report reasons, in form order.
var reasonLabels = map[string]string{
	"link-werkt-niet":  "Een link of bestand werkt niet",
	"verouderd":        "De inhoud is verouderd",
	"dubbel":           "Dit materiaal staat er dubbel op",
	"niet-inclusief":   "Het materiaal is niet inclusief",
	"verkeerde-doelen": "De gekoppelde doelen kloppen niet",
	"anders":           "Iets anders",
}

// ReasonLabel is the Dutch label of a report reason id (the id itself
// when unknown), for the review queue.
func ReasonLabel(id string) string {
	if l, ok := reasonLabels[id]; ok {
		return l
	}
	return id
}

const (
	reportKeyName     = "meldingen"
	reportsPerIPHour  = 10 // a school shares one address: room for its teachers
	reportBlock       = 30 * time.Minute
	reportTokenMaxAge = 24 * time.Hour
	hubReportsLimit   = 500
)

// defaultReportLimit is the in-process bucket in front of the database
// count: it stops a flood before it reaches the database.
var defaultReportLimit = RateLimit{PerSecond: 1.0 / 30, Burst: 20}

func (s *server) bindReports(app *fiber.App) {
	if s.cfg.Reports == nil {
		return
	}
	lim := s.limit(newLimiter(defaultReportLimit, s.cfg.MaxClients, nil))
	app.Get("/materialen/:slug/melden", s.reportPage)
	app.Post("/materialen/:slug/melden", lim, s.reportPost)
	app.Get("/materialen/:slug/melden/bedankt", s.reportThanks)
	app.Post("/api/v1/materials/:slug/reports", lim, s.apiReport)
	app.Get("/hubs/:slug/meldingen", s.requireSignedIn, s.hubReports)
	app.Post("/hubs/:slug/meldingen/:id", s.requireSignedIn, s.resolveReport)
}

func (s *server) reports() ReportStore {
	if s.cfg.Reports == nil {
		return nil
	}
	return s.cfg.Reports()
}

func (s *server) reportFillTime() time.Duration {
	if s.cfg.ReportFillTime != 0 {
		return s.cfg.ReportFillTime
	}
	return 3 * time.Second
}

// reportInput is one report as sent, with its errors per field.
type reportInput struct {
	Reason, Comment string
	Errors          map[string]string
	Summary         []formError
}

func (in *reportInput) fail(field, label, msg string) {
	if in.Errors == nil {
		in.Errors = map[string]string{}
	}
	if _, dup := in.Errors[field]; dup {
		return
	}
	in.Errors[field] = msg
	in.Summary = append(in.Summary, formError{Field: "melding-" + field, Label: label, Message: msg})
}

// check applies the rules both doors share.
func (in *reportInput) check() {
	in.Comment = strings.TrimSpace(strings.ReplaceAll(in.Comment, "\r\n", "\n"))
	if !slices.Contains(store.ReportReasons, in.Reason) {
		in.fail("reden", "Wat is er mis", "Kies wat er mis is met dit materiaal.")
	}
	if i := catalog.BadTextOffset(in.Comment, true); i >= 0 {
		in.fail("toelichting", "Toelichting", fmt.Sprintf("De toelichting bevat %s. Haal dat teken weg (het komt vaak mee bij kopiëren en plakken).", catalog.DescribeBadText(in.Comment, i)))
	} else if n := utf8.RuneCountInString(in.Comment); n > store.MaxReportComment {
		in.fail("toelichting", "Toelichting", fmt.Sprintf("Hoogstens %s tekens; je tekst telt er %s. Maak hem %s korter.",
			formatInt(store.MaxReportComment), formatInt(n), plural(n-store.MaxReportComment, "teken", "tekens")))
	} else if in.Reason == "anders" && in.Comment == "" {
		in.fail("toelichting", "Toelichting", "Je koos “Iets anders”: schrijf in de toelichting wat er mis is.")
	}
}

// Refusals after the fields are fine, in Dutch, with their status.
type reportRefusal struct {
	status int
	code   string
	msg    string
	retry  int // seconds, for 429
}

func (r *reportRefusal) Error() string { return r.msg }

var (
	refuseDuplicate = &reportRefusal{fiber.StatusConflict, "duplicate_report",
		"Dit probleem is vandaag al gemeld met dezelfde reden en toelichting. De moderatoren bekijken het; je hoeft het niet opnieuw te melden.", 0}
	refuseCap = &reportRefusal{fiber.StatusTooManyRequests, "material_report_limit",
		"Over dit materiaal kwamen vandaag al veel meldingen binnen; de moderatoren bekijken ze. Probeer het morgen opnieuw als het probleem er dan nog is.", 3600}
)

// clientHashKey is the throttle key of the client: a keyed hash of its
// address (an IPv6 /64), so the database never holds the address.
func (s *server) clientHashKey(ctx context.Context, c *fiber.Ctx, rs ReportStore) (string, error) {
	key, err := rs.SecretKey(ctx, reportKeyName)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("ip\n" + clientKey(clientAddr(c, s.cfg.TrustedProxies)).String()))
	return store.ReportClientPrefix + hex.EncodeToString(m.Sum(nil)[:16]), nil
}

// submitReport throttles, stores and counts one checked report.
func (s *server) submitReport(c *fiber.Ctx, rs ReportStore, slug string, in reportInput) error {
	ctx := c.UserContext()
	key, err := s.clientHashKey(ctx, c, rs)
	if err != nil {
		return err
	}
	now := time.Now()
	until, err := rs.BlockedUntil(ctx, key)
	if err != nil {
		return err
	}
	if until.After(now) {
		wait := int(math.Ceil(until.Sub(now).Minutes()))
		return &reportRefusal{fiber.StatusTooManyRequests, "too_many_reports",
			fmt.Sprintf("Vanaf jouw netwerk kwamen het afgelopen uur al veel meldingen binnen. Wacht %s en probeer het dan opnieuw.", plural(wait, "minuut", "minuten")),
			int(math.Ceil(until.Sub(now).Seconds()))}
	}
	if last := lastForget.Load(); now.Unix()-last >= 600 && lastForget.CompareAndSwap(last, now.Unix()) {
		if _, err := rs.ForgetReportClients(ctx, now); err != nil {
			s.log.Warn("oude meldingstellers niet opgeruimd; de volgende melding probeert opnieuw", "err", err)
		}
	}
	_, err = rs.AddProblemReport(ctx, slug, in.Reason, in.Comment)
	switch {
	case errors.Is(err, store.ErrDuplicateReport):
		return refuseDuplicate
	case errors.Is(err, store.ErrReportCap):
		return refuseCap
	case err != nil:
		return err
	}
	return rs.RecordFailure(ctx, key, now, time.Hour, func(n int) time.Duration {
		if n < reportsPerIPHour {
			return 0
		}
		return reportBlock
	})
}

// The form token: the time the form was shown and the material, signed.

func (s *server) reportToken(ctx context.Context, rs ReportStore, slug string, at time.Time) (string, error) {
	key, err := rs.SecretKey(ctx, reportKeyName)
	if err != nil {
		return "", err
	}
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	return ts + "." + tokenMAC(key, slug, ts), nil
}

func tokenMAC(key []byte, slug, ts string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("formulier\n" + slug + "\n" + ts))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// checkToken says what is wrong with a form's token, "" when nothing.
func (s *server) checkToken(ctx context.Context, rs ReportStore, slug, tok string) (string, error) {
	key, err := rs.SecretKey(ctx, reportKeyName)
	if err != nil {
		return "", err
	}
	expired := "Dit formulier is verlopen of onvolledig. We laadden het opnieuw: kies de reden nog eens en verstuur het."
	ts, mac, ok := strings.Cut(tok, ".")
	ms, perr := strconv.ParseInt(ts, 10, 64)
	if !ok || perr != nil || !hmac.Equal([]byte(mac), []byte(tokenMAC(key, slug, ts))) {
		return expired, nil
	}
	age := time.Since(time.UnixMilli(ms))
	switch {
	case age > reportTokenMaxAge:
		return expired, nil
	case age < s.reportFillTime():
		return "Je verstuurde het formulier sneller dan iemand het kan invullen; zo werken spamprogramma's. Lees het nog eens na en verstuur het opnieuw.", nil
	}
	return "", nil
}

// The browser form.

type reportForm struct {
	reportInput
	Token   string
	Reasons []option
	Max     int
}

type reportView struct {
	Page
	Title   string // the material's
	URL     string // the material's page
	Form    reportForm
	Refused string // a refusal that is not one field's
	Thanks  bool
}

func (s *server) reportMaterial(c *fiber.Ctx) (service.MaterialPage, error) {
	mp, err := s.svc.Material(c.UserContext(), c.Params("slug"))
	if errors.Is(err, service.ErrNotFound) {
		return mp, fiber.ErrNotFound // drafts too: never revealed
	}
	return mp, err
}

func (s *server) renderReport(c *fiber.Ctx, mp service.MaterialPage, v reportView) error {
	rs := s.reports()
	tok, err := s.reportToken(c.UserContext(), rs, mp.Material.Slug, time.Now())
	if err != nil {
		return err
	}
	title := "Meld een probleem"
	if len(v.Form.Summary) > 0 || v.Refused != "" {
		title = "Fout: " + title
	}
	v.Page = s.page(c, title, "Meld een probleem met “"+mp.Material.Title+"” aan de moderatoren van de hub.", "")
	v.Page.NoIndex = true
	c.Set(fiber.HeaderCacheControl, "no-store")
	v.Title, v.URL = mp.Material.Title, "/materialen/"+mp.Material.Slug
	v.Form.Token, v.Form.Max = tok, store.MaxReportComment
	v.Form.Reasons = nil
	for _, id := range store.ReportReasons {
		v.Form.Reasons = append(v.Form.Reasons, option{Value: id, Label: reasonLabels[id], Selected: id == v.Form.Reason})
	}
	return s.render(c, "melden", v)
}

func (s *server) reportPage(c *fiber.Ctx) error {
	mp, err := s.reportMaterial(c)
	if err != nil {
		return err
	}
	return s.renderReport(c, mp, reportView{})
}

func (s *server) reportThanks(c *fiber.Ctx) error {
	mp, err := s.reportMaterial(c)
	if err != nil {
		return err
	}
	p := s.page(c, "Bedankt voor je melding", "Je melding is bewaard voor de moderatoren van de hub.", "")
	p.NoIndex = true
	return s.render(c, "melden", reportView{Page: p, Title: mp.Material.Title, URL: "/materialen/" + mp.Material.Slug, Thanks: true})
}

func (s *server) reportPost(c *fiber.Ctx) error {
	mp, err := s.reportMaterial(c)
	if err != nil {
		return err
	}
	rs := s.reports()
	in := reportInput{Reason: c.FormValue("reden"), Comment: c.FormValue("toelichting")}
	in.check()
	if c.FormValue("website") != "" {
		in.fail("website", "Website", "Laat het veld “Website” leeg: het is er alleen om spamprogramma's te herkennen.")
	}
	if len(in.Summary) == 0 {
		msg, err := s.checkToken(c.UserContext(), rs, mp.Material.Slug, c.FormValue("formulier"))
		if err != nil {
			return err
		}
		if msg != "" {
			in.fail("reden", "Formulier", msg)
		}
	}
	v := reportView{Form: reportForm{reportInput: in}}
	if len(in.Summary) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderReport(c, mp, v)
	}
	var ref *reportRefusal
	if err := s.submitReport(c, rs, mp.Material.Slug, in); errors.As(err, &ref) {
		c.Status(ref.status)
		if ref.retry > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(ref.retry))
		}
		v.Refused = ref.msg
		return s.renderReport(c, mp, v)
	} else if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	return c.Redirect("/materialen/"+mp.Material.Slug+"/melden/bedankt", fiber.StatusSeeOther)
}

// The JSON door.

type reportRequest struct {
	Reason  string `json:"reason"`
	Comment string `json:"comment"`
}

type reportResponse struct {
	Material string `json:"material"`
	Reason   string `json:"reason"`
	Comment  string `json:"comment"`
	Status   string `json:"status"`
}

func (s *server) apiReport(c *fiber.Ctx) error {
	rs := s.reports()
	if rs == nil {
		return writeFail(c, fiber.StatusServiceUnavailable, apiErrorBody{Code: "starting",
			Message: "De hub start nog op. Probeer het over enkele ogenblikken opnieuw."})
	}
	slug := c.Params("slug")
	var req reportRequest
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			f = strings.Trim(f, `"`)
			return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "invalid_field", Field: f,
				Message: fmt.Sprintf("Onbekend veld %q: een melding heeft alleen reason en comment.", f)})
		}
		return writeFail(c, fiber.StatusBadRequest, apiErrorBody{Code: "invalid_json",
			Message: `De inhoud is geen geldig JSON-object. Stuur Content-Type: application/json met {"reason": "…", "comment": "…"}.`})
	}
	in := reportInput{Reason: req.Reason, Comment: req.Comment}
	in.check()
	if len(in.Summary) > 0 {
		field := map[string]string{"reden": "reason", "toelichting": "comment"}
		var errs []apiFieldIssue
		for _, fe := range in.Summary {
			errs = append(errs, apiFieldIssue{Field: field[strings.TrimPrefix(fe.Field, "melding-")], Message: fe.Message})
		}
		msg := errs[0].Message
		if errs[0].Field == "reason" {
			msg = "Kies reason uit: " + strings.Join(store.ReportReasons, ", ") + "."
			errs[0].Message = msg
		}
		return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "invalid_field", Field: errs[0].Field, Message: msg, Errors: errs})
	}
	err := s.submitReport(c, rs, slug, in)
	var ref *reportRefusal
	switch {
	case errors.As(err, &ref):
		if ref.retry > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(ref.retry))
		}
		return writeFail(c, ref.status, apiErrorBody{Code: ref.code, Message: ref.msg})
	case errors.Is(err, store.ErrNotFound):
		return notFoundJSON(c)
	case err != nil:
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(reportResponse{Material: slug, Reason: in.Reason, Comment: in.Comment, Status: "ontvangen"})
}

// The moderators' list.

type reportRow struct {
	store.ProblemReport
	ReasonLabel string
	Action      string
}

type brokenRow struct {
	store.BrokenLink
	StatusText string
}

type hubReportsView struct {
	Page
	Hub     string
	HubName string
	Reports []reportRow
	Broken  []brokenRow
	Notice  string
}

// reviewHub is the hub of the URL if the signed-in person may review it.
func (s *server) reviewHub(c *fiber.Ctx) (string, error) {
	hub := c.Params("slug")
	if _, ok := s.vocab().Term(catalog.FieldHub, hub); !ok {
		return "", fiber.ErrNotFound
	}
	if !auth.Can(actor(c), auth.HubReview, auth.Resource{Hub: hub}) {
		c.Status(fiber.StatusForbidden)
		return "", s.render(c, "error", s.errorView(c, problem{Status: fiber.StatusForbidden, Code: "forbidden", Title: "Geen toegang",
			Message: "Alleen de moderatoren van deze hub en de beheerders zien de meldingen. Moderator worden? Vraag het aan een beheerder van de STEM Kennishub."}))
	}
	if s.reports() == nil {
		return "", errStarting
	}
	return hub, nil
}

func (s *server) hubReports(c *fiber.Ctx) error {
	hub, err := s.reviewHub(c)
	if hub == "" {
		return err
	}
	rs := s.reports()
	ctx := c.UserContext()
	open, err := rs.OpenReports(ctx, hub, hubReportsLimit)
	if err != nil {
		return err
	}
	broken, err := rs.BrokenLinks(ctx, hub, hubReportsLimit)
	if err != nil {
		return err
	}
	name := s.label(catalog.FieldHub, hub)
	v := hubReportsView{Page: s.page(c, "Probleemmeldingen voor "+name, "Probleemmeldingen en kapotte links bij het materiaal van "+name+".", ""),
		Hub: hub, HubName: name}
	v.Page.NoIndex = true
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	for _, r := range open {
		v.Reports = append(v.Reports, reportRow{ProblemReport: r, ReasonLabel: ReasonLabel(r.Reason),
			Action: "/hubs/" + hub + "/meldingen/" + strconv.FormatInt(r.ID, 10)})
	}
	for _, b := range broken {
		v.Broken = append(v.Broken, brokenRow{BrokenLink: b, StatusText: linkStatusText(b)})
	}
	if c.Query("melding") == "afgehandeld" {
		v.Notice = "De melding is afgehandeld."
	}
	return s.render(c, "hub-meldingen", v)
}

// linkStatusText says in Dutch how a link failed.
func linkStatusText(b store.BrokenLink) string {
	if b.Status != 0 {
		return "HTTP " + strconv.Itoa(b.Status)
	}
	return b.Error
}

func (s *server) resolveReport(c *fiber.Ctx) error {
	hub, err := s.reviewHub(c)
	if hub == "" {
		return err
	}
	id, perr := strconv.ParseInt(c.Params("id"), 10, 64)
	if perr != nil {
		return fiber.ErrNotFound
	}
	cur := current(c)
	a := store.Actor{Label: fmt.Sprintf("gebruiker %d (%s)", cur.User.ID, cur.User.Email), UserID: cur.User.ID}
	// A beheerder may act in every hub, but the report must still belong
	// to the hub of this page: the hub is always checked.
	err = s.reports().ResolveReport(c.UserContext(), id, hub, a, strings.TrimSpace(c.FormValue("notitie")))
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	return c.Redirect("/hubs/"+hub+"/meldingen?melding=afgehandeld", fiber.StatusSeeOther)
}
