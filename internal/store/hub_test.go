package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/store"
	"github.com/stem-kennishub/hub/internal/store/storetest"
)

// TestHubRecords: seeding adds only what is missing (an admin's edit
// survives the next start), a new hub comes last, the slug is the id (an
// update never moves a hub), every change is audited, and the counts per
// hub count materials, drafts and enabled authors and moderators.
func TestHubRecords(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed := []store.Hub{
			{Slug: "antwerpen", Name: "Antwerpen", Region: "Provincie Antwerpen", RTC: "rtc-antwerpen", Contacts: []string{"rtc-antwerpen"}},
			{Slug: "vlaanderen", Name: "Vlaanderen", Aliases: []string{"centraal", "vlaams"}},
		}
		if n, err := s.SeedHubs(ctx, seed); err != nil || n != 2 {
			t.Fatalf("seed: %d %v", n, err)
		}
		admin := store.Actor{Label: "gebruiker 1 (beheer@school.be)", UserID: 1}
		edited := seed[0]
		edited.Name, edited.ContactEmail = "Antwerpen en Mechelen", "stem@provincieantwerpen.be"
		if _, err := s.UpdateHubAs(ctx, edited, admin, "hub antwerpen: naam, e-mailadres"); err != nil {
			t.Fatal(err)
		}
		if n, err := s.SeedHubs(ctx, seed); err != nil || n != 0 {
			t.Fatalf("second seed added %d (%v), want 0", n, err)
		}
		got, err := s.HubBySlug(ctx, "antwerpen")
		if err != nil || got.Name != "Antwerpen en Mechelen" || got.ContactEmail != "stem@provincieantwerpen.be" || got.RTC != "rtc-antwerpen" || len(got.Contacts) != 1 {
			t.Fatalf("after a second seed: %+v %v", got, err)
		}
		if _, err := s.CreateHubAs(ctx, store.Hub{Slug: "kempen", Name: "De Kempen"}, admin, "hub kempen gemaakt"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateHubAs(ctx, store.Hub{Slug: "kempen", Name: "Nog eens"}, admin, ""); !errors.Is(err, store.ErrHubExists) {
			t.Errorf("same slug twice: %v", err)
		}
		if _, err := s.UpdateHubAs(ctx, store.Hub{Slug: "nergens", Name: "X"}, admin, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update of an unknown hub: %v", err)
		}
		hubs, err := s.Hubs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, h := range hubs {
			order = append(order, h.Slug)
		}
		if want := "[antwerpen vlaanderen kempen]"; sprint(order) != want {
			t.Errorf("order %v, want %s", order, want)
		}
		if v := hubs[1]; sprint(v.Aliases) != "[centraal vlaams]" {
			t.Errorf("aliases %v", v.Aliases)
		}
		log, err := s.AuditLog(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action+" "+e.Note)
			if e.ActorUserID != 1 {
				t.Errorf("audit entry by %d", e.ActorUserID)
			}
		}
		if want := "[hub.update hub antwerpen: naam, e-mailadres hub.create hub kempen gemaakt]"; sprint(actions) != want {
			t.Errorf("audit %v, want %s", actions, want)
		}

		for _, slug := range []string{"a1", "a2"} {
			m := catalog.Material{Slug: slug, Title: slug, Hub: "antwerpen", Levels: []string{"secundair"}, License: "CC0-1.0"}
			if _, err := s.UpsertMaterials(ctx, []catalog.Material{m}); err != nil {
				t.Fatal(err)
			}
		}
		an, _ := s.CreateUser(ctx, "an@school.be", "An", "h", true)
		bo, _ := s.CreateUser(ctx, "bo@school.be", "Bo", "h", true)
		uit, _ := s.CreateUser(ctx, "uit@school.be", "Uit", "h", true)
		for _, g := range []struct {
			id   int64
			role string
		}{{an.ID, "auteur"}, {bo.ID, "moderator"}, {uit.ID, "auteur"}} {
			if _, err := s.SetGrant(ctx, g.id, store.Grant{Role: g.role, Hub: "antwerpen"}, true); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetUserDisabled(ctx, uit.ID, true); err != nil {
			t.Fatal(err)
		}
		counts, err := s.HubCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c := counts["antwerpen"]; c != (store.HubCounts{Materials: 2, Authors: 1, Moderators: 1}) {
			t.Errorf("counts antwerpen = %+v", c)
		}
		members, err := s.HubMembers(ctx, "antwerpen")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range members {
			names = append(names, m.User.Name+"/"+m.Role)
		}
		if want := "[Bo/moderator An/auteur Uit/auteur]"; sprint(names) != want {
			t.Errorf("members %v, want %s", names, want)
		}
	})
}

func sprint(v any) string { return fmt.Sprint(v) }
