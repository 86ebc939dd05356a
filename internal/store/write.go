package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// UpsertStatus says what UpsertMaterials did with one material.
type UpsertStatus string

// Upsert outcomes.
const (
	Created   UpsertStatus = "created"
	Updated   UpsertStatus = "updated"
	Unchanged UpsertStatus = "unchanged"
)

// UpsertResult is the outcome for one material, in input order.
type UpsertResult struct {
	Slug   string
	Status UpsertStatus
}

// Outbox operations.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
)

// Insert batch sizes: well under SQLite's 32766 and PostgreSQL's 65535
// bound parameters per statement.
const (
	materialInsertBatch = 200
	termInsertBatch     = 2000
)

// UpsertMaterials writes a batch in one transaction. A material whose
// ContentHash equals the stored one is left alone (no write, no outbox
// row); every created or updated material gets an outbox row in the same
// transaction, so the search index learns about exactly the committed
// writes. Slugs must be non-empty and unique within the batch.
func (s *Store) UpsertMaterials(ctx context.Context, ms []catalog.Material) ([]UpsertResult, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	seen := make(map[string]bool, len(ms))
	for i := range ms {
		slug := ms[i].Slug
		if slug == "" {
			return nil, fmt.Errorf("store: upsert materials: material %d has no slug", i)
		}
		if seen[slug] {
			return nil, fmt.Errorf("store: upsert materials: slug %q twice in one batch", slug)
		}
		seen[slug] = true
	}
	var results []UpsertResult
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var err error
		results, err = s.upsertBatch(tx, ms)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: upsert materials: %w", err)
	}
	return results, nil
}

type existingRow struct {
	ID          int64
	Slug        string
	ContentHash string
}

func (s *Store) upsertBatch(tx *gorm.DB, ms []catalog.Material) ([]UpsertResult, error) {
	slugs := make([]string, len(ms))
	for i := range ms {
		slugs[i] = ms[i].Slug
	}
	q := tx.Model(&materialRow{}).Select("id, slug, content_hash").Where("slug IN ?", slugs).Order("slug")
	if s.driver == DriverPostgres {
		// Lock the rows we may update, in slug order, so two concurrent
		// batches cannot deadlock on each other.
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var found []existingRow
	if err := q.Find(&found).Error; err != nil {
		return nil, fmt.Errorf("read existing: %w", err)
	}
	existing := make(map[string]existingRow, len(found))
	for _, r := range found {
		existing[r.Slug] = r
	}

	now := s.now()
	results := make([]UpsertResult, len(ms))
	var creates, updates []materialRow
	var createIdx, updateIdx []int
	for i := range ms {
		m := &ms[i]
		results[i].Slug = m.Slug
		old, ok := existing[m.Slug]
		if ok && m.ContentHash != "" && old.ContentHash == m.ContentHash {
			results[i].Status = Unchanged
			continue
		}
		row, err := toRow(m)
		if err != nil {
			return nil, err
		}
		row.UpdatedAt = now
		if ok {
			row.ID = old.ID
			results[i].Status = Updated
			updates = append(updates, row)
			updateIdx = append(updateIdx, i)
		} else {
			row.CreatedAt = now
			results[i].Status = Created
			creates = append(creates, row)
			createIdx = append(createIdx, i)
		}
	}

	if len(creates) > 0 {
		if err := tx.CreateInBatches(&creates, materialInsertBatch).Error; err != nil {
			return nil, fmt.Errorf("insert materials: %w", err)
		}
	}
	var changedIDs []int64
	for i := range updates {
		// created_at is kept: a material keeps its first import time.
		err := tx.Model(&materialRow{}).Where("id = ?", updates[i].ID).
			Select("*").Omit("id", "created_at").Updates(&updates[i]).Error
		if err != nil {
			return nil, fmt.Errorf("update material %q: %w", updates[i].Slug, err)
		}
		changedIDs = append(changedIDs, updates[i].ID)
	}
	if len(changedIDs) > 0 {
		if err := tx.Where("material_id IN ?", changedIDs).Delete(&termRow{}).Error; err != nil {
			return nil, fmt.Errorf("clear terms: %w", err)
		}
	}

	var terms []termRow
	var outbox []outboxRow
	for k, row := range creates {
		terms = append(terms, termRows(row.ID, &ms[createIdx[k]])...)
		outbox = append(outbox, outboxFor(row.Slug, OpUpsert, now))
	}
	for k, row := range updates {
		terms = append(terms, termRows(row.ID, &ms[updateIdx[k]])...)
		outbox = append(outbox, outboxFor(row.Slug, OpUpsert, now))
	}
	if len(terms) > 0 {
		if err := tx.CreateInBatches(&terms, termInsertBatch).Error; err != nil {
			return nil, fmt.Errorf("insert terms: %w", err)
		}
	}
	if len(outbox) > 0 {
		if err := tx.CreateInBatches(&outbox, termInsertBatch).Error; err != nil {
			return nil, fmt.Errorf("insert outbox: %w", err)
		}
	}
	return results, nil
}

func outboxFor(slug, op string, now time.Time) outboxRow {
	return outboxRow{MaterialSlug: slug, Op: op, CreatedAt: now, NextAttemptAt: now}
}

// DeleteMaterial removes a material (its terms follow by cascade) and
// records an outbox delete in the same transaction.
func (s *Store) DeleteMaterial(ctx context.Context, slug string) error {
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("slug = ?", slug).Delete(&materialRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		row := outboxFor(slug, OpDelete, s.now())
		return tx.Create(&row).Error
	})
	if err != nil {
		return fmt.Errorf("store: delete material %q: %w", slug, err)
	}
	return nil
}

// writeTx runs fn in a write transaction. On PostgreSQL, a transaction that
// lost a race with a concurrent writer (unique violation on a slug both
// inserted, deadlock, serialisation failure) is retried from the start: the
// retry sees the other writer's committed rows and classifies them anew.
func (s *Store) writeTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	const attempts = 5
	var err error
	for i := 0; i < attempts; i++ {
		err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := fn(tx); err != nil {
				return err
			}
			if s.beforeCommit != nil {
				return s.beforeCommit(ctx)
			}
			return nil
		})
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

func retryable(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "23505", "40001", "40P01": // unique_violation, serialization_failure, deadlock_detected
		return true
	}
	return false
}
