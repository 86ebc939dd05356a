package store

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// Accounts: the people who sign in, what they may do per regional hub, and
// their server-side sessions. Nothing here decides a permission (that is
// internal/auth's one policy); the store only keeps the facts. Secrets are
// never stored as given: a password only as its argon2id hash, session and
// e-mail-link tokens only as their SHA-256, so a copy of the database does
// not let anyone in.

// User is one account.
type User struct {
	ID           int64
	Email        string // normalised: trimmed, lower case; unique
	Name         string // shown in the header; may be empty (then the address is shown)
	PasswordHash string // PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)
	ConfirmedAt  *time.Time
	Disabled     bool
	Created      time.Time
}

// Grant is one role of a user, for one regional hub ("" for a role that
// counts everywhere, like beheerder).
type Grant struct {
	Role string
	Hub  string
}

// Session is one signed-in browser.
type Session struct {
	ID       int64
	UserID   int64
	Created  time.Time
	LastSeen time.Time
	Expires  time.Time // absolute end, whatever the activity
}

// Purposes of a one-time e-mail link.
const (
	LinkConfirm = "bevestigen"
	LinkReset   = "wachtwoord"
)

// Errors of the account store.
var (
	ErrUserNotFound = errors.New("account niet gevonden")
	ErrEmailTaken   = errors.New("dit e-mailadres heeft al een account")
	ErrLinkInvalid  = errors.New("link ongeldig, verlopen of al gebruikt")
)

type userRow struct {
	ID           int64 `gorm:"primaryKey"`
	Email        string
	Name         string
	PasswordHash string
	ConfirmedAt  *time.Time
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

type grantRow struct {
	UserID    int64 `gorm:"primaryKey"`
	Role      string
	Hub       string
	CreatedAt time.Time
}

func (grantRow) TableName() string { return "role_grants" }

type sessionRow struct {
	ID         int64 `gorm:"primaryKey"`
	TokenHash  string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

func (sessionRow) TableName() string { return "sessions" }

type linkRow struct {
	TokenHash string `gorm:"primaryKey"`
	UserID    int64
	Purpose   string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

func (linkRow) TableName() string { return "account_links" }

type throttleRow struct {
	Key          string `gorm:"primaryKey"`
	Failures     int
	BlockedUntil time.Time
	UpdatedAt    time.Time
}

func (throttleRow) TableName() string { return "auth_throttle" }

// accountMigration is migration 6.
func accountMigration(tx *gorm.DB, d dialect) error {
	return execAll(tx, d, `
CREATE TABLE users (
	id {{id}},
	email VARCHAR(254) NOT NULL,
	name VARCHAR(200) NOT NULL DEFAULT '',
	password_hash {{text}} NOT NULL DEFAULT '',
	confirmed_at {{time}} NULL,
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
)`,
		`CREATE UNIQUE INDEX idx_users_email ON users (email)`,
		`
CREATE TABLE role_grants (
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role VARCHAR(50) NOT NULL,
	hub VARCHAR(100) NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	PRIMARY KEY (user_id, role, hub)
)`,
		`
CREATE TABLE sessions (
	id {{id}},
	token_hash VARCHAR(64) NOT NULL,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at {{time}} NOT NULL,
	last_seen_at {{time}} NOT NULL,
	expires_at {{time}} NOT NULL
)`,
		`CREATE UNIQUE INDEX idx_sessions_token ON sessions (token_hash)`,
		`CREATE INDEX idx_sessions_user ON sessions (user_id)`,
		`
CREATE TABLE account_links (
	token_hash VARCHAR(64) PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	purpose VARCHAR(20) NOT NULL,
	created_at {{time}} NOT NULL,
	expires_at {{time}} NOT NULL,
	used_at {{time}} NULL
)`,
		`CREATE INDEX idx_account_links_user ON account_links (user_id, purpose)`,
		`
CREATE TABLE auth_throttle (
	key VARCHAR(300) PRIMARY KEY,
	failures INTEGER NOT NULL DEFAULT 0,
	blocked_until {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
)`)
}
