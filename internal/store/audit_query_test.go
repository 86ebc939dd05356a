package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stem-kennishub/hub/internal/catalog"
)

// The audit log only grows: the database itself refuses to change or
// remove an entry (UPDATE, DELETE and, on PostgreSQL, TRUNCATE), and
// deleting a material keeps its entries and adds a dated one.
func TestAuditLogIsAppendOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustUpsert(t, s, mat("windmolen"))
		if err := s.DeleteMaterial(ctx, "windmolen"); err != nil {
			t.Fatal(err)
		}
		entries, err := s.AuditLog(ctx, "windmolen")
		if err != nil || len(entries) != 2 || entries[0].Action != AuditCreate || entries[1].Action != AuditDelete || entries[1].At.IsZero() {
			t.Fatalf("after delete: %+v %v", entries, err)
		}
		for _, sql := range []string{"UPDATE audit_log SET note = 'vervalst'", "DELETE FROM audit_log", "DELETE FROM audit_log WHERE action = 'material.delete'"} {
			err := s.write.Exec(sql).Error
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want the append-only refusal", sql, err)
			}
		}
		if s.driver == DriverPostgres {
			if err := s.write.Exec("TRUNCATE audit_log").Error; err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("TRUNCATE: %v", err)
			}
		}
		if after, _ := s.AuditLog(ctx, ""); len(after) != 2 || after[0].Note != "" {
			t.Errorf("entries changed: %+v", after)
		}
	})
}

// AuditEntries: a hub's entries (also those written without the hub column,
// through their material, and a deleted material's), newest first, with the
// person's name, filters and paging.
func TestAuditEntriesPerHub(t *testing.T) {
	eachDB(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		an, err := s.CreateUser(ctx, "an@school.be", "An Peeters", "", true)
		if err != nil {
			t.Fatal(err)
		}
		write := func(m catalog.Material, a Actor) {
			t.Helper()
			if _, err := s.UpsertMaterialsWith(ctx, []catalog.Material{m}, UpsertOptions{Actor: a}); err != nil {
				t.Fatal(err)
			}
		}
		limburg := func(m *catalog.Material) { m.Hub, m.SourcePath = "limburg", "lessen/"+m.Slug+".md" }
		write(mat("a-limburg", limburg), Actor{Label: "gebruiker", UserID: an.ID})
		write(mat("b-antwerpen"), Actor{Label: "import van map x"})
		write(mat("c-limburg", limburg), Actor{Label: "import van map x"})
		if _, err := s.DeleteMaterialsUnderAs(ctx, Actor{Label: "gebruiker", UserID: an.ID}, "lessen", []string{"c-limburg"}); err != nil {
			t.Fatal(err)
		}

		got, total, err := s.AuditEntries(ctx, AuditQuery{Hub: "limburg"})
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, e := range got {
			lines = append(lines, e.Action+" "+e.Slug+" "+e.ActorName)
		}
		want := "material.delete c-limburg An Peeters|material.create c-limburg |material.create a-limburg An Peeters"
		if total != 3 || strings.Join(lines, "|") != want {
			t.Errorf("limburg: %d %q, want %q", total, strings.Join(lines, "|"), want)
		}
		if _, total, _ := s.AuditEntries(ctx, AuditQuery{}); total != 4 {
			t.Errorf("all hubs: %d entries, want 4", total)
		}
		if got, total, _ := s.AuditEntries(ctx, AuditQuery{Hub: "limburg", Limit: 1, Offset: 1}); total != 3 || len(got) != 1 || got[0].Slug != "c-limburg" || got[0].Action != AuditCreate {
			t.Errorf("page 2 of 1: %d %+v", total, got)
		}
		if got, _, _ := s.AuditEntries(ctx, AuditQuery{Hub: "limburg", Action: AuditCreate, ActorUserID: an.ID}); len(got) != 1 || got[0].Slug != "a-limburg" {
			t.Errorf("action + person: %+v", got)
		}
		if got, _, _ := s.AuditEntries(ctx, AuditQuery{From: time.Now().Add(time.Hour)}); len(got) != 0 {
			t.Errorf("period in the future: %+v", got)
		}
		if people, err := s.AuditPeople(ctx, "limburg"); err != nil || len(people) != 1 || people[0].Name != "An Peeters" {
			t.Errorf("people: %+v %v", people, err)
		}
	})
}
