package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// The key of collection search moves with everything it reads, and the two
// questions behind it tell a public collection's change (made, retitled,
// its list changed, deleted) and a material's write (retitled, deleted)
// from everything else (a private collection, an unchanged key), so that a
// cache keyed on it is never stale and rarely rebuilt.
func TestPublicCollectionsKey(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("a"), mat("b"))
		by := Actor{Label: "gebruiker 3", UserID: 3}
		key := func() CollectionsKey {
			t.Helper()
			k, err := s.PublicCollectionsKey(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return k
		}
		last := key()
		// after checks what changed since the last call: whether a public
		// collection did, and which materials were written.
		after := func(what string, wantPublic bool, wantSlugs string) {
			t.Helper()
			k := key()
			public, err := s.PublicCollectionsChanged(ctx, last.Audit, k.Audit)
			if err != nil {
				t.Fatal(err)
			}
			slugs, err := s.ChangedMaterialSlugs(ctx, last.Seq, k.Seq, 10)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(slugs)
			if public != wantPublic || strings.Join(slugs, ",") != wantSlugs {
				t.Errorf("%s: public collection changed %v, materials %v (want %v, %q)", what, public, slugs, wantPublic, wantSlugs)
			}
			if (wantPublic || wantSlugs != "") && k == last {
				t.Errorf("%s: the key did not move", what)
			}
			last = k
		}
		after("nothing", false, "")
		pub, err := s.CreateCollection(ctx, Collection{Slug: "leerlijn", Title: "Leerlijn", Hub: "limburg", Public: true}, by)
		if err != nil {
			t.Fatal(err)
		}
		after("public collection made", true, "")
		after("nothing again", false, "")
		if err := s.AddCollectionItem(ctx, pub.ID, "a", "", by); err != nil {
			t.Fatal(err)
		}
		after("item added", true, "")
		if err := s.UpdateCollection(ctx, pub.ID, "Nieuwe titel", "", "", by); err != nil {
			t.Fatal(err)
		}
		after("retitled", true, "")
		mustUpsert(t, s, mat("a", func(m *catalog.Material) { m.Title = "Ander"; m.ContentHash = "h2" }))
		after("material retitled", false, "a")
		if err := s.DeleteMaterial(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		after("material deleted", false, "a")
		// Deleted outright (no drafts row keeps it), it is no longer listed.
		if _, listed, err := s.SearchablePublicCollections(ctx); err != nil || len(listed) != 0 {
			t.Errorf("listed after delete: %v %v", listed, err)
		}
		priv, err := s.CreateCollection(ctx, Collection{Slug: "mijn", Title: "Mijn", OwnerID: 7}, by)
		if err != nil {
			t.Fatal(err)
		}
		after("private collection made", false, "")
		if err := s.AddCollectionItem(ctx, priv.ID, "b", "", by); err != nil {
			t.Fatal(err)
		}
		after("private item added", false, "")
		if err := s.DeleteCollection(ctx, pub.ID, by); err != nil {
			t.Fatal(err)
		}
		after("public collection deleted", true, "")
	})
}
