package store

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// Curation (issue 9): featured picks per hub and collections (leerlijnen,
// lespakketten). Both are ordered lists of materials keyed on the
// material's stable id, never copied: a list is read joined to the
// published projection `materials`, so a material that is withdrawn (its
// row moves to drafts) or deleted drops out of every list a visitor sees
// and comes back, in its place, when it is published again.
//
// A collection is public (curated for a hub by its moderators: hub set,
// owner 0) or private (an account's own: owner set, hub empty), shared by
// an unguessable token that its owner can revoke.

// Audit actions of curation (material_id set when about one material; the
// note names the hub or the collection).
const (
	AuditPickAdd           = "pick.add"
	AuditPickMove          = "pick.move"
	AuditPickRemove        = "pick.remove"
	AuditCollectionCreate  = "collection.create"
	AuditCollectionUpdate  = "collection.update"
	AuditCollectionDelete  = "collection.delete"
	AuditCollectionAdd     = "collection.item-add"
	AuditCollectionMove    = "collection.item-move"
	AuditCollectionRemove  = "collection.item-remove"
	AuditCollectionShare   = "collection.share"
	AuditCollectionUnshare = "collection.unshare"
)

// Errors of curation.
var (
	ErrAlreadyListed    = errors.New("dit materiaal staat al in de lijst")
	ErrNotPublished     = errors.New("er is geen gepubliceerd materiaal met dat adres")
	ErrCollectionExists = errors.New("er bestaat al een collectie met die adresnaam")
)

// Collection is one collection.
type Collection struct {
	ID        int64
	Slug      string
	Title     string
	Intro     string // Markdown as written
	IntroHTML string // the pipeline's sanitised HTML of Intro
	Hub       string // a public collection's hub
	OwnerID   int64  // a private collection's owner
	Public    bool
	// ShareToken opens a private collection to whoever has the link; ""
	// when not shared.
	ShareToken string
	Created    time.Time
	Updated    time.Time
	Items      int // number of published materials in it (listings only)
}

// ListedItem is one material of a list, in its place.
type ListedItem struct {
	MaterialID int64
	Slug       string
	Note       string
}

type collectionRow struct {
	ID         int64 `gorm:"primaryKey"`
	Slug       string
	Title      string
	Intro      string
	IntroHTML  string `gorm:"column:intro_html"`
	Hub        string
	OwnerID    int64
	Public     bool
	ShareToken string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (collectionRow) TableName() string { return "collections" }

func (r collectionRow) collection() Collection {
	return Collection{ID: r.ID, Slug: r.Slug, Title: r.Title, Intro: r.Intro, IntroHTML: r.IntroHTML, Hub: r.Hub,
		OwnerID: r.OwnerID, Public: r.Public, ShareToken: r.ShareToken, Created: r.CreatedAt.UTC(), Updated: r.UpdatedAt.UTC()}
}

func curationMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE featured_picks (
	hub VARCHAR(100) NOT NULL,
	material_id BIGINT NOT NULL,
	position INTEGER NOT NULL,
	note {{text}} NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	PRIMARY KEY (hub, material_id)
)`,
		`CREATE INDEX idx_featured_picks_order ON featured_picks (hub, position)`,
		`
CREATE TABLE collections (
	id {{id}},
	slug VARCHAR(200) NOT NULL,
	title {{text}} NOT NULL,
	intro {{text}} NOT NULL DEFAULT '',
	intro_html {{text}} NOT NULL DEFAULT '',
	hub VARCHAR(100) NOT NULL DEFAULT '',
	owner_id BIGINT NOT NULL DEFAULT 0,
	public BOOLEAN NOT NULL DEFAULT FALSE,
	share_token VARCHAR(100) NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
)`,
		`CREATE UNIQUE INDEX idx_collections_slug ON collections (slug)`,
		`CREATE INDEX idx_collections_owner ON collections (owner_id)`,
		`CREATE INDEX idx_collections_hub ON collections (hub, public)`,
		`CREATE INDEX idx_collections_token ON collections (share_token)`,
		`
CREATE TABLE collection_items (
	collection_id BIGINT NOT NULL,
	material_id BIGINT NOT NULL,
	position INTEGER NOT NULL,
	note {{text}} NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	PRIMARY KEY (collection_id, material_id)
)`,
		`CREATE INDEX idx_collection_items_material ON collection_items (material_id)`,
	)
}
