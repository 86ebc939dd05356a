package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// Every created or changed material gets a numbered revision and an audit
// entry naming the actor; an unchanged write adds neither; a deletion is
// audited.
func TestRevisionsAndAuditFollowWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		imp := UpsertOptions{Actor: Actor{Label: "import van map lessen"}}
		write := func(opts UpsertOptions, m catalog.Material) {
			t.Helper()
			m.SourcePath = "lessen/" + m.Slug + ".md"
			if _, err := s.UpsertMaterialsWith(ctx, []catalog.Material{m}, opts); err != nil {
				t.Fatal(err)
			}
		}
		write(imp, mat("windmolen"))
		write(imp, mat("windmolen")) // same hash: nothing new
		write(UpsertOptions{Actor: Actor{Label: "gebruiker 7", UserID: 7}, Note: "titel verbeterd"},
			mat("windmolen", func(m *catalog.Material) { m.Title, m.ContentHash = "Nieuwe titel", "hash-2" }))

		id, err := s.MaterialID(ctx, "windmolen")
		if err != nil {
			t.Fatal(err)
		}
		revs, err := s.Revisions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 2 || revs[0].Number != 1 || revs[1].Number != 2 {
			t.Fatalf("revisions = %+v, want numbers 1 and 2", revs)
		}
		if revs[0].Actor != "import van map lessen" || revs[1].Actor != "gebruiker 7" || revs[1].ActorUserID != 7 || revs[1].Note != "titel verbeterd" {
			t.Errorf("revision actors/notes = %+v", revs)
		}
		if !strings.Contains(revs[1].Front, `"title":"Nieuwe titel"`) || revs[1].Body != "# windmolen\n\nTekst." || revs[1].ContentHash != "hash-2" {
			t.Errorf("revision 2 holds front %s body %q hash %q", revs[1].Front, revs[1].Body, revs[1].ContentHash)
		}
		if owner, err := s.CreatorOf(ctx, id); err != nil || owner != 0 {
			t.Errorf("CreatorOf = %d, %v; want 0 (an import)", owner, err)
		}

		if _, err := s.DeleteMaterialsUnderAs(ctx, Actor{Label: "import van map lessen"}, "lessen", []string{"windmolen"}); err != nil {
			t.Fatal(err)
		}
		log, err := s.AuditLog(ctx, "windmolen")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range log {
			got = append(got, e.Action+" by "+e.Actor)
			if e.MaterialID != id {
				t.Errorf("audit entry %+v names material %d, want %d", e, e.MaterialID, id)
			}
		}
		want := "material.create by import van map lessen|material.update by gebruiker 7|material.delete by import van map lessen"
		if strings.Join(got, "|") != want {
			t.Errorf("audit log = %q\nwant %q", strings.Join(got, "|"), want)
		}
		// The history outlives the material.
		if revs, _ := s.Revisions(ctx, id); len(revs) != 2 {
			t.Errorf("%d revisions after delete, want 2", len(revs))
		}
	})
}

// A write is one transaction: when the database refuses the last step (the
// outbox row, through a real trigger), the material, its revision and its
// audit entry are not there either; with Isolate the other materials of the
// batch are stored with theirs.
func TestWriteIsOneTransaction(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		trigger := []string{`CREATE TRIGGER refuse_kapot BEFORE INSERT ON outbox
WHEN NEW.material_slug = 'kapot'
BEGIN SELECT RAISE(ABORT, 'outbox geweigerd'); END`}
		if s.driver == DriverPostgres {
			trigger = []string{`CREATE FUNCTION refuse_kapot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.material_slug = 'kapot' THEN RAISE EXCEPTION 'outbox geweigerd' USING ERRCODE = '23514'; END IF;
	RETURN NEW;
END $$`, `CREATE TRIGGER refuse_kapot BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_kapot()`}
		}
		for _, sql := range trigger {
			if err := s.write.Exec(sql).Error; err != nil {
				t.Fatal(err)
			}
		}
		actor := Actor{Label: "import van map lessen"}
		if _, err := s.UpsertMaterialsWith(ctx, []catalog.Material{mat("goed"), mat("kapot")}, UpsertOptions{Actor: actor}); err == nil {
			t.Fatal("batch with a refused outbox row was written")
		}
		count := func(table string) int64 {
			var n int64
			if err := s.read.Table(table).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, table := range []string{"materials", "material_revisions", "audit_log", "outbox"} {
			if n := count(table); n != 0 {
				t.Errorf("%s has %d rows after a failed write, want 0", table, n)
			}
		}

		res, err := s.UpsertMaterialsWith(ctx, []catalog.Material{mat("goed"), mat("kapot")}, UpsertOptions{Actor: actor, Isolate: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := statuses(res); got != "goed=created kapot=failed" {
			t.Errorf("statuses = %s", got)
		}
		for _, table := range []string{"materials", "material_revisions", "audit_log", "outbox"} {
			if n := count(table); n != 1 {
				t.Errorf("%s has %d rows, want 1 (only goed)", table, n)
			}
		}
		if log, _ := s.AuditLog(ctx, "kapot"); len(log) != 0 {
			t.Errorf("audit entries for the refused material: %+v", log)
		}
	})
}

// CreateOnly never overwrites: a material that exists by the time of the
// write is Refused, with no revision, audit entry or outbox row.
func TestCreateOnlyRefusesExisting(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("windmolen"))
		before := depth(t, s)
		edit := mat("windmolen", func(m *catalog.Material) { m.Title, m.ContentHash = "Overschreven", "hash-2" })
		res, err := s.UpsertMaterialsWith(ctx, []catalog.Material{edit}, UpsertOptions{Actor: Actor{Label: "gebruiker 3", UserID: 3}, CreateOnly: true})
		if err != nil || res[0].Status != Refused {
			t.Fatalf("create-only on an existing slug = %+v, %v; want refused", res, err)
		}
		if m, _ := s.Material(ctx, "windmolen"); m.Title != "Titel windmolen" {
			t.Errorf("title = %q, the material was overwritten", m.Title)
		}
		id, _ := s.MaterialID(ctx, "windmolen")
		if revs, _ := s.Revisions(ctx, id); len(revs) != 1 {
			t.Errorf("%d revisions, want 1", len(revs))
		}
		if d := depth(t, s); d != before {
			t.Errorf("outbox %d -> %d", before, d)
		}
	})
}
