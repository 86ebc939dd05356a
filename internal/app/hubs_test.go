package app_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/stem-kennishub/hub/internal/app"
	"github.com/stem-kennishub/hub/internal/auth"
	"github.com/stem-kennishub/hub/internal/catalog"
	"github.com/stem-kennishub/hub/internal/hubs"
	"github.com/stem-kennishub/hub/internal/store"
)

// TestAHubMadeByAnAdminIsAHubEverywhere: a hub an admin made is, in a
// later process on the same data (`hub import`, `hub user grant`), a hub for
// the import's validation and for granting roles; the seed hubs stay.
func TestAHubMadeByAnAdminIsAHubEverywhere(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, t.TempDir())
	a, err := app.OpenWithoutIndex(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	admin := auth.Current{User: store.User{ID: 1, Email: "beheer@school.be"}, Actor: auth.Actor{UserID: 1, Grants: []auth.Grant{{Role: auth.RoleBeheerder}}}}
	if _, err := a.Hubs.Create(ctx, admin, hubs.Input{Slug: "kempen", Name: "De Kempen"}); err != nil {
		t.Fatal(err)
	}
	a.Close()

	b, err := app.OpenWithoutIndex(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, ok := b.Vocab.Term(catalog.FieldHub, "limburg"); !ok {
		t.Error("the seed hub limburg is gone after a restart")
	}
	lesson := "---\ntitle: De Kempense windmolen\nsummary: Bouw een windmolen.\nlevels: [secundair]\ndisciplines: [technologie]\n" +
		"license: CC-BY-4.0\nhub: kempen\n---\n\nBouw een **windmolen**.\n"
	sum, err := b.Importer.Import(ctx, fstest.MapFS{"lessen/kempense-windmolen.md": {Data: []byte(lesson)}}, "lessen")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != 1 || sum.Rejected != 0 {
		t.Errorf("import of a material in the new hub: %+v", sum)
	}
	acc, err := b.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	if _, fe := acc.ParseGrantForm("auteur", "kempen"); fe != nil {
		t.Errorf("granting auteur for the new hub: %v", fe)
	}
}
