package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// pgEnv names the variable that turns on the PostgreSQL half of the suite.
const pgEnv = "HUB_TEST_POSTGRES_DSN"

// eachDB runs one test against SQLite always and against PostgreSQL when
// HUB_TEST_POSTGRES_DSN is set; every run gets a fresh database.
func eachDB(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, openSQLiteForTest(t)) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv(pgEnv)
		if dsn == "" {
			t.Skipf("%s not set: PostgreSQL half skipped (e.g. %s='host=127.0.0.1 user=postgres dbname=test sslmode=disable')", pgEnv, pgEnv)
		}
		fn(t, openPostgresForTest(t, dsn))
	})
}

// benchEachDB is eachDB for benchmarks.
func benchEachDB(b *testing.B, fn func(b *testing.B, s *Store)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, openSQLiteForTest(b)) })
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv(pgEnv)
		if dsn == "" {
			b.Skipf("%s not set", pgEnv)
		}
		fn(b, openPostgresForTest(b, dsn))
	})
}

func openSQLiteForTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), Config{DSN: filepath.Join(t.TempDir(), "hub.db")})
	if err != nil {
		t.Fatalf("open SQLite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openPostgresForTest gives the test a schema of its own and drops it after.
func openPostgresForTest(t testing.TB, dsn string) *Store {
	t.Helper()
	admin := pgAdmin(t, dsn)
	schema := testName()
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })

	var full string
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		full = dsn + sep + "search_path=" + schema
	} else {
		full = dsn + " search_path=" + schema
	}
	s, err := Open(context.Background(), Config{DSN: full, Driver: DriverPostgres})
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// mat builds a valid-looking material; hash defaults to the slug so that
// re-upserting the same value is "unchanged".
func mat(slug string, edit ...func(m *catalog.Material)) catalog.Material {
	m := catalog.Material{
		Slug:        slug,
		Title:       "Titel " + slug,
		Summary:     "Samenvatting van " + slug,
		Type:        "les",
		Levels:      []string{"secundair"},
		Grades:      []int{1},
		Disciplines: []string{"wetenschappen", "technologie"},
		Themes:      []string{"energie"},
		Network:     "istem",
		Hub:         "antwerpen",
		License:     "CC-BY-4.0",
		Language:    "nl",
		Date:        time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
		Body:        "# " + slug + "\n\nTekst.",
		HTML:        "<h1>" + slug + "</h1><p>Tekst.</p>",
		Text:        slug + " Tekst.",
		ContentHash: "hash-" + slug,
	}
	for _, e := range edit {
		e(&m)
	}
	return m
}

func mustUpsert(t testing.TB, s *Store, ms ...catalog.Material) []UpsertResult {
	t.Helper()
	res, err := s.UpsertMaterials(context.Background(), ms)
	if err != nil {
		t.Fatalf("upsert: %v", err)
	}
	return res
}

func statuses(res []UpsertResult) string {
	var parts []string
	for _, r := range res {
		parts = append(parts, fmt.Sprintf("%s=%s", r.Slug, r.Status))
	}
	return strings.Join(parts, " ")
}

func slugsOf(ms []catalog.Material) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Slug)
	}
	return strings.Join(out, ",")
}

func depth(t testing.TB, s *Store) int {
	t.Helper()
	n, err := s.OutboxDepth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// pgAdmin connects to PostgreSQL for a test's set-up and tear-down and
// closes the connection when the test ends.
func pgAdmin(t testing.TB, dsn string) *gorm.DB {
	t.Helper()
	admin, err := gorm.Open(postgres.Open(dsn), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		t.Fatalf("connect PostgreSQL: %v", err)
	}
	adminDB, _ := admin.DB()
	t.Cleanup(func() { adminDB.Close() })
	return admin
}

// testName is a fresh name for a test's own schema or database.
func testName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "hubtest_" + hex.EncodeToString(b)
}
