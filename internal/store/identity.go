package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// OpenID Connect: an account may be reached through an identity at a
// school's identity provider. The identity is the pair issuer + subject
// (the provider's stable id for the person), never the e-mail address,
// which a school may change. internal/auth decides when an identity may
// be linked to an account; the store keeps the facts and writes each
// link in one transaction.

// Identity is one provider identity of an account.
type Identity struct {
	Issuer   string
	Subject  string
	UserID   int64
	Email    string // the address the provider last gave, for the admin; not used to sign in
	Created  time.Time
	LastUsed time.Time
}

// OIDCLogin is a sign-in that went to the provider and has not come back
// yet: state (only its SHA-256), nonce and PKCE verifier, single-use.
type OIDCLogin struct {
	StateHash string
	Nonce     string
	Verifier  string
	Back      string // where to go after signing in (a path on this site)
	Expires   time.Time
}

// ErrOIDCLoginUnknown: no such sign-in, or it was spent already.
var ErrOIDCLoginUnknown = errors.New("onbekende of al gebruikte aanmelding")

type identityRow struct {
	Issuer     string `gorm:"primaryKey"`
	Subject    string `gorm:"primaryKey"`
	UserID     int64
	Email      string
	CreatedAt  time.Time
	LastUsedAt time.Time
}

func (identityRow) TableName() string { return "user_identities" }

type oidcLoginRow struct {
	StateHash string `gorm:"primaryKey"`
	Nonce     string
	Verifier  string
	Back      string
	ExpiresAt time.Time
}

func (oidcLoginRow) TableName() string { return "oidc_logins" }

// identityMigration is migration 7.
func identityMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE user_identities (
	issuer VARCHAR(500) NOT NULL,
	subject VARCHAR(255) NOT NULL,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	email VARCHAR(254) NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	last_used_at {{time}} NOT NULL,
	PRIMARY KEY (issuer, subject)
)`,
		`CREATE INDEX idx_user_identities_user ON user_identities (user_id)`,
		`
CREATE TABLE oidc_logins (
	state_hash VARCHAR(64) PRIMARY KEY,
	nonce VARCHAR(100) NOT NULL,
	verifier VARCHAR(100) NOT NULL,
	back VARCHAR(500) NOT NULL DEFAULT '',
	expires_at {{time}} NOT NULL
)`,
		`CREATE INDEX idx_oidc_logins_expires ON oidc_logins (expires_at)`,
	)
}

// CreateOIDCLogin records a sign-in on its way to the provider, and drops
// those that expired long ago (abandoned at the provider), so the table
// stays small without a background job.
func (s *Store) CreateOIDCLogin(ctx context.Context, l OIDCLogin) error {
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("expires_at < ?", s.now().Add(-time.Hour)).Delete(&oidcLoginRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&oidcLoginRow{StateHash: l.StateHash, Nonce: l.Nonce, Verifier: l.Verifier, Back: l.Back, ExpiresAt: l.Expires}).Error
	})
	if err != nil {
		return fmt.Errorf("store: OIDC-aanmelding bewaren: %w", err)
	}
	return nil
}

// TakeOIDCLogin spends a recorded sign-in: it is deleted whatever the
// outcome, so a state (and the code that came with it) works once. The
// caller checks Expires against its clock.
func (s *Store) TakeOIDCLogin(ctx context.Context, stateHash string) (OIDCLogin, error) {
	var row oidcLoginRow
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var rows []oidcLoginRow
		if err := tx.Where("state_hash = ?", stateHash).Limit(1).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return ErrOIDCLoginUnknown
		}
		row = rows[0]
		// The conditional delete makes it single-use when two callbacks race.
		res := tx.Where("state_hash = ?", stateHash).Delete(&oidcLoginRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrOIDCLoginUnknown
		}
		return nil
	})
	switch {
	case errors.Is(err, ErrOIDCLoginUnknown):
		return OIDCLogin{}, ErrOIDCLoginUnknown
	case err != nil:
		return OIDCLogin{}, fmt.Errorf("store: OIDC-aanmelding lezen: %w", err)
	}
	return OIDCLogin{StateHash: row.StateHash, Nonce: row.Nonce, Verifier: row.Verifier, Back: row.Back, Expires: row.ExpiresAt}, nil
}

// UserByIdentity returns the account of issuer + subject and notes the
// use (and the address the provider gives now). ErrUserNotFound when the
// identity is not linked yet.
func (s *Store) UserByIdentity(ctx context.Context, issuer, subject, email string) (User, error) {
	var u userRow
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var ids []identityRow
		if err := tx.Where("issuer = ? AND subject = ?", issuer, subject).Limit(1).Find(&ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return ErrUserNotFound
		}
		if err := tx.Model(&identityRow{}).Where("issuer = ? AND subject = ?", issuer, subject).
			Updates(map[string]any{"email": NormalizeEmail(email), "last_used_at": s.now()}).Error; err != nil {
			return err
		}
		return tx.Where("id = ?", ids[0].UserID).Take(&u).Error
	})
	if errors.Is(err, ErrUserNotFound) || errors.Is(err, gorm.ErrRecordNotFound) {
		return User{}, ErrUserNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("store: identiteit opzoeken: %w", err)
	}
	return u.user(), nil
}

// LinkIdentity links issuer + subject to the account of email, or makes
// a confirmed account without a password for it; the caller has checked
// that the provider verified the address. An unconfirmed account that is
// linked becomes confirmed and loses its password: that password was
// never proven to belong to the owner of the address (someone else may
// have registered it first), and the provider just proved who is.
// created says whether the account is new.
func (s *Store) LinkIdentity(ctx context.Context, issuer, subject, email, name string) (User, bool, error) {
	email = NormalizeEmail(email)
	if email == "" {
		return User{}, false, fmt.Errorf("store: identiteit zonder e-mailadres")
	}
	var (
		u       userRow
		created bool
	)
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		var users []userRow
		if err := tx.Where("email = ?", email).Limit(1).Find(&users).Error; err != nil {
			return err
		}
		if len(users) == 1 {
			u = users[0]
			if u.ConfirmedAt == nil {
				u.ConfirmedAt, u.PasswordHash, u.UpdatedAt = &now, "", now
				if err := tx.Model(&userRow{}).Where("id = ?", u.ID).
					Updates(map[string]any{"confirmed_at": now, "password_hash": "", "updated_at": now}).Error; err != nil {
					return err
				}
			}
		} else {
			u = userRow{Email: email, Name: name, ConfirmedAt: &now, CreatedAt: now, UpdatedAt: now}
			if err := tx.Create(&u).Error; err != nil {
				return err
			}
			created = true
		}
		return tx.Create(&identityRow{Issuer: issuer, Subject: subject, UserID: u.ID, Email: email, CreatedAt: now, LastUsedAt: now}).Error
	})
	if err != nil {
		return User{}, false, fmt.Errorf("store: identiteit koppelen: %w", err)
	}
	return u.user(), created, nil
}

// Identities lists the provider identities of an account.
func (s *Store) Identities(ctx context.Context, userID int64) ([]Identity, error) {
	var rows []identityRow
	if err := s.read.WithContext(ctx).Where("user_id = ?", userID).Order("created_at").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: identiteiten lezen: %w", err)
	}
	out := make([]Identity, len(rows))
	for i, r := range rows {
		out[i] = Identity{Issuer: r.Issuer, Subject: r.Subject, UserID: r.UserID, Email: r.Email, Created: r.CreatedAt, LastUsed: r.LastUsedAt}
	}
	return out, nil
}
