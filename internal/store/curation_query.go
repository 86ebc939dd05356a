package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// orderedList is one ordered list of materials: the featured picks of a
// hub or the items of a collection. Both tables have the same shape
// (key, material_id, position, note), so adding, moving and removing are
// written once.
type orderedList struct {
	table, keyColumn string
	key              any
}

func pickList(hub string) orderedList { return orderedList{"featured_picks", "hub", hub} }
func itemList(id int64) orderedList   { return orderedList{"collection_items", "collection_id", id} }

// items are the list's published materials in order; a material that is
// not (or no longer) published is left out.
func (l orderedList) items(db *gorm.DB) ([]ListedItem, error) {
	var out []ListedItem
	err := db.Raw(`SELECT l.material_id, m.slug, l.note FROM `+l.table+` l JOIN materials m ON m.id = l.material_id
WHERE l.`+l.keyColumn+` = ? ORDER BY l.position, l.material_id`, l.key).Scan(&out).Error
	return out, err
}

func (l orderedList) add(tx *gorm.DB, materialID int64, note string, now time.Time) error {
	var n int64
	if err := tx.Table(l.table).Where(l.keyColumn+" = ? AND material_id = ?", l.key, materialID).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return ErrAlreadyListed
	}
	var last *int
	if err := tx.Table(l.table).Where(l.keyColumn+" = ?", l.key).Select("MAX(position)").Scan(&last).Error; err != nil {
		return err
	}
	pos := 1
	if last != nil {
		pos = *last + 1
	}
	return tx.Table(l.table).Create(map[string]any{l.keyColumn: l.key, "material_id": materialID, "position": pos,
		"note": note, "created_at": now}).Error
}

// move swaps a material with its visible neighbour (delta -1 up, +1 down),
// so a withdrawn material between them never swallows a click. It reports
// false when there is nothing to swap with.
func (l orderedList) move(tx *gorm.DB, materialID int64, delta int) (bool, error) {
	items, err := l.items(tx)
	if err != nil {
		return false, err
	}
	i := -1
	for k, it := range items {
		if it.MaterialID == materialID {
			i = k
		}
	}
	if i < 0 {
		return false, ErrNotFound
	}
	j := i + delta
	if j < 0 || j >= len(items) {
		return false, nil
	}
	var pos []struct {
		MaterialID int64
		Position   int
	}
	if err := tx.Table(l.table).Select("material_id, position").
		Where(l.keyColumn+" = ? AND material_id IN ?", l.key, []int64{materialID, items[j].MaterialID}).Scan(&pos).Error; err != nil {
		return false, err
	}
	if len(pos) != 2 {
		return false, ErrNotFound
	}
	a, b := pos[0], pos[1]
	if a.Position == b.Position { // never stored so, but a swap must change something
		b.Position++
	}
	for _, p := range []struct {
		id  int64
		pos int
	}{{a.MaterialID, b.Position}, {b.MaterialID, a.Position}} {
		if err := tx.Table(l.table).Where(l.keyColumn+" = ? AND material_id = ?", l.key, p.id).Update("position", p.pos).Error; err != nil {
			return false, err
		}
	}
	return true, nil
}

func (l orderedList) remove(tx *gorm.DB, materialID int64) error {
	res := tx.Exec(`DELETE FROM `+l.table+` WHERE `+l.keyColumn+` = ? AND material_id = ?`, l.key, materialID)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// publishedID is the id of the published material at slug (ErrNotPublished).
func publishedID(tx *gorm.DB, slug string) (int64, error) {
	var ids []int64
	if err := tx.Table("materials").Where("slug = ?", slug).Limit(1).Pluck("id", &ids).Error; err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, ErrNotPublished
	}
	return ids[0], nil
}

func (s *Store) audit(tx *gorm.DB, by Actor, action, hub string, materialID int64, slug, note string) error {
	if by.Label == "" {
		by.Label = unknownActor
	}
	return tx.Create(&auditRow{At: s.now(), Actor: by.Label, ActorUserID: by.UserID, Action: action, Hub: hub,
		MaterialID: materialID, Slug: slug, Note: note}).Error
}

// FeaturedPicks are a hub's published picks in order.
func (s *Store) FeaturedPicks(ctx context.Context, hub string) ([]ListedItem, error) {
	out, err := pickList(hub).items(s.read.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("store: uitgelicht %s: %w", hub, err)
	}
	return out, nil
}

// AddPick puts the published material at slug last among hub's picks.
func (s *Store) AddPick(ctx context.Context, hub, slug, note string, by Actor) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		id, err := publishedID(tx, slug)
		if err != nil {
			return err
		}
		if err := pickList(hub).add(tx, id, note, s.now()); err != nil {
			return err
		}
		return s.audit(tx, by, AuditPickAdd, hub, id, slug, "uitgelicht in hub "+hub)
	})
}

// MovePick moves a pick one place up (delta -1) or down (+1).
func (s *Store) MovePick(ctx context.Context, hub string, materialID int64, delta int, by Actor) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		moved, err := pickList(hub).move(tx, materialID, delta)
		if err != nil || !moved {
			return err
		}
		return s.audit(tx, by, AuditPickMove, hub, materialID, "", fmt.Sprintf("uitgelicht in hub %s: %s", hub, direction(delta)))
	})
}

// RemovePick takes a material off hub's picks.
func (s *Store) RemovePick(ctx context.Context, hub string, materialID int64, by Actor) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		if err := pickList(hub).remove(tx, materialID); err != nil {
			return err
		}
		return s.audit(tx, by, AuditPickRemove, hub, materialID, "", "niet meer uitgelicht in hub "+hub)
	})
}

func direction(delta int) string {
	if delta < 0 {
		return "een plaats hoger"
	}
	return "een plaats lager"
}

// collectionColumns counts the published items beside each collection.
const collectionColumns = `c.*, (SELECT COUNT(*) FROM collection_items i JOIN materials m ON m.id = i.material_id
WHERE i.collection_id = c.id) AS items`

// collectionListRow is collectionRow plus the count (flat: GORM's Raw
// scan fills no embedded struct).
type collectionListRow struct {
	ID         int64
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
	Items      int
}

func (s *Store) collections(ctx context.Context, where string, args ...any) ([]Collection, error) {
	var rows []collectionListRow
	if err := s.read.WithContext(ctx).Raw(`SELECT `+collectionColumns+` FROM collections c WHERE `+where, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: collecties: %w", err)
	}
	out := make([]Collection, len(rows))
	for i, r := range rows {
		out[i] = collectionRow{ID: r.ID, Slug: r.Slug, Title: r.Title, Intro: r.Intro, IntroHTML: r.IntroHTML, Hub: r.Hub,
			OwnerID: r.OwnerID, Public: r.Public, ShareToken: r.ShareToken, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}.collection()
		out[i].Items = r.Items
	}
	return out, nil
}

func (s *Store) oneCollection(ctx context.Context, where string, args ...any) (Collection, error) {
	cs, err := s.collections(ctx, where+" LIMIT 1", args...)
	if err != nil {
		return Collection{}, err
	}
	if len(cs) == 0 {
		return Collection{}, ErrNotFound
	}
	return cs[0], nil
}

// CollectionBySlug returns the collection at slug, public or private.
func (s *Store) CollectionBySlug(ctx context.Context, slug string) (Collection, error) {
	return s.oneCollection(ctx, "c.slug = ?", slug)
}

// CollectionByToken returns the collection shared by token.
func (s *Store) CollectionByToken(ctx context.Context, token string) (Collection, error) {
	if token == "" {
		return Collection{}, ErrNotFound
	}
	return s.oneCollection(ctx, "c.share_token = ?", token)
}

// CollectionsOf lists an account's own (private) collections, last changed first.
func (s *Store) CollectionsOf(ctx context.Context, owner int64) ([]Collection, error) {
	return s.collections(ctx, "c.owner_id = ? AND c.public = ? ORDER BY c.updated_at DESC, c.id DESC", owner, false)
}

// PublicCollections lists the public collections of hub ("" for every
// hub), last changed first.
func (s *Store) PublicCollections(ctx context.Context, hub string, limit int) ([]Collection, error) {
	if hub == "" {
		return s.collections(ctx, "c.public = ? ORDER BY c.updated_at DESC, c.id DESC LIMIT ?", true, clampLimit(limit))
	}
	return s.collections(ctx, "c.public = ? AND c.hub = ? ORDER BY c.updated_at DESC, c.id DESC LIMIT ?", true, hub, clampLimit(limit))
}

// PublicCollectionsWith lists the public collections a material is part of.
func (s *Store) PublicCollectionsWith(ctx context.Context, materialID int64) ([]Collection, error) {
	return s.collections(ctx, `c.public = ? AND c.id IN (SELECT collection_id FROM collection_items WHERE material_id = ?)
ORDER BY c.title, c.id`, true, materialID)
}

// SearchableCollection is a public collection as collection search reads
// it: its words and its published materials' titles, in order.
type SearchableCollection struct {
	ID               int64
	Slug, Title, Hub string
	Intro            string // Markdown as written
	Items            []SearchableItem
}

// SearchableItem is one published material of a SearchableCollection.
type SearchableItem struct {
	MaterialID int64
	Slug       string
	Title      string
}

// CollectionsKey tells a cache of SearchablePublicCollections whether it
// may be stale, from two append-only logs that every relevant write adds
// to in its own transaction: Audit, the audit log's last id (every change
// to a collection writes an entry: PublicCollectionsChanged says whether
// one was about a public collection), and Seq, the change log's last seq
// (every write of a published material: ChangedMaterialSlugs says which).
// Two index lookups, cheap enough for every search.
//
// On PostgreSQL ids come from sequences and a transaction that took an
// earlier id can commit after a later one, so a key can stay the same
// across such a pair; callers bound how long they trust an unchanged key
// (see internal/curation).
type CollectionsKey struct {
	Audit int64
	Seq   int64
}

// PublicCollectionsKey reads the key.
func (s *Store) PublicCollectionsKey(ctx context.Context) (CollectionsKey, error) {
	var k struct{ Audit, Seq *int64 }
	err := s.read.WithContext(ctx).Raw(`SELECT (SELECT MAX(id) FROM audit_log) AS audit, (SELECT MAX(seq) FROM changes) AS seq`).Scan(&k).Error
	if err != nil {
		return CollectionsKey{}, fmt.Errorf("store: sleutel van de publieke collecties: %w", err)
	}
	var key CollectionsKey
	if k.Audit != nil {
		key.Audit = *k.Audit
	}
	if k.Seq != nil {
		key.Seq = *k.Seq
	}
	return key, nil
}

// PublicCollectionsChanged reports whether an audit entry after id after
// up to id upto is about a public collection (its hub set: a private
// collection has none).
func (s *Store) PublicCollectionsChanged(ctx context.Context, after, upto int64) (bool, error) {
	var n int64
	err := s.read.WithContext(ctx).Raw(`SELECT COUNT(*) FROM audit_log WHERE id > ? AND id <= ? AND action LIKE 'collection.%' AND hub <> ''`,
		after, upto).Scan(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: wijzigingen van publieke collecties: %w", err)
	}
	return n > 0, nil
}

// ChangedMaterialSlugs are the slugs of the materials written after seq
// after up to seq upto in the change log, at most limit of them.
func (s *Store) ChangedMaterialSlugs(ctx context.Context, after, upto int64, limit int) ([]string, error) {
	var out []string
	err := s.read.WithContext(ctx).Raw(`SELECT DISTINCT material_slug FROM changes WHERE seq > ? AND seq <= ? LIMIT ?`,
		after, upto, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: gewijzigde materialen: %w", err)
	}
	return out, nil
}

// SearchablePublicCollections loads every public collection with the titles
// of its published materials (a withdrawn or deleted material is left
// out, as on the collection's page), and the slugs of every material
// listed in them, published or not (so a cache knows a material coming
// back concerns it). Private collections are never read.
func (s *Store) SearchablePublicCollections(ctx context.Context) ([]SearchableCollection, []string, error) {
	db := s.read.WithContext(ctx)
	var rows0 []struct {
		ID                      int64
		Slug, Title, Hub, Intro string
	}
	if err := db.Raw(`SELECT id, slug, title, hub, intro FROM collections WHERE public = ? ORDER BY id`, true).Scan(&rows0).Error; err != nil {
		return nil, nil, fmt.Errorf("store: publieke collecties lezen: %w", err)
	}
	cols := make([]SearchableCollection, len(rows0))
	for i, r := range rows0 {
		cols[i] = SearchableCollection{ID: r.ID, Slug: r.Slug, Title: r.Title, Hub: r.Hub, Intro: r.Intro}
	}
	at := make(map[int64]int, len(cols))
	for i, c := range cols {
		at[c.ID] = i
	}
	// One pass over every listed material: the published ones (a title)
	// are the collection's items, in order; all of them, published or
	// withdrawn (a drafts row), are listed. A collection made between the
	// two reads has no items yet; one deleted in between drops its items.
	rows, err := db.Raw(`SELECT i.collection_id, i.material_id, COALESCE(m.slug, d.slug, ''), m.title FROM collection_items i
JOIN collections c ON c.id = i.collection_id LEFT JOIN materials m ON m.id = i.material_id LEFT JOIN drafts d ON d.id = i.material_id
WHERE c.public = ? ORDER BY i.collection_id, i.position, i.material_id`, true).Rows()
	if err != nil {
		return nil, nil, fmt.Errorf("store: materialen van publieke collecties lezen: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var listed []string
	for rows.Next() {
		var (
			colID int64
			it    SearchableItem
			title sql.NullString
		)
		if err := rows.Scan(&colID, &it.MaterialID, &it.Slug, &title); err != nil {
			return nil, nil, fmt.Errorf("store: materialen van publieke collecties lezen: %w", err)
		}
		if it.Slug != "" && !seen[it.Slug] {
			seen[it.Slug] = true
			listed = append(listed, it.Slug)
		}
		if i, ok := at[colID]; ok && title.Valid {
			it.Title = title.String
			cols[i].Items = append(cols[i].Items, it)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: materialen van publieke collecties lezen: %w", err)
	}
	return cols, listed, nil
}

// CollectionItems are a collection's published materials in order.
func (s *Store) CollectionItems(ctx context.Context, id int64) ([]ListedItem, error) {
	out, err := itemList(id).items(s.read.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("store: collectie %d: %w", id, err)
	}
	return out, nil
}

func collectionNote(c collectionRow, what string) string {
	return fmt.Sprintf("collectie %s (%q): %s", c.Slug, c.Title, what)
}

// CreateCollection stores a new collection (ErrCollectionExists when the
// slug is taken).
func (s *Store) CreateCollection(ctx context.Context, c Collection, by Actor) (Collection, error) {
	now := s.now()
	row := collectionRow{Slug: c.Slug, Title: c.Title, Intro: c.Intro, IntroHTML: c.IntroHTML, Hub: c.Hub, OwnerID: c.OwnerID,
		Public: c.Public, ShareToken: c.ShareToken, CreatedAt: now, UpdatedAt: now}
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&collectionRow{}).Where("slug = ?", c.Slug).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrCollectionExists
		}
		if err := tx.Create(&row).Error; err != nil {
			if isUniqueViolation(err) {
				return ErrCollectionExists
			}
			return err
		}
		return s.audit(tx, by, AuditCollectionCreate, row.Hub, 0, "", collectionNote(row, "gemaakt"))
	})
	if err != nil {
		return Collection{}, err
	}
	return row.collection(), nil
}

// changeCollection runs fn on the collection's locked row and writes the
// audit entry, in one transaction; it touches updated_at.
func (s *Store) changeCollection(ctx context.Context, id int64, by Actor, action, slug string,
	fn func(tx *gorm.DB, c *collectionRow) (what string, materialID int64, err error)) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		var c collectionRow
		q := tx
		if s.driver == DriverPostgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Where("id = ?", id).Take(&c).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		what, materialID, err := fn(tx, &c)
		if err != nil || what == "" {
			return err
		}
		if action != AuditCollectionDelete {
			if err := tx.Model(&collectionRow{}).Where("id = ?", id).Update("updated_at", s.now()).Error; err != nil {
				return err
			}
		}
		return s.audit(tx, by, action, c.Hub, materialID, slug, collectionNote(c, what))
	})
}

// UpdateCollection changes a collection's title and introduction.
func (s *Store) UpdateCollection(ctx context.Context, id int64, title, intro, introHTML string, by Actor) error {
	return s.changeCollection(ctx, id, by, AuditCollectionUpdate, "", func(tx *gorm.DB, c *collectionRow) (string, int64, error) {
		return "titel en inleiding bewaard", 0, tx.Model(&collectionRow{}).Where("id = ?", id).
			Updates(map[string]any{"title": title, "intro": intro, "intro_html": introHTML}).Error
	})
}

// DeleteCollection removes a collection and its list.
func (s *Store) DeleteCollection(ctx context.Context, id int64, by Actor) error {
	return s.changeCollection(ctx, id, by, AuditCollectionDelete, "", func(tx *gorm.DB, c *collectionRow) (string, int64, error) {
		if err := tx.Exec("DELETE FROM collection_items WHERE collection_id = ?", id).Error; err != nil {
			return "", 0, err
		}
		return "verwijderd", 0, tx.Exec("DELETE FROM collections WHERE id = ?", id).Error
	})
}

// SetShareToken shares a private collection by token ("" revokes the link).
func (s *Store) SetShareToken(ctx context.Context, id int64, token string, by Actor) error {
	action, what := AuditCollectionShare, "gedeeld met een nieuwe link"
	if token == "" {
		action, what = AuditCollectionUnshare, "link ingetrokken"
	}
	return s.changeCollection(ctx, id, by, action, "", func(tx *gorm.DB, c *collectionRow) (string, int64, error) {
		return what, 0, tx.Model(&collectionRow{}).Where("id = ?", id).Update("share_token", token).Error
	})
}

// AddCollectionItem puts the published material at slug last in the collection.
func (s *Store) AddCollectionItem(ctx context.Context, id int64, slug, note string, by Actor) error {
	return s.changeCollection(ctx, id, by, AuditCollectionAdd, slug, func(tx *gorm.DB, c *collectionRow) (string, int64, error) {
		mid, err := publishedID(tx, slug)
		if err != nil {
			return "", 0, err
		}
		return "materiaal " + slug + " toegevoegd", mid, itemList(id).add(tx, mid, note, s.now())
	})
}

// MoveCollectionItem moves an item one place up (delta -1) or down (+1).
func (s *Store) MoveCollectionItem(ctx context.Context, id, materialID int64, delta int, by Actor) error {
	return s.changeCollection(ctx, id, by, AuditCollectionMove, "", func(tx *gorm.DB, c *collectionRow) (string, int64, error) {
		moved, err := itemList(id).move(tx, materialID, delta)
		if err != nil || !moved {
			return "", 0, err
		}
		return "materiaal " + direction(delta), materialID, nil
	})
}

// RemoveCollectionItem takes a material out of the collection.
func (s *Store) RemoveCollectionItem(ctx context.Context, id, materialID int64, by Actor) error {
	return s.changeCollection(ctx, id, by, AuditCollectionRemove, "", func(tx *gorm.DB, c *collectionRow) (string, int64, error) {
		return "materiaal verwijderd uit de collectie", materialID, itemList(id).remove(tx, materialID)
	})
}
