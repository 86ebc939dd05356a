package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Hubs lists every regional hub in its order (the taxonomy's, then new
// hubs in the order they were made).
func (s *Store) Hubs(ctx context.Context) ([]Hub, error) {
	var rows []hubRow
	if err := s.read.WithContext(ctx).Order("position, slug").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: hubs lezen: %w", err)
	}
	out := make([]Hub, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.hub())
	}
	return out, nil
}

// HubBySlug returns one hub; ErrNotFound when there is none.
func (s *Store) HubBySlug(ctx context.Context, slug string) (Hub, error) {
	var rows []hubRow
	if err := s.read.WithContext(ctx).Where("slug = ?", slug).Limit(1).Find(&rows).Error; err != nil {
		return Hub{}, fmt.Errorf("store: hub %q lezen: %w", slug, err)
	}
	if len(rows) == 0 {
		return Hub{}, ErrNotFound
	}
	return rows[0].hub(), nil
}

// SeedHubs adds the hubs of hs that the table lacks, after the ones it
// has, and returns how many it added. A hub that exists is left as it is,
// so running it at every start never undoes an admin's edit. Instances
// that start together may both seed: the conflict is ignored.
func (s *Store) SeedHubs(ctx context.Context, hs []Hub) (int, error) {
	added := 0
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		added = 0
		pos, err := lastHubPosition(tx)
		if err != nil {
			return err
		}
		now := s.now()
		for _, h := range hs {
			pos++
			row := toHubRow(h)
			row.Position, row.CreatedAt, row.UpdatedAt = pos, now, now
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
			if res.Error != nil {
				return res.Error
			}
			added += int(res.RowsAffected)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: hubs zaaien: %w", err)
	}
	return added, nil
}

func lastHubPosition(tx *gorm.DB) (int, error) {
	var pos *int
	if err := tx.Raw("SELECT MAX(position) FROM hubs").Scan(&pos).Error; err != nil {
		return 0, err
	}
	if pos == nil {
		return 0, nil
	}
	return *pos, nil
}

// CreateHubAs adds a hub on behalf of by, with an audit entry carrying
// note, in one transaction; ErrHubExists when the slug is taken.
func (s *Store) CreateHubAs(ctx context.Context, h Hub, by Actor, note string) (Hub, error) {
	row := toHubRow(h)
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&hubRow{}).Where("slug = ?", h.Slug).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrHubExists
		}
		pos, err := lastHubPosition(tx)
		if err != nil {
			return err
		}
		row.Position, row.CreatedAt, row.UpdatedAt = pos+1, s.now(), s.now()
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return s.auditAccount(tx, by, AuditHubCreate, note)
	})
	if isUniqueViolation(err) {
		err = ErrHubExists
	}
	if err != nil {
		return Hub{}, fmt.Errorf("store: hub %q maken: %w", h.Slug, err)
	}
	return row.hub(), nil
}

// UpdateHubAs changes every field of hub h.Slug but its slug (the id
// materials name it by) on behalf of by, audited with note;
// ErrNotFound when there is no such hub.
func (s *Store) UpdateHubAs(ctx context.Context, h Hub, by Actor, note string) (Hub, error) {
	row := toHubRow(h)
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&hubRow{}).Where("slug = ?", h.Slug).Updates(map[string]any{
			"name": row.Name, "description": row.Description, "region": row.Region, "rtc": row.RTC,
			"contacts": row.Contacts, "contact_email": row.ContactEmail, "contact_url": row.ContactURL,
			"aliases": row.Aliases, "updated_at": s.now(),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.auditAccount(tx, by, AuditHubUpdate, note)
	})
	if err != nil {
		return Hub{}, fmt.Errorf("store: hub %q bewaren: %w", h.Slug, err)
	}
	return s.HubBySlug(ctx, h.Slug)
}

// HubCounts is what the hub admin page shows per hub.
type HubCounts struct {
	Materials  int // published
	Drafts     int // concept or ingediend
	Authors    int // enabled accounts with the auteur role for the hub
	Moderators int // ... with the moderator role
}

// HubCounts counts, per hub slug, materials, drafts, authors and
// moderators. A hub that materials name but the table lacks is counted too.
func (s *Store) HubCounts(ctx context.Context) (map[string]HubCounts, error) {
	out := map[string]HubCounts{}
	var rows []struct {
		Hub string
		N   int
	}
	db := s.read.WithContext(ctx)
	if err := db.Raw("SELECT hub, COUNT(*) AS n FROM materials GROUP BY hub").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: materialen per hub tellen: %w", err)
	}
	for _, r := range rows {
		c := out[r.Hub]
		c.Materials = r.N
		out[r.Hub] = c
	}
	rows = nil
	if err := db.Raw("SELECT hub, COUNT(*) AS n FROM drafts GROUP BY hub").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: concepten per hub tellen: %w", err)
	}
	for _, r := range rows {
		c := out[r.Hub]
		c.Drafts = r.N
		out[r.Hub] = c
	}
	var grants []struct {
		Hub, Role string
		N         int
	}
	err := db.Raw(`SELECT g.hub, g.role, COUNT(*) AS n FROM role_grants g JOIN users u ON u.id = g.user_id
WHERE u.disabled = ? AND g.role IN ('auteur', 'moderator') GROUP BY g.hub, g.role`, false).Scan(&grants).Error
	if err != nil {
		return nil, fmt.Errorf("store: rollen per hub tellen: %w", err)
	}
	for _, g := range grants {
		c := out[g.Hub]
		if g.Role == "auteur" {
			c.Authors = g.N
		} else {
			c.Moderators = g.N
		}
		out[g.Hub] = c
	}
	delete(out, "")
	return out, nil
}

// HubMember is an account with a role in a hub.
type HubMember struct {
	User User
	Role string // "auteur" or "moderator"
}

// HubMembers lists the authors and moderators of hub (disabled accounts
// too: the admin sees them), by role, then name and address.
func (s *Store) HubMembers(ctx context.Context, hub string) ([]HubMember, error) {
	var rows []struct {
		ID          int64
		Email, Name string
		Disabled    bool
		Role        string
	}
	err := s.read.WithContext(ctx).Table("users").Joins("JOIN role_grants ON role_grants.user_id = users.id").
		Where("role_grants.hub = ? AND role_grants.role IN ?", hub, []string{"auteur", "moderator"}).
		Order("role_grants.role DESC, users.name, users.email").
		Select("users.id, users.email, users.name, users.disabled, role_grants.role").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: mensen van hub %q lezen: %w", hub, err)
	}
	out := make([]HubMember, 0, len(rows))
	for _, r := range rows { // no password hash: this is for a page
		out = append(out, HubMember{User: User{ID: r.ID, Email: r.Email, Name: r.Name, Disabled: r.Disabled}, Role: r.Role})
	}
	return out, nil
}
