package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// OutboxEntry is one pending change for the search index. The worker reads
// the material again by slug: a missing row means delete, whatever Op says.
type OutboxEntry struct {
	ID        int64
	Slug      string
	Op        string // OpUpsert or OpDelete
	CreatedAt time.Time
	Attempts  int
	LastError string
}

// ClaimOutbox takes up to limit entries that are due, oldest first, and
// hides them from other claimers for a lease (one minute), so several
// instances can run workers. An entry that is neither acked nor failed
// within the lease (its worker died) becomes due again.
func (s *Store) ClaimOutbox(ctx context.Context, limit int) ([]OutboxEntry, error) {
	var rows []outboxRow
	err := s.writeTxQuiet(ctx, func(tx *gorm.DB) error {
		now := s.now()
		q := tx.Where("next_attempt_at <= ?", now).Order("id").Limit(clampLimit(limit))
		if s.driver == DriverPostgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		return tx.Model(&outboxRow{}).Where("id IN ?", ids).Update("next_attempt_at", now.Add(s.claimLease)).Error
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim outbox: %w", err)
	}
	out := make([]OutboxEntry, len(rows))
	for i, r := range rows {
		out[i] = OutboxEntry{ID: r.ID, Slug: r.MaterialSlug, Op: r.Op, CreatedAt: r.CreatedAt.UTC(), Attempts: r.Attempts, LastError: r.LastError}
	}
	return out, nil
}

// AckOutbox removes entries the index has applied.
func (s *Store) AckOutbox(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.writeTxQuiet(ctx, func(tx *gorm.DB) error {
		return tx.Where("id IN ?", ids).Delete(&outboxRow{}).Error
	})
	if err != nil {
		return fmt.Errorf("store: ack outbox: %w", err)
	}
	return nil
}

// maxErrorLen bounds the stored error text.
const maxErrorLen = 2000

// FailOutbox records a failed attempt and when to try again.
func (s *Store) FailOutbox(ctx context.Context, id int64, cause error, nextAttempt time.Time) error {
	msg := ""
	if cause != nil {
		msg = cause.Error()
	}
	if len(msg) > maxErrorLen {
		// Cut on a character boundary: PostgreSQL refuses broken UTF-8.
		msg = strings.ToValidUTF8(msg[:maxErrorLen], "")
	}
	msg = strings.ReplaceAll(msg, "\x00", "")
	err := s.writeTxQuiet(ctx, func(tx *gorm.DB) error {
		return tx.Model(&outboxRow{}).Where("id = ?", id).Updates(map[string]any{
			"attempts":        gorm.Expr("attempts + 1"),
			"last_error":      msg,
			"next_attempt_at": nextAttempt.UTC().Truncate(time.Microsecond),
		}).Error
	})
	if err != nil {
		return fmt.Errorf("store: fail outbox %d: %w", id, err)
	}
	return nil
}

// OutboxDepth counts the entries not yet acked (for metrics and /readyz).
func (s *Store) OutboxDepth(ctx context.Context) (int, error) {
	var n int64
	if err := s.read.WithContext(ctx).Model(&outboxRow{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: outbox depth: %w", err)
	}
	return int(n), nil
}

// PendingOutboxIDs lists the ids of every committed outbox entry. A full
// rebuild that starts reading the materials after this call reflects all of
// them, so they can be acked afterwards instead of being indexed a second
// time; an entry still uncommitted now is not listed and stays for the
// worker (ids are not a safe bound: on PostgreSQL a lower id can commit later).
func (s *Store) PendingOutboxIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	if err := s.read.WithContext(ctx).Model(&outboxRow{}).Order("id").Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("store: outbox ids: %w", err)
	}
	return ids, nil
}
