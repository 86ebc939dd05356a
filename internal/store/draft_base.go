package store

import (
	"context"
	"fmt"

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

// DraftWriters returns the accounts that saved a revision of the draft
// with this id after its base version: who wrote what is under review.
// Operator and import writes (no account) are not listed.
func (s *Store) DraftWriters(ctx context.Context, id int64) ([]int64, error) {
	var ids []int64
	err := s.read.WithContext(ctx).Model(&revisionRow{}).
		Joins("JOIN drafts ON drafts.id = material_revisions.material_id").
		Where("material_revisions.material_id = ? AND material_revisions.number > drafts.base_version AND material_revisions.actor_user_id <> 0", id).
		Distinct().Order("material_revisions.actor_user_id").Pluck("material_revisions.actor_user_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: writers of draft %d: %w", id, err)
	}
	return ids, nil
}

// WroteDrafts reports which of the drafts with these ids user wrote part
// of since their base version (one query for a page of the review queue).
func (s *Store) WroteDrafts(ctx context.Context, user int64, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if user == 0 || len(ids) == 0 {
		return out, nil
	}
	var hit []int64
	err := s.read.WithContext(ctx).Model(&revisionRow{}).
		Joins("JOIN drafts ON drafts.id = material_revisions.material_id").
		Where("material_revisions.material_id IN ? AND material_revisions.number > drafts.base_version AND material_revisions.actor_user_id = ?", ids, user).
		Distinct().Pluck("material_revisions.material_id", &hit).Error
	if err != nil {
		return nil, fmt.Errorf("store: drafts written by %d: %w", user, err)
	}
	for _, id := range hit {
		out[id] = true
	}
	return out, nil
}
