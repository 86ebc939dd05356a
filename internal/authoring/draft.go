package authoring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/markdown"
	"github.com/stem-kennishub/hub/internal/store"
)

// Drafts. A new material a person saves is a draft (store.Draft, state
// concept, then ingediend), never a materials row, so it stays out of
// pages, search, the sitemap and JSON-LD until review publishes it. Who
// may see, edit or submit it is auth.Can's answer on the draft's stored
// hub, owner and proposal flag — never on what the request says.

// ErrNotFound: no draft at this address, or one the actor may not see (a
// draft's existence is not revealed).
var ErrNotFound = errors.New("er is geen materiaal op dit adres, of je mag het niet zien")

// StaleError: the draft changed since the version the writer read.
type StaleError struct{ Current int }

func (e *StaleError) Error() string {
	return "dit materiaal is intussen gewijzigd (nu versie " + strconv.Itoa(e.Current) + "); haal de nieuwe versie op en bewaar je wijziging opnieuw"
}

func draftResource(d store.Draft) auth.Resource {
	return auth.Resource{Hub: d.Hub, OwnerID: d.OwnerID, Proposal: d.Proposal, Submitted: d.State != store.StateConcept}
}

// saveDraft creates or edits the draft at d.Material.Slug for person u.
// live is the published material at that address, if any: the draft is
// then its pending new revision (same id, owned by the material's
// creator), under the rights to edit the published material.
func (s *Service) saveDraft(ctx context.Context, u auth.Actor, d Draft, live *store.StoredMaterial) (Result, error) {
	m := d.Material
	res := Result{Slug: m.Slug}
	w := store.DraftWrite{Material: &m, BaseVersion: d.IfVersion, Actor: UserActor(u).record(), Note: d.Note}
	cur, err := s.Store.DraftBySlug(ctx, m.Slug)
	hasDraft := err == nil
	switch {
	case errors.Is(err, store.ErrNotFound) && live != nil:
		if err := s.allowed(ctx, UserActor(u), m.Slug, m.Hub, *live, true); err != nil {
			return res, err
		}
		id, err := s.Store.MaterialID(ctx, m.Slug)
		if err != nil {
			return res, err
		}
		if w.OwnerID, err = s.Store.CreatorOf(ctx, id); err != nil {
			return res, err
		}
		w.OfPublished = true
	case errors.Is(err, store.ErrNotFound):
		if !auth.Can(u, auth.MaterialCreate, auth.Resource{Hub: m.Hub}) {
			return res, ErrForbidden
		}
		// Without the right to write for the hub it is a private proposal.
		w.OwnerID, w.Proposal = u.UserID, !auth.Can(u, auth.HubWrite, auth.Resource{Hub: m.Hub})
		w.CreateOnly = true
	case err != nil:
		return res, err
	default:
		if !auth.Can(u, auth.MaterialViewDraft, draftResource(cur)) {
			if live != nil { // the material is public; its pending revision is not theirs
				return res, ErrForbidden
			}
			return res, ErrNotFound
		}
		if !auth.Can(u, auth.MaterialEdit, draftResource(cur)) {
			return res, ErrForbidden
		}
		if m.Hub != cur.Hub && !cur.Proposal && !auth.Can(u, auth.HubWrite, auth.Resource{Hub: m.Hub}) {
			return res, ErrForbidden
		}
	}
	// A content folder's files change in the folder, never in the
	// browser: the editor and the API send only text and front matter, so
	// a new version keeps the files of the version it replaces. Without
	// this the first browser edit of an imported lesson, once published,
	// lost every picture.
	if m.Attachments, err = s.folderFiles(ctx, cur, hasDraft, live, m.Slug); err != nil {
		return res, err
	}
	if err := s.check(ctx, &m, &res); err != nil {
		return res, err
	}
	if m.ContentHash, err = contentHash(&m); err != nil {
		return res, err
	}
	if live != nil && live.ContentHash != m.ContentHash {
		// The folder's attachments of the live version are found under the
		// new content hash once this revision is published (Save does the
		// same for an operator's edit).
		if err := s.copyFiles(ctx, m.Slug, live.ContentHash, &m); err != nil {
			return res, err
		}
	}
	saved, changed, err := s.Store.SaveDraft(ctx, w)
	switch {
	case errors.Is(err, store.ErrStaleVersion):
		return res, &StaleError{Current: saved.Version}
	case errors.Is(err, store.ErrSlugTaken):
		return res, ErrSlugTaken
	case err != nil:
		return res, fmt.Errorf("authoring: save draft %q: %w", m.Slug, err)
	}
	res.Version = saved.Version
	if saved.State != "" { // not the live version itself, saved unchanged
		res.Draft = saved
	}
	switch {
	case !changed:
		res.Status = store.Unchanged
	case saved.Version == 1:
		res.Status = store.Created
	default:
		res.Status = store.Updated
	}
	return res, nil
}

// folderFiles are the content folder's files of the version a person's
// save replaces: the draft's (hasDraft), else the live material's, else
// none (a new material has no folder).
func (s *Service) folderFiles(ctx context.Context, cur store.Draft, hasDraft bool, live *store.StoredMaterial, slug string) ([]catalog.Attachment, error) {
	switch {
	case hasDraft:
		m, err := DraftMaterial(cur)
		return m.Attachments, err
	case live != nil:
		m, err := s.Store.Material(ctx, slug)
		return m.Attachments, err
	}
	return nil, nil
}

// ViewDraft returns the draft at slug for an actor who may see it;
// ErrNotFound otherwise.
func (s *Service) ViewDraft(ctx context.Context, u auth.Actor, slug string) (store.Draft, error) {
	d, err := s.Store.DraftBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return store.Draft{}, ErrNotFound
	}
	if err != nil {
		return store.Draft{}, err
	}
	if !auth.Can(u, auth.MaterialViewDraft, draftResource(d)) {
		return store.Draft{}, ErrNotFound
	}
	return d, nil
}

// Submit is the workflow's indienen (concept or aanpassen → ingediend;
// submitting what is already submitted changes nothing). Not visible:
// ErrNotFound; visible but not allowed: ErrForbidden.
func (s *Service) Submit(ctx context.Context, u auth.Actor, slug string) (store.Draft, error) {
	_, err := s.Transition(ctx, u, slug, ActIndienen, "", time.Time{})
	var se *StateError
	if err != nil && !errors.As(err, &se) {
		return store.Draft{}, err
	}
	return s.ViewDraft(ctx, u, slug)
}

// DraftMaterial decodes a draft's front matter and body.
func DraftMaterial(d store.Draft) (catalog.Material, error) {
	var m catalog.Material
	if err := json.Unmarshal([]byte(d.Front), &m); err != nil {
		return m, fmt.Errorf("authoring: draft %q: %w", d.Slug, err)
	}
	// The hash names where its folder attachments are stored (a pending
	// revision of an imported material: copied there when it was saved).
	m.Body, m.ContentHash = d.Body, d.Hash
	return m, nil
}

// Preview renders a body with the page's pipeline and limits (sanitised
// HTML, the same as a published page); a body over the limits is an
// *InvalidError on the body field. Without an actor it knows no image
// sizes: PreviewAs (preview.go) is the editor's.
func (s *Service) Preview(body, slug string) (string, error) {
	return s.preview(body, AssetBase(slug), nil)
}

// preview renders body with its files under base (AssetBase, or
// PendingAssetBase for a new version waiting for review).
func (s *Service) preview(body, base string, imageSize func(string) (int, int, bool)) (string, error) {
	render := s.Render
	if render == nil {
		render = markdown.Render
	}
	out, err := render([]byte(body), markdown.Options{AssetBase: base, ImageSize: imageSize})
	if err != nil {
		var limit *markdown.LimitError
		if errors.As(err, &limit) {
			return "", &InvalidError{Errors: []catalog.FieldError{{Field: catalog.FieldBody, Index: -1, Message: limit.Message}}}
		}
		return "", fmt.Errorf("authoring: preview: %w", err)
	}
	return out.HTML, nil
}

// DraftRevisions lists a draft's revisions for an actor who may see it.
func (s *Service) DraftRevisions(ctx context.Context, u auth.Actor, slug string) ([]store.Revision, error) {
	d, err := s.ViewDraft(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	return s.Store.Revisions(ctx, d.ID)
}
