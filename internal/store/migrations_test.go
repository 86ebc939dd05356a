package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"
)

func TestMigrateIsIdempotent(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		// Open already migrated; running again must neither fail nor re-apply.
		for i := 0; i < 2; i++ {
			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
		}
		var rows int64
		s.read.Table("schema_migrations").Count(&rows)
		if int(rows) != len(migrations) {
			t.Errorf("schema_migrations has %d rows, want %d", rows, len(migrations))
		}
		v, err := s.SchemaVersion(ctx)
		if err != nil || v != migrations[len(migrations)-1].Version {
			t.Errorf("SchemaVersion = %d, %v", v, err)
		}

		// A later step (a plain CREATE TABLE, which fails if run twice) is
		// applied exactly once, and old steps are not re-run.
		runs := 0
		steps := append(append([]migration(nil), migrations...), migration{Version: 999, Name: "test", Up: func(tx *gorm.DB, d dialect) error {
			runs++
			return execAll(tx, d, `CREATE TABLE later_step (id {{id}})`)
		}})
		for i := 0; i < 2; i++ {
			if err := s.migrate(ctx, steps); err != nil {
				t.Fatalf("migrate with extra step (run %d): %v", i+1, err)
			}
		}
		if runs != 1 {
			t.Errorf("extra step ran %d times, want 1", runs)
		}
	})
}

func TestFailedMigrationLeavesNoTrace(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		steps := append(append([]migration(nil), migrations...), migration{Version: 998, Name: "broken", Up: func(tx *gorm.DB, d dialect) error {
			return execAll(tx, d, `CREATE TABLE half_done (id {{id}})`, `THIS IS NOT SQL`)
		}})
		if err := s.migrate(ctx, steps); err == nil {
			t.Fatal("broken migration succeeded")
		}
		if s.write.Migrator().HasTable("half_done") {
			t.Error("table of the failed step exists: the step was not atomic")
		}
		var n int64
		s.read.Table("schema_migrations").Where("version = 998").Count(&n)
		if n != 0 {
			t.Error("failed step recorded as applied")
		}
	})
}

// TestConcurrentOpensOfAFreshDatabase: several instances starting at once on
// an empty database (`docker compose up --scale hub=3`) all open, and every
// migration is applied exactly once. On PostgreSQL the database is created
// for this run, so schema_migrations does not exist yet when they race.
func TestConcurrentOpensOfAFreshDatabase(t *testing.T) {
	const instances = 4
	openAll := func(t *testing.T, cfg Config) {
		t.Helper()
		stores := make([]*Store, instances)
		errs := make([]error, instances)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range instances {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				stores[i], errs[i] = Open(context.Background(), cfg)
			}()
		}
		close(start)
		wg.Wait()
		for i, s := range stores {
			if s != nil {
				defer s.Close()
			}
			if errs[i] != nil {
				t.Errorf("instance %d of %d failed to open: %v", i+1, instances, errs[i])
			}
		}
		if t.Failed() {
			return
		}
		var rows []struct {
			Version int
			N       int
		}
		if err := stores[0].read.Raw("SELECT version, COUNT(*) AS n FROM schema_migrations GROUP BY version ORDER BY version").Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(migrations) {
			t.Fatalf("schema_migrations lists %d versions, want %d", len(rows), len(migrations))
		}
		for _, r := range rows {
			if r.N != 1 {
				t.Errorf("migration %d recorded %d times, want once", r.Version, r.N)
			}
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		openAll(t, Config{DSN: filepath.Join(t.TempDir(), "hub.db")})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv(pgEnv)
		if dsn == "" {
			t.Skipf("%s not set: PostgreSQL half skipped", pgEnv)
		}
		openAll(t, Config{DSN: freshPostgresDatabase(t, dsn), Driver: DriverPostgres})
	})
}

// freshPostgresDatabase creates an empty database for one test and drops it
// afterwards; it returns the DSN that connects to it.
func freshPostgresDatabase(t *testing.T, dsn string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		t.Skip("freshPostgresDatabase needs a key=value DSN")
	}
	admin := pgAdmin(t, dsn)
	name := testName()
	if err := admin.Exec("CREATE DATABASE " + name).Error; err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)").Error; err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return dsn + " dbname=" + name
}
