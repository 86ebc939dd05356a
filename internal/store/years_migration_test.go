package store

import (
	"context"
	"maps"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// TestYearsMigrationQualifiesStoredGrades: a database written before
// leerjaren existed (bare graden "2" in material_terms, no years column)
// counts graden per level and has derived leerjaren after Migrate, without
// a re-import; the stored front matter (grades: [2]) is unchanged.
func TestYearsMigrationQualifiesStoredGrades(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s,
			mat("water-lager", func(m *catalog.Material) { m.Levels, m.Grades = []string{"lager"}, []int{2} }),
			mat("energie-so", func(m *catalog.Material) { m.Levels, m.Grades = []string{"secundair"}, []int{2} }),
			mat("kleuters", func(m *catalog.Material) { m.Levels, m.Grades = []string{"kleuter"}, nil }))
		// Back to the schema and the term rows as step 5 found them.
		for _, stmt := range []string{
			"ALTER TABLE materials DROP COLUMN years",
			"DELETE FROM schema_migrations WHERE version = 5",
			"DELETE FROM material_terms WHERE field IN ('grades', 'years')",
			"INSERT INTO material_terms (material_id, field, value) SELECT id, 'grades', '2' FROM materials WHERE slug <> 'kleuters'",
		} {
			if err := s.write.Exec(stmt).Error; err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		grades, err := s.CountBy(ctx, catalog.FieldGrades)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"lager-2": 1, "secundair-2": 1}; !maps.Equal(grades, want) {
			t.Errorf("graden after migration: %v, want %v", grades, want)
		}
		years, err := s.CountBy(ctx, catalog.FieldYears)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"lager-3": 1, "lager-4": 1, "secundair-3": 1, "secundair-4": 1}; !maps.Equal(years, want) {
			t.Errorf("leerjaren after migration: %v, want %v", years, want)
		}
		// Years given are stored and read back as given.
		mustUpsert(t, s, mat("water-lager", func(m *catalog.Material) {
			m.Levels, m.Grades, m.Years, m.ContentHash = []string{"lager"}, []int{2}, []string{"lager-4"}, "v2"
		}))
		if err := s.All(ctx, 10, func(ms []catalog.Material) error {
			for _, m := range ms {
				if m.Slug == "water-lager" && (len(m.Years) != 1 || m.Years[0] != "lager-4") {
					t.Errorf("years read back: %v", m.Years)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		years, _ = s.CountBy(ctx, catalog.FieldYears)
		if years["lager-3"] != 0 || years["lager-4"] != 1 {
			t.Errorf("leerjaren after giving years: %v", years)
		}
	})
}
