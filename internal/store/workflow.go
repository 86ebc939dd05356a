package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The review workflow (issue 9). materials stays the published projection;
// every other state is a drafts row keyed on the material's id. Publishing
// moves the draft into materials, withdrawing moves the material back into
// drafts, each in one transaction with its outbox row and exactly one
// audit entry (who, action, state before and after, comment). Who may do
// what is internal/authoring's table; the store only re-checks, on the
// locked row, that the state is still one the step starts from.

// Workflow states (the API's ids). StateConcept and StateIngediend are in
// draft.go; StatePublished is not a drafts state but a materials row.
const (
	StateInBehandeling = "in-behandeling"
	StateAanpassen     = "aanpassen"
	StateGoedgekeurd   = "goedgekeurd"
	StateAfgewezen     = "afgewezen"
	StateOffline       = "offline"
	StateGearchiveerd  = "gearchiveerd"
	StatePublished     = "gepubliceerd"
)

// AuditWorkflowPrefix starts the audit action of a workflow step:
// "workflow.publiceren".
const AuditWorkflowPrefix = "workflow."

// StateConflictError: the material is no longer in a state the step starts
// from (another person acted first); State is where it is now.
type StateConflictError struct{ State string }

func (e *StateConflictError) Error() string { return "store: material is in state " + e.State }

// Step is one workflow transition as the store writes it.
type Step struct {
	Slug    string
	Action  string   // the workflow action id ("claimen"); audited as AuditWorkflowPrefix+Action
	From    []string // states it may start from (checked on the locked row)
	To      string
	Actor   Actor
	Comment string
	Note    string // "als beheerder": the actor used the beheerder role
	// ClaimedBy: set claimed_by to *ClaimedBy (0 releases); nil keeps it.
	ClaimedBy *int64
	// PublishAt: the time a goedgekeurd draft is published (nil: clear).
	PublishAt *time.Time
	// Reason: kept on the draft (afwijzen, offline-halen) for its author.
	Reason string
	// Review: the moderator's review behind a decision (checklist answers,
	// confirmed tags), written in the step's transaction; the step is
	// refused with ErrStaleVersion unless the draft is still at
	// Review.Revision, the version the moderator reviewed.
	Review *Review
}

func (st Step) audit(now time.Time, id int64, slug, hub, from string, rev int) auditRow {
	label := st.Actor.Label
	if label == "" {
		label = unknownActor
	}
	return auditRow{At: now, Actor: label, ActorUserID: st.Actor.UserID, Action: AuditWorkflowPrefix + st.Action,
		MaterialID: id, Slug: slug, Hub: hub, Revision: rev, FromState: from, ToState: st.To, Comment: st.Comment, Note: st.Note}
}

func workflowMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d,
		`ALTER TABLE drafts ADD COLUMN claimed_by BIGINT NOT NULL DEFAULT 0`,
		`ALTER TABLE drafts ADD COLUMN claimed_at {{time}} NULL`,
		`ALTER TABLE drafts ADD COLUMN publish_at {{time}} NULL`,
		`ALTER TABLE drafts ADD COLUMN state_changed_at {{time}} NULL`,
		`ALTER TABLE drafts ADD COLUMN reason {{text}} NOT NULL DEFAULT ''`,
		`CREATE INDEX idx_drafts_hub_state ON drafts (hub, state, updated_at)`,
		`CREATE INDEX idx_drafts_publish_at ON drafts (publish_at)`,
		`ALTER TABLE audit_log ADD COLUMN hub VARCHAR(100) NOT NULL DEFAULT ''`,
		`ALTER TABLE audit_log ADD COLUMN from_state VARCHAR(20) NOT NULL DEFAULT ''`,
		`ALTER TABLE audit_log ADD COLUMN to_state VARCHAR(20) NOT NULL DEFAULT ''`,
		`ALTER TABLE audit_log ADD COLUMN comment {{text}} NOT NULL DEFAULT ''`,
		`CREATE INDEX idx_audit_log_hub ON audit_log (hub, id)`,
		`
CREATE TABLE job_leases (
	name VARCHAR(100) PRIMARY KEY,
	holder VARCHAR(200) NOT NULL,
	expires_at {{time}} NOT NULL
)`,
	)
}

// lockDraft reads the draft at slug for update (PostgreSQL; SQLite's
// writer already excludes every other).
func (s *Store) lockDraft(tx *gorm.DB, slug string) (draftRow, bool, error) {
	q := tx.Where("slug = ?", slug).Limit(1)
	if s.driver == DriverPostgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var rows []draftRow
	if err := q.Find(&rows).Error; err != nil {
		return draftRow{}, false, err
	}
	if len(rows) == 0 {
		return draftRow{}, false, nil
	}
	return rows[0], true, nil
}

// MoveDraft changes a draft's state (no publishing), with its audit entry.
func (s *Store) MoveDraft(ctx context.Context, st Step) (Draft, error) {
	var d Draft
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		row, ok, err := s.lockDraft(tx, st.Slug)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		if !slices.Contains(st.From, row.State) {
			return &StateConflictError{State: row.State}
		}
		if st.Review != nil && st.Review.Revision != row.Version {
			return ErrStaleVersion // the author saved a version the moderator did not see
		}
		now := s.now()
		from := row.State
		row.State, row.StateChangedAt, row.PublishAt = st.To, &now, st.PublishAt
		if st.Reason != "" || st.To != from {
			row.Reason = st.Reason
		}
		if st.ClaimedBy != nil {
			row.ClaimedBy, row.ClaimedAt = *st.ClaimedBy, &now
			if *st.ClaimedBy == 0 {
				row.ClaimedAt = nil
			}
		}
		if err := tx.Model(&draftRow{}).Where("id = ?", row.ID).Updates(map[string]any{
			"state": row.State, "state_changed_at": now, "publish_at": row.PublishAt, "reason": row.Reason,
			"claimed_by": row.ClaimedBy, "claimed_at": row.ClaimedAt}).Error; err != nil {
			return err
		}
		a := st.audit(now, row.ID, row.Slug, row.Hub, from, row.Version)
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		if st.Review != nil {
			if err := saveReview(tx, now, st.Review); err != nil {
				return err
			}
		}
		d = row.draft()
		return nil
	})
	return d, wrapStep(st, err)
}

func wrapStep(st Step, err error) error {
	var sc *StateConflictError
	if err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrStaleVersion) || errors.As(err, &sc) {
		return err
	}
	return fmt.Errorf("store: %s %q: %w", st.Action, st.Slug, err)
}

// PublishDraft moves the draft at st.Slug into materials under the same id:
// m is the draft's material rendered for the page (HTML, text, headings),
// written only if the draft is still at version (no edit slipped in after
// rendering) and in a state of st.From. Its terms, an outbox upsert and one
// audit entry are written in the same transaction and the drafts row is
// deleted. A materials row with the same id (a new revision of a live
// material) is replaced.
func (s *Store) PublishDraft(ctx context.Context, st Step, m *catalog.Material, version int) error {
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		row, ok, err := s.lockDraft(tx, st.Slug)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		if !slices.Contains(st.From, row.State) {
			return &StateConflictError{State: row.State}
		}
		if row.Version != version {
			return ErrStaleVersion
		}
		now := s.now()
		mr, err := toRow(m)
		if err != nil {
			return err
		}
		mr.ID, mr.Slug, mr.ContentHash, mr.CreatedAt, mr.UpdatedAt = row.ID, row.Slug, row.ContentHash, row.CreatedAt, now
		var n int64
		if err := tx.Model(&materialRow{}).Where("id = ?", row.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			if err := tx.Where("material_id = ?", row.ID).Delete(&termRow{}).Error; err != nil {
				return err
			}
			if err := tx.Select("*").Omit("created_at", "source_path").Updates(&mr).Error; err != nil { // a folder keeps its material
				return err
			}
		} else if err := tx.Create(&mr).Error; err != nil {
			if isUniqueViolation(err) {
				return ErrSlugTaken
			}
			return err
		}
		if terms := termRows(row.ID, m); len(terms) > 0 {
			if err := tx.Create(&terms).Error; err != nil {
				return err
			}
		}
		ob := outboxFor(row.Slug, OpUpsert, now)
		if err := tx.Create(&ob).Error; err != nil {
			return err
		}
		a := st.audit(now, row.ID, row.Slug, row.Hub, row.State, row.Version)
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		if err := applyStagedFiles(tx, row.ID); err != nil { // upload_pending.go
			return err
		}
		return tx.Where("id = ?", row.ID).Delete(&draftRow{}).Error
	})
	return wrapStep(st, err)
}

// WithdrawMaterial moves the published material at st.Slug into drafts in
// state st.To (offline, gearchiveerd) with its owner, latest revision and
// st.Reason, deletes it from materials (terms by cascade) and writes an
// outbox delete and one audit entry, in one transaction: it leaves pages,
// search and the sitemap, and keeps a dated trace for OAI-PMH.
func (s *Store) WithdrawMaterial(ctx context.Context, st Step) error {
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		q := tx.Where("slug = ?", st.Slug).Limit(1)
		if s.driver == DriverPostgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var rows []materialRow
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			if d, ok, err := s.lockDraft(tx, st.Slug); err != nil || ok {
				if err == nil {
					err = &StateConflictError{State: d.State}
				}
				return err
			}
			return ErrNotFound
		}
		mr := rows[0]
		m, err := fromRow(&mr)
		if err != nil {
			return err
		}
		front, err := frontJSON(&m)
		if err != nil {
			return err
		}
		rev, err := latestRevision(tx, mr.ID)
		if err != nil {
			return err
		}
		var owner []int64
		if err := tx.Model(&revisionRow{}).Where("material_id = ?", mr.ID).Order("number").Limit(1).Pluck("actor_user_id", &owner).Error; err != nil {
			return err
		}
		now := s.now()
		dr := draftRow{ID: mr.ID, Slug: mr.Slug, Hub: mr.Hub, State: st.To, Version: rev, BaseVersion: rev, Front: front, Body: mr.Body,
			ContentHash: mr.ContentHash, CreatedAt: mr.CreatedAt, UpdatedAt: now, StateChangedAt: &now, Reason: st.Reason}
		if len(owner) > 0 {
			dr.OwnerID = owner[0]
		}
		qc := queueColumns(&m) // the review queue's filters (review.go)
		dr.Title, dr.Type, dr.Levels = qc["title"].(string), qc["type"].(string), qc["levels"].(string)
		// A pending new revision gives way (as in a merge): what was
		// published is what is withdrawn and what herpubliceren brings
		// back, never a text no moderator approved. The pending revision
		// stays in the material's versions, to be restored.
		pending := tx.Where("id = ?", mr.ID).Delete(&draftRow{})
		if pending.Error != nil {
			return pending.Error
		}
		if err := dropStagedFiles(tx, mr.ID); err != nil { // its staged files go with it
			return err
		}
		if err := tx.Where("id = ?", mr.ID).Delete(&materialRow{}).Error; err != nil {
			return err
		}
		if err := tx.Create(&dr).Error; err != nil {
			return err
		}
		ob := outboxFor(mr.Slug, OpDelete, now)
		if err := tx.Create(&ob).Error; err != nil {
			return err
		}
		a := st.audit(now, mr.ID, mr.Slug, mr.Hub, StatePublished, rev)
		if pending.RowsAffected > 0 {
			a.Note = strings.TrimPrefix(a.Note+"; de nieuwe versie die op review wachtte, is niet gepubliceerd (ze staat bij de versies)", "; ")
		}
		return tx.Create(&a).Error
	})
	return wrapStep(st, err)
}

// DueForPublication lists the slugs of goedgekeurd drafts whose publish_at
// has come, oldest first.
func (s *Store) DueForPublication(ctx context.Context, now time.Time, limit int) ([]string, error) {
	var slugs []string
	err := s.read.WithContext(ctx).Model(&draftRow{}).
		Where("state = ? AND publish_at IS NOT NULL AND publish_at <= ?", StateGoedgekeurd, now.UTC()).
		Order("publish_at, id").Limit(limit).Pluck("slug", &slugs).Error
	if err != nil {
		return nil, fmt.Errorf("store: due for publication: %w", err)
	}
	return slugs, nil
}

// AcquireLease takes or renews the lease on a named job for holder until
// now+ttl, and reports whether holder has it: a free lease, an expired one
// or holder's own is taken; one another holder keeps is not. One statement
// on both databases (the primary key decides between racing instances), so
// scheduled work runs in one instance at a time without an extra service.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := s.now()
	res := s.write.WithContext(ctx).Exec(`INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE job_leases.holder = excluded.holder OR job_leases.expires_at < ?`, name, holder, now.Add(ttl), now)
	if res.Error != nil {
		return false, fmt.Errorf("store: lease %q: %w", name, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ReleaseLease gives up holder's lease early (a stopping instance).
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	return s.write.WithContext(ctx).Exec("DELETE FROM job_leases WHERE name = ? AND holder = ?", name, holder).Error
}
