package authoring

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/storage"
	"github.com/stem-kennishub/hub/internal/store"
)

// A change of address. The material keeps its id, history and files; the
// old address answers 301 to the new one (store/redirect.go). Who may
// change the address is who may edit the material (auth.Can).

// RenameStore is what Rename needs of the database (*store.Store).
type RenameStore interface {
	RenameMaterial(ctx context.Context, w store.RenameWrite) (store.Renamed, error)
	RedirectFor(ctx context.Context, slug string) (store.Redirect, error)
}

// Renamed is what Rename did.
type Renamed struct {
	ID      int64
	Slug    string // the new address
	Version int    // the new revision
	State   string
}

// Rename moves the material (published or draft) at oldSlug to newSlug.
// ifVersion > 0 must be the latest revision (else a *StaleError). Not
// visible: ErrNotFound; visible but not editable: ErrForbidden; a new slug
// that is not usable: an *InvalidError on the field "slug", in Dutch.
func (s *Service) Rename(ctx context.Context, u auth.Actor, oldSlug, newSlug string, ifVersion int) (Renamed, error) {
	rs, ok := s.Store.(RenameStore)
	if !ok {
		return Renamed{}, errors.New("authoring: deze opslag kan geen adressen wijzigen")
	}
	e, err := s.Load(ctx, u, oldSlug)
	if err != nil {
		return Renamed{}, err
	}
	if !s.MayEdit(u, e) {
		return Renamed{}, ErrForbidden
	}
	if e.Pending() {
		// The live version and its pending revision share one address; a
		// rename waits until review has decided.
		return Renamed{}, slugError(newSlug, "er wacht een nieuwe versie van dit materiaal op review; wijzig het adres nadat een moderator ze gepubliceerd of afgewezen heeft")
	}
	if e.SourcePath != "" {
		// The folder's file names the slug: the next import would bring the
		// material back at its old address (and prune the renamed one).
		return Renamed{}, slugError(newSlug, fmt.Sprintf("dit materiaal komt uit de inhoudsmap (%s); wijzig de slug in dat bestand en importeer de map opnieuw", e.SourcePath))
	}
	newSlug = strings.TrimSpace(newSlug)
	if msg := s.slugProblem(ctx, rs, e, newSlug); msg != "" {
		return Renamed{}, slugError(newSlug, msg)
	}
	if ifVersion > 0 && ifVersion != e.Version {
		return Renamed{}, &StaleError{Current: e.Version}
	}

	m := e.Material
	oldHash := m.ContentHash
	m.Slug = newSlug
	var res Result
	if err := s.check(ctx, &m, &res); err != nil {
		return Renamed{}, err
	}
	if m.ContentHash, err = contentHash(&m); err != nil {
		return Renamed{}, err
	}
	// Files follow the database: copied to the new address's keys before
	// the commit; the old keys are left for the storage sweep.
	if err := s.copyFiles(ctx, oldSlug, oldHash, &m); err != nil {
		return Renamed{}, err
	}
	out, err := rs.RenameMaterial(ctx, store.RenameWrite{OldSlug: oldSlug, NewSlug: newSlug, Material: &m,
		BaseVersion: e.Version, Actor: UserActor(u).record()})
	switch {
	case errors.Is(err, store.ErrStaleVersion):
		return Renamed{}, &StaleError{Current: out.Version}
	case errors.Is(err, store.ErrSlugTaken):
		return Renamed{}, slugError(newSlug, "dit adres is intussen door een ander materiaal genomen; kies een ander")
	case errors.Is(err, store.ErrNotFound):
		return Renamed{}, ErrNotFound
	case err != nil:
		return Renamed{}, fmt.Errorf("authoring: rename %q: %w", oldSlug, err)
	}
	return Renamed{ID: out.ID, Slug: out.Slug, Version: out.Version, State: e.State}, nil
}

// slugProblem says in Dutch why newSlug cannot be e's new address ("" = it can).
func (s *Service) slugProblem(ctx context.Context, rs RenameStore, e Editable, newSlug string) string {
	switch {
	case newSlug == "":
		return "vul een nieuw adres in"
	case newSlug == e.Slug:
		return fmt.Sprintf("%q is al het adres van dit materiaal; kies een ander", newSlug)
	case !catalog.ValidSlug(newSlug):
		if sug := catalog.Slugify(newSlug); sug != "" && sug != newSlug {
			return fmt.Sprintf("%q is geen geldig adres: gebruik kleine letters, cijfers en koppeltekens (maximaal %d tekens), bv. %q", newSlug, catalog.MaxSlugLen, sug)
		}
		return fmt.Sprintf("%q is geen geldig adres: gebruik kleine letters, cijfers en koppeltekens (maximaal %d tekens)", newSlug, catalog.MaxSlugLen)
	}
	if _, err := s.Store.MaterialID(ctx, newSlug); err == nil {
		return fmt.Sprintf("%q is al het adres van een ander materiaal; kies een ander", newSlug)
	}
	if _, err := s.Store.DraftBySlug(ctx, newSlug); err == nil {
		return fmt.Sprintf("%q is al het adres van een ander materiaal (een concept); kies een ander", newSlug)
	}
	if r, err := rs.RedirectFor(ctx, newSlug); err == nil && r.MaterialID != e.ID {
		// Old links to that address must keep leading to the same material.
		return fmt.Sprintf("%q was vroeger het adres van een ander materiaal en verwijst daar nog naar; kies een ander", newSlug)
	}
	return ""
}

func slugError(slug, msg string) *InvalidError {
	return &InvalidError{Errors: []catalog.FieldError{{Field: "slug", Index: -1, Value: slug, Message: "Adres (slug): " + msg + "."}}}
}

// copyFiles copies m's attachments from the keys of its old address to
// those of its new one (AttachmentStorageKey). A file missing in storage
// was already missing from the page and stays so.
func (s *Service) copyFiles(ctx context.Context, oldSlug, oldHash string, m *catalog.Material) error {
	if len(m.Attachments) == 0 {
		return nil
	}
	if s.Files == nil {
		return errors.New("authoring: geen bestandsopslag om de bijlagen mee te verhuizen")
	}
	for _, a := range m.Attachments {
		r, info, err := s.Files.Open(ctx, AttachmentStorageKey(oldSlug, oldHash, a.Name))
		if errors.Is(err, storage.ErrNotFound) && oldHash != "" {
			r, info, err = s.Files.Open(ctx, AttachmentStorageKey(oldSlug, "", a.Name))
		}
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("authoring: bijlage %q openen: %w", a.Name, err)
		}
		err = s.Files.Put(ctx, AttachmentStorageKey(m.Slug, m.ContentHash, a.Name), io.Reader(r), info.Size, info.ContentType)
		r.Close()
		if err != nil {
			return fmt.Errorf("authoring: bijlage %q kopiëren: %w", a.Name, err)
		}
	}
	return nil
}

// AttachmentStorageKey is content.StoredAttachmentKey (where pages read a
// material's files), repeated here because content imports authoring;
// TestAttachmentKeysAgree keeps the two the same.
func AttachmentStorageKey(slug, contentHash, name string) string {
	if contentHash == "" {
		return "materials/" + slug + "/" + name
	}
	return "materials/" + slug + "@" + contentHash[:min(16, len(contentHash))] + "/" + name
}

// Redirect returns the current address of the material that used to live
// at oldSlug, if u may see it there: a published material for everyone, a
// draft only for those who may see the draft (its existence is not
// revealed otherwise). ErrNotFound when there is nothing to lead to.
func (s *Service) Redirect(ctx context.Context, u auth.Actor, oldSlug string) (string, error) {
	rs, ok := s.Store.(RenameStore)
	if !ok {
		return "", ErrNotFound
	}
	r, err := rs.RedirectFor(ctx, oldSlug)
	if errors.Is(err, store.ErrNotFound) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	if r.Draft {
		if _, err := s.ViewDraft(ctx, u, r.Slug); err != nil {
			return "", err
		}
	}
	return r.Slug, nil
}

// OldSlugs lists the old addresses that lead to material id.
func (s *Service) OldSlugs(ctx context.Context, id int64) ([]string, error) {
	rs, ok := s.Store.(interface {
		OldSlugs(ctx context.Context, materialID int64) ([]string, error)
	})
	if !ok {
		return nil, nil
	}
	return rs.OldSlugs(ctx, id)
}
