package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// FilesFullError: adding the file would take the material's files over
// the limit; Used is what its other files take now.
type FilesFullError struct{ Used int64 }

func (e *FilesFullError) Error() string {
	return fmt.Sprintf("store: material files full (%d bytes used)", e.Used)
}

// MaterialFiles lists a material's uploaded files by name: the live
// version's, or with staged the pending revision's view (upload_pending.go:
// the live files its staged changes leave, plus its staged files). A draft
// never published has only live rows, so both views are the same there.
func (s *Store) MaterialFiles(ctx context.Context, materialID int64, staged bool) ([]MaterialFile, error) {
	var rows []materialFileRow
	if err := s.read.WithContext(ctx).Where("material_id = ?", materialID).Order("name").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: material files: %w", err)
	}
	view := fileView(rows, staged)
	out := make([]MaterialFile, len(view))
	for i, r := range view {
		out[i] = r.file()
	}
	return out, nil
}

// MaterialFileByName returns one uploaded file in the live or the staged
// view (as MaterialFiles), or ErrNotFound.
func (s *Store) MaterialFileByName(ctx context.Context, materialID int64, name string, staged bool) (MaterialFile, error) {
	var rows []materialFileRow
	if err := s.read.WithContext(ctx).Where("material_id = ? AND name = ?", materialID, name).Find(&rows).Error; err != nil {
		return MaterialFile{}, fmt.Errorf("store: material file: %w", err)
	}
	view := fileView(rows, staged)
	if len(view) == 0 {
		return MaterialFile{}, ErrNotFound
	}
	return view[0].file(), nil
}

// uploadLock serialises writes to one material's files on PostgreSQL, so
// two uploads at once cannot both fit under the limit and together
// exceed it (SQLite's writer is exclusive already).
const uploadLock = 727311

// FileChange is what adding or removing a file did.
type FileChange struct {
	Replaced bool // a file of that name was there (in the view that changed)
	// Staged: the material is published, so the change waits for review
	// with its pending new revision (upload_pending.go), at Version.
	Staged  bool
	Version int
	// Free: storage keys no record refers to any more, the caller's to
	// delete once this committed.
	Free []string
}

// AddMaterialFile records f (its bytes are stored already) with an audit
// entry, in one transaction. A file of the same name is replaced. On a
// published material the file is staged with its pending revision (begun
// here if there is none), the live files untouched. When the material's
// files (the staged view: what it will have once published) would exceed
// maxTotal bytes it writes nothing and returns a *FilesFullError.
func (s *Store) AddMaterialFile(ctx context.Context, f MaterialFile, maxTotal int64) (FileChange, error) {
	var ch FileChange
	now := s.now()
	who := Actor{Label: f.Actor, UserID: f.ActorUserID}
	// writeTx retries a deadlock (PostgreSQL): an upload locks the material,
	// then its pending revision; a publication the other way round.
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		ch = FileChange{} // again from the start on a retry
		live, err := s.lockFiles(tx, f.MaterialID)
		if err != nil {
			return err
		}
		var rows []materialFileRow
		if err := tx.Where("material_id = ?", f.MaterialID).Find(&rows).Error; err != nil {
			return err
		}
		var used int64
		for _, r := range fileView(rows, live != nil) {
			if r.Name == f.Name {
				ch.Replaced = true
				continue
			}
			used += r.Size
		}
		if used+f.Size > maxTotal {
			return &FilesFullError{Used: used}
		}
		// The row this one takes the place of: the live one on a draft, a
		// staged one (an add or a removal) on a published material.
		for _, r := range rows {
			if r.Name == f.Name && r.Pending == (live != nil) {
				if err := tx.Delete(&materialFileRow{}, r.ID).Error; err != nil {
					return err
				}
				if r.StorageKey != "" {
					ch.Free = append(ch.Free, r.StorageKey)
				}
			}
		}
		row := materialFileRow{MaterialID: f.MaterialID, Name: f.Name, ContentType: f.ContentType, Size: f.Size,
			Width: f.Width, Height: f.Height, StorageKey: f.StorageKey, Actor: f.Actor, ActorUserID: f.ActorUserID, CreatedAt: now,
			Pending: live != nil}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		a := auditRow{At: now, Actor: f.Actor, ActorUserID: f.ActorUserID, Action: AuditFileAdd,
			MaterialID: f.MaterialID, Slug: slugOf(tx, f.MaterialID), Note: f.Name}
		if live != nil {
			note := fmt.Sprintf("Bestand %q toegevoegd", f.Name)
			if ch.Replaced {
				note = fmt.Sprintf("Bestand %q vervangen", f.Name)
			}
			if ch.Version, err = s.stageRevision(tx, *live, who, note, now, &a); err != nil {
				return err
			}
			ch.Staged, a.Revision, a.Note = true, ch.Version, f.Name+stagedNote
		}
		return tx.Create(&a).Error
	})
	var full *FilesFullError
	if errors.As(err, &full) {
		return FileChange{}, err
	}
	if err != nil {
		return FileChange{}, fmt.Errorf("store: add material file %q: %w", f.Name, err)
	}
	return ch, nil
}

// RemoveMaterialFile deletes the record of an uploaded file, with an
// audit entry (on a published material: stages its removal with the
// pending revision); ErrNotFound when the material has no such file (in
// the view that would change).
func (s *Store) RemoveMaterialFile(ctx context.Context, materialID int64, name string, actor Actor) (FileChange, error) {
	var ch FileChange
	now := s.now()
	err := s.writeTx(ctx, func(tx *gorm.DB) error { // retried as AddMaterialFile
		ch = FileChange{}
		live, err := s.lockFiles(tx, materialID)
		if err != nil {
			return err
		}
		var rows []materialFileRow
		if err := tx.Where("material_id = ? AND name = ?", materialID, name).Find(&rows).Error; err != nil {
			return err
		}
		if len(fileView(rows, live != nil)) == 0 {
			return ErrNotFound
		}
		hasLive := false
		for _, r := range rows {
			if !r.Pending {
				hasLive = true
			}
			if r.Pending != (live != nil) {
				continue // a draft's file, or a published material's live one: kept
			}
			if err := tx.Delete(&materialFileRow{}, r.ID).Error; err != nil {
				return err
			}
			if r.StorageKey != "" {
				ch.Free = append(ch.Free, r.StorageKey)
			}
		}
		a := auditRow{At: now, Actor: actor.Label, ActorUserID: actor.UserID, Action: AuditFileRemove,
			MaterialID: materialID, Slug: slugOf(tx, materialID), Note: name}
		if live != nil {
			if hasLive {
				// The live file stays online until the revision is published.
				mark := materialFileRow{MaterialID: materialID, Name: name, Actor: actor.Label, ActorUserID: actor.UserID,
					CreatedAt: now, Pending: true, Removed: true}
				if err := tx.Create(&mark).Error; err != nil {
					return err
				}
			}
			if ch.Version, err = s.stageRevision(tx, *live, actor, fmt.Sprintf("Bestand %q verwijderd", name), now, &a); err != nil {
				return err
			}
			ch.Staged, a.Revision, a.Note = true, ch.Version, name+stagedNote
		}
		return tx.Create(&a).Error
	})
	if errors.Is(err, ErrNotFound) {
		return FileChange{}, err
	}
	if err != nil {
		return FileChange{}, fmt.Errorf("store: remove material file %q: %w", name, err)
	}
	return ch, nil
}

// slugOf is the slug of a draft or published material, for the audit
// log (which names both id and slug); "" if neither exists.
func slugOf(tx *gorm.DB, id int64) string {
	var slugs []string
	tx.Table("drafts").Where("id = ?", id).Limit(1).Pluck("slug", &slugs)
	if len(slugs) == 0 {
		tx.Table("materials").Where("id = ?", id).Limit(1).Pluck("slug", &slugs)
	}
	if len(slugs) == 0 {
		return ""
	}
	return slugs[0]
}

// MaterialFileKeys lists the storage keys every uploaded file record
// refers to, live or staged (for the sweep of leftover bytes).
func (s *Store) MaterialFileKeys(ctx context.Context) (map[string]bool, error) {
	var keys []string
	// Staged rows too: their bytes wait for review (a removal mark has none).
	if err := s.read.WithContext(ctx).Model(&materialFileRow{}).Where("storage_key <> ''").Pluck("storage_key", &keys).Error; err != nil {
		return nil, fmt.Errorf("store: material file keys: %w", err)
	}
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out, nil
}

// RemoveOrphanMaterialFiles deletes the records of uploaded files whose
// material is gone (neither a draft nor a published material: pruned with
// its folder file), and staged ones whose pending revision is gone (the
// writes that end one drop them already; this is the net under them),
// made before the given time, so their bytes become the sweep's. It says
// how many.
func (s *Store) RemoveOrphanMaterialFiles(ctx context.Context, before time.Time) (int, error) {
	res := s.write.WithContext(ctx).Exec(`DELETE FROM material_files WHERE created_at < ?
 AND material_id NOT IN (SELECT id FROM materials) AND material_id NOT IN (SELECT id FROM drafts)`, before)
	if res.Error != nil {
		return 0, fmt.Errorf("store: remove orphan material files: %w", res.Error)
	}
	staged := s.write.WithContext(ctx).Exec(`DELETE FROM material_files WHERE created_at < ? AND pending = ?
 AND (material_id NOT IN (SELECT id FROM materials) OR material_id NOT IN (SELECT id FROM drafts WHERE state NOT IN ?))`,
		before, true, []string{StateOffline, StateGearchiveerd})
	if staged.Error != nil {
		return 0, fmt.Errorf("store: remove orphan staged files: %w", staged.Error)
	}
	return int(res.RowsAffected + staged.RowsAffected), nil
}
