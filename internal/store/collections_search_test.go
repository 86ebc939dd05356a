package store

import (
	"context"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// PublicCollectionsKey moves with everything collection search reads (a
// public collection made, retitled, its list changed, deleted; a material
// retitled or withdrawn) and stays put when nothing changed, so that a
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
		moved := func(what string, want bool) {
			t.Helper()
			k := key()
			if (k != last) != want {
				t.Errorf("%s: key %v → %v (want changed: %v)", what, last, k, want)
			}
			last = k
		}
		moved("nothing", false)
		pub, err := s.CreateCollection(ctx, Collection{Slug: "leerlijn", Title: "Leerlijn", Hub: "limburg", Public: true}, by)
		if err != nil {
			t.Fatal(err)
		}
		moved("public collection made", true)
		moved("nothing again", false)
		if err := s.AddCollectionItem(ctx, pub.ID, "a", "", by); err != nil {
			t.Fatal(err)
		}
		moved("item added", true)
		if err := s.UpdateCollection(ctx, pub.ID, "Nieuwe titel", "", "", by); err != nil {
			t.Fatal(err)
		}
		moved("retitled", true)
		before := last
		mustUpsert(t, s, mat("a", func(m *catalog.Material) { m.Title = "Ander"; m.ContentHash = "h2" }))
		moved("material retitled", true)
		if last.Collections != before.Collections {
			t.Errorf("a material's change moved the collections' part of the key")
		}
		if slugs, err := s.ChangedMaterialSlugs(ctx, before.Seq, last.Seq, 10); err != nil || len(slugs) != 1 || slugs[0] != "a" {
			t.Errorf("changed materials: %v %v", slugs, err)
		}
		if err := s.DeleteMaterial(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		moved("material deleted", true)
		// A listed material that is gone is still named among the listed
		// slugs only while a drafts row keeps it; deleted outright, it is not.
		if _, listed, err := s.SearchablePublicCollections(ctx); err != nil || len(listed) != 0 {
			t.Errorf("listed after delete: %v %v", listed, err)
		}
		priv, err := s.CreateCollection(ctx, Collection{Slug: "mijn", Title: "Mijn", OwnerID: 7}, by)
		if err != nil {
			t.Fatal(err)
		}
		moved("private collection made", false)
		if err := s.AddCollectionItem(ctx, priv.ID, "b", "", by); err != nil {
			t.Fatal(err)
		}
		moved("private item added", false)
		if err := s.DeleteCollection(ctx, pub.ID, by); err != nil {
			t.Fatal(err)
		}
		moved("public collection deleted", true)
	})
}
