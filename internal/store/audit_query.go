package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// AuditQuery selects audit entries: the audit pages and the API.
type AuditQuery struct {
	// Hub: only this hub's entries ("" = all hubs and the entries of no
	// hub, for beheerders). An entry without a hub of its own (a draft's,
	// a file's) counts for the hub of its material: published, draft, or
	// named by another entry about it (a deleted material's).
	Hub         string
	Action      string    // exact action id ("" = all)
	ActorUserID int64     // 0 = everyone
	From, To    time.Time // [From, To); zero = open
	Limit       int
	Offset      int
}

func (s *Store) auditWhere(db *gorm.DB, q AuditQuery) *gorm.DB {
	if q.Hub != "" {
		db = db.Where(`(a.hub = @hub OR (a.hub = '' AND a.material_id > 0 AND (
	a.material_id IN (SELECT id FROM materials WHERE hub = @hub) OR a.material_id IN (SELECT id FROM drafts WHERE hub = @hub) OR
	a.material_id IN (SELECT material_id FROM audit_log WHERE hub = @hub AND material_id > 0))))`,
			map[string]any{"hub": q.Hub})
	}
	if q.Action != "" {
		db = db.Where("a.action = ?", q.Action)
	}
	if q.ActorUserID != 0 {
		db = db.Where("a.actor_user_id = ?", q.ActorUserID)
	}
	if !q.From.IsZero() {
		db = db.Where("a.at >= ?", q.From)
	}
	if !q.To.IsZero() {
		db = db.Where("a.at < ?", q.To)
	}
	return db
}

// AuditEntries returns the entries q selects, newest first, with the
// person's display name, and how many there are in all.
func (s *Store) AuditEntries(ctx context.Context, q AuditQuery) ([]AuditEntry, int, error) {
	var total int64
	if err := s.auditWhere(s.read.WithContext(ctx).Table("audit_log a"), q).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: auditlog tellen: %w", err)
	}
	var out []AuditEntry // scanned as is: its fields are the columns (and the person's name)
	db := s.auditWhere(s.read.WithContext(ctx).Table("audit_log a"), q).
		Joins("LEFT JOIN users u ON u.id = a.actor_user_id").
		Select("a.*, COALESCE(u.name, '') AS actor_name").Order("a.id DESC")
	if q.Limit > 0 {
		db = db.Limit(q.Limit).Offset(q.Offset)
	}
	if err := db.Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("store: auditlog lezen: %w", err)
	}
	return out, int(total), nil
}

// AuditPerson is someone who appears in the audit log.
type AuditPerson struct {
	UserID int64
	Name   string
}

// AuditPeople lists the accounts with entries in q's hub (for the filter).
func (s *Store) AuditPeople(ctx context.Context, hub string) ([]AuditPerson, error) {
	var out []AuditPerson
	sub := s.auditWhere(s.read.WithContext(ctx).Table("audit_log a"), AuditQuery{Hub: hub}).
		Where("a.actor_user_id > 0").Distinct("a.actor_user_id")
	err := s.read.WithContext(ctx).Table("users").Where("id IN (?)", sub).
		Select("id AS user_id, CASE WHEN name = '' THEN email ELSE name END AS name").Order("name, id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: personen in het auditlog: %w", err)
	}
	return out, nil
}
