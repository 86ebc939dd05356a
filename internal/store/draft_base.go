package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Who wrote the version under review (issue 9's four-eyes rule). A
// draft's base_version is the revision it started from: 0 for a material
// never published, the live revision for a pending new revision of a
// published material, its own version for a withdrawn one (nothing in it
// waits for review). Everyone who saved a revision after the base wrote
// part of what a moderator is asked to approve, so none of them may
// decide on it (auth.Resource.Writers).

func draftBaseMigration(tx *gorm.DB, d dialect) error {
	if err := execAll(tx, d, `ALTER TABLE drafts ADD COLUMN base_version INTEGER NOT NULL DEFAULT 0`); err != nil {
		return err
	}
	return backfillDraftBase(tx, d)
}

func backfillDraftBase(tx *gorm.DB, d dialect) error {
	return execAll(tx, d,
		// Drafts from before: a withdrawn one holds nothing unreviewed; a
		// pending revision started after the last revision older than the
		// draft row (its first revision was written with the row's own
		// created_at); a draft of a new material from 0, the default.
		`UPDATE drafts SET base_version = version WHERE state IN ('offline', 'gearchiveerd')`,
		`UPDATE drafts SET base_version = COALESCE((SELECT MAX(r.number) FROM material_revisions r
			WHERE r.material_id = drafts.id AND r.created_at < drafts.created_at), 0)
		WHERE state NOT IN ('offline', 'gearchiveerd') AND EXISTS (SELECT 1 FROM materials m WHERE m.id = drafts.id)`,
	)
}

// DraftWriters returns the accounts that wrote part of the draft with
// this id since its base version: who saved a revision after it, and, on
// a draft never published (base 0), who added or removed one of its files
// (such a file change writes no revision: the draft's files change in
// place). Operator and import writes (no account) are not listed.
func (s *Store) DraftWriters(ctx context.Context, id int64) ([]int64, error) {
	var ids []int64
	err := s.read.WithContext(ctx).Raw(writersSQL+` ORDER BY 1`, id, id).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: writers of draft %d: %w", id, err)
	}
	return ids, nil
}

// writersSQL: the writers of one draft (two ? for its id), as DraftWriters
// describes them.
const writersSQL = `
SELECT r.actor_user_id FROM material_revisions r JOIN drafts d ON d.id = r.material_id
WHERE r.material_id = ? AND r.number > d.base_version AND r.actor_user_id <> 0
UNION
SELECT a.actor_user_id FROM audit_log a JOIN drafts d ON d.id = a.material_id
WHERE a.material_id = ? AND d.base_version = 0 AND a.action IN ('` + AuditFileAdd + `', '` + AuditFileRemove + `') AND a.actor_user_id <> 0`

// WroteDrafts reports which of the drafts with these ids user wrote part
// of since their base version, as DraftWriters counts it (one query for a
// page of the review queue).
func (s *Store) WroteDrafts(ctx context.Context, user int64, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if user == 0 || len(ids) == 0 {
		return out, nil
	}
	var hit []int64
	err := s.read.WithContext(ctx).Raw(`
SELECT r.material_id FROM material_revisions r JOIN drafts d ON d.id = r.material_id
WHERE r.material_id IN ? AND r.number > d.base_version AND r.actor_user_id = ?
UNION
SELECT a.material_id FROM audit_log a JOIN drafts d ON d.id = a.material_id
WHERE a.material_id IN ? AND d.base_version = 0 AND a.action IN ? AND a.actor_user_id = ?`,
		ids, user, ids, []string{AuditFileAdd, AuditFileRemove}, user).Scan(&hit).Error
	if err != nil {
		return nil, fmt.Errorf("store: drafts written by %d: %w", user, err)
	}
	for _, id := range hit {
		out[id] = true
	}
	return out, nil
}

// LapsedNote is the audit comment of a save that undid an approval.
const LapsedNote = "De goedkeuring vervalt: deze versie veranderde na goedkeuren. Dien ze opnieuw in."

// approvalLapses: an approved draft (goedgekeurd, perhaps planned) that
// gets a new revision (a save, a restore, a staged file) is no longer
// what was approved. It goes back to concept, without plan or claim, so
// neither the planned publication nor Publiceren puts out writing no
// moderator saw; its author submits it again. It changes row and the
// save's audit entry a, and returns the columns to update (nil: the draft
// was not approved).
func approvalLapses(row *draftRow, a *auditRow, now time.Time) map[string]any {
	if row.State != StateGoedgekeurd {
		return nil
	}
	a.Hub, a.FromState, a.ToState, a.Comment = row.Hub, StateGoedgekeurd, StateConcept, LapsedNote
	row.State, row.PublishAt, row.ClaimedBy, row.ClaimedAt, row.StateChangedAt, row.Reason = StateConcept, nil, 0, nil, &now, ""
	return map[string]any{"state": StateConcept, "publish_at": nil, "claimed_by": 0, "claimed_at": nil, "state_changed_at": now, "reason": ""}
}
