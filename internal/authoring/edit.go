package authoring

import (
	"context"
	"errors"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
)

// StatePublished is the state of a material in the published projection
// (the drafts table holds concept and ingediend).
const StatePublished = "gepubliceerd"

// Editable is a material as an editor sees it, draft or published alike:
// the editor, the revisions pages and the API read this, not the two
// tables.
type Editable struct {
	ID       int64
	Slug     string
	Hub      string
	OwnerID  int64 // who created it (0: an import)
	Proposal bool
	State    string // store.StateConcept, store.StateIngediend or StatePublished
	// Version is the latest revision number: what an edit sends back as
	// IfVersion (the API's If-Match).
	Version    int
	Material   catalog.Material // front matter and Body
	Updated    time.Time
	SourcePath string // the content-folder file it came from, if any
	// Live: a published version is online. On a draft (State not
	// gepubliceerd) it makes the draft a pending new revision: the live
	// version stays until a moderator publishes this one.
	Live bool
	// Writers: on a draft, the accounts that wrote part of it since the
	// version it started from (store.DraftWriters); none of them decides
	// on it.
	Writers []int64
}

// Pending reports whether e is a new revision of a published material
// waiting for review.
func (e Editable) Pending() bool { return e.Live && e.Draft() }

// Draft reports whether it is unpublished work.
func (e Editable) Draft() bool { return e.State != StatePublished }

func (e Editable) resource() auth.Resource {
	return auth.Resource{Hub: e.Hub, OwnerID: e.OwnerID, Proposal: e.Proposal,
		Submitted: e.Draft() && e.State != store.StateConcept, Writers: e.Writers}
}

// Load returns the material at slug as u may see it: a draft only for
// those auth.Can lets see it, a published material for everyone.
// ErrNotFound otherwise.
func (s *Service) Load(ctx context.Context, u auth.Actor, slug string) (Editable, error) {
	d, err := s.Store.DraftBySlug(ctx, slug)
	switch {
	case err == nil:
		_, lerr := s.Store.MaterialID(ctx, slug)
		if lerr != nil && !errors.Is(lerr, store.ErrNotFound) {
			return Editable{}, lerr
		}
		live := lerr == nil
		if !auth.Can(u, auth.MaterialViewDraft, draftResource(d)) {
			if live { // a pending revision is not theirs to see; the live one is everyone's
				return s.LoadPublished(ctx, slug)
			}
			return Editable{}, ErrNotFound
		}
		m, err := DraftMaterial(d)
		if err != nil {
			return Editable{}, err
		}
		writers, err := s.Store.DraftWriters(ctx, d.ID)
		if err != nil {
			return Editable{}, err
		}
		return Editable{ID: d.ID, Slug: d.Slug, Hub: d.Hub, OwnerID: d.OwnerID, Proposal: d.Proposal, State: d.State,
			Version: d.Version, Material: m, Updated: d.Updated, Live: live, Writers: writers}, nil
	case !errors.Is(err, store.ErrNotFound):
		return Editable{}, err
	}
	return s.LoadPublished(ctx, slug)
}

// LoadPublished returns the published version at slug (also while a new
// revision of it waits for review); ErrNotFound when there is none.
func (s *Service) LoadPublished(ctx context.Context, slug string) (Editable, error) {
	m, err := s.Store.Material(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return Editable{}, ErrNotFound
	}
	if err != nil {
		return Editable{}, err
	}
	id, err := s.Store.MaterialID(ctx, slug)
	if err != nil {
		return Editable{}, err
	}
	owner, err := s.Store.CreatorOf(ctx, id)
	if err != nil {
		return Editable{}, err
	}
	n, err := s.Store.LatestRevision(ctx, id)
	if err != nil {
		return Editable{}, err
	}
	return Editable{ID: id, Slug: m.Slug, Hub: m.Hub, OwnerID: owner, State: StatePublished, Version: n,
		Material: m, Updated: m.UpdatedAt, SourcePath: m.SourcePath, Live: true}, nil
}

// MayEdit reports whether u may save a new version of e.
func (s *Service) MayEdit(u auth.Actor, e Editable) bool {
	return auth.Can(u, auth.MaterialEdit, e.resource())
}

// MaySubmit reports whether u may submit e for review now: the
// workflow's indienen (a concept, or a draft sent back for changes).
func (s *Service) MaySubmit(u auth.Actor, e Editable) bool {
	return s.MayTransition(u, e, ActIndienen)
}
