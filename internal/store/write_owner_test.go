package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// TestUpsertKeepsToItsSource: with a Source, a material that another
// source (or no file) created is left alone and reported Refused with its
// owner, in the same write as the rest; Transfer writes it.
func TestUpsertKeepsToItsSource(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("windmolen", from("A/istem/windmolen.md")), mat("los", from("")))
		b := UpsertOptions{Source: "B"}
		batch := []catalog.Material{
			mat("windmolen", from("B/kaping.md"), func(m *catalog.Material) { m.Title, m.ContentHash = "Gekaapt", "x" }),
			mat("los", from("B/los.md"), func(m *catalog.Material) { m.ContentHash = "y" }),
			mat("nieuw", from("B/nieuw.md")),
		}
		res, err := s.UpsertMaterialsWith(ctx, batch, b)
		if err != nil {
			t.Fatal(err)
		}
		if got := statuses(res); got != "windmolen=refused los=refused nieuw=created" {
			t.Fatalf("statuses %s", got)
		}
		if res[0].Owner != "A/istem/windmolen.md" || res[1].Owner != "" {
			t.Errorf("owners %q %q", res[0].Owner, res[1].Owner)
		}
		if m, _ := s.Material(ctx, "windmolen"); m.Title == "Gekaapt" || m.SourcePath != "A/istem/windmolen.md" {
			t.Errorf("refused material was written: %q %q", m.Title, m.SourcePath)
		}
		b.Transfer = true
		res, err = s.UpsertMaterialsWith(ctx, batch[:1], b)
		if err != nil || statuses(res) != "windmolen=updated" {
			t.Fatalf("transfer: %v %v", statuses(res), err)
		}
		if m, _ := s.Material(ctx, "windmolen"); m.Title != "Gekaapt" || m.SourcePath != "B/kaping.md" {
			t.Errorf("transfer not written: %q %q", m.Title, m.SourcePath)
		}
	})
}

// TestUpsertIsolatesAMaterialTheDatabaseRefuses: with Isolate, a material
// whose values the database refuses fails alone, with the reason; the rest
// of the batch is written. Without it the batch fails as a whole.
func TestUpsertIsolatesAMaterialTheDatabaseRefuses(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		ddl := `CREATE TRIGGER geen_verboden BEFORE INSERT ON materials WHEN NEW.title = 'Verboden' BEGIN SELECT RAISE(ABORT, 'geen_verboden'); END`
		if s.driver == DriverPostgres {
			ddl = `ALTER TABLE materials ADD CONSTRAINT geen_verboden CHECK (title <> 'Verboden')`
		}
		if err := s.write.Exec(ddl).Error; err != nil {
			t.Fatal(err)
		}
		batch := []catalog.Material{mat("a"), mat("b", func(m *catalog.Material) { m.Title = "Verboden" }), mat("c")}
		if _, err := s.UpsertMaterials(ctx, batch); err == nil {
			t.Fatal("without Isolate the refused batch must fail")
		}
		res, err := s.UpsertMaterialsWith(ctx, batch, UpsertOptions{Isolate: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := statuses(res); got != "a=created b=failed c=created" {
			t.Fatalf("statuses %s", got)
		}
		if res[1].Err == nil || !strings.Contains(res[1].Err.Error(), "geen_verboden") {
			t.Errorf("reason %v", res[1].Err)
		}
		if n, _ := s.OutboxDepth(ctx); n != 2 {
			t.Errorf("outbox depth %d, want 2 (only the written materials)", n)
		}
	})
}
