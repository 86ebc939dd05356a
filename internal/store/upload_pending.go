package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Uploaded files of a published material follow its pending revision
// (issue 9). A person's edit of a published material waits for review
// while the live version stays online; a file change is part of that
// edit. So on a published material adding, replacing or removing a file
// writes a staged row (pending = true) beside the live rows: a new or
// replacing file with its own bytes, or a removal mark (removed = true, no
// bytes). Visitors read the live rows only; those who may see the pending
// revision read the staged view (a staged row wins over the live row of
// its name; a removal mark hides it). Each staged change is a save of the
// pending revision — begun by it when there is none — so its version
// moves (a moderator's decision on an older version is refused as stale)
// and the person who made it counts among its writers (four eyes).
// Publishing the revision applies the staged rows in its transaction;
// whatever ends the pending revision drops them. A draft never published
// keeps one set of rows, changed at once.

// stagedNote ends the audit note of a staged file change.
const stagedNote = " (wacht op review)"

func uploadPendingMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d,
		`ALTER TABLE material_files ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE`,
		`ALTER TABLE material_files ADD COLUMN removed BOOLEAN NOT NULL DEFAULT FALSE`,
		// One live and one staged row per name at most.
		`DROP INDEX idx_material_files_name`,
		`CREATE UNIQUE INDEX idx_material_files_name ON material_files (material_id, name, pending)`,
	)
}

// fileView picks from a material's rows what one reader sees: the live
// rows, or (staged) the pending revision's view. Sorted by name.
func fileView(rows []materialFileRow, staged bool) []materialFileRow {
	byName := map[string]materialFileRow{}
	for _, r := range rows {
		switch {
		case !r.Pending:
			if _, ok := byName[r.Name]; !ok {
				byName[r.Name] = r
			}
		case staged:
			byName[r.Name] = r // wins over the live row of its name
		}
	}
	out := make([]materialFileRow, 0, len(byName))
	for _, r := range byName {
		if !r.Removed {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// lockFiles serialises writes to one material's files and returns its
// published row (locked, so it is neither published over nor withdrawn
// meanwhile), or nil for a draft.
func (s *Store) lockFiles(tx *gorm.DB, id int64) (*materialRow, error) {
	q := tx.Where("id = ?", id).Limit(1)
	if s.driver == DriverPostgres {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?, ?)", uploadLock, int32(id)).Error; err != nil {
			return nil, err
		}
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var rows []materialRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

// stageRevision records a staged file change as a save of the pending
// revision of the published material live: a new revision (the same
// text, note naming the file) by actor. Without a pending revision it
// begins one, as an edit's first save does (owned by the material's
// creator, from the live text). An approved revision's approval lapses
// (approvalLapses, noted on the file change's audit entry a). It returns
// the new version.
func (s *Store) stageRevision(tx *gorm.DB, live materialRow, actor Actor, note string, now time.Time, a *auditRow) (int, error) {
	label := actor.Label
	if label == "" {
		label = unknownActor
	}
	q := tx.Where("id = ?", live.ID).Limit(1)
	if s.driver == DriverPostgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var drafts []draftRow
	if err := q.Find(&drafts).Error; err != nil {
		return 0, err
	}
	var row draftRow
	if len(drafts) == 0 {
		m, err := fromRow(&live)
		if err != nil {
			return 0, err
		}
		front, err := frontJSON(&m)
		if err != nil {
			return 0, err
		}
		n, err := latestRevision(tx, live.ID)
		if err != nil {
			return 0, err
		}
		var owner []int64
		if err := tx.Model(&revisionRow{}).Where("material_id = ?", live.ID).Order("number").Limit(1).Pluck("actor_user_id", &owner).Error; err != nil {
			return 0, err
		}
		row = draftRow{ID: live.ID, Slug: live.Slug, Hub: live.Hub, State: StateConcept, Version: n + 1, BaseVersion: n,
			Front: front, Body: live.Body, ContentHash: live.ContentHash, CreatedAt: now, UpdatedAt: now}
		if len(owner) > 0 {
			row.OwnerID = owner[0]
		}
		qc := queueColumns(&m)
		row.Title, row.Type, row.Levels = qc["title"].(string), qc["type"].(string), qc["levels"].(string)
		if err := tx.Create(&row).Error; err != nil {
			return 0, err
		}
		if err := tx.Create(&auditRow{At: now, Actor: label, ActorUserID: actor.UserID, Action: AuditDraftRevise,
			MaterialID: row.ID, Slug: row.Slug, Revision: row.Version, Note: note}).Error; err != nil {
			return 0, err
		}
	} else {
		row = drafts[0]
		row.Version++
		cols := map[string]any{"version": row.Version, "updated_at": now}
		for k, v := range approvalLapses(&row, a, now) {
			cols[k] = v
		}
		if err := tx.Model(&draftRow{}).Where("id = ?", row.ID).Updates(cols).Error; err != nil {
			return 0, err
		}
	}
	rev := revisionRow{MaterialID: row.ID, Number: row.Version, Actor: label, ActorUserID: actor.UserID,
		Note: note, Front: row.Front, Body: row.Body, ContentHash: row.ContentHash, CreatedAt: now}
	if err := tx.Create(&rev).Error; err != nil {
		return 0, err
	}
	return row.Version, nil
}

// applyStagedFiles makes the staged rows of material id its live ones, in
// the transaction that publishes its pending revision: a live row with a
// staged row of its name goes (its bytes are freed once committed: the
// caller compares MaterialFileKeys), removal marks go, the other staged
// rows become live.
func applyStagedFiles(tx *gorm.DB, id int64) error {
	if err := tx.Exec(`DELETE FROM material_files WHERE material_id = ? AND pending = ?
 AND name IN (SELECT name FROM material_files WHERE material_id = ? AND pending = ?)`, id, false, id, true).Error; err != nil {
		return err
	}
	if err := tx.Where("material_id = ? AND pending = ? AND removed = ?", id, true, true).Delete(&materialFileRow{}).Error; err != nil {
		return err
	}
	return tx.Model(&materialFileRow{}).Where("material_id = ? AND pending = ?", id, true).Update("pending", false).Error
}

// dropStagedFiles deletes the staged rows of these materials, in the
// transaction that ends their pending revision; their bytes are the
// sweep's (SweepUploads), as no record refers to them any more.
func dropStagedFiles(tx *gorm.DB, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	return tx.Where("material_id IN ? AND pending = ?", ids, true).Delete(&materialFileRow{}).Error
}

// StagedFiles are the file changes waiting with a pending revision, by
// name, for the review.
type StagedFiles struct {
	Added, Replaced, Removed []string
}

// Empty reports whether no file change waits.
func (f StagedFiles) Empty() bool { return len(f.Added)+len(f.Replaced)+len(f.Removed) == 0 }

// StagedFileChanges lists the staged file changes of material id.
func (s *Store) StagedFileChanges(ctx context.Context, id int64) (StagedFiles, error) {
	var out StagedFiles
	var rows []materialFileRow
	if err := s.read.WithContext(ctx).Where("material_id = ?", id).Order("name").Find(&rows).Error; err != nil {
		return out, fmt.Errorf("store: staged files: %w", err)
	}
	live := map[string]bool{}
	for _, r := range rows {
		if !r.Pending {
			live[r.Name] = true
		}
	}
	for _, r := range rows {
		switch {
		case !r.Pending:
		case r.Removed:
			out.Removed = append(out.Removed, r.Name)
		case live[r.Name]:
			out.Replaced = append(out.Replaced, r.Name)
		default:
			out.Added = append(out.Added, r.Name)
		}
	}
	return out, nil
}
