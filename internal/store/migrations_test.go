package store

import (
	"context"
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
