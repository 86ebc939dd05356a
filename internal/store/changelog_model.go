package store

import (
	"time"

	"gorm.io/gorm"
)

// The change log is the append-only list of every change to what search
// shows: one row per outbox row, written by a trigger on the outbox in the
// same transaction, so no write path can record one without the other.
//
// The outbox and the change log serve two kinds of index. A shared engine
// (Meilisearch) is one index for all instances: they divide its work by
// claiming outbox rows. An embedded index (Bleve) belongs to one instance:
// every instance must apply every change, so each reads the change log from
// a position of its own, kept with its index (see service.Syncer).
//
// Order and gaps: on PostgreSQL the seq values come from a sequence and are
// not commit-ordered (a transaction can take seq 5, then commit after
// another took and committed seq 6). A reader that moved its position past 6
// would never see 5. Each row therefore records its transaction id (tx), and
// a reader only reads rows of transactions older than its snapshot's xmin:
// those transactions have all ended, so no row can appear below that line
// any more. Rows are read in (tx, seq) order. On SQLite there is one writer
// at a time, so seq is commit-ordered and tx is always 0.

// changeRow is one row of the change log.
type changeRow struct {
	Seq          int64 `gorm:"primaryKey;column:seq"`
	Tx           int64
	MaterialSlug string
	OutboxID     int64
	ChangedAt    time.Time
}

func (changeRow) TableName() string { return "changes" }

// trimmedMetaKey holds the position up to which the change log was trimmed.
const trimmedMetaKey = "changes_trimmed_through"

// changelogMigration creates the change log and the trigger that fills it.
func changelogMigration(tx *gorm.DB, d dialect) error {
	if d.Postgres {
		return execAll(tx, d, `
CREATE TABLE changes (
	seq {{id}},
	tx BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
	material_slug VARCHAR(200) NOT NULL,
	outbox_id BIGINT NOT NULL,
	changed_at {{time}} NOT NULL
)`,
			`CREATE INDEX idx_changes_position ON changes (tx, seq)`,
			`CREATE INDEX idx_changes_changed_at ON changes (changed_at)`,
			// A statement-level trigger: one INSERT … SELECT per bulk insert
			// of outbox rows instead of one call per row.
			`
CREATE FUNCTION hub_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO changes (material_slug, outbox_id, changed_at)
	SELECT material_slug, id, created_at FROM new_outbox_rows ORDER BY id;
	RETURN NULL;
END
$$`,
			`
CREATE TRIGGER outbox_logs_changes AFTER INSERT ON outbox
REFERENCING NEW TABLE AS new_outbox_rows
FOR EACH STATEMENT EXECUTE FUNCTION hub_log_changes()`,
		)
	}
	return execAll(tx, d, `
CREATE TABLE changes (
	seq {{id}},
	tx BIGINT NOT NULL DEFAULT 0,
	material_slug VARCHAR(200) NOT NULL,
	outbox_id BIGINT NOT NULL,
	changed_at {{time}} NOT NULL
)`,
		`CREATE INDEX idx_changes_position ON changes (tx, seq)`,
		`CREATE INDEX idx_changes_changed_at ON changes (changed_at)`,
		`
CREATE TRIGGER outbox_logs_changes AFTER INSERT ON outbox
BEGIN
	INSERT INTO changes (material_slug, outbox_id, changed_at) VALUES (NEW.material_slug, NEW.id, NEW.created_at);
END`,
	)
}
