package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/stem-kennishub/hub/internal/authoring"
	"github.com/stem-kennishub/hub/internal/service"
	"github.com/stem-kennishub/hub/internal/store"
)

// The review workflow on the web (issue 9): POST
// /api/v1/materials/{slug}/transitions for programs, and on a material's
// page (draft or published) the buttons the viewer may use, posting to
// /materialen/{slug}/werkstroom. Both call authoring.Service.Transition,
// which holds every rule. A withdrawn material answers 410 to visitors.

func (s *server) bindWorkflow(app *fiber.App) {
	app.Post("/api/v1/materials/:slug/transitions", s.apiTransition)
	app.Post("/materialen/:slug/werkstroom", s.requireSignedIn, s.workflowPost)
}

type transitionRequest struct {
	Action  string `json:"action"`
	Comment string `json:"comment"`
	At      string `json:"at"`
}

type transitionResponse struct {
	Slug  string `json:"slug"`
	State string `json:"state"`
}

// apiTransition is POST /api/v1/materials/{slug}/transitions.
func (s *server) apiTransition(c *fiber.Ctx) error {
	svc, ok, err := s.writer(c)
	if !ok {
		return err
	}
	var in transitionRequest
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "invalid_json",
			Message: `De inhoud is geen geldig JSON-object. Stuur {"action": "…", "comment": "…", "at": "…"} met Content-Type: application/json.`})
	}
	var at time.Time
	if in.At != "" {
		if at, err = time.Parse(time.RFC3339, in.At); err != nil {
			return writeFail(c, fiber.StatusUnprocessableEntity, apiErrorBody{Code: "invalid_field", Field: "at",
				Message: fmt.Sprintf("at: %q is geen tijdstip; schrijf het als RFC 3339, bv. 2026-12-07T09:00:00+01:00.", in.At)})
		}
	}
	slug := c.Params("slug")
	state, err := svc.Transition(c.UserContext(), actor(c), slug, in.Action, in.Comment, at)
	if err != nil {
		return transitionError(c, err)
	}
	return c.JSON(transitionResponse{Slug: slug, State: state})
}

// transitionError maps the workflow's refusals; the rest as for writes.
func transitionError(c *fiber.Ctx, err error) error {
	var se *authoring.StateError
	switch {
	case errors.As(err, &se):
		return writeFail(c, fiber.StatusConflict, apiErrorBody{Code: "state_conflict", State: se.State,
			Message: capitalize(se.Error()) + "."})
	case errors.Is(err, authoring.ErrForbidden):
		return writeFail(c, fiber.StatusForbidden, apiErrorBody{Code: "forbidden",
			Message: "Je mag deze stap niet zetten voor dit materiaal: nakijken en publiceren doen de moderatoren van de hub van het materiaal, nooit de auteur zelf of wie aan deze versie meeschreef."})
	}
	return writeError(c, err)
}

// workflowPanel is the block of buttons on a material's page.
type workflowPanel struct {
	PostURL   string
	StateText string
	Reason    string // why it was rejected or taken offline
	PublishAt string // a planned publication
	Buttons   []workflowButton
	Error     string // a refused step (after the redirect)
	Done      string // a step taken
}

type workflowButton struct {
	Action, Label string
	Reason        bool // a comment is required
	Schedule      bool // publiceren: an optional time
}

// workflowFor is the panel for the signed-in viewer of e, nil when they
// may do nothing.
func (s *server) workflowFor(c *fiber.Ctx, svc *authoring.Service, e authoring.Editable) *workflowPanel {
	if current(c) == nil {
		return nil
	}
	state := authoring.StateLabels[e.State]
	if e.Pending() {
		state = "gepubliceerd; een nieuwe versie is " + state
	}
	p := &workflowPanel{PostURL: materialURL(e.Slug) + "/werkstroom", StateText: state,
		Error: workflowMessages[c.Query("werkstroomfout")], Done: workflowDone(c.Query("werkstroom"))}
	for _, a := range svc.Transitions(actor(c), e) {
		if a == authoring.ActIndienen && e.State == store.StateConcept {
			continue // the draft banner offers it
		}
		p.Buttons = append(p.Buttons, workflowButton{Action: a, Label: authoring.ActionLabel(a),
			Reason: authoring.ActionNeedsReason(a), Schedule: a == authoring.ActPubliceren})
	}
	if e.Draft() {
		if d, err := svc.Store.DraftBySlug(c.UserContext(), e.Slug); err == nil {
			p.Reason = d.Reason
			if d.PublishAt != nil {
				p.PublishAt = clock(*d.PublishAt)
			}
		}
	}
	if len(p.Buttons) == 0 && p.Reason == "" && p.PublishAt == "" && p.Done == "" {
		return nil
	}
	return p
}

// workflowPanelFor loads the material for the panel of a published page,
// and the banner of its new revision waiting for review, if any.
func (s *server) workflowPanelFor(c *fiber.Ctx, slug string) (*workflowPanel, *pendingBanner) {
	if current(c) == nil {
		return nil, nil
	}
	svc, err := s.authoring()
	if err != nil {
		return nil, nil
	}
	e, err := svc.Load(c.UserContext(), actor(c), slug)
	if err != nil {
		return nil, nil
	}
	return s.workflowFor(c, svc, e), s.pendingFor(c, svc, e)
}

var workflowMessages = map[string]string{
	"reden":     "Geef een reden in het veld ‘Opmerking’: de auteur leest ze bij het materiaal.",
	"tijd":      "Het tijdstip is geen geldige datum en tijd; kies een datum en een uur, bv. 7 december 2026 om 09:00.",
	"toestand":  "Die stap kan niet meer: iemand anders heeft het materiaal intussen verder gezet. Hieronder zie je wat nu kan.",
	"verboden":  "Je mag die stap niet zetten voor dit materiaal.",
	"onbekend":  "Die stap bestaat niet.",
	"ongeldig":  "Het materiaal kan zo niet gepubliceerd worden: open het in de editor en los de fouten op.",
	"gewijzigd": "Het materiaal is intussen gewijzigd; bekijk de nieuwe versie en probeer opnieuw.",
}

func workflowDone(action string) string {
	if l := authoring.ActionLabel(action); l != "" {
		return "Gedaan: " + strings.ToLower(l[:1]) + l[1:] + "."
	}
	return ""
}

// workflowPost takes a step from the page's form and returns to the page.
func (s *server) workflowPost(c *fiber.Ctx) error {
	svc, err := s.authoring()
	if err != nil {
		return err
	}
	slug := c.Params("slug")
	back := func(q string) error {
		return c.Redirect(materialURL(slug)+"?"+q+"#werkstroom", fiber.StatusSeeOther)
	}
	action := c.FormValue("action")
	var at time.Time
	if v := strings.TrimSpace(c.FormValue("at")); v != "" && action == authoring.ActPubliceren {
		if at, err = time.ParseInLocation("2006-01-02T15:04", v, editorZone); err != nil {
			return back("werkstroomfout=tijd")
		}
	}
	_, err = svc.Transition(c.UserContext(), actor(c), slug, action, c.FormValue("comment"), at)
	var se *authoring.StateError
	var inv *authoring.InvalidError
	var stale *authoring.StaleError
	switch {
	case err == nil:
		return back("werkstroom=" + url.QueryEscape(action))
	case errors.Is(err, authoring.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, authoring.ErrForbidden):
		return back("werkstroomfout=verboden")
	case errors.As(err, &se):
		return back("werkstroomfout=toestand")
	case errors.As(err, &stale):
		return back("werkstroomfout=gewijzigd")
	case errors.As(err, &inv):
		switch inv.Errors[0].Field {
		case "comment":
			return back("werkstroomfout=reden")
		case "action":
			return back("werkstroomfout=onbekend")
		}
		return back("werkstroomfout=ongeldig")
	}
	return err
}

// goneError: the material was withdrawn (offline or archived); visitors
// get 410 with a Dutch page saying so.
type goneError struct {
	archived bool
	when     string
}

func (e *goneError) Error() string { return "material withdrawn" }

func (e *goneError) problem() problem {
	how := "offline gehaald"
	if e.archived {
		how = "gearchiveerd"
	}
	return problem{Status: fiber.StatusGone, Code: "gone", Title: "Dit materiaal is niet meer beschikbaar",
		Message: fmt.Sprintf("De moderatoren van de hub hebben dit materiaal op %s %s. Zoek via Zoeken een ander materiaal over hetzelfde onderwerp.", e.when, how)}
}

// withdrawnOr returns a *goneError when slug is a withdrawn material, else
// notFound. That a published material was withdrawn is no secret: its
// address was public.
func (s *server) withdrawnOr(c *fiber.Ctx, slug string, notFound error) error {
	if !errors.Is(notFound, service.ErrNotFound) {
		return notFound
	}
	svc, err := s.authoring()
	if err != nil {
		return notFound
	}
	d, err := svc.Store.DraftBySlug(c.UserContext(), slug)
	if err != nil || (d.State != store.StateOffline && d.State != store.StateGearchiveerd) {
		return notFound
	}
	when := d.Updated
	if d.StateChangedAt != nil {
		when = *d.StateChangedAt
	}
	return &goneError{archived: d.State == store.StateGearchiveerd, when: dutchDate(when.In(editorZone))}
}
