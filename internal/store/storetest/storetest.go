// Package storetest gives tests in other rooms a real store: SQLite always,
// and PostgreSQL when HUB_TEST_POSTGRES_DSN is set, each run in a fresh
// database (a temp file, or a schema of its own that is dropped afterwards).
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/stem-kennishub/hub/internal/store"
)

// EnvPostgres names the variable holding the PostgreSQL test DSN.
const EnvPostgres = "HUB_TEST_POSTGRES_DSN"

// EachDB runs fn against SQLite and, when configured, PostgreSQL.
func EachDB(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv(EnvPostgres)
		if dsn == "" {
			t.Skipf("%s niet gezet: PostgreSQL-helft overgeslagen", EnvPostgres)
		}
		fn(t, Postgres(t, dsn))
	})
}

// SQLite opens a store on a fresh file.
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Config{DSN: filepath.Join(t.TempDir(), "hub.db")})
	if err != nil {
		t.Fatalf("open SQLite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Postgres opens a store in a schema of its own.
func Postgres(t testing.TB, dsn string) *store.Store {
	t.Helper()
	admin, err := gorm.Open(postgres.Open(dsn), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		t.Fatalf("connect PostgreSQL: %v", err)
	}
	adminDB, _ := admin.DB()
	t.Cleanup(func() { adminDB.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "hubtest_" + hex.EncodeToString(b)
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	full := dsn + " search_path=" + schema
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		full = dsn + sep + "search_path=" + schema
	}
	s, err := store.Open(context.Background(), store.Config{DSN: full, Driver: store.DriverPostgres})
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
