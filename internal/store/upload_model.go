package store

import (
	"time"

	"gorm.io/gorm"
)

// Uploaded files of a material (issue 8 §3): what a person uploads in the
// editor or through the API, keyed on the material's stable id — a
// draft's id is the id it keeps when published, so its files need no
// move. The bytes live in file storage under StorageKey; this table is
// the truth of which files a material has.

// Audit actions for uploaded files.
const (
	AuditFileAdd    = "file.add"
	AuditFileRemove = "file.remove"
)

// MaterialFile is one uploaded file.
type MaterialFile struct {
	ID            int64
	MaterialID    int64
	Name          string // as linked from the body: "schema.png"
	ContentType   string
	Size          int64
	Width, Height int // images; 0 otherwise
	StorageKey    string
	Actor         string // audit label of who uploaded it
	ActorUserID   int64
	Created       time.Time
	// Staged: the file belongs to the pending new revision of a published
	// material (upload_pending.go), not to the live version.
	Staged bool
}

type materialFileRow struct {
	ID          int64 `gorm:"primaryKey"`
	MaterialID  int64
	Name        string
	ContentType string
	Size        int64
	Width       int
	Height      int
	StorageKey  string
	Actor       string
	ActorUserID int64
	CreatedAt   time.Time
	// Pending: the row is the pending revision's, not the live version's;
	// Removed (only with Pending): the pending revision removes the live
	// file of this name (upload_pending.go).
	Pending bool
	Removed bool
}

func (materialFileRow) TableName() string { return "material_files" }

func (r materialFileRow) file() MaterialFile {
	return MaterialFile{ID: r.ID, MaterialID: r.MaterialID, Name: r.Name, ContentType: r.ContentType, Size: r.Size,
		Width: r.Width, Height: r.Height, StorageKey: r.StorageKey, Actor: r.Actor, ActorUserID: r.ActorUserID, Created: r.CreatedAt, Staged: r.Pending}
}

func uploadMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE material_files (
	id {{id}},
	material_id BIGINT NOT NULL,
	name VARCHAR(255) NOT NULL,
	content_type VARCHAR(200) NOT NULL,
	size BIGINT NOT NULL,
	width INTEGER NOT NULL DEFAULT 0,
	height INTEGER NOT NULL DEFAULT 0,
	storage_key VARCHAR(1024) NOT NULL,
	actor VARCHAR(200) NOT NULL DEFAULT '',
	actor_user_id BIGINT NOT NULL DEFAULT 0,
	created_at {{time}} NOT NULL
)`,
		`CREATE UNIQUE INDEX idx_material_files_name ON material_files (material_id, name)`,
	)
}
