package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
)

// Revisions and the audit log. Every write of a material (created or
// changed; an unchanged import writes nothing) adds a revision — the full
// front matter, body and content hash as written, with who, when and an
// optional note — and an audit entry, in the same transaction as the
// material, its terms and its outbox row. A deletion adds an audit entry.
// The materials row stays the published projection that pages, search and
// the outbox read; revisions live beside it, keyed on the material's id
// (stable for the material's life; the slug is its address). Revisions
// have no foreign key on purpose: the history of a deleted material stays.

// Actor is who writes, as the store records it. internal/authoring decides
// who may write; the store only writes down the answer.
type Actor struct {
	// Label is how the audit log names the actor: "gebruiker 12",
	// "import van map lessen".
	Label string
	// UserID is the account, 0 for an operator (an import, the CLI).
	UserID int64
}

// unknownActor labels writes that named no actor (tests and tools that call
// the store directly); production writes come through internal/authoring.
const unknownActor = "onbekend (rechtstreeks in de opslag)"

// Audit actions.
const (
	AuditCreate = "material.create"
	AuditUpdate = "material.update"
	AuditDelete = "material.delete"
)

// Revision is one stored version of a material.
type Revision struct {
	MaterialID  int64
	Number      int
	Actor       string
	ActorUserID int64
	Note        string
	Front       string // the front matter as JSON (catalog.Material's fields)
	Body        string
	ContentHash string
	Created     time.Time
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At          time.Time
	Actor       string
	ActorUserID int64
	ActorName   string // the account's display name (AuditEntries only)
	Action      string
	MaterialID  int64
	Slug        string
	Revision    int
	Note        string
	// Workflow steps (workflow.go): the material's hub, its state before
	// and after, and the person's comment.
	Hub       string
	FromState string
	ToState   string
	Comment   string
}

func revisionMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE material_revisions (
	id {{id}},
	material_id BIGINT NOT NULL,
	number INTEGER NOT NULL,
	actor {{text}} NOT NULL,
	actor_user_id BIGINT NOT NULL DEFAULT 0,
	note {{text}} NOT NULL DEFAULT '',
	front {{text}} NOT NULL,
	body {{text}} NOT NULL,
	content_hash VARCHAR(100) NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL
)`,
		`CREATE UNIQUE INDEX idx_material_revisions_number ON material_revisions (material_id, number)`,
		`
CREATE TABLE audit_log (
	id {{id}},
	at {{time}} NOT NULL,
	actor {{text}} NOT NULL,
	actor_user_id BIGINT NOT NULL DEFAULT 0,
	action VARCHAR(50) NOT NULL,
	material_id BIGINT NOT NULL DEFAULT 0,
	slug VARCHAR(200) NOT NULL DEFAULT '',
	revision INTEGER NOT NULL DEFAULT 0,
	note {{text}} NOT NULL DEFAULT ''
)`,
		`CREATE INDEX idx_audit_log_material ON audit_log (material_id, id)`,
		`CREATE INDEX idx_audit_log_actor ON audit_log (actor_user_id, id)`,
	)
}

// frontJSON is a material's front matter as a revision keeps it: every
// field of the content format, without what rendering derives.
func frontJSON(m *catalog.Material) (string, error) {
	c := *m
	c.Body, c.HTML, c.Text, c.Headings, c.TOC = "", "", "", nil, nil
	b, err := json.Marshal(&c)
	return string(b), err
}

// revisionValues and auditValues are the columns of the rows recordWrites
// inserts.
var (
	revisionColumns = []string{"material_id", "number", "actor", "actor_user_id", "note", "front", "body", "content_hash", "created_at"}
	auditColumns    = []string{"at", "actor", "actor_user_id", "action", "material_id", "slug", "revision", "note", "hub"}
)

// written is a material upsertBatch created or changed.
type written struct {
	id      int64
	created bool
	m       *catalog.Material
	note    string // instead of the batch's note (an import forced over an edit)
}

// recordWrites adds a revision and an audit entry for each written material,
// inside the caller's transaction.
func (s *Store) recordWrites(tx *gorm.DB, st *txStatements, ws []written, actor Actor, note string, now time.Time) error {
	if len(ws) == 0 {
		return nil
	}
	if actor.Label == "" {
		actor.Label = unknownActor
	}
	var ids []int64
	for _, w := range ws {
		if !w.created {
			ids = append(ids, w.id)
		}
	}
	last := map[int64]int{}
	for start := 0; start < len(ids); start += 500 {
		var rows []struct {
			MaterialID int64
			N          int
		}
		err := tx.Table("material_revisions").Select("material_id, MAX(number) AS n").
			Where("material_id IN ?", ids[start:min(start+500, len(ids))]).Group("material_id").Scan(&rows).Error
		if err != nil {
			return fmt.Errorf("read revision numbers: %w", err)
		}
		for _, r := range rows {
			last[r.MaterialID] = r.N
		}
	}
	revs := make([][]any, len(ws))
	audits := make([][]any, len(ws))
	for i, w := range ws {
		front, err := frontJSON(w.m)
		if err != nil {
			return fmt.Errorf("revision of %q: %w", w.m.Slug, err)
		}
		n := last[w.id] + 1
		action := AuditUpdate
		if w.created {
			action = AuditCreate
		}
		wnote := note
		if w.note != "" {
			wnote = w.note
		}
		revs[i] = []any{w.id, n, actor.Label, actor.UserID, wnote, front, w.m.Body, w.m.ContentHash, now}
		audits[i] = []any{now, actor.Label, actor.UserID, action, w.id, w.m.Slug, n, wnote, w.m.Hub}
	}
	if err := st.insert("material_revisions", revisionColumns, revs, 32, "", nil); err != nil {
		return err
	}
	return st.insert("audit_log", auditColumns, audits, 64, "", nil)
}

// auditDeletes records deleted materials in the caller's transaction.
func auditDeletes(tx *gorm.DB, rows []materialRow, actor Actor, now time.Time) error {
	if len(rows) == 0 {
		return nil
	}
	if actor.Label == "" {
		actor.Label = unknownActor
	}
	entries := make([]auditRow, len(rows))
	for i, r := range rows {
		entries[i] = auditRow{At: now, Actor: actor.Label, ActorUserID: actor.UserID, Action: AuditDelete, MaterialID: r.ID, Slug: r.Slug, Hub: r.Hub}
	}
	if err := tx.Create(&entries).Error; err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

type revisionRow struct {
	ID          int64 `gorm:"primaryKey"`
	MaterialID  int64
	Number      int
	Actor       string
	ActorUserID int64
	Note        string
	Front       string
	Body        string
	ContentHash string
	CreatedAt   time.Time
}

func (revisionRow) TableName() string { return "material_revisions" }

type auditRow struct {
	ID          int64 `gorm:"primaryKey"`
	At          time.Time
	Actor       string
	ActorUserID int64
	Action      string
	MaterialID  int64
	Slug        string
	Revision    int
	Note        string
	Hub         string
	FromState   string
	ToState     string
	Comment     string
}

func (auditRow) TableName() string { return "audit_log" }

// MaterialID returns the stable id of the material at this slug.
func (s *Store) MaterialID(ctx context.Context, slug string) (int64, error) {
	var ids []int64
	if err := s.read.WithContext(ctx).Model(&materialRow{}).Where("slug = ?", slug).Limit(1).Pluck("id", &ids).Error; err != nil {
		return 0, fmt.Errorf("store: material id: %w", err)
	}
	if len(ids) == 0 {
		return 0, ErrNotFound
	}
	return ids[0], nil
}

// Revisions returns a material's revisions, oldest first.
func (s *Store) Revisions(ctx context.Context, materialID int64) ([]Revision, error) {
	var rows []revisionRow
	if err := s.read.WithContext(ctx).Where("material_id = ?", materialID).Order("number").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	out := make([]Revision, len(rows))
	for i, r := range rows {
		out[i] = Revision{MaterialID: r.MaterialID, Number: r.Number, Actor: r.Actor, ActorUserID: r.ActorUserID,
			Note: r.Note, Front: r.Front, Body: r.Body, ContentHash: r.ContentHash, Created: r.CreatedAt}
	}
	return out, nil
}

// LatestRevision returns the number of a material's latest revision (0: none).
func (s *Store) LatestRevision(ctx context.Context, materialID int64) (int, error) {
	return latestRevision(s.read.WithContext(ctx), materialID)
}

func latestRevision(db *gorm.DB, materialID int64) (int, error) {
	var n []int
	err := db.Model(&revisionRow{}).Where("material_id = ?", materialID).Order("number DESC").Limit(1).Pluck("number", &n).Error
	if err != nil {
		return 0, fmt.Errorf("store: latest revision: %w", err)
	}
	if len(n) == 0 {
		return 0, nil
	}
	return n[0], nil
}

// AuditLog returns the audit entries about a slug, oldest first ("" = all).
func (s *Store) AuditLog(ctx context.Context, slug string) ([]AuditEntry, error) {
	q := s.read.WithContext(ctx).Order("id")
	if slug != "" {
		q = q.Where("slug = ?", slug)
	}
	var rows []auditRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	out := make([]AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = AuditEntry{At: r.At, Actor: r.Actor, ActorUserID: r.ActorUserID, Action: r.Action,
			MaterialID: r.MaterialID, Slug: r.Slug, Revision: r.Revision, Note: r.Note,
			Hub: r.Hub, FromState: r.FromState, ToState: r.ToState, Comment: r.Comment}
	}
	return out, nil
}

// CreatorOf returns the account that wrote a material's first revision (0:
// an operator, e.g. an import): the material's owner for permissions.
func (s *Store) CreatorOf(ctx context.Context, materialID int64) (int64, error) {
	var ids []int64
	if err := s.read.WithContext(ctx).Model(&revisionRow{}).Where("material_id = ?", materialID).Order("number").Limit(1).Pluck("actor_user_id", &ids).Error; err != nil {
		return 0, fmt.Errorf("store: creator: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}
