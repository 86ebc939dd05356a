package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// A file change of a published material is staged with its pending
// revision (begun by it, in the same transaction; a refused file begins
// nothing), its bytes are referenced for the sweep, and whatever ends the
// pending revision without publishing it — deleting the material, merging
// it, an import with --force — drops the staged rows in its transaction.
func TestStagedFilesGoWithTheirPendingRevision(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		by := Actor{Label: "gebruiker 3", UserID: 3}
		inFolder := func(m *catalog.Material) { m.SourcePath = "lessen/" + m.Slug + ".md" }
		if _, err := s.UpsertMaterialsWith(ctx, []catalog.Material{mat("weg", inFolder), mat("dubbel", inFolder), mat("blijft", inFolder), mat("map", inFolder)},
			UpsertOptions{Source: "lessen", Actor: Actor{Label: "import lessen"}}); err != nil {
			t.Fatal(err)
		}
		file := func(id int64, name string, size int64) MaterialFile {
			return MaterialFile{MaterialID: id, Name: name, ContentType: "image/png", Size: size,
				StorageKey: "uploads/k/" + name, Actor: by.Label, ActorUserID: by.UserID}
		}
		staged := func(id int64) int64 {
			var n int64
			if err := s.read.Model(&materialFileRow{}).Where("material_id = ? AND pending = ?", id, true).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}

		wegID, _ := s.MaterialID(ctx, "weg")
		var full *FilesFullError
		if _, err := s.AddMaterialFile(ctx, file(wegID, "groot.png", 2000), 1000); !errors.As(err, &full) {
			t.Fatalf("over the limit: %v", err)
		}
		if _, err := s.DraftBySlug(ctx, "weg"); !errors.Is(err, ErrNotFound) {
			t.Errorf("a refused file began a pending revision: %v", err)
		}
		if revs, _ := s.Revisions(ctx, wegID); len(revs) != 1 {
			t.Errorf("a refused file left %d revisions, want 1", len(revs))
		}

		ids := map[string]int64{}
		for _, slug := range []string{"weg", "dubbel", "blijft", "map"} {
			id, _ := s.MaterialID(ctx, slug)
			ch, err := s.AddMaterialFile(ctx, file(id, slug+".png", 10), 1000)
			if err != nil || !ch.Staged || ch.Version != 2 {
				t.Fatalf("%s: %+v, %v; want staged at version 2", slug, ch, err)
			}
			if d, err := s.DraftBySlug(ctx, slug); err != nil || d.Version != 2 || d.State != StateConcept || d.BaseVersion != 1 {
				t.Fatalf("%s: pending revision %+v, %v", slug, d, err)
			}
			if live, _ := s.MaterialFiles(ctx, id, false); len(live) != 0 {
				t.Errorf("%s: live files %+v", slug, live)
			}
			ids[slug] = id
		}
		keys, err := s.MaterialFileKeys(ctx)
		if err != nil || !keys["uploads/k/weg.png"] || len(keys) != 4 {
			t.Errorf("keys for the sweep: %v, %v; want the four staged ones", keys, err)
		}

		if err := s.DeleteMaterial(ctx, "weg"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MergeMaterials(ctx, MergeWrite{Slug: "dubbel", Into: "blijft", Actor: by}); err != nil {
			t.Fatal(err)
		}
		forced := mat("map", inFolder, func(m *catalog.Material) { m.Body, m.ContentHash = "# map\n\nNieuw.", "hash-nieuw" })
		if _, err := s.UpsertMaterialsWith(ctx, []catalog.Material{forced},
			UpsertOptions{Source: "lessen", Force: true, Actor: Actor{Label: "import lessen"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DraftBySlug(ctx, "map"); !errors.Is(err, ErrNotFound) {
			t.Errorf("--force left the pending revision: %v", err)
		}
		for slug, want := range map[string]int64{"weg": 0, "dubbel": 0, "map": 0, "blijft": 1} {
			if n := staged(ids[slug]); n != want {
				t.Errorf("%s: %d staged rows, want %d", slug, n, want)
			}
		}
	})
}

// The sweep's net: a staged row whose pending revision is gone (withdrawn
// material, or none at all) loses its record, so its bytes become the
// sweep's; a staged row of a waiting revision and live rows stay.
func TestOrphanStagedFilesAreSwept(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("wacht"), mat("los"))
		by := Actor{Label: "gebruiker 3", UserID: 3}
		wacht, _ := s.MaterialID(ctx, "wacht")
		los, _ := s.MaterialID(ctx, "los")
		if _, err := s.AddMaterialFile(ctx, MaterialFile{MaterialID: wacht, Name: "a.png", ContentType: "image/png", Size: 5,
			StorageKey: "uploads/k/a.png", Actor: by.Label, ActorUserID: by.UserID}, 1000); err != nil {
			t.Fatal(err)
		}
		// A staged row left behind by a write that ended its revision
		// without dropping it.
		if err := s.write.Create(&materialFileRow{MaterialID: los, Name: "b.png", ContentType: "image/png", Size: 5,
			StorageKey: "uploads/k/b.png", CreatedAt: s.now(), Pending: true}).Error; err != nil {
			t.Fatal(err)
		}
		n, err := s.RemoveOrphanMaterialFiles(ctx, s.now().Add(time.Minute))
		if err != nil || n != 1 {
			t.Fatalf("removed %d, %v; want the one left behind", n, err)
		}
		keys, _ := s.MaterialFileKeys(ctx)
		if !keys["uploads/k/a.png"] || keys["uploads/k/b.png"] {
			t.Errorf("keys after the net: %v", keys)
		}
	})
}

// A file staged after goedkeuren makes the approval lapse, as a save does
// (approvalLapses): the pending revision goes back to concept without its
// plan, and the file change's audit entry says so.
func TestApprovalLapsesOnAStagedFile(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("oven"))
		id, _ := s.MaterialID(ctx, "oven")
		by := Actor{Label: "gebruiker 3", UserID: 3}
		file := MaterialFile{MaterialID: id, Name: "schema.png", ContentType: "image/png", Size: 10,
			StorageKey: "uploads/k/schema.png", Actor: by.Label, ActorUserID: by.UserID}
		if _, err := s.AddMaterialFile(ctx, file, 1000); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(time.Hour)
		for _, st := range []Step{
			{Slug: "oven", Action: "indienen", From: []string{StateConcept}, To: StateIngediend, Actor: by},
			{Slug: "oven", Action: "goedkeuren", From: []string{StateIngediend}, To: StateGoedgekeurd, Actor: Actor{Label: "moderator", UserID: 4}, PublishAt: &at},
		} {
			if _, err := s.MoveDraft(ctx, st); err != nil {
				t.Fatal(err)
			}
		}
		file.Name, file.StorageKey = "later.png", "uploads/k/later.png"
		ch, err := s.AddMaterialFile(ctx, file, 1000)
		if err != nil || !ch.Staged {
			t.Fatalf("staged after approval: %+v, %v", ch, err)
		}
		d, err := s.DraftBySlug(ctx, "oven")
		if err != nil || d.State != StateConcept || d.PublishAt != nil || d.Version != ch.Version {
			t.Fatalf("after a file staged on the approved version: %s v%d, planned %v, %v; want concept v%d, no plan", d.State, d.Version, d.PublishAt, err, ch.Version)
		}
		log, _ := s.AuditLog(ctx, "oven")
		last := log[len(log)-1]
		if last.Action != AuditFileAdd || last.FromState != StateGoedgekeurd || last.ToState != StateConcept || last.Comment != LapsedNote {
			t.Errorf("the file change's audit entry %+v does not say the approval lapsed", last)
		}
	})
}
