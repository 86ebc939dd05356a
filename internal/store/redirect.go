package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
)

// Slug redirects. A material's id is stable; its slug is only its address.
// When the address changes, the old one keeps working: slug_redirects maps
// every old slug to the material's id (not to the next slug), so a chain of
// renames a → b → c needs no collapsing — a, and b, both lead to whatever
// the material is called now, in one hop. A material that is deleted takes
// its redirects' meaning with it: the old addresses answer 404 again.
//
// An old slug stays reserved for its material: a new draft cannot take it
// (SaveDraft: ErrSlugTaken), so a link someone bookmarked never starts to
// show a different material. The material itself may take an old address
// back; the redirect is then removed. A folder import is the operator's
// explicit act and may publish at such an address: a material at an
// address always wins over a redirect (pages look up materials first).

// Audit actions for a change of address.
const (
	AuditRename      = "material.rename"
	AuditDraftRename = "draft.rename"
)

type redirectRow struct {
	OldSlug    string `gorm:"primaryKey"`
	MaterialID int64
	CreatedAt  time.Time
}

func (redirectRow) TableName() string { return "slug_redirects" }

func redirectMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE slug_redirects (
	old_slug VARCHAR(200) PRIMARY KEY,
	material_id BIGINT NOT NULL,
	created_at {{time}} NOT NULL
)`,
		`CREATE INDEX idx_slug_redirects_material ON slug_redirects (material_id)`,
	)
}

// Redirect is where an old address leads now.
type Redirect struct {
	MaterialID int64
	Slug       string // the material's current slug
	Draft      bool   // the material is a draft (not public)
}

// RedirectFor returns where the old address slug leads, or ErrNotFound when
// it is no old address (or its material is gone).
func (s *Store) RedirectFor(ctx context.Context, slug string) (Redirect, error) {
	db := s.read.WithContext(ctx)
	var ids []int64
	if err := db.Model(&redirectRow{}).Where("old_slug = ?", slug).Limit(1).Pluck("material_id", &ids).Error; err != nil {
		return Redirect{}, fmt.Errorf("store: redirect %q: %w", slug, err)
	}
	if len(ids) == 0 {
		return Redirect{}, ErrNotFound
	}
	r := Redirect{MaterialID: ids[0]}
	for _, table := range []string{"materials", "drafts"} {
		var slugs []string
		if err := db.Table(table).Where("id = ?", r.MaterialID).Limit(1).Pluck("slug", &slugs).Error; err != nil {
			return Redirect{}, fmt.Errorf("store: redirect %q: %w", slug, err)
		}
		if len(slugs) > 0 {
			r.Slug, r.Draft = slugs[0], table == "drafts"
			return r, nil
		}
	}
	return Redirect{}, ErrNotFound
}

// OldSlugs lists the old addresses of a material, oldest first.
func (s *Store) OldSlugs(ctx context.Context, materialID int64) ([]string, error) {
	var out []string
	err := s.read.WithContext(ctx).Model(&redirectRow{}).Where("material_id = ?", materialID).
		Order("created_at, old_slug").Pluck("old_slug", &out).Error
	if err != nil {
		return nil, fmt.Errorf("store: old slugs: %w", err)
	}
	return out, nil
}

// redirected reports whether slug is an old address of a material other
// than id (0: of any material).
func redirected(tx *gorm.DB, slug string, id int64) (bool, error) {
	var n int64
	q := tx.Model(&redirectRow{}).Where("old_slug = ?", slug)
	if id != 0 {
		q = q.Where("material_id <> ?", id)
	}
	err := q.Count(&n).Error
	return n > 0, err
}

// RenameWrite is one change of a material's address.
type RenameWrite struct {
	OldSlug, NewSlug string
	// Material is the material at its new address: Slug is NewSlug, the HTML
	// rendered for it (attachment URLs carry the slug), ContentHash set.
	Material *catalog.Material
	// BaseVersion > 0: refuse with ErrStaleVersion unless the material's
	// latest revision is still this one.
	BaseVersion int
	Actor       Actor
	Note        string
}

// Renamed is what RenameMaterial did.
type Renamed struct {
	ID      int64
	Slug    string
	Version int  // the new revision (after a stale refusal: the current one)
	Draft   bool // a draft was renamed (no outbox: drafts are not searched)
}

// RenameMaterial moves the published material or the draft at w.OldSlug to
// w.NewSlug in one transaction: the row (slug, HTML, content hash), a
// revision, an audit entry, the redirect from the old address, and for a
// published material two outbox rows — the old slug (the worker finds no
// material there and removes it from the index) and the new one (indexed).
// The new slug must not be another material's or draft's address, nor an
// old address of another material (ErrSlugTaken); an old address of this
// same material is taken back (its redirect removed).
func (s *Store) RenameMaterial(ctx context.Context, w RenameWrite) (Renamed, error) {
	var out Renamed
	front, err := frontJSON(w.Material)
	if err != nil {
		return out, err
	}
	label := w.Actor.Label
	if label == "" {
		label = unknownActor
	}
	err = s.writeTx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		out = Renamed{Slug: w.NewSlug}
		var mats []materialRow
		if err := tx.Select("id, slug").Where("slug = ?", w.OldSlug).Limit(1).Find(&mats).Error; err != nil {
			return err
		}
		var drafts []draftRow
		if len(mats) == 0 {
			if err := tx.Where("slug = ?", w.OldSlug).Limit(1).Find(&drafts).Error; err != nil {
				return err
			}
			if len(drafts) == 0 {
				return ErrNotFound
			}
			out.ID, out.Draft = drafts[0].ID, true
		} else {
			out.ID = mats[0].ID
		}
		for _, table := range []string{"materials", "drafts"} {
			var n int64
			if err := tx.Table(table).Where("slug = ? AND id <> ?", w.NewSlug, out.ID).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return ErrSlugTaken
			}
		}
		if taken, err := redirected(tx, w.NewSlug, out.ID); err != nil || taken {
			if err == nil {
				err = ErrSlugTaken
			}
			return err
		}
		current := 0
		if out.Draft {
			current = drafts[0].Version
		} else if current, err = latestRevision(tx, out.ID); err != nil {
			return err
		}
		if w.BaseVersion > 0 && w.BaseVersion != current {
			out.Version = current
			return ErrStaleVersion
		}
		out.Version = current + 1
		action := AuditRename
		var res *gorm.DB
		if out.Draft {
			action = AuditDraftRename
			res = tx.Model(&draftRow{}).Where("id = ? AND version = ?", out.ID, current).Updates(map[string]any{
				"slug": w.NewSlug, "front": front, "content_hash": w.Material.ContentHash, "version": out.Version, "updated_at": now})
		} else {
			res = tx.Model(&materialRow{}).Where("id = ? AND slug = ?", out.ID, w.OldSlug).Updates(map[string]any{
				"slug": w.NewSlug, "html": w.Material.HTML, "content_hash": w.Material.ContentHash, "updated_at": now})
		}
		if res.Error != nil {
			if isUniqueViolation(res.Error) {
				return ErrSlugTaken
			}
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrStaleVersion // someone wrote in between: read again
		}
		// Taking back an old address of this material removes its redirect.
		if err := tx.Where("old_slug IN ?", []string{w.NewSlug, w.OldSlug}).Delete(&redirectRow{}).Error; err != nil {
			return err
		}
		if err := tx.Create(&redirectRow{OldSlug: w.OldSlug, MaterialID: out.ID, CreatedAt: now}).Error; err != nil {
			return err
		}
		rev := revisionRow{MaterialID: out.ID, Number: out.Version, Actor: label, ActorUserID: w.Actor.UserID,
			Note: w.Note, Front: front, Body: w.Material.Body, ContentHash: w.Material.ContentHash, CreatedAt: now}
		if err := tx.Create(&rev).Error; err != nil {
			return err
		}
		note := w.Note
		if note == "" {
			note = "adres gewijzigd: " + w.OldSlug + " → " + w.NewSlug
		}
		if err := tx.Create(&auditRow{At: now, Actor: label, ActorUserID: w.Actor.UserID, Action: action,
			MaterialID: out.ID, Slug: w.NewSlug, Revision: out.Version, Note: note}).Error; err != nil {
			return err
		}
		if out.Draft {
			return nil
		}
		// The index is keyed by slug: the worker drops the old document
		// (no material there any more) and indexes the new one.
		rows := []outboxRow{outboxFor(w.OldSlug, OpDelete, now), outboxFor(w.NewSlug, OpUpsert, now)}
		return tx.Create(&rows).Error
	})
	switch {
	case err == nil, errors.Is(err, ErrSlugTaken), errors.Is(err, ErrStaleVersion):
		return out, err
	case errors.Is(err, ErrNotFound):
		return out, fmt.Errorf("store: rename %q: %w", w.OldSlug, ErrNotFound)
	}
	return out, fmt.Errorf("store: rename %q: %w", w.OldSlug, err)
}
