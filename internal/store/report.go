package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Problem reports: what visitors tell a hub is wrong with a published
// material (a fixed reason and a short comment). They are for the
// moderators of the material's hub, who mark them "afgehandeld". A row
// holds no name, e-mail or IP address: the sender's address is only ever
// seen as a keyed hash in the throttle (auth_throttle), which forgets it
// within the hour. The hub a report belongs to is the material's current
// hub (a join), so a material that moves hub takes its reports along.

// Report reasons (the API's ids).
var ReportReasons = []string{"link-werkt-niet", "verouderd", "dubbel", "niet-inclusief", "verkeerde-doelen", "anders"}

// MaxReportComment is the longest comment, in runes.
const MaxReportComment = 1000

// ReportsPerMaterialPerDay caps the reports one material takes in 24
// hours: enough for real problems, and a flood cannot fill the queue.
const ReportsPerMaterialPerDay = 20

// AuditReportHandled is the audit action of marking a report afgehandeld.
const AuditReportHandled = "report.afgehandeld"

var (
	// ErrDuplicateReport: the same reason and comment were reported for
	// this material in the last 24 hours and not yet handled.
	ErrDuplicateReport = errors.New("store: deze melding is al gedaan")
	// ErrReportCap: the material took ReportsPerMaterialPerDay today.
	ErrReportCap = errors.New("store: te veel meldingen voor dit materiaal vandaag")
)

// ProblemReport is one report as moderators see it.
type ProblemReport struct {
	ID         int64
	MaterialID int64
	Slug       string
	Hub        string
	Title      string
	Reason     string
	Comment    string // plain text: never render it as HTML
	Created    time.Time
	HandledAt  *time.Time
}

type reportRow struct {
	ID          int64 `gorm:"primaryKey"`
	MaterialID  int64
	Reason      string
	Comment     string
	Fingerprint string
	CreatedAt   time.Time
	HandledAt   *time.Time
	HandledBy   int64
}

func (reportRow) TableName() string { return "problem_reports" }

// reportMigration is migration 18: problem reports and link checks.
func reportMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE problem_reports (
	id {{id}},
	material_id BIGINT NOT NULL,
	reason VARCHAR(40) NOT NULL,
	comment {{text}} NOT NULL DEFAULT '',
	fingerprint VARCHAR(64) NOT NULL,
	created_at {{time}} NOT NULL,
	handled_at {{time}} NULL,
	handled_by BIGINT NOT NULL DEFAULT 0
)`,
		`CREATE INDEX idx_problem_reports_material ON problem_reports (material_id, created_at)`,
		`CREATE INDEX idx_problem_reports_open ON problem_reports (handled_at, created_at)`,
		`
CREATE TABLE link_checks (
	material_id BIGINT NOT NULL,
	url VARCHAR(2048) NOT NULL,
	status INTEGER NOT NULL DEFAULT 0,
	error {{text}} NOT NULL DEFAULT '',
	checked_at {{time}} NOT NULL,
	first_failed_at {{time}} NULL,
	failures INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (material_id, url)
)`,
		`CREATE INDEX idx_link_checks_failures ON link_checks (failures, material_id)`,
	)
}

// reportFingerprint is what makes two reports the same: the reason and
// the comment without case or spacing differences.
func reportFingerprint(reason, comment string) string {
	norm := strings.Join(strings.Fields(strings.ToLower(comment)), " ")
	sum := sha256.Sum256([]byte(reason + "\n" + norm))
	return hex.EncodeToString(sum[:])
}

// AddProblemReport stores a report on the PUBLISHED material at slug
// (ErrNotFound for anything else, drafts included) unless it repeats an
// open report of the last 24 hours (ErrDuplicateReport) or the material
// had its share today (ErrReportCap). The caller checks reason and length.
func (s *Store) AddProblemReport(ctx context.Context, slug, reason, comment string) (int64, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	fp := reportFingerprint(reason, comment)
	var id int64
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var ids []int64
		q := tx.Model(&materialRow{}).Where("slug = ?", slug).Limit(1)
		if s.driver == DriverPostgres {
			// Serialises reports on one material, so the cap holds under races.
			q = q.Clauses(clause.Locking{Strength: "SHARE"})
		}
		if err := q.Pluck("id", &ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return ErrNotFound
		}
		mid := ids[0]
		var dup, today int64
		since := now.Add(-24 * time.Hour)
		if err := tx.Model(&reportRow{}).Where("material_id = ? AND fingerprint = ? AND created_at > ? AND handled_at IS NULL", mid, fp, since).Count(&dup).Error; err != nil {
			return err
		}
		if dup > 0 {
			return ErrDuplicateReport
		}
		if err := tx.Model(&reportRow{}).Where("material_id = ? AND created_at > ?", mid, since).Count(&today).Error; err != nil {
			return err
		}
		if today >= ReportsPerMaterialPerDay {
			return ErrReportCap
		}
		r := reportRow{MaterialID: mid, Reason: reason, Comment: comment, Fingerprint: fp, CreatedAt: now}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		id = r.ID
		return nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrDuplicateReport) && !errors.Is(err, ErrReportCap) {
		return 0, fmt.Errorf("store: melding bewaren: %w", err)
	}
	return id, err
}

// OpenReports lists the open reports on published materials of hub (""
// for every hub), oldest first.
func (s *Store) OpenReports(ctx context.Context, hub string, limit int) ([]ProblemReport, error) {
	q := s.read.WithContext(ctx).Table("problem_reports r").
		Select("r.id, r.material_id, m.slug, m.hub, m.title, r.reason, r.comment, r.created_at").
		Joins("JOIN materials m ON m.id = r.material_id").
		Where("r.handled_at IS NULL").Order("r.created_at, r.id").Limit(limit)
	if hub != "" {
		q = q.Where("m.hub = ?", hub)
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, fmt.Errorf("store: meldingen lezen: %w", err)
	}
	defer rows.Close()
	var out []ProblemReport
	for rows.Next() {
		var r ProblemReport
		if err := rows.Scan(&r.ID, &r.MaterialID, &r.Slug, &r.Hub, &r.Title, &r.Reason, &r.Comment, &r.Created); err != nil {
			return nil, fmt.Errorf("store: meldingen lezen: %w", err)
		}
		r.Created = r.Created.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// OpenReportCounts counts open reports per material id in hub ("" = all).
func (s *Store) OpenReportCounts(ctx context.Context, hub string) (map[int64]int, error) {
	q := s.read.WithContext(ctx).Table("problem_reports r").Select("r.material_id, COUNT(*)").
		Joins("JOIN materials m ON m.id = r.material_id").Where("r.handled_at IS NULL").Group("r.material_id")
	if hub != "" {
		q = q.Where("m.hub = ?", hub)
	}
	return countRows(q)
}

func countRows(q *gorm.DB) (map[int64]int, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, fmt.Errorf("store: tellen: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// ResolveReport marks an open report afgehandeld, with its audit entry in
// the same transaction. hub, when not "", must be the material's hub (a
// moderator acts for their hub only); otherwise, or when the report is
// already handled, ErrNotFound.
func (s *Store) ResolveReport(ctx context.Context, id int64, hub string, a Actor, comment string) error {
	now := s.now().UTC().Truncate(time.Microsecond)
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		var m []materialRow
		q := tx.Model(&materialRow{}).Select("materials.id, materials.slug, materials.hub").
			Joins("JOIN problem_reports r ON r.material_id = materials.id").
			Where("r.id = ? AND r.handled_at IS NULL", id)
		if hub != "" {
			q = q.Where("materials.hub = ?", hub)
		}
		if err := q.Limit(1).Find(&m).Error; err != nil {
			return err
		}
		if len(m) == 0 {
			return ErrNotFound
		}
		res := tx.Model(&reportRow{}).Where("id = ? AND handled_at IS NULL", id).
			Updates(map[string]any{"handled_at": now, "handled_by": a.UserID})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 { // another moderator was first
			return ErrNotFound
		}
		label := a.Label
		if label == "" {
			label = unknownActor
		}
		return tx.Create(&auditRow{At: now, Actor: label, ActorUserID: a.UserID, Action: AuditReportHandled,
			MaterialID: m[0].ID, Slug: m[0].Slug, Hub: m[0].Hub, Comment: comment,
			Note: fmt.Sprintf("melding %d", id)}).Error
	})
}

// SecretKey returns the random key stored under name, made on first use.
// Every instance reads the same key (insert-if-absent, then read), so a
// signature or hash made by one is checked by another.
func (s *Store) SecretKey(ctx context.Context, name string) ([]byte, error) {
	// Read first: a page view must not cost a write.
	if v, ok, err := s.GetMeta(ctx, "sleutel:"+name); err != nil {
		return nil, err
	} else if ok {
		return hex.DecodeString(v)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&metaRow{Key: "sleutel:" + name, Value: hex.EncodeToString(b)}).Error
	})
	if err != nil {
		return nil, fmt.Errorf("store: sleutel %q: %w", name, err)
	}
	v, ok, err := s.GetMeta(ctx, "sleutel:"+name)
	if err != nil || !ok {
		return nil, fmt.Errorf("store: sleutel %q lezen: %v", name, err)
	}
	return hex.DecodeString(v)
}

// ReportClientPrefix starts the auth_throttle key under which the reports
// of one client (a keyed hash of its address) are counted.
const ReportClientPrefix = "melding:ip:"

// ForgetReportClients removes the report counts of clients whose last
// report is over an hour old (and not blocked): the hashed address is
// kept no longer than the limit needs it. Sign-ins prune auth_throttle
// too, but a hub may go long without one.
func (s *Store) ForgetReportClients(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("key LIKE ? AND updated_at < ? AND blocked_until < ?", ReportClientPrefix+"%", now.Add(-time.Hour), now).Delete(&throttleRow{})
		n = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("store: meldingstellers opruimen: %w", err)
	}
	return n, nil
}
