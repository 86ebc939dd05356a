package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Personal API tokens: a person's key for scripts that call /api/v1 with
// their rights. Like sessions, only the SHA-256 of a token is stored, so a
// copy of the database opens nothing. A revoked token is deleted: nothing
// about it needs keeping, and an unknown hash is refused the same way.

// APIToken is one personal token (never its secret).
type APIToken struct {
	ID       int64
	UserID   int64
	Name     string
	Created  time.Time
	LastUsed *time.Time
}

// ErrTokenNameTaken: the account already has a token of that name.
var ErrTokenNameTaken = errors.New("dit account heeft al een sleutel met die naam")

type apiTokenRow struct {
	ID         int64 `gorm:"primaryKey"`
	UserID     int64
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

func (apiTokenRow) TableName() string { return "api_tokens" }

func (r apiTokenRow) token() APIToken {
	t := APIToken{ID: r.ID, UserID: r.UserID, Name: r.Name, Created: r.CreatedAt.UTC()}
	if r.LastUsedAt != nil {
		u := r.LastUsedAt.UTC()
		t.LastUsed = &u
	}
	return t
}

// tokenMigration is migration 8.
func tokenMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE api_tokens (
	id {{id}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name VARCHAR(100) NOT NULL,
	token_hash VARCHAR(64) NOT NULL,
	created_at {{time}} NOT NULL,
	last_used_at {{time}} NULL
)`,
		`CREATE UNIQUE INDEX idx_api_tokens_hash ON api_tokens (token_hash)`,
		`CREATE UNIQUE INDEX idx_api_tokens_name ON api_tokens (user_id, name)`)
}

// CreateAPIToken stores a token of userID under its hash;
// ErrTokenNameTaken when the account has one of that name.
func (s *Store) CreateAPIToken(ctx context.Context, userID int64, name, tokenHash string) (APIToken, error) {
	row := apiTokenRow{UserID: userID, Name: name, TokenHash: tokenHash, CreatedAt: s.now()}
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&apiTokenRow{}).Where("user_id = ? AND name = ?", userID, name).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrTokenNameTaken
		}
		return tx.Create(&row).Error
	})
	if isUniqueViolation(err) {
		err = ErrTokenNameTaken
	}
	if err != nil {
		return APIToken{}, fmt.Errorf("store: sleutel bewaren: %w", err)
	}
	return row.token(), nil
}

// APITokens lists an account's tokens, newest first.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	var rows []apiTokenRow
	if err := s.read.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: sleutels lezen: %w", err)
	}
	out := make([]APIToken, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.token())
	}
	return out, nil
}

// APITokenByHash finds a token with its owner; ErrNotFound when unknown.
func (s *Store) APITokenByHash(ctx context.Context, tokenHash string) (APIToken, User, error) {
	var rows []apiTokenRow
	if err := s.read.WithContext(ctx).Where("token_hash = ?", tokenHash).Limit(1).Find(&rows).Error; err != nil {
		return APIToken{}, User{}, fmt.Errorf("store: sleutel lezen: %w", err)
	}
	if len(rows) == 0 {
		return APIToken{}, User{}, ErrNotFound
	}
	u, err := s.UserByID(ctx, rows[0].UserID)
	if err != nil {
		return APIToken{}, User{}, err
	}
	return rows[0].token(), u, nil
}

// TouchAPIToken records when a token was last used.
func (s *Store) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	return s.writeTx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&apiTokenRow{}).Where("id = ?", id).Update("last_used_at", at.UTC()).Error
	})
}

// DeleteAPIToken revokes token id of userID. The owner is part of the
// condition, so someone else's id in a form revokes nothing; it reports
// whether a token went.
func (s *Store) DeleteAPIToken(ctx context.Context, userID, id int64) (bool, error) {
	var n int64
	err := s.writeTx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("user_id = ? AND id = ?", userID, id).Delete(&apiTokenRow{})
		n = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return false, fmt.Errorf("store: sleutel intrekken: %w", err)
	}
	return n > 0, nil
}

// FindUsers finds accounts whose address or name contains q (case-blind;
// % and _ are literal), ordered by address; an empty q lists the first
// limit accounts.
func (s *Store) FindUsers(ctx context.Context, q string, limit int) ([]User, error) {
	db := s.read.WithContext(ctx).Order("email").Limit(limit)
	if q = strings.ToLower(strings.TrimSpace(q)); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
		db = db.Where(`LOWER(email) LIKE ? ESCAPE '\' OR LOWER(name) LIKE ? ESCAPE '\'`, like, like)
	}
	var rows []userRow
	if err := db.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: accounts zoeken: %w", err)
	}
	out := make([]User, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.user())
	}
	return out, nil
}
