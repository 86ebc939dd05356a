package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ChangePos is a place in the change log: a reader at Pos has read every
// change ordered at or before it, in (Tx, Seq) order. The zero value is the
// start of the log.
type ChangePos struct {
	Tx  int64 `json:"tx"`
	Seq int64 `json:"seq"`
}

// Before reports whether p comes before q.
func (p ChangePos) Before(q ChangePos) bool {
	return p.Tx < q.Tx || (p.Tx == q.Tx && p.Seq < q.Seq)
}

func (p ChangePos) String() string { return fmt.Sprintf("%d:%d", p.Tx, p.Seq) }

func parseChangePos(s string) (ChangePos, error) {
	tx, seq, ok := strings.Cut(s, ":")
	var p ChangePos
	var err1, err2 error
	p.Tx, err1 = strconv.ParseInt(tx, 10, 64)
	p.Seq, err2 = strconv.ParseInt(seq, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return ChangePos{}, fmt.Errorf("ongeldige positie %q in het wijzigingslogboek", s)
	}
	return p, nil
}

// Change is one entry of the change log: the material with this slug
// changed (re-read it; a missing material means it was deleted).
type Change struct {
	Pos      ChangePos
	Slug     string
	OutboxID int64 // the outbox row written with it
	At       time.Time
}

// ErrChangesTrimmed means the change log no longer holds every change after
// the reader's position: it was trimmed past it (the reader was away longer
// than the retention). The reader must rebuild from the database.
var ErrChangesTrimmed = errors.New("het wijzigingslogboek is ingekort voorbij deze positie")

// ErrChangesReset means the reader's position lies beyond the change log:
// the database was restored from a backup (or replaced) since the reader
// saved it. New changes would be numbered below the position and skipped,
// so the reader must rebuild from the database.
var ErrChangesReset = errors.New("de positie ligt voorbij het wijzigingslogboek (is de database teruggezet?)")

// changeHorizon is the line below which no change can appear any more: on
// PostgreSQL the snapshot's xmin (every older transaction has ended); on
// SQLite there is no such line (one writer, seq is commit-ordered).
func (s *Store) changeHorizon(ctx context.Context, db *gorm.DB) (int64, error) {
	if s.driver != DriverPostgres {
		return math.MaxInt64, nil
	}
	var xmin int64
	err := db.WithContext(ctx).Raw("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").Scan(&xmin).Error
	return xmin, err
}

// ChangeHorizon returns a position that covers every change committed so
// far and none that can still appear: a reader that reads the materials
// after this call (a full rebuild) may continue from here.
func (s *Store) ChangeHorizon(ctx context.Context) (ChangePos, error) {
	var pos ChangePos
	if s.driver == DriverPostgres {
		xmin, err := s.changeHorizon(ctx, s.read)
		if err != nil {
			return ChangePos{}, fmt.Errorf("store: change horizon: %w", err)
		}
		pos = ChangePos{Tx: xmin - 1, Seq: math.MaxInt64}
	} else {
		var seq *int64
		if err := s.read.WithContext(ctx).Raw("SELECT MAX(seq) FROM changes").Scan(&seq).Error; err != nil {
			return ChangePos{}, fmt.Errorf("store: change horizon: %w", err)
		}
		if seq != nil {
			pos.Seq = *seq
		}
	}
	// A log trimmed to empty has no rows left to show how far it reached.
	trimmed, err := s.changesTrimmedThrough(ctx, s.read)
	if err != nil {
		return ChangePos{}, err
	}
	if pos.Before(trimmed) {
		pos = trimmed
	}
	return pos, nil
}

// ChangesAfter returns up to limit changes after pos, in order. It returns
// ErrChangesTrimmed when changes after pos were trimmed away.
func (s *Store) ChangesAfter(ctx context.Context, pos ChangePos, limit int) ([]Change, error) {
	horizon, err := s.changeHorizon(ctx, s.read)
	if err != nil {
		return nil, fmt.Errorf("store: change horizon: %w", err)
	}
	var rows []changeRow
	err = s.read.WithContext(ctx).
		// A row-value comparison walks the (tx, seq) index in order on both
		// databases, so a reader far behind pays per batch, not per backlog.
		Where("(tx, seq) > (?, ?) AND tx < ?", pos.Tx, pos.Seq, horizon).
		Order("tx, seq").Limit(clampLimit(limit)).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: read change log: %w", err)
	}
	// Checked after reading: a trim that committed before the read above
	// is seen here, so rows it removed are never silently skipped.
	trimmed, err := s.changesTrimmedThrough(ctx, s.read)
	if err != nil {
		return nil, err
	}
	if pos.Before(trimmed) {
		return nil, ErrChangesTrimmed
	}
	if err := s.checkNotAhead(ctx, pos, horizon, trimmed); err != nil {
		return nil, err
	}
	out := make([]Change, len(rows))
	for i, r := range rows {
		out[i] = Change{Pos: ChangePos{Tx: r.Tx, Seq: r.Seq}, Slug: r.MaterialSlug, OutboxID: r.OutboxID, At: r.ChangedAt.UTC()}
	}
	return out, nil
}

// checkNotAhead returns ErrChangesReset when pos lies beyond every change
// the log ever held. On PostgreSQL every position lies below the horizon
// (transaction ids only grow, also across databases of one cluster); on
// SQLite below the highest seq or the trim mark. A restore to another
// cluster or of an older SQLite file breaks that. (An older SQLite file that
// received more writes than it lacks before the reader looks cannot be told
// apart: after a restore, run `hub reindex`.)
func (s *Store) checkNotAhead(ctx context.Context, pos ChangePos, horizon int64, trimmed ChangePos) error {
	if s.driver == DriverPostgres {
		if pos.Tx >= horizon {
			return ErrChangesReset
		}
		return nil
	}
	var last *int64
	if err := s.read.WithContext(ctx).Raw("SELECT MAX(seq) FROM changes").Scan(&last).Error; err != nil {
		return fmt.Errorf("store: read change log: %w", err)
	}
	end := ChangePos{Seq: trimmed.Seq}
	if last != nil && *last > end.Seq {
		end.Seq = *last
	}
	if end.Before(pos) {
		return ErrChangesReset
	}
	return nil
}

func (s *Store) changesTrimmedThrough(ctx context.Context, db *gorm.DB) (ChangePos, error) {
	var row metaRow
	err := db.WithContext(ctx).Where("key = ?", trimmedMetaKey).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ChangePos{}, nil
	}
	if err != nil {
		return ChangePos{}, fmt.Errorf("store: change log trim mark: %w", err)
	}
	return parseChangePos(row.Value)
}

// trimLock serialises trims between instances on PostgreSQL.
const trimLock = 727275

// TrimChanges deletes the changes recorded before olderThan and remembers
// how far it trimmed, so a reader that had not read them yet learns that it
// must rebuild (ErrChangesTrimmed) instead of missing them. It returns how
// many rows it deleted.
func (s *Store) TrimChanges(ctx context.Context, olderThan time.Time) (int, error) {
	var deleted int64
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		if s.driver == DriverPostgres {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", trimLock).Error; err != nil {
				return err
			}
		}
		horizon, err := s.changeHorizon(ctx, tx)
		if err != nil {
			return err
		}
		// The newest old-enough change whose transaction has ended: every
		// change up to it goes.
		var last []changeRow
		err = tx.Where("changed_at < ? AND tx < ?", olderThan.UTC(), horizon).
			Order("tx DESC, seq DESC").Limit(1).Find(&last).Error
		if err != nil || len(last) == 0 {
			return err
		}
		mark := ChangePos{Tx: last[0].Tx, Seq: last[0].Seq}
		res := tx.Where("tx < ? OR (tx = ? AND seq <= ?)", mark.Tx, mark.Tx, mark.Seq).Delete(&changeRow{})
		if res.Error != nil {
			return res.Error
		}
		deleted = res.RowsAffected
		prev, err := s.changesTrimmedThrough(ctx, tx)
		if err != nil {
			return err
		}
		if mark.Before(prev) {
			mark = prev
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "key"}},
			DoUpdates: clause.AssignmentColumns([]string{"value"}),
		}).Create(&metaRow{Key: trimmedMetaKey, Value: mark.String()}).Error
	})
	if err != nil {
		return 0, fmt.Errorf("store: trim change log: %w", err)
	}
	return int(deleted), nil
}
