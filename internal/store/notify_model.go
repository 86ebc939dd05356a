package store

import (
	"time"

	"gorm.io/gorm"
)

// In-app notifications (issue 9) and each person's e-mail choice, plus the
// rule that makes the audit log append-only in the database itself: no
// code path updates or deletes an audit entry, and the triggers refuse it
// to anything else that tries (a script, a later bug), on both databases.

// Notification kinds.
const (
	// NotifyQueue: "3 materialen wachten op review in Limburg", one per
	// moderator and hub, kept current while unread.
	NotifyQueue = "wachtrij"
	// NotifyDecision: a step on a person's own material (a decision, a
	// comment, publication).
	NotifyDecision = "beslissing"
)

// E-mail choices for notifications.
const (
	MailNone  = "geen"
	MailNow   = "meteen"
	MailDaily = "dagelijks"
)

// Notification is one message to one person.
type Notification struct {
	ID      int64
	UserID  int64
	Kind    string
	Hub     string
	Text    string
	Link    string // a path on the hub ("/hubs/limburg/review")
	Created time.Time
	Read    *time.Time
	Mailed  *time.Time
}

type notificationRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Kind      string
	Hub       string
	Text      string
	Link      string
	CreatedAt time.Time
	ReadAt    *time.Time
	MailedAt  *time.Time
}

func (notificationRow) TableName() string { return "notifications" }

func (r notificationRow) notification() Notification {
	return Notification{ID: r.ID, UserID: r.UserID, Kind: r.Kind, Hub: r.Hub, Text: r.Text, Link: r.Link,
		Created: r.CreatedAt, Read: r.ReadAt, Mailed: r.MailedAt}
}

type notificationSettingRow struct {
	UserID   int64 `gorm:"primaryKey"`
	Email    string
	DigestAt *time.Time
}

func (notificationSettingRow) TableName() string { return "notification_settings" }

// auditAppendOnly is the message the triggers raise.
const auditAppendOnly = "audit_log is append-only: entries are never changed or removed"

func notifyMigration(tx *gorm.DB, d dialect) error {
	stmts := []string{`
CREATE TABLE notifications (
	id {{id}},
	user_id BIGINT NOT NULL,
	kind VARCHAR(30) NOT NULL,
	hub VARCHAR(100) NOT NULL DEFAULT '',
	text {{text}} NOT NULL,
	link {{text}} NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	read_at {{time}} NULL,
	mailed_at {{time}} NULL
)`,
		`CREATE INDEX idx_notifications_user ON notifications (user_id, id)`,
		`CREATE INDEX idx_notifications_unread ON notifications (user_id, read_at)`,
		// One unread queue line per moderator and hub: two submissions at
		// the same moment cannot both insert one (the later transaction
		// fails on this index, is retried and rewrites the first).
		`CREATE UNIQUE INDEX idx_notifications_one_queue_line ON notifications (user_id, hub) WHERE kind = 'wachtrij' AND read_at IS NULL`,
		`
CREATE TABLE notification_settings (
	user_id BIGINT PRIMARY KEY,
	email VARCHAR(20) NOT NULL DEFAULT 'geen',
	digest_at {{time}} NULL
)`,
	}
	if d.Postgres {
		stmts = append(stmts, `
CREATE FUNCTION hub_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '`+auditAppendOnly+`';
END
$$`,
			`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION hub_audit_append_only()`,
			// TRUNCATE skips row triggers.
			`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION hub_audit_append_only()`)
	} else {
		stmts = append(stmts,
			`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '`+auditAppendOnly+`'); END`,
			`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '`+auditAppendOnly+`'); END`)
	}
	return execAll(tx, d, stmts...)
}
