package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// A material stored before revisions existed gets its current state as
// revision 1 from migration 15; materials with a history keep it as is.
func TestBackfillGivesOldMaterialsAFirstRevision(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("oud"), mat("nieuw"))
		oud, _ := s.MaterialID(ctx, "oud")
		nieuw, _ := s.MaterialID(ctx, "nieuw")
		// "oud" as it was before migration 9: no revision at all.
		if err := s.write.Exec("DELETE FROM material_revisions WHERE material_id = ?", oud).Error; err != nil {
			t.Fatal(err)
		}
		if err := revisionBackfillMigration(s.write, s.dialect()); err != nil {
			t.Fatal(err)
		}
		revs, err := s.Revisions(ctx, oud)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 1 || revs[0].Number != 1 || revs[0].Actor != BackfillActor {
			t.Fatalf("revisions of oud = %+v, want one by %q", revs, BackfillActor)
		}
		if !strings.Contains(revs[0].Front, `"slug":"oud"`) || revs[0].Body != "# oud\n\nTekst." {
			t.Errorf("backfilled revision holds front %s body %q", revs[0].Front, revs[0].Body)
		}
		if revs, _ := s.Revisions(ctx, nieuw); len(revs) != 1 || revs[0].Actor == BackfillActor {
			t.Errorf("a material with a history got another first revision: %+v", revs)
		}
	})
}

// IfRevision: an edit read at revision N is refused once another write
// made N+1, and nothing is written.
func TestIfRevisionRefusesAStaleEdit(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("molen"))
		id, _ := s.MaterialID(ctx, "molen")
		edit := func(title string, at int) error {
			m := mat("molen", func(m *catalog.Material) { m.Title, m.ContentHash = title, "h-"+title })
			_, err := s.UpsertMaterialsWith(ctx, []catalog.Material{m}, UpsertOptions{Actor: Actor{Label: "gebruiker 1", UserID: 1}, IfRevision: at})
			return err
		}
		if err := edit("Eerste", 1); err != nil {
			t.Fatal(err)
		}
		err := edit("Tweede", 1)
		var stale *StaleRevisionError
		if !errors.As(err, &stale) || stale.Current != 2 {
			t.Fatalf("stale edit: err = %v, want StaleRevisionError{Current: 2}", err)
		}
		if m, _ := s.Material(ctx, "molen"); m.Title != "Eerste" {
			t.Errorf("title = %q after a refused stale edit", m.Title)
		}
		if n, _ := s.LatestRevision(ctx, id); n != 2 {
			t.Errorf("latest revision = %d, want 2", n)
		}
	})
}
