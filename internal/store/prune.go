package store

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"unicode/utf8"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SourceMaterial is a material as a content folder knows it: its slug and
// the file it was imported from.
type SourceMaterial struct {
	Slug       string
	SourcePath string
}

// DeletedMaterial is a material DeleteMaterialsUnder removed, with the
// attachments whose stored files the caller may now remove. The store keeps
// attachment names, not storage keys (Key is empty): the key follows from
// slug and name by the importer's scheme.
type DeletedMaterial struct {
	Slug        string
	Attachments []catalog.Attachment
}

// deleteChunk bounds the slugs per statement, well below the bind-parameter
// limits of both databases.
const deleteChunk = 500

// sourcePrefix turns a folder into the prefix its files' source paths
// start with. "." and "" are refused: their prefix would be every material
// ever imported, which is exactly what pruning must never reach.
func sourcePrefix(dir string) (string, error) {
	if dir == "" || dir == "." || !fs.ValidPath(dir) {
		return "", fmt.Errorf("map %q is geen benoemde map; materialen kunnen enkel per benoemde map opgeruimd worden", dir)
	}
	return dir + "/", nil
}

// underPrefix is the SQL test "source_path starts with prefix". substr
// compares exactly (LIKE is case-insensitive on SQLite and would need
// escaping of % and _), and counts characters in both databases.
func underPrefix(q *gorm.DB, prefix string) *gorm.DB {
	return q.Where("substr(source_path, 1, ?) = ?", utf8.RuneCountInString(prefix), prefix)
}

// MaterialsUnder lists the materials imported from files under dir (their
// source_path starts with dir + "/"), in slug order. Materials from other
// folders and those written without a file (empty source_path) never match.
func (s *Store) MaterialsUnder(ctx context.Context, dir string) ([]SourceMaterial, error) {
	prefix, err := sourcePrefix(dir)
	if err != nil {
		return nil, fmt.Errorf("store: materials under: %w", err)
	}
	var rows []materialRow
	q := underPrefix(s.read.WithContext(ctx).Select("slug, source_path"), prefix).Order("slug")
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: materials under %q: %w", dir, err)
	}
	out := make([]SourceMaterial, len(rows))
	for i, r := range rows {
		out[i] = SourceMaterial{Slug: r.Slug, SourcePath: r.SourcePath}
	}
	return out, nil
}

// DeleteMaterialsUnder deletes the given materials in one transaction, each
// with an outbox delete row, so the search index drops exactly what was
// committed. Only a material whose source_path still lies under dir is
// deleted: one that another import moved elsewhere (or that is gone) since
// the caller listed it is skipped, so a race never deletes a material of
// another folder. The deleted materials are returned in slug order.
func (s *Store) DeleteMaterialsUnder(ctx context.Context, dir string, slugs []string) ([]DeletedMaterial, error) {
	return s.DeleteMaterialsUnderAs(ctx, Actor{}, dir, slugs)
}

// DeleteMaterialsUnderAs is DeleteMaterialsUnder with an audit entry per
// deleted material naming the actor, in the same transaction.
func (s *Store) DeleteMaterialsUnderAs(ctx context.Context, actor Actor, dir string, slugs []string) ([]DeletedMaterial, error) {
	deleted, _, err := s.PruneMaterialsUnder(ctx, actor, dir, slugs, true)
	return deleted, err
}

// PruneMaterialsUnder is DeleteMaterialsUnderAs for pruning: unless force,
// a material whose latest revision a person wrote (an edit in the hub
// after the import) is kept and returned in kept, decided on the locked
// rows (import_conflict.go), so a save at the same moment is not lost.
func (s *Store) PruneMaterialsUnder(ctx context.Context, actor Actor, dir string, slugs []string, force bool) (deleted []DeletedMaterial, kept []KeptMaterial, err error) {
	prefix, err := sourcePrefix(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("store: delete materials: %w", err)
	}
	if len(slugs) == 0 {
		return nil, nil, nil
	}
	slugs = append([]string(nil), slugs...)
	sort.Strings(slugs) // lock order, so two deleters cannot deadlock
	err = s.writeTx(ctx, func(tx *gorm.DB) error {
		deleted, kept = deleted[:0], kept[:0] // a retried transaction starts over
		now := s.now()
		for start := 0; start < len(slugs); start += deleteChunk {
			part := slugs[start:min(start+deleteChunk, len(slugs))]
			q := underPrefix(tx.Model(&materialRow{}).Select("id, slug, hub, attachments").Where("slug IN ?", part), prefix).Order("slug")
			if s.driver == DriverPostgres {
				q = q.Clauses(clause.Locking{Strength: "UPDATE"})
			}
			var rows []materialRow
			if err := q.Find(&rows).Error; err != nil {
				return fmt.Errorf("read: %w", err)
			}
			if !force {
				if rows, kept, err = keepEdited(tx, rows, kept); err != nil {
					return err
				}
			}
			if len(rows) == 0 {
				continue
			}
			ids := make([]int64, len(rows))
			outbox := make([]outboxRow, len(rows))
			for i, r := range rows {
				ids[i] = r.ID
				outbox[i] = outboxFor(r.Slug, OpDelete, now)
				d := DeletedMaterial{Slug: r.Slug}
				if r.Attachments != "" && r.Attachments != "[]" {
					if err := json.Unmarshal([]byte(r.Attachments), &d.Attachments); err != nil {
						return fmt.Errorf("material %q: decode attachments: %w", r.Slug, err)
					}
				}
				deleted = append(deleted, d)
			}
			if err := tx.Where("id IN ?", ids).Delete(&draftRow{}).Error; err != nil { // pending revisions go with them (--force)
				return err
			}
			if err := dropStagedFiles(tx, ids...); err != nil { // and their staged files (upload_pending.go)
				return err
			}
			if err := tx.Where("id IN ?", ids).Delete(&materialRow{}).Error; err != nil {
				return fmt.Errorf("delete: %w", err)
			}
			if err := auditDeletes(tx, rows, actor, now); err != nil {
				return err
			}
			if err := tx.Create(&outbox).Error; err != nil {
				return fmt.Errorf("outbox: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: delete materials under %q: %w", dir, err)
	}
	return deleted, kept, nil
}
