package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Drafts: material written by a person lives in the drafts table, beside
// the published projection (materials), until review publishes it — so
// pages, search, the sitemap, JSON-LD and the outbox, which read only
// materials, never see it. A draft's id is taken from the materials id
// sequence, so the id stays the material's when it is published and its
// revisions (material_revisions, keyed on that id) and audit entries are
// already the published material's history.

// Draft states (issue 8: publishing comes with moderation).
const (
	StateConcept   = "concept"
	StateIngediend = "ingediend"
)

// Audit actions for drafts.
const (
	AuditDraftCreate = "draft.create"
	AuditDraftRevise = "draft.revise" // a new revision of a published material begun (it waits for review)
	AuditDraftUpdate = "draft.update"
	AuditDraftSubmit = AuditWorkflowPrefix + "indienen" // a workflow step (workflow.go)
)

// ErrStaleVersion: a draft changed since the version the writer read.
var ErrStaleVersion = errors.New("store: draft changed since that version")

// ErrSlugTaken: the slug is in use by a published material or another draft.
var ErrSlugTaken = errors.New("store: slug in use")

// Draft is one unpublished material.
type Draft struct {
	ID       int64
	Slug     string
	Hub      string
	OwnerID  int64 // the account that created it
	Proposal bool  // created without the right to write for its hub (a leraar's private proposal)
	State    string
	Version  int // its revision number
	// BaseVersion: the revision it started from (draft_base.go); the
	// revisions after it are what review decides on.
	BaseVersion int
	Front       string
	Body        string
	Hash        string
	Created     time.Time
	Updated     time.Time
	// Workflow (workflow.go): who claimed it for review and when, when it
	// is to be published (goedgekeurd, "gepland"), when its state last
	// changed and why (afwijzen, offline-halen).
	ClaimedBy      int64
	ClaimedAt      *time.Time
	PublishAt      *time.Time
	StateChangedAt *time.Time
	Reason         string
}

type draftRow struct {
	ID          int64 `gorm:"primaryKey;autoIncrement:false"`
	Slug        string
	Hub         string
	OwnerID     int64
	Proposal    bool
	State       string
	Version     int
	BaseVersion int
	Front       string
	Body        string
	ContentHash string
	CreatedAt   time.Time
	UpdatedAt   time.Time

	ClaimedBy      int64
	ClaimedAt      *time.Time
	PublishAt      *time.Time
	StateChangedAt *time.Time
	Reason         string

	// The queue's filter columns (review.go), kept from the front matter.
	Title  string
	Type   string
	Levels string `gorm:"default:'[]'"`
}

func (draftRow) TableName() string { return "drafts" }

func (r draftRow) draft() Draft {
	return Draft{ID: r.ID, Slug: r.Slug, Hub: r.Hub, OwnerID: r.OwnerID, Proposal: r.Proposal, State: r.State,
		Version: r.Version, BaseVersion: r.BaseVersion, Front: r.Front, Body: r.Body, Hash: r.ContentHash, Created: r.CreatedAt, Updated: r.UpdatedAt,
		ClaimedBy: r.ClaimedBy, ClaimedAt: r.ClaimedAt, PublishAt: r.PublishAt, StateChangedAt: r.StateChangedAt, Reason: r.Reason}
}

func draftMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE drafts (
	id BIGINT PRIMARY KEY,
	slug VARCHAR(200) NOT NULL,
	hub VARCHAR(100) NOT NULL DEFAULT '',
	owner_id BIGINT NOT NULL,
	proposal BOOLEAN NOT NULL DEFAULT FALSE,
	state VARCHAR(20) NOT NULL,
	version INTEGER NOT NULL,
	front {{text}} NOT NULL,
	body {{text}} NOT NULL,
	content_hash VARCHAR(100) NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
)`,
		`CREATE UNIQUE INDEX idx_drafts_slug ON drafts (slug)`,
		`CREATE INDEX idx_drafts_owner ON drafts (owner_id)`,
	)
}

// reserveMaterialID takes the next id of the materials sequence without
// inserting a material, so a later insert into materials never reuses it.
func (s *Store) reserveMaterialID(tx *gorm.DB) (int64, error) {
	var id int64
	if s.driver == DriverPostgres {
		err := tx.Raw("SELECT nextval(pg_get_serial_sequence('materials', 'id'))").Scan(&id).Error
		return id, err
	}
	// SQLite's AUTOINCREMENT hands out max(sqlite_sequence.seq, max(id)) + 1.
	for _, q := range []string{
		`INSERT INTO sqlite_sequence (name, seq) SELECT 'materials', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'materials')`,
		`UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX(id), 0) FROM materials)) + 1 WHERE name = 'materials'`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return 0, err
		}
	}
	err := tx.Raw("SELECT seq FROM sqlite_sequence WHERE name = 'materials'").Scan(&id).Error
	return id, err
}

// DraftBySlug returns the draft at slug, or ErrNotFound.
func (s *Store) DraftBySlug(ctx context.Context, slug string) (Draft, error) {
	var rows []draftRow
	if err := s.read.WithContext(ctx).Where("slug = ?", slug).Limit(1).Find(&rows).Error; err != nil {
		return Draft{}, fmt.Errorf("store: draft: %w", err)
	}
	if len(rows) == 0 {
		return Draft{}, fmt.Errorf("store: draft %q: %w", slug, ErrNotFound)
	}
	return rows[0].draft(), nil
}

// DraftWrite is one save of a draft.
type DraftWrite struct {
	Material    *catalog.Material // front matter and Body; ContentHash set by the caller
	OwnerID     int64             // for a new draft
	Proposal    bool              // for a new draft
	BaseVersion int               // > 0: refuse with ErrStaleVersion unless the draft is at this version
	CreateOnly  bool              // the writer saw no draft here: one that appeared since is ErrSlugTaken
	Actor       Actor
	Note        string

	// OfPublished: a slug of a published material takes a pending new
	// revision of it (same id, the next revision number) instead of
	// ErrSlugTaken; the live version stays until the draft is published.
	// Saving what is live already writes nothing.
	OfPublished bool
	// Submit: the saved draft goes to its hub's queue (ingediend) in the
	// same transaction, with the workflow's indienen audit entry.
	Submit bool
}

// SaveDraft creates the draft at w.Material.Slug, or changes it, with a
// revision and an audit entry, in one transaction. Saving the same content
// again writes nothing (changed false). A new draft's slug must be free
// among materials and drafts (ErrSlugTaken).
func (s *Store) SaveDraft(ctx context.Context, w DraftWrite) (d Draft, changed bool, err error) {
	m := w.Material
	front, err := frontJSON(m)
	if err != nil {
		return Draft{}, false, err
	}
	now := s.now()
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []draftRow
		if err := tx.Where("slug = ?", m.Slug).Limit(1).Find(&rows).Error; err != nil {
			return err
		}
		action := AuditDraftUpdate
		create := false
		var row draftRow
		if len(rows) == 0 {
			var n int64
			if err := tx.Model(&materialRow{}).Where("slug = ?", m.Slug).Count(&n).Error; err != nil {
				return err
			}
			switch {
			case n > 0 && w.OfPublished:
				pending, unchanged, err := s.pendingRevision(tx, m)
				if err != nil {
					return err
				}
				if w.BaseVersion > 0 && w.BaseVersion != pending.Version {
					d = pending.draft()
					return ErrStaleVersion
				}
				if unchanged {
					d = pending.draft() // what is live: no draft, its version
					return nil
				}
				row = pending
				row.OwnerID, row.State, row.CreatedAt, row.BaseVersion = w.OwnerID, StateConcept, now, pending.Version
				action = AuditDraftRevise
			case n > 0:
				return ErrSlugTaken
			default:
				if taken, err := redirected(tx, m.Slug, 0); err != nil || taken {
					if err == nil {
						err = ErrSlugTaken // an old address stays its material's (redirect.go)
					}
					return err
				}
				id, err := s.reserveMaterialID(tx)
				if err != nil {
					return fmt.Errorf("reserve id: %w", err)
				}
				row = draftRow{ID: id, Slug: m.Slug, OwnerID: w.OwnerID, Proposal: w.Proposal, State: StateConcept, CreatedAt: now}
				action = AuditDraftCreate
			}
			create = true
		} else {
			row = rows[0]
			if w.CreateOnly {
				return ErrSlugTaken
			}
			if w.BaseVersion > 0 && w.BaseVersion != row.Version {
				d = row.draft()
				return ErrStaleVersion
			}
			if row.ContentHash == m.ContentHash {
				d = row.draft()
				return s.submitSaved(tx, w, &d, now)
			}
		}
		read := row.Version
		var audit auditRow // the save's entry; approvalLapses may add a state change
		row.Hub, row.Front, row.Body, row.ContentHash, row.UpdatedAt = m.Hub, front, m.Body, m.ContentHash, now
		row.Version++
		qc := queueColumns(m)
		row.Title, row.Type, row.Levels = qc["title"].(string), qc["type"].(string), qc["levels"].(string)
		if create {
			if err := tx.Create(&row).Error; err != nil {
				switch {
				case isUniqueViolation(err) && w.OfPublished && row.Version > 0:
					// Another edit of the live material started its pending
					// revision first: this one is stale, as on a draft.
					return errPendingTaken
				case isUniqueViolation(err):
					return ErrSlugTaken
				}
				return err
			}
		} else {
			cols := map[string]any{"hub": row.Hub, "front": row.Front, "body": row.Body, "content_hash": row.ContentHash,
				"updated_at": now, "version": row.Version, "title": row.Title, "type": row.Type, "levels": row.Levels}
			for k, v := range approvalLapses(&row, &audit, now) {
				cols[k] = v
			}
			// Only if no one saved since we read it (PostgreSQL's read
			// committed lets two writers read the same version).
			res := tx.Model(&draftRow{}).Where("id = ? AND version = ?", row.ID, read).Updates(cols)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				var cur draftRow
				if err := tx.Where("id = ?", row.ID).Take(&cur).Error; err != nil {
					return err
				}
				d = cur.draft()
				return ErrStaleVersion
			}
		}
		label := w.Actor.Label
		if label == "" {
			label = unknownActor
		}
		rev := revisionRow{MaterialID: row.ID, Number: row.Version, Actor: label, ActorUserID: w.Actor.UserID,
			Note: w.Note, Front: front, Body: m.Body, ContentHash: m.ContentHash, CreatedAt: now}
		if err := tx.Create(&rev).Error; err != nil {
			return err
		}
		audit.At, audit.Actor, audit.ActorUserID, audit.Action = now, label, w.Actor.UserID, action
		audit.MaterialID, audit.Slug, audit.Revision, audit.Note = row.ID, row.Slug, row.Version, w.Note
		if err := tx.Create(&audit).Error; err != nil {
			return err
		}
		d, changed = row.draft(), true
		return s.submitSaved(tx, w, &d, now)
	})
	if errors.Is(err, errPendingTaken) {
		// The failed insert ended the transaction: read the winner after it.
		if cur, rerr := s.DraftBySlug(ctx, m.Slug); rerr == nil {
			d = cur
		}
		err = ErrStaleVersion
	}
	if err != nil && !errors.Is(err, ErrSlugTaken) && !errors.Is(err, ErrStaleVersion) {
		err = fmt.Errorf("store: save draft %q: %w", m.Slug, err)
	}
	return d, changed, err
}

// errPendingTaken: two edits of a live material raced to start its pending
// revision (SaveDraft turns it into ErrStaleVersion).
var errPendingTaken = errors.New("store: pending revision started meanwhile")

// pendingRevision starts the draft of a new revision of the published
// material at m.Slug: its id, and the latest revision as the version the
// save increments (and a writer's BaseVersion must match). unchanged: m is
// what is live.
func (s *Store) pendingRevision(tx *gorm.DB, m *catalog.Material) (draftRow, bool, error) {
	// Locked like an import's or operator's write of the live row, so the
	// revision number taken here is not taken by them meanwhile.
	q := tx.Select("id, hub, content_hash").Where("slug = ?", m.Slug)
	if s.driver == DriverPostgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var live materialRow
	if err := q.Take(&live).Error; err != nil {
		return draftRow{}, false, err
	}
	n, err := latestRevision(tx, live.ID)
	if err != nil {
		return draftRow{}, false, err
	}
	return draftRow{ID: live.ID, Slug: m.Slug, Hub: live.Hub, Version: n}, live.ContentHash == m.ContentHash, nil
}

// submitSaved puts a draft just saved with w.Submit into its hub's queue
// (concept or aanpassen → ingediend), in the save's transaction.
func (s *Store) submitSaved(tx *gorm.DB, w DraftWrite, d *Draft, now time.Time) error {
	if !w.Submit || d.ID == 0 || (d.State != StateConcept && d.State != StateAanpassen) {
		return nil
	}
	if err := tx.Model(&draftRow{}).Where("id = ?", d.ID).Updates(map[string]any{
		"state": StateIngediend, "state_changed_at": now, "claimed_by": 0, "claimed_at": nil}).Error; err != nil {
		return err
	}
	st := Step{Action: "indienen", To: StateIngediend, Actor: w.Actor, Comment: w.Note}
	a := st.audit(now, d.ID, d.Slug, d.Hub, d.State, d.Version)
	d.State, d.StateChangedAt = StateIngediend, &now
	return tx.Create(&a).Error
}
