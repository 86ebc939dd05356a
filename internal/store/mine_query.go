package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// "Mijn materialen": a person's drafts (by owner) and the published
// materials they created or changed last (by the revisions' actor), one
// list sorted by last change, newest first.

// MyMaterial is one line of a person's list.
type MyMaterial struct {
	ID    int64
	Slug  string
	Title string
	Hub   string
	State string // StateConcept, StateIngediend, or "" for published
	// Live: a published version is online; with a State it is a new
	// revision waiting for review.
	Live    bool
	Updated time.Time
	// The last change: who (their account name, else the actor label of
	// the revision, e.g. "import van map lessen").
	EditorID   int64
	EditorName string
}

// mineUnion selects (id, updated_at, draft) of every material of user ?:
// drafts they own; published materials (not also one of their drafts)
// whose first or latest revision is theirs — with a new revision waiting
// for review, as that draft. The audit log's index on the actor narrows
// the published side to the few the person ever touched.
const mineUnion = `
SELECT d.id, d.updated_at, 1 AS draft FROM drafts d WHERE d.owner_id = @u
UNION ALL
SELECT m.id, COALESCE(p.updated_at, m.updated_at) AS updated_at, CASE WHEN p.id IS NULL THEN 0 ELSE 1 END AS draft
FROM materials m LEFT JOIN drafts p ON p.id = m.id
WHERE m.id IN (SELECT a.material_id FROM audit_log a WHERE a.actor_user_id = @u)
  AND m.id NOT IN (SELECT d2.id FROM drafts d2 WHERE d2.owner_id = @u)
  AND (@u = (SELECT r.actor_user_id FROM material_revisions r WHERE r.material_id = m.id ORDER BY r.number LIMIT 1)
    OR @u = (SELECT r.actor_user_id FROM material_revisions r WHERE r.material_id = m.id ORDER BY r.number DESC LIMIT 1))`

// MaterialsOf returns one page of user's materials, last changed first, and
// how many there are in all.
func (s *Store) MaterialsOf(ctx context.Context, userID int64, limit, offset int) ([]MyMaterial, int, error) {
	db := s.read.WithContext(ctx)
	args := map[string]any{"u": userID}
	var total int64
	if err := db.Raw("SELECT COUNT(*) FROM ("+mineUnion+") t", args).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: mine count: %w", err)
	}
	var keys []struct {
		ID    int64
		Draft int
	}
	args["limit"], args["offset"] = clampLimit(limit), max(offset, 0)
	if err := db.Raw("SELECT id, draft FROM ("+mineUnion+") t ORDER BY updated_at DESC, id DESC LIMIT @limit OFFSET @offset", args).
		Scan(&keys).Error; err != nil {
		return nil, 0, fmt.Errorf("store: mine: %w", err)
	}
	var draftIDs, pubIDs, all []int64
	for _, k := range keys {
		if k.Draft == 1 {
			draftIDs = append(draftIDs, k.ID)
		} else {
			pubIDs = append(pubIDs, k.ID)
		}
		all = append(all, k.ID)
	}
	byID := map[int64]*MyMaterial{}
	if len(draftIDs) > 0 {
		var rows []draftRow
		if err := db.Select("id, slug, hub, state, front, updated_at").Where("id IN ?", draftIDs).Find(&rows).Error; err != nil {
			return nil, 0, fmt.Errorf("store: mine drafts: %w", err)
		}
		for _, r := range rows {
			var front struct{ Title string }
			_ = json.Unmarshal([]byte(r.Front), &front) // a draft without a readable title shows its slug
			byID[r.ID] = &MyMaterial{ID: r.ID, Slug: r.Slug, Title: front.Title, Hub: r.Hub, State: r.State, Updated: r.UpdatedAt.UTC()}
		}
		var live []int64
		if err := db.Model(&materialRow{}).Where("id IN ?", draftIDs).Pluck("id", &live).Error; err != nil {
			return nil, 0, fmt.Errorf("store: mine live: %w", err)
		}
		for _, id := range live {
			if m := byID[id]; m != nil {
				m.Live = true
			}
		}
	}
	if len(pubIDs) > 0 {
		var rows []materialRow
		if err := db.Select("id, slug, title, hub, updated_at").Where("id IN ?", pubIDs).Find(&rows).Error; err != nil {
			return nil, 0, fmt.Errorf("store: mine materials: %w", err)
		}
		for _, r := range rows {
			byID[r.ID] = &MyMaterial{ID: r.ID, Slug: r.Slug, Title: r.Title, Hub: r.Hub, Updated: r.UpdatedAt.UTC()}
		}
	}
	if len(all) > 0 {
		var last []struct {
			MaterialID  int64
			Actor       string
			ActorUserID int64
			Name        string
		}
		err := db.Raw(`SELECT r.material_id, r.actor, r.actor_user_id, COALESCE(u.name, '') AS name
FROM material_revisions r
JOIN (SELECT material_id, MAX(number) AS n FROM material_revisions WHERE material_id IN ? GROUP BY material_id) l
  ON l.material_id = r.material_id AND l.n = r.number
LEFT JOIN users u ON u.id = r.actor_user_id`, all).Scan(&last).Error
		if err != nil {
			return nil, 0, fmt.Errorf("store: mine editors: %w", err)
		}
		for _, l := range last {
			if m := byID[l.MaterialID]; m != nil {
				m.EditorID, m.EditorName = l.ActorUserID, l.Name
				if m.EditorName == "" {
					m.EditorName = l.Actor
				}
			}
		}
	}
	out := make([]MyMaterial, 0, len(keys))
	for _, k := range keys {
		if m := byID[k.ID]; m != nil {
			out = append(out, *m)
		}
	}
	return out, int(total), nil
}
