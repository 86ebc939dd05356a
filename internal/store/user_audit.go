package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Changes to accounts made on someone's behalf (the admin page) are written
// to the audit log in the same transaction as the change, so the log never
// misses a change nor records one that did not happen.

// Audit actions about accounts (material_id 0; the note names the account).
const (
	AuditGrant   = "user.grant"
	AuditRevoke  = "user.revoke"
	AuditDisable = "user.disable"
	AuditEnable  = "user.enable"
)

// SetGrantAs is SetGrant on behalf of by, with an audit entry carrying
// note when something changed.
func (s *Store) SetGrantAs(ctx context.Context, userID int64, g Grant, on bool, by Actor, note string) (bool, error) {
	changed := false
	err := s.writeTx(ctx, func(tx *gorm.DB) (err error) {
		if changed, err = s.setGrantTx(tx, userID, g, on); err != nil || !changed {
			return err
		}
		action := AuditRevoke
		if on {
			action = AuditGrant
		}
		return s.auditAccount(tx, by, action, note)
	})
	if err != nil {
		return false, fmt.Errorf("store: rol bewaren: %w", err)
	}
	return changed, nil
}

// SetUserDisabledAs is SetUserDisabled on behalf of by, audited.
func (s *Store) SetUserDisabledAs(ctx context.Context, userID int64, disabled bool, by Actor, note string) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		if err := s.setUserDisabledTx(tx, userID, disabled); err != nil {
			return err
		}
		action := AuditEnable
		if disabled {
			action = AuditDisable
		}
		return s.auditAccount(tx, by, action, note)
	})
}

func (s *Store) auditAccount(tx *gorm.DB, by Actor, action, note string) error {
	return tx.Create(&auditRow{At: s.now(), Actor: by.Label, ActorUserID: by.UserID, Action: action, Note: note}).Error
}
