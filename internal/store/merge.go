package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Merging two materials that are the same (a likely duplicate, issue 9).
// One is kept; the other is withdrawn like "archiveren" (its row moves to
// drafts in state gearchiveerd, a dated trace for OAI-PMH, with the reason)
// and its address and old addresses lead to the kept one through
// slug_redirects, so every link to it answers 301. The redirect is checked
// before the 410 of a withdrawn material (web/rename.go).

// AuditMerge is the audit action of a merge: material_id is the merged
// (withdrawn) material, the note names the kept one's id and slug.
const AuditMerge = "material.merge"

// MergeWrite is one merge.
type MergeWrite struct {
	Slug    string // the material that is withdrawn
	Into    string // the material that is kept
	Actor   Actor
	Comment string
	Note    string // "als beheerder"
}

// Merged is what MergeMaterials did.
type Merged struct {
	ID, IntoID int64
	Slug, Into string
}

// ErrSameMaterial: a material cannot be merged into itself.
var ErrSameMaterial = errors.New("store: a material cannot be merged into itself")

// MergeMaterials merges w.Slug into w.Into in one transaction: the merged
// material leaves materials (outbox delete: it leaves search) or, if it was
// a draft, its draft becomes gearchiveerd; its address and its old
// addresses redirect to the kept material's id; its collection entries and
// featured picks point to the kept one (dropped where the kept one is
// already listed); one audit entry with both ids.
func (s *Store) MergeMaterials(ctx context.Context, w MergeWrite) (Merged, error) {
	out := Merged{Slug: w.Slug, Into: w.Into}
	if w.Slug == w.Into {
		return out, ErrSameMaterial
	}
	label := w.Actor.Label
	if label == "" {
		label = unknownActor
	}
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		lock := func(q *gorm.DB) *gorm.DB {
			if s.driver == DriverPostgres {
				return q.Clauses(clause.Locking{Strength: "UPDATE"})
			}
			return q
		}
		var kept []int64
		if err := tx.Model(&materialRow{}).Where("slug = ?", w.Into).Limit(1).Pluck("id", &kept).Error; err != nil {
			return err
		}
		if len(kept) == 0 {
			if err := tx.Model(&draftRow{}).Where("slug = ? AND state NOT IN ?", w.Into, []string{StateOffline, StateGearchiveerd}).
				Limit(1).Pluck("id", &kept).Error; err != nil {
				return err
			}
		}
		if len(kept) == 0 {
			return fmt.Errorf("kept %q: %w", w.Into, ErrNotFound)
		}
		out.IntoID = kept[0]
		now := s.now()
		var mats []materialRow
		if err := lock(tx.Where("slug = ?", w.Slug).Limit(1)).Find(&mats).Error; err != nil {
			return err
		}
		var from string
		var hub string
		var rev int
		if len(mats) == 1 {
			mr := mats[0]
			out.ID, from, hub = mr.ID, StatePublished, mr.Hub
			m, err := fromRow(&mr)
			if err != nil {
				return err
			}
			front, err := frontJSON(&m)
			if err != nil {
				return err
			}
			if rev, err = latestRevision(tx, mr.ID); err != nil {
				return err
			}
			var owner []int64
			if err := tx.Model(&revisionRow{}).Where("material_id = ?", mr.ID).Order("number").Limit(1).Pluck("actor_user_id", &owner).Error; err != nil {
				return err
			}
			// A pending new revision of the live material gives way: the
			// material as published is what is kept as the trace.
			if err := tx.Where("id = ?", mr.ID).Delete(&draftRow{}).Error; err != nil {
				return err
			}
			if err := dropStagedFiles(tx, mr.ID); err != nil { // upload_pending.go
				return err
			}
			if err := tx.Where("id = ?", mr.ID).Delete(&materialRow{}).Error; err != nil {
				return err
			}
			dr := draftRow{ID: mr.ID, Slug: mr.Slug, Hub: mr.Hub, State: StateGearchiveerd, Version: rev, BaseVersion: rev, Front: front, Body: mr.Body,
				ContentHash: mr.ContentHash, CreatedAt: mr.CreatedAt, UpdatedAt: now, StateChangedAt: &now,
				Reason: "samengevoegd met " + w.Into}
			if len(owner) > 0 {
				dr.OwnerID = owner[0]
			}
			if err := tx.Create(&dr).Error; err != nil {
				return err
			}
			ob := outboxFor(mr.Slug, OpDelete, now)
			if err := tx.Create(&ob).Error; err != nil {
				return err
			}
		} else {
			row, ok, err := s.lockDraft(tx, w.Slug)
			if err != nil {
				return err
			}
			if !ok {
				return ErrNotFound
			}
			if row.State == StateOffline || row.State == StateGearchiveerd {
				return &StateConflictError{State: row.State}
			}
			out.ID, from, hub, rev = row.ID, row.State, row.Hub, row.Version
			if err := tx.Model(&draftRow{}).Where("id = ?", row.ID).Updates(map[string]any{
				"state": StateGearchiveerd, "state_changed_at": now, "reason": "samengevoegd met " + w.Into,
				"claimed_by": 0, "claimed_at": nil, "publish_at": nil}).Error; err != nil {
				return err
			}
		}
		if out.ID == out.IntoID {
			return ErrSameMaterial
		}
		// Every address of the merged material now leads to the kept one.
		if err := tx.Model(&redirectRow{}).Where("material_id = ?", out.ID).Update("material_id", out.IntoID).Error; err != nil {
			return err
		}
		if err := tx.Where("old_slug = ?", w.Slug).Delete(&redirectRow{}).Error; err != nil {
			return err
		}
		if err := tx.Create(&redirectRow{OldSlug: w.Slug, MaterialID: out.IntoID, CreatedAt: now}).Error; err != nil {
			return err
		}
		if err := repoint(tx, out.ID, out.IntoID); err != nil {
			return err
		}
		note := fmt.Sprintf("samengevoegd met materiaal %d (%s)", out.IntoID, w.Into)
		if w.Note != "" {
			note += "; " + w.Note
		}
		a := auditRow{At: now, Actor: label, ActorUserID: w.Actor.UserID, Action: AuditMerge, MaterialID: out.ID,
			Slug: w.Slug, Hub: hub, Revision: rev, FromState: from, ToState: StateGearchiveerd, Comment: w.Comment, Note: note}
		return tx.Create(&a).Error
	})
	var sc *StateConflictError
	switch {
	case err == nil, errors.Is(err, ErrSameMaterial), errors.As(err, &sc):
		return out, err
	}
	return out, fmt.Errorf("store: merge %q into %q: %w", w.Slug, w.Into, err)
}

// repoint moves the merged material's places in collections and featured
// picks to the kept one; where the kept one is already listed the merged
// entry is dropped (a list names a material once).
func repoint(tx *gorm.DB, from, to int64) error {
	for _, t := range []struct{ table, key string }{{"collection_items", "collection_id"}, {"featured_picks", "hub"}} {
		if !tx.Migrator().HasTable(t.table) {
			continue
		}
		dup := fmt.Sprintf("material_id = ? AND %s IN (SELECT %s FROM %s WHERE material_id = ?)", t.key, t.key, t.table)
		if err := tx.Exec("DELETE FROM "+t.table+" WHERE "+dup, from, to).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE "+t.table+" SET material_id = ? WHERE material_id = ?", to, from).Error; err != nil {
			return err
		}
	}
	return nil
}

// SourceMatch is a material or live draft whose source URL contains a
// given text (SourceURLContaining); the caller compares the normalised URLs.
type SourceMatch struct {
	ID        int64
	Slug, Hub string
	Title     string
	SourceURL string
	State     string // StatePublished or the draft's state
	OwnerID   int64  // drafts only
	Proposal  bool   // drafts only
}

// SourceURLContaining lists the published materials and the drafts (not
// withdrawn) whose source URL contains part, at most limit of each. LIKE's
// wildcards in part only widen the match; the caller filters exactly.
func (s *Store) SourceURLContaining(ctx context.Context, part string, limit int) ([]SourceMatch, error) {
	db := s.read.WithContext(ctx)
	var mats []materialRow
	if err := db.Select("id, slug, hub, title, source_url").Where("source_url LIKE ?", "%"+part+"%").
		Order("id").Limit(limit).Find(&mats).Error; err != nil {
		return nil, fmt.Errorf("store: source url: %w", err)
	}
	out := make([]SourceMatch, 0, len(mats))
	for _, m := range mats {
		out = append(out, SourceMatch{ID: m.ID, Slug: m.Slug, Hub: m.Hub, Title: m.Title, SourceURL: m.SourceURL, State: StatePublished})
	}
	var drafts []draftRow
	if err := db.Where("front LIKE ? AND state NOT IN ?", "%"+part+"%", []string{StateOffline, StateGearchiveerd}).
		Order("id").Limit(limit).Find(&drafts).Error; err != nil {
		return nil, fmt.Errorf("store: source url: %w", err)
	}
	for _, d := range drafts {
		var f struct {
			Title     string `json:"title"`
			SourceURL string `json:"source_url"`
		}
		if json.Unmarshal([]byte(d.Front), &f) != nil {
			continue
		}
		out = append(out, SourceMatch{ID: d.ID, Slug: d.Slug, Hub: d.Hub, Title: f.Title, SourceURL: f.SourceURL,
			State: d.State, OwnerID: d.OwnerID, Proposal: d.Proposal})
	}
	return out, nil
}
