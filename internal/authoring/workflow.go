package authoring

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/notify"
	"github.com/stem-kennishub/hub/internal/store"
)

// The review workflow of a hub (issue 9). Every rule is one row of
// workflowRules: where an action may start, where it leads and which
// auth.Can permission it needs on the material's stored hub and owner.
// The API, the browser pages and the scheduled-publication job all go
// through Transition/PublishDue; the store writes each step with exactly
// one audit entry in the step's own transaction.

// Workflow action ids (as in the API).
const (
	ActIndienen         = "indienen"
	ActClaimen          = "claimen"
	ActVrijgeven        = "vrijgeven"
	ActAanpassingVragen = "aanpassing-vragen"
	ActGoedkeuren       = "goedkeuren"
	ActAfwijzen         = "afwijzen"
	ActPubliceren       = "publiceren"
	ActOfflineHalen     = "offline-halen"
	ActArchiveren       = "archiveren"
	ActHerpubliceren    = "herpubliceren"
)

// workflowRule is one action: the states it starts from, the state it
// leads to, the permission it needs and whether a comment (the reason) is
// required.
type workflowRule struct {
	From   []string
	To     string
	Perm   auth.Action
	Reason bool
	Label  string // the button
}

const (
	stConcept   = store.StateConcept
	stIngediend = store.StateIngediend
	stBehandel  = store.StateInBehandeling
	stAanpas    = store.StateAanpassen
	stGoed      = store.StateGoedgekeurd
	stAfgewezen = store.StateAfgewezen
	stOffline   = store.StateOffline
	stArchief   = store.StateGearchiveerd
	stLive      = store.StatePublished
)

// workflowRules: the whole workflow. MaterialSubmit lets the author (and
// the hub's authors) in; MaterialDecide a moderator of the material's hub
// who is not its author, or a beheerder; HubPublish (taking material down
// or back) the hub's moderators and beheerders.
var workflowRules = map[string]workflowRule{
	ActIndienen:         {From: []string{stConcept, stAanpas}, To: stIngediend, Perm: auth.MaterialSubmit, Label: "Indienen voor review"},
	ActClaimen:          {From: []string{stIngediend}, To: stBehandel, Perm: auth.MaterialDecide, Label: "Claimen (ik review dit)"},
	ActVrijgeven:        {From: []string{stBehandel}, To: stIngediend, Perm: auth.MaterialDecide, Label: "Vrijgeven"},
	ActAanpassingVragen: {From: []string{stIngediend, stBehandel}, To: stAanpas, Perm: auth.MaterialDecide, Label: "Aanpassing vragen"},
	ActGoedkeuren:       {From: []string{stIngediend, stBehandel}, To: stGoed, Perm: auth.MaterialDecide, Label: "Goedkeuren"},
	ActAfwijzen:         {From: []string{stIngediend, stBehandel}, To: stAfgewezen, Perm: auth.MaterialDecide, Reason: true, Label: "Afwijzen"},
	ActPubliceren:       {From: []string{stGoed}, To: stLive, Perm: auth.MaterialDecide, Label: "Publiceren"},
	ActOfflineHalen:     {From: []string{stLive}, To: stOffline, Perm: auth.HubPublish, Reason: true, Label: "Offline halen"},
	ActArchiveren:       {From: []string{stLive, stOffline}, To: stArchief, Perm: auth.HubPublish, Label: "Archiveren"},
	ActHerpubliceren:    {From: []string{stOffline, stArchief}, To: stLive, Perm: auth.HubPublish, Label: "Opnieuw publiceren"},
}

// WorkflowActions lists the actions in the order pages offer them.
var WorkflowActions = []string{ActIndienen, ActClaimen, ActVrijgeven, ActAanpassingVragen, ActGoedkeuren,
	ActAfwijzen, ActPubliceren, ActOfflineHalen, ActArchiveren, ActHerpubliceren}

// WorkflowStates lists every state id.
var WorkflowStates = []string{stConcept, stIngediend, stBehandel, stAanpas, stGoed, stAfgewezen, stLive, stOffline, stArchief}

// StateLabels names the states in Dutch.
var StateLabels = map[string]string{
	stConcept: "concept", stIngediend: "ingediend", stBehandel: "in behandeling", stAanpas: "aanpassing gevraagd",
	stGoed: "goedgekeurd", stAfgewezen: "afgewezen", stLive: "gepubliceerd", stOffline: "offline gehaald", stArchief: "gearchiveerd",
}

// ActionLabel is the Dutch button text of a workflow action.
func ActionLabel(action string) string { return workflowRules[action].Label }

// ActionNeedsReason reports whether the action needs a comment.
func ActionNeedsReason(action string) bool { return workflowRules[action].Reason }

// StateError: the action is not possible from the material's state.
type StateError struct {
	Action, State string
}

func (e *StateError) Error() string {
	return fmt.Sprintf("‘%s’ kan niet bij een materiaal dat %s is (toestand %q); vernieuw de pagina om te zien wat er nu kan",
		ActionLabel(e.Action), StateLabels[e.State], e.State)
}

func inputError(field, msg string) error {
	return &InvalidError{Errors: []catalog.FieldError{{Field: field, Index: -1, Message: msg}}}
}

// MayTransition reports whether u may take action on e now (permission and
// state): what the pages offer as buttons.
func (s *Service) MayTransition(u auth.Actor, e Editable, action string) bool {
	r, ok := workflowRules[action]
	return ok && startsFrom(r, e) && auth.Can(u, r.Perm, e.resource())
}

// startsFrom reports whether the rule applies to e's state. While a new
// revision waits for review, its live version is still gepubliceerd: it
// can be taken offline or archived meanwhile (the pending revision then
// gives way, store.WithdrawMaterial).
func startsFrom(r workflowRule, e Editable) bool {
	return slices.Contains(r.From, e.State) || (e.Pending() && onLive(r))
}

// onLive: the action works on the published version.
func onLive(r workflowRule) bool { return slices.Contains(r.From, stLive) }

// Transitions lists the actions u may take on e now.
func (s *Service) Transitions(u auth.Actor, e Editable) []string {
	var out []string
	for _, a := range WorkflowActions {
		if s.MayTransition(u, e, a) {
			out = append(out, a)
		}
	}
	return out
}

// Transition takes a workflow action on the material at slug for u and
// returns its new state. comment is stored in the audit log (and as the
// reason on afwijzen and offline-halen, where it is required). at, for
// publiceren only, schedules the publication when it lies in the future
// (the state stays goedgekeurd until PublishDue). Errors: ErrNotFound (u
// may not see it), ErrForbidden, *StateError, *InvalidError (unknown
// action, missing reason, a time with another action).
func (s *Service) Transition(ctx context.Context, u auth.Actor, slug, action, comment string, at time.Time) (string, error) {
	return s.transition(ctx, u, slug, action, comment, at, nil)
}

// Decide is a moderator's decision (goedkeuren, aanpassing-vragen,
// afwijzen) with the review it was based on: both commit together or
// neither does, and only on the revision the moderator reviewed
// (review.Revision; otherwise a *StaleError and nothing is written).
func (s *Service) Decide(ctx context.Context, u auth.Actor, slug, action, comment string, review *store.Review) (string, error) {
	switch action {
	case ActGoedkeuren, ActAanpassingVragen, ActAfwijzen:
	default:
		return "", inputError("action", fmt.Sprintf("action: %q is geen besluit; kies uit %s, %s, %s", action, ActGoedkeuren, ActAanpassingVragen, ActAfwijzen))
	}
	return s.transition(ctx, u, slug, action, comment, time.Time{}, review)
}

func (s *Service) transition(ctx context.Context, u auth.Actor, slug, action, comment string, at time.Time, review *store.Review) (string, error) {
	e, err := s.Load(ctx, u, slug)
	if err != nil {
		return "", err
	}
	r, ok := workflowRules[action]
	if !ok {
		return "", inputError("action", fmt.Sprintf("action: %q is geen actie; kies uit %s", action, strings.Join(WorkflowActions, ", ")))
	}
	if !u.SignedIn() || !auth.Can(u, r.Perm, e.resource()) {
		return "", ErrForbidden
	}
	if !startsFrom(r, e) {
		return "", &StateError{Action: action, State: e.State}
	}
	comment = strings.TrimSpace(comment)
	if r.Reason && comment == "" {
		return "", inputError("comment", "comment: geef een reden; de auteur leest ze bij het materiaal")
	}
	if !at.IsZero() && action != ActPubliceren {
		return "", inputError("at", "at: een tijdstip kan alleen bij ‘publiceren’")
	}
	rec := UserActor(u).record()
	// A beheerder acting where no hub role of theirs would let them is
	// logged as such.
	note := ""
	if !auth.Can(auth.Actor{UserID: u.UserID, Grants: withoutAdmin(u.Grants)}, r.Perm, e.resource()) {
		note = "als beheerder"
	}
	if review != nil {
		review.MaterialID, review.Slug, review.Action, review.Comment = e.ID, e.Slug, action, comment
	}
	return s.step(ctx, rec, e, action, r, comment, note, at, review)
}

func withoutAdmin(gs []auth.Grant) []auth.Grant {
	var out []auth.Grant
	for _, g := range gs {
		if g.Role != auth.RoleBeheerder {
			out = append(out, g)
		}
	}
	return out
}

// step writes one allowed step.
func (s *Service) step(ctx context.Context, rec store.Actor, e Editable, action string, r workflowRule, comment, note string, at time.Time, review *store.Review) (string, error) {
	st := store.Step{Slug: e.Slug, Action: action, From: r.From, To: r.To, Actor: rec, Comment: comment, Note: note, Review: review}
	if r.Reason {
		st.Reason = comment
	}
	var err error
	from := e.State
	switch {
	case action == ActPubliceren && at.After(time.Now()):
		at = at.UTC()
		st.To, st.PublishAt = stGoed, &at
		_, err = s.Store.MoveDraft(ctx, st)
	case r.To == stLive:
		err = s.publish(ctx, st, e)
	case e.State == stLive || (e.Live && onLive(r)):
		from = stLive
		err = s.Store.WithdrawMaterial(ctx, st)
	default:
		switch action {
		case ActClaimen:
			st.ClaimedBy = &rec.UserID
		case ActVrijgeven, ActIndienen:
			var none int64
			st.ClaimedBy = &none
		}
		_, err = s.Store.MoveDraft(ctx, st)
	}
	var sc *store.StateConflictError
	switch {
	case err == nil:
		if s.Notify != nil {
			s.Notify.OnTransition(ctx, notify.Event{Slug: e.Slug, Title: e.Material.Title, Hub: e.Hub, Action: action,
				From: from, To: st.To, ActorUserID: rec.UserID, OwnerID: e.OwnerID, Comment: comment})
		}
		return st.To, nil
	case errors.As(err, &sc):
		return "", &StateError{Action: action, State: sc.State}
	case errors.Is(err, store.ErrNotFound):
		return "", ErrNotFound
	case errors.Is(err, store.ErrStaleVersion):
		cur := e.Version
		if d, derr := s.Store.DraftBySlug(ctx, e.Slug); derr == nil {
			cur = d.Version
		}
		return "", &StaleError{Current: cur}
	}
	return "", err
}

// publish renders the draft with the page's pipeline and moves it into the
// published projection.
func (s *Service) publish(ctx context.Context, st store.Step, e Editable) error {
	m := e.Material
	m.Slug, m.Hub = e.Slug, e.Hub
	var res Result
	if err := s.check(ctx, &m, &res); err != nil {
		return err
	}
	return s.publishFiles(ctx, e.ID, func() error { return s.Store.PublishDraft(ctx, st, &m, e.Version) })
}

// ScheduledActor names the job that publishes at the planned time.
const ScheduledActor = "geplande publicatie"

// PublishDue publishes every goedgekeurd draft whose planned time has come,
// as the operator ScheduledActor (the moderator who planned it had the
// right; the audit log has both). A draft published or changed by someone
// else meanwhile is skipped. Returns how many it published.
func (s *Service) PublishDue(ctx context.Context, now time.Time) (int, error) {
	slugs, err := s.Store.DueForPublication(ctx, now, 100)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, slug := range slugs {
		d, err := s.Store.DraftBySlug(ctx, slug)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return n, err
		}
		m, err := DraftMaterial(d)
		if err != nil {
			return n, err
		}
		e := Editable{ID: d.ID, Slug: d.Slug, Hub: d.Hub, OwnerID: d.OwnerID, State: d.State, Version: d.Version, Material: m}
		_, err = s.step(ctx, store.Actor{Label: ScheduledActor}, e, ActPubliceren, workflowRules[ActPubliceren], "", "", time.Time{}, nil)
		var se *StateError
		switch {
		case err == nil:
			n++
		case errors.Is(err, ErrNotFound), errors.As(err, &se):
			// Published or withdrawn by someone else in the meantime.
		default:
			return n, fmt.Errorf("authoring: scheduled publication of %q: %w", slug, err)
		}
	}
	return n, nil
}

// SubmitForReview is `hub import --review`: an operator sends a material
// from a folder to its hub's queue instead of publishing it. A new one
// becomes a draft in state ingediend; a changed published one a pending new
// revision (same id; the live version stays online until a moderator
// publishes it). What is already live or waiting unchanged writes nothing
// (Unchanged). m must have been checked and rendered by the import.
func (s *Service) SubmitForReview(ctx context.Context, actor Actor, m catalog.Material, note string) (store.UpsertStatus, error) {
	if actor.User != nil || actor.Operator == "" {
		return "", ErrForbidden
	}
	// A person's draft at this address — also their pending revision of
	// an imported material, owned by no one — is theirs: an import never
	// writes it.
	if cur, err := s.Store.DraftBySlug(ctx, m.Slug); err == nil {
		if cur.OwnerID != 0 {
			return "", ErrSlugTaken
		}
		revs, err := s.Store.Revisions(ctx, cur.ID)
		if err != nil {
			return "", err
		}
		if n := len(revs); n > 0 && revs[n-1].ActorUserID != 0 {
			return "", ErrSlugTaken
		}
	}
	d, changed, err := s.Store.SaveDraft(ctx, store.DraftWrite{Material: &m, Actor: actor.record(), Note: note,
		OfPublished: true, Submit: true})
	switch {
	case errors.Is(err, store.ErrSlugTaken):
		return "", ErrSlugTaken
	case err != nil:
		return "", err
	case !changed:
		return store.Unchanged, nil
	case d.Version == 1:
		return store.Created, nil
	}
	return store.Updated, nil
}
