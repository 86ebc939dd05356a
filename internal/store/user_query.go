package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// NormalizeEmail is the one form an address is stored and looked up in:
// trimmed and lower case (providers treat the local part case-blind in
// practice, and "An@School.be" must not become a second account).
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func (r userRow) user() User {
	u := User{ID: r.ID, Email: r.Email, Name: r.Name, PasswordHash: r.PasswordHash, Disabled: r.Disabled, Created: r.CreatedAt.UTC()}
	if r.ConfirmedAt != nil {
		t := r.ConfirmedAt.UTC()
		u.ConfirmedAt = &t
	}
	return u
}

// CreateUser stores a new account; ErrEmailTaken when the address has one.
func (s *Store) CreateUser(ctx context.Context, email, name, passwordHash string, confirmed bool) (User, error) {
	now := s.now()
	row := userRow{Email: NormalizeEmail(email), Name: strings.TrimSpace(name), PasswordHash: passwordHash, CreatedAt: now, UpdatedAt: now}
	if row.Email == "" {
		return User{}, fmt.Errorf("store: account zonder e-mailadres")
	}
	if confirmed {
		row.ConfirmedAt = &now
	}
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&userRow{}).Where("email = ?", row.Email).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrEmailTaken
		}
		return tx.Create(&row).Error
	})
	if isUniqueViolation(err) {
		err = ErrEmailTaken
	}
	if err != nil {
		return User{}, fmt.Errorf("store: account aanmaken: %w", err)
	}
	return row.user(), nil
}

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// UserByEmail finds an account by address (normalised here).
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	return s.userWhere(ctx, "email = ?", NormalizeEmail(email))
}

// UserByID finds an account by id.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	return s.userWhere(ctx, "id = ?", id)
}

func (s *Store) userWhere(ctx context.Context, where string, arg any) (User, error) {
	var rows []userRow
	if err := s.read.WithContext(ctx).Where(where, arg).Limit(1).Find(&rows).Error; err != nil {
		return User{}, fmt.Errorf("store: account lezen: %w", err)
	}
	if len(rows) == 0 {
		return User{}, ErrUserNotFound
	}
	return rows[0].user(), nil
}

// SetPasswordHash replaces an account's password hash. When endSessions is
// set, every session of the account except keepSession ends in the same
// transaction (a password change signs out the other browsers).
func (s *Store) SetPasswordHash(ctx context.Context, userID int64, hash string, endSessions bool, keepSession int64) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&userRow{}).Where("id = ?", userID).Updates(map[string]any{"password_hash": hash, "updated_at": s.now()})
		if res.Error != nil {
			return fmt.Errorf("store: wachtwoord bewaren: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrUserNotFound
		}
		if endSessions {
			return tx.Where("user_id = ? AND id <> ?", userID, keepSession).Delete(&sessionRow{}).Error
		}
		return nil
	})
}

// SetUserDisabled disables or enables an account; disabling ends its sessions.
func (s *Store) SetUserDisabled(ctx context.Context, userID int64, disabled bool) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error { return s.setUserDisabledTx(tx, userID, disabled) })
}

func (s *Store) setUserDisabledTx(tx *gorm.DB, userID int64, disabled bool) error {
	res := tx.Model(&userRow{}).Where("id = ?", userID).Updates(map[string]any{"disabled": disabled, "updated_at": s.now()})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrUserNotFound
	}
	if disabled {
		return tx.Where("user_id = ?", userID).Delete(&sessionRow{}).Error
	}
	return nil
}

// Grants lists an account's roles, ordered by role and hub.
func (s *Store) Grants(ctx context.Context, userID int64) ([]Grant, error) {
	var rows []grantRow
	if err := s.read.WithContext(ctx).Where("user_id = ?", userID).Order("role, hub").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: rollen lezen: %w", err)
	}
	out := make([]Grant, 0, len(rows))
	for _, r := range rows {
		out = append(out, Grant{Role: r.Role, Hub: r.Hub})
	}
	return out, nil
}

// SetGrant adds (on) or removes (off) a role and reports whether anything
// changed. A change of rights ends the account's sessions in the same
// transaction: the next sign-in gets a new session id, so a session id
// fixed before the change never carries the new rights.
func (s *Store) SetGrant(ctx context.Context, userID int64, g Grant, on bool) (bool, error) {
	changed := false
	err := s.writeTx(ctx, func(tx *gorm.DB) (err error) {
		changed, err = s.setGrantTx(tx, userID, g, on)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: rol bewaren: %w", err)
	}
	return changed, nil
}

func (s *Store) setGrantTx(tx *gorm.DB, userID int64, g Grant, on bool) (bool, error) {
	var res *gorm.DB
	if on {
		res = tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&grantRow{UserID: userID, Role: g.Role, Hub: g.Hub, CreatedAt: s.now()})
	} else {
		res = tx.Where("user_id = ? AND role = ? AND hub = ?", userID, g.Role, g.Hub).Delete(&grantRow{})
	}
	if res.Error != nil {
		return false, res.Error
	}
	if res.RowsAffected == 0 {
		return false, nil
	}
	return true, tx.Where("user_id = ?", userID).Delete(&sessionRow{}).Error
}

// CreateSession stores a session under the hash of its token, started
// now (the caller's clock, which also judges the expiry).
func (s *Store) CreateSession(ctx context.Context, userID int64, tokenHash string, now, expires time.Time) (Session, error) {
	now = now.UTC().Truncate(time.Microsecond)
	row := sessionRow{TokenHash: tokenHash, UserID: userID, CreatedAt: now, LastSeenAt: now, ExpiresAt: expires.UTC()}
	if err := s.writeTx(ctx, func(tx *gorm.DB) error { return tx.Create(&row).Error }); err != nil {
		return Session{}, fmt.Errorf("store: sessie bewaren: %w", err)
	}
	return row.session(), nil
}

func (r sessionRow) session() Session {
	return Session{ID: r.ID, UserID: r.UserID, Created: r.CreatedAt.UTC(), LastSeen: r.LastSeenAt.UTC(), Expires: r.ExpiresAt.UTC()}
}

// SessionByToken finds a session by its token hash, with its account.
// Expiry is the caller's rule (internal/auth); ErrNotFound when unknown.
func (s *Store) SessionByToken(ctx context.Context, tokenHash string) (Session, User, error) {
	var rows []sessionRow
	if err := s.read.WithContext(ctx).Where("token_hash = ?", tokenHash).Limit(1).Find(&rows).Error; err != nil {
		return Session{}, User{}, fmt.Errorf("store: sessie lezen: %w", err)
	}
	if len(rows) == 0 {
		return Session{}, User{}, ErrNotFound
	}
	u, err := s.UserByID(ctx, rows[0].UserID)
	if err != nil {
		return Session{}, User{}, err
	}
	return rows[0].session(), u, nil
}

// TouchSession records activity (for the idle expiry).
func (s *Store) TouchSession(ctx context.Context, id int64, at time.Time) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&sessionRow{}).Where("id = ?", id).Update("last_seen_at", at.UTC()).Error
	})
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, id int64) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error { return tx.Where("id = ?", id).Delete(&sessionRow{}).Error })
}

// DeleteUserSessions ends every session of an account except keep (0: all).
func (s *Store) DeleteUserSessions(ctx context.Context, userID, keep int64) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		return tx.Where("user_id = ? AND id <> ?", userID, keep).Delete(&sessionRow{}).Error
	})
}

// CountSessions counts an account's sessions (for "overal afmelden" and tests).
func (s *Store) CountSessions(ctx context.Context, userID int64) (int, error) {
	var n int64
	err := s.read.WithContext(ctx).Model(&sessionRow{}).Where("user_id = ?", userID).Count(&n).Error
	return int(n), err
}

// CreateLink stores a one-time e-mail link; earlier unused links of the
// same purpose for the account stop working, so only the newest mail counts.
func (s *Store) CreateLink(ctx context.Context, userID int64, purpose, tokenHash string, expires time.Time) error {
	now := s.now()
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ? AND purpose = ? AND used_at IS NULL", userID, purpose).Delete(&linkRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&linkRow{TokenHash: tokenHash, UserID: userID, Purpose: purpose, CreatedAt: now, ExpiresAt: expires.UTC()}).Error
	})
}

// UseLink spends a one-time link and applies its effect in the same
// transaction: LinkConfirm confirms the address, LinkReset sets
// newPasswordHash, confirms the address and ends every session of the account. A link that is
// unknown, of another purpose, expired or used gives ErrLinkInvalid.
func (s *Store) UseLink(ctx context.Context, purpose, tokenHash, newPasswordHash string) (int64, error) {
	var userID int64
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		var rows []linkRow
		if err := tx.Where("token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?", tokenHash, purpose, now).
			Limit(1).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return ErrLinkInvalid
		}
		userID = rows[0].UserID
		// The conditional update is what makes the link single-use when two
		// requests race: only one of them changes the row.
		res := tx.Model(&linkRow{}).Where("token_hash = ? AND used_at IS NULL", tokenHash).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrLinkInvalid
		}
		switch purpose {
		case LinkConfirm:
			return tx.Model(&userRow{}).Where("id = ? AND confirmed_at IS NULL", userID).Updates(map[string]any{"confirmed_at": now, "updated_at": now}).Error
		case LinkReset:
			if err := tx.Model(&userRow{}).Where("id = ?", userID).Updates(map[string]any{"password_hash": newPasswordHash, "updated_at": now}).Error; err != nil {
				return err
			}
			// The link reached the address: that confirms it as well.
			if err := tx.Model(&userRow{}).Where("id = ? AND confirmed_at IS NULL", userID).Update("confirmed_at", now).Error; err != nil {
				return err
			}
			return tx.Where("user_id = ?", userID).Delete(&sessionRow{}).Error
		}
		return fmt.Errorf("onbekend doel %q", purpose)
	})
	if err != nil {
		if errors.Is(err, ErrLinkInvalid) {
			return 0, ErrLinkInvalid
		}
		return 0, fmt.Errorf("store: link gebruiken: %w", err)
	}
	return userID, nil
}

// BlockedUntil is the latest end of a block among keys (zero: none blocked).
func (s *Store) BlockedUntil(ctx context.Context, keys ...string) (time.Time, error) {
	var rows []throttleRow
	if err := s.read.WithContext(ctx).Where("key IN ?", keys).Find(&rows).Error; err != nil {
		return time.Time{}, fmt.Errorf("store: pogingen lezen: %w", err)
	}
	var until time.Time
	for _, r := range rows {
		if r.BlockedUntil.After(until) {
			until = r.BlockedUntil.UTC()
		}
	}
	return until, nil
}

// RecordFailure counts a failed attempt for key and sets the block that
// delay gives for the new count of failures. A key whose last failure is
// older than forget starts again from zero, so failures never add up to a
// block for good. now is the caller's clock (it also reads the blocks).
// The read and the write happen in one transaction (a row lock on
// PostgreSQL), so instances that fail at once both count.
func (s *Store) RecordFailure(ctx context.Context, key string, now time.Time, forget time.Duration, delay func(failures int) time.Duration) error {
	now = now.UTC().Truncate(time.Microsecond)
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		q := tx
		if s.driver == DriverPostgres {
			q = tx.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var rows []throttleRow
		if err := q.Where("key = ?", key).Limit(1).Find(&rows).Error; err != nil {
			return err
		}
		r := throttleRow{Key: key}
		if len(rows) == 1 && now.Sub(rows[0].UpdatedAt) < forget {
			r = rows[0]
		}
		r.Failures++
		r.BlockedUntil, r.UpdatedAt = now.Add(delay(r.Failures)), now
		if len(rows) == 0 {
			return tx.Create(&r).Error // a racing insert is retried by writeTx
		}
		return tx.Model(&throttleRow{}).Where("key = ?", key).
			Updates(map[string]any{"failures": r.Failures, "blocked_until": r.BlockedUntil, "updated_at": now}).Error
	})
}

// ClearFailures forgets the failures of key (after a successful sign-in).
func (s *Store) ClearFailures(ctx context.Context, key string) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error { return tx.Where("key = ?", key).Delete(&throttleRow{}).Error })
}

// Pruned counts what PruneAccounts removed.
type Pruned struct{ Sessions, Links, Throttle int64 }

// PruneAccounts removes what can no longer be used: sessions past their
// end or unused for idle, spent or expired links, and throttle rows whose
// block is over and whose failures are older than forget (they would be
// forgotten anyway). now is the caller's clock.
func (s *Store) PruneAccounts(ctx context.Context, now time.Time, idle, forget time.Duration) (Pruned, error) {
	now = now.UTC()
	var p Pruned
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("expires_at < ? OR last_seen_at < ?", now, now.Add(-idle)).Delete(&sessionRow{})
		if res.Error != nil {
			return res.Error
		}
		p.Sessions = res.RowsAffected
		if res = tx.Where("used_at IS NOT NULL OR expires_at < ?", now).Delete(&linkRow{}); res.Error != nil {
			return res.Error
		}
		p.Links = res.RowsAffected
		if res = tx.Where("updated_at < ? AND blocked_until < ?", now.Add(-forget), now).Delete(&throttleRow{}); res.Error != nil {
			return res.Error
		}
		p.Throttle = res.RowsAffected
		return nil
	})
	if err != nil {
		return Pruned{}, fmt.Errorf("store: accounts opruimen: %w", err)
	}
	return p, nil
}

// HubModerators lists the enabled accounts that moderate hub, by name
// (then e-mail, for a stable order).
func (s *Store) HubModerators(ctx context.Context, hub string) ([]User, error) {
	var rows []userRow
	err := s.read.WithContext(ctx).Table("users").
		Joins("JOIN role_grants ON role_grants.user_id = users.id").
		Where("role_grants.role = ? AND role_grants.hub = ? AND users.disabled = ?", "moderator", hub, false).
		Order("users.name, users.email").Select("users.*").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: moderatoren van hub %q lezen: %w", hub, err)
	}
	out := make([]User, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.user())
	}
	return out, nil
}
