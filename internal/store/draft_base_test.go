package store

import (
	"context"
	"slices"
	"testing"
	"time"
)

// The writers of what is under review: those who saved a revision after
// the draft's base (a pending revision's live version; 0 for a new
// material), without the import's and operator's writes. Drafts from
// before migration 21 get the same base from the backfill.
func TestDraftWritersSinceTheBase(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		s.now = func() time.Time { clock = clock.Add(time.Minute); return clock }
		save := func(slug, hash string, user int64) {
			t.Helper()
			m := mat(slug)
			m.ContentHash = hash
			w := DraftWrite{Material: &m, OwnerID: user, OfPublished: true, Actor: Actor{Label: "gebruiker", UserID: user}}
			if _, _, err := s.SaveDraft(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		mustUpsert(t, s, mat("live")) // revision 1, by the import
		save("live", "h2", 5)         // the pending revision starts: base 1
		save("live", "h3", 6)
		save("nieuw", "n1", 7) // a new material: base 0
		save("nieuw", "n2", 8)
		save("nieuw", "n3", 7)

		check := func(when string) {
			t.Helper()
			for slug, want := range map[string][]int64{"live": {5, 6}, "nieuw": {7, 8}} {
				d, err := s.DraftBySlug(ctx, slug)
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.DraftWriters(ctx, d.ID)
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("%s: writers of %s = %v, %v; want %v", when, slug, got, err, want)
				}
				wrote, err := s.WroteDrafts(ctx, 6, []int64{d.ID})
				if err != nil || wrote[d.ID] != slices.Contains(want, 6) {
					t.Errorf("%s: WroteDrafts(6) on %s = %v, %v", when, slug, wrote, err)
				}
			}
		}
		check("saved")
		// As before migration 21: no base anywhere.
		if err := s.write.Exec("UPDATE drafts SET base_version = 0").Error; err != nil {
			t.Fatal(err)
		}
		if err := backfillDraftBase(s.write, s.dialect()); err != nil {
			t.Fatal(err)
		}
		check("backfilled")
		if d, _ := s.DraftBySlug(ctx, "live"); d.BaseVersion != 1 {
			t.Errorf("backfilled base of the pending revision = %d, want 1", d.BaseVersion)
		}

		// A file added to the new material's draft (no revision: its files
		// change in place) makes its uploader a writer too.
		nieuw, _ := s.DraftBySlug(ctx, "nieuw")
		if _, err := s.AddMaterialFile(ctx, MaterialFile{MaterialID: nieuw.ID, Name: "schema.png", ContentType: "image/png", Size: 4,
			StorageKey: "uploads/k/schema.png", Actor: "gebruiker 9", ActorUserID: 9}, 1000); err != nil {
			t.Fatal(err)
		}
		if got, err := s.DraftWriters(ctx, nieuw.ID); err != nil || !slices.Equal(got, []int64{7, 8, 9}) {
			t.Errorf("writers of nieuw after a file by 9 = %v, %v; want [7 8 9]", got, err)
		}
		if wrote, err := s.WroteDrafts(ctx, 9, []int64{nieuw.ID}); err != nil || !wrote[nieuw.ID] {
			t.Errorf("WroteDrafts(9) = %v, %v", wrote, err)
		}
	})
}
