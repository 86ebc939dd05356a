package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// GetMeta returns a stored value and whether it exists.
func (s *Store) GetMeta(ctx context.Context, key string) (string, bool, error) {
	var row metaRow
	err := s.read.WithContext(ctx).Where("key = ?", key).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: get meta %q: %w", key, err)
	}
	return row.Value, true, nil
}

// SetMeta stores a value, replacing any earlier one.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "key"}},
			DoUpdates: clause.AssignmentColumns([]string{"value"}),
		}).Create(&metaRow{Key: key, Value: value}).Error
	})
	if err != nil {
		return fmt.Errorf("store: set meta %q: %w", key, err)
	}
	return nil
}
