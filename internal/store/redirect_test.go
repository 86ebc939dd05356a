package store

import (
	"context"
	"errors"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// A change of address is one transaction: when the database refuses its
// last step (the outbox row for the new slug, through a real trigger), the
// material keeps its slug and HTML, and no redirect, revision or audit
// entry is left. Then it succeeds, and both slugs get an outbox row.
func TestRenameIsOneTransaction(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.UpsertMaterialsWith(ctx, []catalog.Material{mat("oud")}, UpsertOptions{Actor: Actor{Label: "test"}}); err != nil {
			t.Fatal(err)
		}
		trigger := []string{`CREATE TRIGGER refuse_nieuw BEFORE INSERT ON outbox
WHEN NEW.material_slug = 'nieuw'
BEGIN SELECT RAISE(ABORT, 'outbox geweigerd'); END`}
		drop := `DROP TRIGGER refuse_nieuw`
		if s.driver == DriverPostgres {
			trigger = []string{`CREATE FUNCTION refuse_nieuw() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.material_slug = 'nieuw' THEN RAISE EXCEPTION 'outbox geweigerd' USING ERRCODE = '23514'; END IF;
	RETURN NEW;
END $$`, `CREATE TRIGGER refuse_nieuw BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_nieuw()`}
			drop = `DROP TRIGGER refuse_nieuw ON outbox`
		}
		for _, sql := range trigger {
			if err := s.write.Exec(sql).Error; err != nil {
				t.Fatal(err)
			}
		}
		count := func(table string) int64 {
			var n int64
			if err := s.read.Table(table).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := map[string]int64{}
		for _, table := range []string{"slug_redirects", "material_revisions", "audit_log", "outbox"} {
			before[table] = count(table)
		}
		m := mat("nieuw")
		m.HTML = `<p><img src="/materialen/nieuw/bestanden/a.png" alt="a"></p>`
		if _, err := s.RenameMaterial(ctx, RenameWrite{OldSlug: "oud", NewSlug: "nieuw", Material: &m, Actor: Actor{Label: "test"}}); err == nil {
			t.Fatal("a rename with a refused outbox row was written")
		}
		if _, err := s.Material(ctx, "oud"); err != nil {
			t.Errorf("the material left its address after a failed rename: %v", err)
		}
		if _, err := s.RedirectFor(ctx, "oud"); !errors.Is(err, ErrNotFound) {
			t.Errorf("a redirect after a failed rename: %v", err)
		}
		for table, n := range before {
			if got := count(table); got != n {
				t.Errorf("%s: %d rows after a failed rename, want %d", table, got, n)
			}
		}

		if err := s.write.Exec(drop).Error; err != nil {
			t.Fatal(err)
		}
		out, err := s.RenameMaterial(ctx, RenameWrite{OldSlug: "oud", NewSlug: "nieuw", Material: &m, Actor: Actor{Label: "test"}})
		if err != nil || out.Slug != "nieuw" || out.Draft {
			t.Fatalf("rename: %+v %v", out, err)
		}
		got, err := s.Material(ctx, "nieuw")
		if err != nil || got.HTML != m.HTML {
			t.Errorf("renamed material: %v, HTML %q", err, got.HTML)
		}
		if r, err := s.RedirectFor(ctx, "oud"); err != nil || r.Slug != "nieuw" || r.MaterialID != out.ID {
			t.Errorf("redirect: %+v %v", r, err)
		}
		var ops []string
		s.read.Table("outbox").Where("id > 0").Order("id").Offset(int(before["outbox"])).Pluck("material_slug || ':' || op", &ops)
		if len(ops) != 2 || ops[0] != "oud:delete" || ops[1] != "nieuw:upsert" {
			t.Errorf("outbox rows of the rename: %v", ops)
		}
	})
}
