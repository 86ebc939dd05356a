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

// MaterialFiles lists a material's uploaded files by name.
func (s *Store) MaterialFiles(ctx context.Context, materialID int64) ([]MaterialFile, error) {
	var rows []materialFileRow
	if err := s.read.WithContext(ctx).Where("material_id = ?", materialID).Order("name").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: material files: %w", err)
	}
	out := make([]MaterialFile, len(rows))
	for i, r := range rows {
		out[i] = r.file()
	}
	return out, nil
}

// MaterialFileByName returns one uploaded file, or ErrNotFound.
func (s *Store) MaterialFileByName(ctx context.Context, materialID int64, name string) (MaterialFile, error) {
	var rows []materialFileRow
	if err := s.read.WithContext(ctx).Where("material_id = ? AND name = ?", materialID, name).Limit(1).Find(&rows).Error; err != nil {
		return MaterialFile{}, fmt.Errorf("store: material file: %w", err)
	}
	if len(rows) == 0 {
		return MaterialFile{}, ErrNotFound
	}
	return rows[0].file(), nil
}

// uploadLock serialises writes to one material's files on PostgreSQL, so
// two uploads at once cannot both fit under the limit and together
// exceed it (SQLite's writer is exclusive already).
const uploadLock = 727311

// AddMaterialFile records f (its bytes are stored already) with an audit
// entry, in one transaction. A file of the same name is replaced: the
// returned old one (ok) is the caller's to delete from storage once this
// committed. When the material's files would exceed maxTotal bytes it
// writes nothing and returns a *FilesFullError.
func (s *Store) AddMaterialFile(ctx context.Context, f MaterialFile, maxTotal int64) (old MaterialFile, replaced bool, err error) {
	now := s.now()
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.driver == DriverPostgres {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?, ?)", uploadLock, int32(f.MaterialID)).Error; err != nil {
				return err
			}
		}
		var rows []materialFileRow
		if err := tx.Where("material_id = ?", f.MaterialID).Find(&rows).Error; err != nil {
			return err
		}
		var used int64
		for _, r := range rows {
			if r.Name == f.Name {
				old, replaced = r.file(), true
				continue
			}
			used += r.Size
		}
		if used+f.Size > maxTotal {
			return &FilesFullError{Used: used}
		}
		if replaced {
			if err := tx.Delete(&materialFileRow{}, old.ID).Error; err != nil {
				return err
			}
		}
		row := materialFileRow{MaterialID: f.MaterialID, Name: f.Name, ContentType: f.ContentType, Size: f.Size,
			Width: f.Width, Height: f.Height, StorageKey: f.StorageKey, Actor: f.Actor, ActorUserID: f.ActorUserID, CreatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return tx.Create(&auditRow{At: now, Actor: f.Actor, ActorUserID: f.ActorUserID, Action: AuditFileAdd,
			MaterialID: f.MaterialID, Slug: slugOf(tx, f.MaterialID), Note: f.Name}).Error
	})
	var full *FilesFullError
	if errors.As(err, &full) {
		return MaterialFile{}, false, err
	}
	if err != nil {
		return MaterialFile{}, false, fmt.Errorf("store: add material file %q: %w", f.Name, err)
	}
	return old, replaced, nil
}

// RemoveMaterialFile deletes the record of an uploaded file, with an
// audit entry, and returns it (its bytes are the caller's to delete);
// ErrNotFound when there is none.
func (s *Store) RemoveMaterialFile(ctx context.Context, materialID int64, name string, actor Actor) (MaterialFile, error) {
	var gone MaterialFile
	now := s.now()
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []materialFileRow
		if err := tx.Where("material_id = ? AND name = ?", materialID, name).Limit(1).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return ErrNotFound
		}
		gone = rows[0].file()
		if err := tx.Delete(&materialFileRow{}, gone.ID).Error; err != nil {
			return err
		}
		return tx.Create(&auditRow{At: now, Actor: actor.Label, ActorUserID: actor.UserID, Action: AuditFileRemove,
			MaterialID: materialID, Slug: slugOf(tx, materialID), Note: name}).Error
	})
	if errors.Is(err, ErrNotFound) {
		return MaterialFile{}, err
	}
	if err != nil {
		return MaterialFile{}, fmt.Errorf("store: remove material file %q: %w", name, err)
	}
	return gone, nil
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
// refers to (for the sweep of leftover bytes).
func (s *Store) MaterialFileKeys(ctx context.Context) (map[string]bool, error) {
	var keys []string
	if err := s.read.WithContext(ctx).Model(&materialFileRow{}).Pluck("storage_key", &keys).Error; err != nil {
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
// its folder file) and that were made before the given time, so their
// bytes become the sweep's. It says how many.
func (s *Store) RemoveOrphanMaterialFiles(ctx context.Context, before time.Time) (int, error) {
	res := s.write.WithContext(ctx).Exec(`DELETE FROM material_files WHERE created_at < ?
 AND material_id NOT IN (SELECT id FROM materials) AND material_id NOT IN (SELECT id FROM drafts)`, before)
	if res.Error != nil {
		return 0, fmt.Errorf("store: remove orphan material files: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}
