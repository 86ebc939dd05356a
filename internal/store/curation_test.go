package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func listed(items []ListedItem) string {
	var s []string
	for _, it := range items {
		s = append(s, it.Slug)
	}
	return strings.Join(s, ",")
}

func auditCount(t *testing.T, s *Store, action string) int {
	t.Helper()
	var n int64
	if err := s.write.Table("audit_log").Where("action = ?", action).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestFeaturedPicksOrderAndAudit: picks keep their order, move by one
// visible place, refuse a duplicate or an unknown address, are audited one
// entry per change, and a deleted material drops out of the list.
func TestFeaturedPicksOrderAndAudit(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("a"), mat("b"), mat("c"))
		by := Actor{Label: "gebruiker 3", UserID: 3}
		for _, slug := range []string{"a", "b", "c"} {
			if err := s.AddPick(ctx, "limburg", slug, "noot "+slug, by); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddPick(ctx, "limburg", "b", "", by); !errors.Is(err, ErrAlreadyListed) {
			t.Errorf("twice: %v", err)
		}
		if err := s.AddPick(ctx, "limburg", "bestaat-niet", "", by); !errors.Is(err, ErrNotPublished) {
			t.Errorf("unknown: %v", err)
		}
		items, _ := s.FeaturedPicks(ctx, "limburg")
		if listed(items) != "a,b,c" || items[1].Note != "noot b" {
			t.Fatalf("picks = %s %+v", listed(items), items)
		}
		if err := s.MovePick(ctx, "limburg", items[2].MaterialID, -1, by); err != nil {
			t.Fatal(err)
		}
		if err := s.MovePick(ctx, "limburg", items[0].MaterialID, -1, by); err != nil { // first stays first
			t.Fatal(err)
		}
		items, _ = s.FeaturedPicks(ctx, "limburg")
		if listed(items) != "a,c,b" {
			t.Errorf("after moving c up: %s", listed(items))
		}
		if other, _ := s.FeaturedPicks(ctx, "antwerpen"); len(other) != 0 {
			t.Errorf("antwerpen has limburg's picks: %s", listed(other))
		}
		// A deleted material leaves the list; moving b up now passes it.
		if err := s.DeleteMaterial(ctx, "c"); err != nil {
			t.Fatal(err)
		}
		items, _ = s.FeaturedPicks(ctx, "limburg")
		if listed(items) != "a,b" {
			t.Errorf("after deleting c: %s", listed(items))
		}
		if err := s.MovePick(ctx, "limburg", items[1].MaterialID, -1, by); err != nil {
			t.Fatal(err)
		}
		if items, _ = s.FeaturedPicks(ctx, "limburg"); listed(items) != "b,a" {
			t.Errorf("after moving b up past the deleted c: %s", listed(items))
		}
		if err := s.RemovePick(ctx, "limburg", items[0].MaterialID, by); err != nil {
			t.Fatal(err)
		}
		if items, _ = s.FeaturedPicks(ctx, "limburg"); listed(items) != "a" {
			t.Errorf("after removing b: %s", listed(items))
		}
		if a, m, r := auditCount(t, s, AuditPickAdd), auditCount(t, s, AuditPickMove), auditCount(t, s, AuditPickRemove); a != 3 || m != 2 || r != 1 {
			t.Errorf("audit entries add/move/remove = %d/%d/%d, want 3/2/1 (a move that moves nothing writes none)", a, m, r)
		}
	})
}

// TestCollections: public and private collections, their items in order,
// the share token, the public collections of a material, the search in
// titles and introductions.
func TestCollections(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("a"), mat("b"))
		by := Actor{Label: "gebruiker 3", UserID: 3}
		pub, err := s.CreateCollection(ctx, Collection{Slug: "leerlijn-energie", Title: "Leerlijn energie", Intro: "Van *windmolen* tot zonnepaneel.",
			Hub: "limburg", Public: true}, by)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateCollection(ctx, Collection{Slug: "leerlijn-energie", Title: "x", Public: true}, by); !errors.Is(err, ErrCollectionExists) {
			t.Errorf("same slug: %v", err)
		}
		priv, err := s.CreateCollection(ctx, Collection{Slug: "mijn-lessen-x1", Title: "Mijn energielessen", OwnerID: 7}, by)
		if err != nil {
			t.Fatal(err)
		}
		for _, slug := range []string{"b", "a"} {
			if err := s.AddCollectionItem(ctx, pub.ID, slug, "", by); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddCollectionItem(ctx, priv.ID, "a", "", by); err != nil {
			t.Fatal(err)
		}
		if items, _ := s.CollectionItems(ctx, pub.ID); listed(items) != "b,a" {
			t.Errorf("items: %s", listed(items))
		}
		aID, _ := s.MaterialID(ctx, "a")
		with, _ := s.PublicCollectionsWith(ctx, aID)
		if len(with) != 1 || with[0].Slug != "leerlijn-energie" || with[0].Items != 2 {
			t.Errorf("public collections with a: %+v (the private one must not show)", with)
		}
		// Collection search reads only the public ones, with their published materials in order.
		if found, listed, err := s.SearchablePublicCollections(ctx); err != nil || len(found) != 1 || found[0].ID != pub.ID ||
			len(found[0].Items) != 2 || found[0].Items[0].Slug != "b" || found[0].Items[1].Title == "" || len(listed) != 2 {
			t.Errorf("searchable: %+v %v %v (the private one must not be read)", found, listed, err)
		}
		if _, err := s.CollectionByToken(ctx, ""); !errors.Is(err, ErrNotFound) {
			t.Errorf("empty token: %v", err)
		}
		if err := s.SetShareToken(ctx, priv.ID, "geheim123", by); err != nil {
			t.Fatal(err)
		}
		if c, err := s.CollectionByToken(ctx, "geheim123"); err != nil || c.ID != priv.ID {
			t.Errorf("by token: %+v %v", c, err)
		}
		if err := s.SetShareToken(ctx, priv.ID, "", by); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CollectionByToken(ctx, "geheim123"); !errors.Is(err, ErrNotFound) {
			t.Errorf("revoked token still opens: %v", err)
		}
		if mine, _ := s.CollectionsOf(ctx, 7); len(mine) != 1 || mine[0].Items != 1 {
			t.Errorf("collections of 7: %+v", mine)
		}
		if err := s.DeleteCollection(ctx, pub.ID, by); err != nil {
			t.Fatal(err)
		}
		if items, _ := s.CollectionItems(ctx, pub.ID); len(items) != 0 {
			t.Errorf("items of a deleted collection: %s", listed(items))
		}
		for action, want := range map[string]int{AuditCollectionCreate: 2, AuditCollectionAdd: 3, AuditCollectionShare: 1,
			AuditCollectionUnshare: 1, AuditCollectionDelete: 1} {
			if got := auditCount(t, s, action); got != want {
				t.Errorf("audit %s: %d, want %d", action, got, want)
			}
		}
	})
}
