package store

import (
	"context"
	"errors"
	"strconv"
	"testing"
)

// A merge is one transaction: when the database refuses its last step (the
// audit entry, through a real trigger) nothing changed — the material is
// still published at its address, no redirect, no outbox row. Then it
// succeeds: the merged material is a gearchiveerd draft with the reason,
// its address and old address lead to the kept id, an outbox delete takes
// it out of search, picks and collection entries point to the kept one
// (once), one audit entry names both. A submitted draft merges too.
func TestMergeIsOneTransaction(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		by := Actor{Label: "gebruiker 3", UserID: 3}
		mustUpsert(t, s, mat("blijft"), mat("dubbel"), mat("ander"))
		if _, err := s.RenameMaterial(ctx, RenameWrite{OldSlug: "dubbel", NewSlug: "dubbel-nieuw", Material: ptr(mat("dubbel-nieuw")), Actor: by}); err != nil {
			t.Fatal(err)
		}
		for _, sl := range []string{"dubbel-nieuw", "blijft"} {
			if err := s.AddPick(ctx, "antwerpen", sl, "", by); err != nil {
				t.Fatal(err)
			}
		}
		both, err := s.CreateCollection(ctx, Collection{Slug: "beide", Title: "Beide", Hub: "antwerpen", Public: true}, by)
		if err != nil {
			t.Fatal(err)
		}
		only, err := s.CreateCollection(ctx, Collection{Slug: "enkel", Title: "Enkel", OwnerID: 9}, by)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range []struct {
			id   int64
			slug string
		}{{both.ID, "dubbel-nieuw"}, {both.ID, "blijft"}, {only.ID, "dubbel-nieuw"}} {
			if err := s.AddCollectionItem(ctx, it.id, it.slug, "", by); err != nil {
				t.Fatal(err)
			}
		}
		keptID, _ := s.MaterialID(ctx, "blijft")
		dupID, _ := s.MaterialID(ctx, "dubbel-nieuw")

		trigger := []string{`CREATE TRIGGER refuse_merge BEFORE INSERT ON audit_log
WHEN NEW.action = 'material.merge'
BEGIN SELECT RAISE(ABORT, 'audit geweigerd'); END`}
		drop := `DROP TRIGGER refuse_merge`
		if s.driver == DriverPostgres {
			trigger = []string{`CREATE OR REPLACE FUNCTION refuse_merge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.action = 'material.merge' THEN RAISE EXCEPTION 'audit geweigerd' USING ERRCODE = '23514'; END IF;
	RETURN NEW;
END $$`, `CREATE TRIGGER refuse_merge BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_merge()`}
			drop = `DROP TRIGGER refuse_merge ON audit_log`
		}
		for _, sql := range trigger {
			if err := s.write.Exec(sql).Error; err != nil {
				t.Fatal(err)
			}
		}
		outbox := depth(t, s)
		if _, err := s.MergeMaterials(ctx, MergeWrite{Slug: "dubbel-nieuw", Into: "blijft", Actor: by}); err == nil {
			t.Fatal("a merge with a refused audit entry was written")
		}
		if _, err := s.Material(ctx, "dubbel-nieuw"); err != nil {
			t.Errorf("the material left after a failed merge: %v", err)
		}
		if r, err := s.RedirectFor(ctx, "dubbel"); err != nil || r.Slug != "dubbel-nieuw" {
			t.Errorf("old address after a failed merge: %+v %v", r, err)
		}
		if got := depth(t, s); got != outbox {
			t.Errorf("outbox %d after a failed merge, want %d", got, outbox)
		}
		if err := s.write.Exec(drop).Error; err != nil {
			t.Fatal(err)
		}

		if _, err := s.MergeMaterials(ctx, MergeWrite{Slug: "blijft", Into: "blijft", Actor: by}); !errors.Is(err, ErrSameMaterial) {
			t.Errorf("merge into itself: %v", err)
		}
		out, err := s.MergeMaterials(ctx, MergeWrite{Slug: "dubbel-nieuw", Into: "blijft", Actor: by, Comment: "zelfde les"})
		if err != nil || out.ID != dupID || out.IntoID != keptID {
			t.Fatalf("merge: %+v %v", out, err)
		}
		if _, err := s.Material(ctx, "dubbel-nieuw"); !errors.Is(err, ErrNotFound) {
			t.Errorf("merged material still published: %v", err)
		}
		if d, err := s.DraftBySlug(ctx, "dubbel-nieuw"); err != nil || d.State != StateGearchiveerd || d.Reason != "samengevoegd met blijft" {
			t.Errorf("trace: %+v %v", d, err)
		}
		for _, old := range []string{"dubbel", "dubbel-nieuw"} {
			if r, err := s.RedirectFor(ctx, old); err != nil || r.Slug != "blijft" || r.Draft {
				t.Errorf("%s leads to %+v %v, want blijft", old, r, err)
			}
		}
		if got := depth(t, s); got != outbox+1 {
			t.Errorf("outbox %d, want one delete more than %d", got, outbox)
		}
		picks, _ := s.FeaturedPicks(ctx, "antwerpen")
		if len(picks) != 1 || picks[0].MaterialID != keptID {
			t.Errorf("picks %+v, want only the kept one", picks)
		}
		for _, c := range []int64{both.ID, only.ID} {
			items, _ := s.CollectionItems(ctx, c)
			if len(items) != 1 || items[0].MaterialID != keptID {
				t.Errorf("collection %d: %+v, want only the kept one", c, items)
			}
		}
		log, _ := s.AuditLog(ctx, "dubbel-nieuw")
		n := 0
		for _, a := range log {
			if a.Action == AuditMerge {
				n++
				if a.MaterialID != dupID || a.Note != "samengevoegd met materiaal "+strconv.FormatInt(keptID, 10)+" (blijft)" || a.FromState != StatePublished || a.Comment != "zelfde les" {
					t.Errorf("audit entry %+v", a)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d merge audit entries, want 1", n)
		}
		if _, err := s.MergeMaterials(ctx, MergeWrite{Slug: "dubbel-nieuw", Into: "blijft", Actor: by}); err == nil {
			t.Error("merged twice")
		}

		// A submitted draft merges into a published material.
		m := mat("voorstel")
		if _, _, err := s.SaveDraft(ctx, DraftWrite{Material: &m, OwnerID: 7, Actor: Actor{Label: "gebruiker 7", UserID: 7}, Submit: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MergeMaterials(ctx, MergeWrite{Slug: "voorstel", Into: "ander", Actor: by}); err != nil {
			t.Fatal(err)
		}
		if d, _ := s.DraftBySlug(ctx, "voorstel"); d.State != StateGearchiveerd {
			t.Errorf("merged draft in state %q", d.State)
		}
		if r, err := s.RedirectFor(ctx, "voorstel"); err != nil || r.Slug != "ander" {
			t.Errorf("merged draft's address: %+v %v", r, err)
		}
	})
}

func ptr[T any](v T) *T { return &v }
